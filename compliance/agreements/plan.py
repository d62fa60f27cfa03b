"""What to draft, and whether the rule base lets it be drafted.

1. ``plan``: the documents asked for — one per recorded agreement of the kind, else one
   composed from the submission's data (its other agreements, parties, plots and project).
   ``all`` plans the four kinds of 第十五条; a kind that cannot exist for this submission (a
   tripartite agreement without a village collective) is reported as not drafted, never
   skipped silently.
2. ``prepare``: resolve every planned document (context.resolve: the data a template needs;
   what is missing is listed by field), then **ask the rule base**: the submission is composed
   with every drafted document recorded as an ``agreements:`` entry, the checker judges it,
   and the error findings of the rules tagged ``agreement`` (rules/base.py AGREEMENT:
   HN-15-parties, HN-15-benefit, LAW-term, LAW-crediting-cover, LAW-collective-consent,
   LAW-outsider, LAW-household-entrustment) refuse the draft. No agreement rule is decided
   here: where no tagged rule applies (another province, a date outside every window) the
   rule base has nothing to say and the drafter does not second-guess it.

Imported by both drafter.py and linter.py (the linter's trial render) — neither imports the
other for this, so there is no drafter ↔ linter cycle.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from typing import Optional

from compliance.submission.model import Submission
from compliance.reference.vocab import AgreementKind, PartyKind, Severity
from . import context as ctxmod
from .context import Planned
from .problems import DraftError, Problem
from .spec import REQUIRED

K = AgreementKind
FOUR = (K.DEVELOPMENT, K.TRANSFER, K.BENEFIT, K.TRIPARTITE)

# HN-15-agreements asks that the agreements exist and are signed: that is what drafting
# produces, so it is not among the rules the drafter reads (it is not tagged).


@dataclass
class Plan:
    documents: list[Planned]
    skipped: list[tuple[AgreementKind, str, str]] = field(default_factory=list)   # (kind, why zh, why en)


def plan(sub: Submission, what: str) -> Plan:
    """The documents to draft for ``what`` (a kind code, its label, or ``all``)."""
    if what in ("all", "全部"):
        out = [Planned(a.kind, i) for i, a in enumerate(sub.agreements)]
        have = {p.kind for p in out}
        tri = [i for i, a in enumerate(sub.agreements) if a.kind is K.TRIPARTITE]
        skipped = []
        for k in FOUR:
            if k in have:
                continue
            if k in (K.TRANSFER, K.TRIPARTITE) and not sub.plots:
                skipped.append((k, "提交文件没有地块（plots），无可流转的地块", "the submission has no plots, so nothing to transfer"))
                continue
            if k is K.TRIPARTITE:
                why = _no_tripartite(sub)
                if why:
                    skipped.append((k, *why))
                    continue
                out.append(Planned(k, None))
            else:
                out.append(Planned(k, None, source=tri[0] if tri else None))
        return Plan(_number(out), skipped)
    kind = K.lookup(what)
    if kind is None:
        raise DraftError((f"未知协议类型 {what}，应为：development、transfer、benefit、tripartite 或 all",
                          f"unknown agreement kind {what}; expected development, transfer, benefit, tripartite or all"), code=2)
    own = [Planned(kind, i) for i, a in enumerate(sub.agreements) if a.kind is kind]
    if own:
        return Plan(_number(own))
    tri = [i for i, a in enumerate(sub.agreements) if a.kind is K.TRIPARTITE]
    if kind is not K.TRIPARTITE and tri:
        return Plan([Planned(kind, None, source=tri[0])])
    return Plan([Planned(kind, None)])       # composed from the submission's data


def _no_tripartite(sub: Submission) -> Optional[tuple[str, str]]:
    """Why no tripartite agreement can be composed (its 丙方 is the village collective), or None."""
    holders = {pl.holder for pl in sub.plots} or {h.id for h in sub.rights_holders}
    kinds = {h.id: h.kind for h in sub.rights_holders}
    if not any(kinds.get(h) is PartyKind.COLLECTIVE for h in holders):
        return ("没有村集体经济组织（kind: collective）作为丙方，三方协议不适用；已起草开发、流转和分配协议",
                "there is no village collective (kind: collective) to be 丙方, so no tripartite agreement; "
                "the development, transfer and benefit agreements were drafted")
    if not any(kinds.get(h) is not PartyKind.COLLECTIVE for h in holders):
        return ("林权权利人只有村集体经济组织，三方协议不适用（乙方应为农户等其他权利人）；已起草开发、流转和分配协议",
                "the only rights holder is the village collective, so no tripartite agreement (乙方 is another holder); "
                "the development, transfer and benefit agreements were drafted")
    return None


def _number(planned: list[Planned]) -> list[Planned]:
    counts: dict[AgreementKind, int] = {}
    for p in planned:
        counts[p.kind] = counts.get(p.kind, 0) + 1
    seen: dict[AgreementKind, int] = {}
    out = []
    for p in planned:
        seen[p.kind] = seen.get(p.kind, 0) + 1
        out.append(Planned(p.kind, p.index, p.source, seen[p.kind] if counts[p.kind] > 1 else 0))
    return out


# ----------------------------------------------------------------------------- composing
def entry_of(t: ctxmod.Terms) -> dict:
    """The agreements: entry a drafted document amounts to (unsigned), for the rule base to judge."""
    out: dict = {"kind": t.kind.value, "signed": None, "clauses": [c.value for c in REQUIRED[t.kind]]}
    if t.kind is K.TRANSFER:
        out.update(transferors=list(t.transferors), transferee=t.transferee)
    else:
        out["parties"] = list(t.parties)
        if t.kind is K.TRIPARTITE:
            out.update(transferors=list(t.transferors), transferee=t.transferee)
    if t.kind in (K.TRANSFER, K.TRIPARTITE):
        out["plots"] = [p.id for p in t.plots]
        if t.mode is not None:
            out["mode"] = t.mode.value
        if t.price is not None:
            out["price"] = t.price.model_dump(mode="json", exclude_none=True)
        if t.consent is not None:
            out["consent"] = t.consent.model_dump(mode="json", exclude_none=True)
        if t.township_approval is not None:
            out["township_approval"] = t.township_approval.model_dump(mode="json", exclude_none=True)
        out["household_entrustments"] = [e.model_dump(mode="json") for e in t.entrustments]
        if t.signatory:
            out["signatory"] = t.signatory
    if t.term is not None and t.kind is not K.BENEFIT:
        out["term"] = {"start": t.term.start.isoformat(), "end": t.term.end.isoformat()}
    if t.deadline is not None and t.kind is not K.BENEFIT:
        out["development_deadline"] = t.deadline.isoformat()
    for k in ("validation", "registration"):
        if t.kind is not K.BENEFIT and t.long_stop.get(k) is not None:
            out[f"{k}_deadline"] = t.long_stop[k].isoformat()
    if t.kind in (K.BENEFIT, K.TRIPARTITE):
        out["shares"] = dict(t.shares)
    return out


def compose(sub: Submission, resolved: list[tuple[Planned, ctxmod.Terms]]) -> tuple[Submission, dict[int, Planned]]:
    """The submission with every document that is not a recorded entry appended as one.

    Returns the composed submission and, for each appended index, the planned document."""
    adapter = _agreement_adapter()
    extra, where = [], {}
    for p, t in resolved:
        if p.index is not None:
            continue
        if t.kind is K.TRANSFER and (not t.plots or not t.transferors or t.transferee is None or t.term is None
                                     or t.mode is None):
            continue         # not a complete transfer (its missing data is reported by resolve)
        try:
            extra.append(adapter.validate_python(entry_of(t)))
        except Exception:
            continue         # incomplete terms: reported as missing data
        where[len(sub.agreements) + len(extra) - 1] = p
    if not extra:
        return sub, where
    composed = sub.model_copy(update={"agreements": [*sub.agreements, *extra]})
    if sub.has_geometry():              # else the geometry stack (numpy, shapely, pyproj) is not imported
        from compliance.submission import geometry

        geometry.carry(sub, composed)   # same plots: their polygons are not resolved a second time
    return composed, where


@functools.lru_cache(maxsize=1)
def _agreement_adapter():
    """The validator of one agreement entry (building it costs milliseconds: once, kept between runs)."""
    from compliance.submission import prebuilt

    def build():
        from pydantic import TypeAdapter

        from compliance.submission.model import Agreement

        return TypeAdapter(Agreement)

    return prebuilt.validator("compliance.submission.model.Agreement", build)


_AT = re.compile(r"^agreements\[(\d+)\]")


@dataclass
class Judged:
    findings: list          # blocking findings of the agreement rules, paths pointing at the user's file
    report: object = None


def judge(sub: Submission, resolved: list[tuple[Planned, ctxmod.Terms]], as_of: dt.date, *,
          report=None, checker=None) -> Judged:
    """Run the checker on the composed submission; the error findings of the agreement rules.

    ``report``: the check of ``sub`` itself on ``as_of`` (``compliance check`` has it already): when
    nothing is composed (every agreement is recorded) it is reused instead of checking again (the
    agreement rules do not read the sanctions register, so a report made with one is the same for
    them). ``checker(sub, as_of)``: what judges the composed submission (default: the checker in
    this process, ``agreement_check``; the service passes its crash-isolated host)."""
    from compliance.checker import rule_by_id

    composed, where = compose(sub, resolved)
    try:
        if composed is sub and report is not None and report.as_of == as_of:
            pass
        else:
            report = (checker or agreement_check)(composed, as_of)
    except Exception as e:      # engine or rule-base failure: never read as "no finding"
        raise incomplete(e) from None
    out, seen = [], set()
    for f in report.findings:
        if f.severity is not Severity.ERROR:
            continue
        try:
            tags = rule_by_id(f.rule).tags
        except KeyError:
            continue
        if "agreement" not in tags:
            continue
        m = _AT.match(f.path)
        if m and int(m.group(1)) in where:
            p = where[int(m.group(1))]
            base = f"agreements[{p.source}]" if p.source is not None else "agreements"
            f.path = f"{base}（起草的{p.kind.zh} / drafted {p.kind.value}）" + f.path[m.end():]
        key = (f.rule, f.case, f.message_zh)
        if key in seen:
            continue
        seen.add(key)
        out.append(f)
    return Judged(out, report)


def agreement_check(composed: Submission, as_of: Optional[dt.date], *, sanctions=None, source: str = "readiness"):
    """The check ``judge`` reads of a composed submission: the agreement rules only
    (``checker.check(tag=AGREEMENT)``, the same agreement findings as a full check), so the rest of
    the rule base is neither derived nor matched a second time. Module level: a check worker runs
    it by name (``CheckHost.run``)."""
    from compliance.checker import check
    from compliance.rules.base import AGREEMENT

    return check(composed, as_of, sanctions=sanctions, source=source, tag=AGREEMENT)


def incomplete(e: Exception) -> DraftError:
    """The refusal when the rule check of a draft could not complete (exit 3): with the cause's
    words, and its HTTP status and key when it is a failure of the product (a check worker that
    died is a 503 ``check_crashed``)."""
    from compliance.errors import ComplianceError

    if isinstance(e, ComplianceError):
        zh, en = e.render("zh"), e.render("en")
    else:
        zh = en = f"{type(e).__name__}: {e}"
    err = DraftError((f"规则检查未能完成，未起草：{zh}", f"the rule check did not complete, nothing drafted: {en}"), code=3)
    if isinstance(e, ComplianceError) and e.exit_code == 3:
        err.key, err.http_status = e.key, e.http_status
    return err


def prepare(sub: Submission, kind: str, *, as_of: Optional[dt.date] = None, check: bool = True,
            notes: Optional[list] = None, report=None, checker=None, build: bool = True):
    """Plan, resolve and judge; refuses (DraftError) on missing data or agreement-rule errors.

    Returns [(Planned, Terms, Built)]. ``notes`` receives (zh, en) remarks: documents not
    drafted and why, defaults the drafts use where the submission is silent. ``build=False``
    stops before building the template contexts (Built is None): what draft readiness needs,
    without rendering plot maps or amounts in words."""
    pl = plan(sub, kind)
    as_of = as_of or sub.as_of or dt.date.today()
    problems: list[Problem] = []
    resolved = []
    for p in pl.documents:
        terms, issues = ctxmod.resolve(sub, p)
        for issue in issues:
            if issue not in problems:
                problems.append(issue)
        resolved.append((p, terms))
    if problems:
        composed = [p for p in pl.documents if p.index is None and p.source is None]
        head = ("起草所需的数据缺失，未起草（请在提交文件中补充以下字段）：",
                "data the drafts need is missing; nothing drafted (add these fields to the submission):")
        if composed:
            names = "、".join(p.kind.zh for p in composed)
            head = (f"提交文件中没有登记的协议（{names}）按提交文件的数据起草；" + head[0],
                    "agreements not recorded in the file (" + ", ".join(p.kind.en for p in composed)
                    + ") are composed from the submission's data; " + head[1])
        raise DraftError(head, problems, code=2)
    findings = judge(sub, resolved, as_of, report=report, checker=checker).findings if check else []
    if findings:
        raise DraftError(("协议检查未通过，拒绝起草：", "the agreements fail their checks; drafting refused:"),
                         [], findings, code=1)
    if notes is not None:
        for k, zh, en in pl.skipped:
            notes.append((f"未起草{k.zh}：{zh}", f"{k.en} not drafted: {en}"))
    if not build:
        return [(p, t, None) for p, t in resolved]
    out = []
    for p, t in resolved:
        built = ctxmod.build(sub, t)
        if notes is not None:
            for zh, en in built.notes:
                if (zh, en) not in notes:
                    notes.append((zh, en))
        out.append((p, t, built))
    return out


__all__ = ["plan", "prepare", "compose", "judge", "agreement_check", "entry_of", "Plan"]
