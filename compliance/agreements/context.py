"""From a submission to what one agreement document says.

Three steps, each pure Python:
1. ``plan``: which documents to draft (one per recorded agreement of the kind asked for, or one
   composed from the other agreements when none of that kind is recorded).
2. ``resolve``: the terms of one document — its parties by side, plots, term, deadline, price,
   shares … — taken from its own agreement entry and, where that entry is silent, from the
   other agreements of the same submission (a tripartite agreement draws on all three).
   Every value a template needs and the submission does not give is a ``Problem`` naming the
   field; the consistency checks that no rule covers yet (shares, parties, term, consent) are
   done here too.
3. ``build``: the template context (all text already formatted: dates 2026年3月1日, areas,
   amounts with their capital numerals) and the list of values the read-back must find.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Optional

from compliance.reference import divisions
from compliance.submission.model import Party, Period, Plot, Submission
from compliance.reference.vocab import AgreementKind, PartyKind, Province, Tenure, TransferMode
from .problems import Collector, DraftError, Problem
from .spec import NUMBER_SUFFIX, TITLES

K = AgreementKind
TWO_THIRDS = (2, 3)     # FL Art. 18 / RCLL Art. 52: at least two thirds of the members


# ----------------------------------------------------------------------------- formatting
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_SPACES = re.compile(r"\s+")


def clean(value: Any) -> str:
    """Text safe for a Word run: no control characters, no line breaks, single spaces."""
    text = _XML_BAD.sub("", str(value))
    return _SPACES.sub(" ", text).strip()


def fmt_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _dec(x: float) -> Decimal:
    return Decimal(repr(float(x)))


def fmt_ha(x: Decimal) -> str:
    """Hectares with 2 to 4 decimals: 35.2 -> 35.20, 0.0667 -> 0.0667."""
    q = x.quantize(Decimal("0.0001"), ROUND_HALF_UP)
    s = f"{q:f}"
    whole, _, frac = s.partition(".")
    frac = frac.rstrip("0").ljust(2, "0")
    return f"{whole}.{frac}"


def ha_value(x: float) -> Decimal:
    return _dec(x).quantize(Decimal("0.0001"), ROUND_HALF_UP)


def mu_value(ha: Decimal) -> Decimal:
    return (ha * 15).quantize(Decimal("0.01"), ROUND_HALF_UP)


def fmt_money(yuan: Decimal) -> str:
    return f"{yuan:,.2f}"


def capital(yuan: Decimal) -> str:
    """壹拾贰万元整 — the amount in capital numerals (cn2an, RMB style)."""
    import cn2an

    return cn2an.an2cn(f"{yuan:.2f}", "rmb")


def fmt_pct(bp: int) -> str:
    """Basis points as a percentage: 3500 -> 35%, 1250 -> 12.5%."""
    s = f"{Decimal(bp) / 100:f}"
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s + "%"


def cn_number(n: int) -> str:
    import cn2an

    return cn2an.an2cn(n, "low")


def span(period: Period) -> str:
    """The length of an inclusive period: 2026-03-01..2066-02-28 -> 40年."""
    start, end = period.start, period.end + dt.timedelta(days=1)
    months = (end.year - start.year) * 12 + end.month - start.month
    anchor = _add_months(start, months)
    if anchor > end:
        months -= 1
        anchor = _add_months(start, months)
    days = (end - anchor).days
    years, months = divmod(months, 12)
    parts = []
    if years:
        parts.append(f"{years}年")
    if months:
        parts.append(f"{months}个月")
    if days or not parts:
        parts.append(f"{days}日")
    return "".join(parts)


def _add_months(d: dt.date, months: int) -> dt.date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    import calendar

    return dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


# ----------------------------------------------------------------------------- planning
@dataclass(frozen=True)
class Planned:
    kind: AgreementKind
    index: Optional[int]          # the agreements[] entry this document drafts; None: composed
    source: Optional[int] = None  # the entry it is derived from when of another kind (tripartite)
    ordinal: int = 0              # 1, 2 … when several documents of one kind are drafted


def plan(sub: Submission, what: str) -> list[Planned]:
    """The documents to draft for ``what`` (a kind code, its label, or ``all``: all four kinds)."""
    if what in ("all", "全部"):
        if not sub.agreements:
            raise DraftError(("提交文件没有 agreements：起草需要协议条款（当事方、期限、价款、分配比例等），请先在 agreements 中登记。",
                              "the submission has no agreements: drafting needs their terms (parties, term, price, shares …); "
                              "record them under agreements first."), code=2)
        # every recorded agreement, plus the kinds of 第十五条 that can be composed from them:
        # the tripartite agreement from the three, or any of the three from a tripartite one
        out = [Planned(a.kind, i) for i, a in enumerate(sub.agreements)]
        have = {p.kind for p in out}
        tri = [i for i, a in enumerate(sub.agreements) if a.kind is K.TRIPARTITE]
        for k in (K.DEVELOPMENT, K.TRANSFER, K.BENEFIT, K.TRIPARTITE):
            if k in have:
                continue
            if k is K.TRIPARTITE:
                if {K.DEVELOPMENT, K.TRANSFER, K.BENEFIT} <= have:   # composed from all three
                    out.append(Planned(k, None))
            elif tri:
                out.append(Planned(k, None, source=tri[0]))
        return _number(out)
    kind = K.lookup(what)
    if kind is None:
        raise DraftError((f"未知协议类型 {what}，应为：development、transfer、benefit、tripartite 或 all",
                          f"unknown agreement kind {what}; expected development, transfer, benefit, tripartite or all"), code=2)
    own = [Planned(kind, i) for i, a in enumerate(sub.agreements) if a.kind is kind]
    if own:
        return _number(own)
    tri = [i for i, a in enumerate(sub.agreements) if a.kind is K.TRIPARTITE]
    if kind is K.TRIPARTITE:
        if not sub.agreements:
            raise DraftError(("提交文件没有 agreements：三方协议由项目开发、资源流转和利益分配协议的条款组成，请先登记这些协议。",
                              "the submission has no agreements: a tripartite agreement is composed from the development, "
                              "transfer and benefit terms; record them first."), code=2)
        return [Planned(kind, None)]
    if tri:
        return [Planned(kind, None, source=tri[0])]
    raise DraftError((f"提交文件中没有{kind.zh}（agreements 中 kind: {kind.value}），也没有可据以起草的三方协议。",
                      f"the submission records no {kind.en} (agreements with kind: {kind.value}) nor a tripartite agreement to derive it from."),
                     code=2)


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


# ----------------------------------------------------------------------------- resolving
@dataclass
class Terms:
    """What one document says, resolved from the submission (ids and model objects)."""

    kind: AgreementKind
    planned: Planned
    path: str                                   # agreements[i] or agreements (composed)
    sides: list[tuple[str, str, list[str]]]     # (甲方, 开发方, [party ids])
    parties: list[str]                          # every signing party, in side order
    plots: list[Plot]
    plot_paths: dict[str, str]                  # plot id -> plots[i]
    term: Optional[Period] = None
    term_path: str = ""
    deadline: Optional[dt.date] = None
    price: Any = None
    price_path: str = ""
    mode: Optional[TransferMode] = None
    shares: dict[str, float] = field(default_factory=dict)
    shares_path: str = ""
    payment_schedule: Optional[str] = None
    consent: Any = None
    township_approval: Any = None
    entrustments: list = field(default_factory=list)
    signatory: Optional[str] = None
    transferors: list[str] = field(default_factory=list)
    transferee: Optional[str] = None
    reference: Optional[str] = None


def _sources(sub: Submission, first: Optional[int]) -> list[tuple[int, Any]]:
    """The entry itself, then tripartite, transfer, development and benefit entries."""
    order = {K.TRIPARTITE: 0, K.TRANSFER: 1, K.DEVELOPMENT: 2, K.BENEFIT: 3}
    rest = sorted((i for i in range(len(sub.agreements)) if i != first), key=lambda i: (order[sub.agreements[i].kind], i))
    return ([(first, sub.agreements[first])] if first is not None else []) + [(i, sub.agreements[i]) for i in rest]


def _pick(sources, attr: str, kinds: tuple = ()):
    for i, a in sources:
        if kinds and a.kind not in kinds:
            continue
        v = getattr(a, attr, None)
        if v not in (None, [], {}, ""):
            return v, f"agreements[{i}].{attr}"
    return None, ""


def resolve(sub: Submission, p: Planned) -> tuple[Terms, list[Problem]]:
    """The terms of one planned document and every problem that prevents drafting it."""
    issues = Collector()
    kind = p.kind
    own = p.index if p.index is not None else p.source
    entry = sub.agreements[own] if own is not None else None
    path = f"agreements[{own}]" if own is not None else "agreements"
    sources = _sources(sub, own)
    parties_by_id = sub.parties()
    dev = sub.developer.id
    holders_all = [h.id for h in sub.rights_holders]
    plot_paths = {pl.id: f"plots[{i}]" for i, pl in enumerate(sub.plots)}

    def ordered(ids) -> list[str]:
        ids = set(ids)
        return [x for x in [dev, *holders_all] if x in ids]

    # -- parties ------------------------------------------------------------------------
    transferors: list[str] = []
    transferee: Optional[str] = None
    if kind is K.TRANSFER:
        if entry is not None and entry.kind is K.TRANSFER:
            transferors, transferee = list(entry.transferors), entry.transferee
        else:   # derived from a tripartite agreement
            transferors = list(getattr(entry, "transferors", None) or [x for x in entry.parties if x != dev])
            transferee = getattr(entry, "transferee", None) or dev
        parties = [*transferors, transferee]
        sides = [("甲方", "流出方", transferors), ("乙方", "流入方", [transferee])]
    else:
        if entry is not None:
            parties = list(dict.fromkeys(_entry_parties(entry)))
        else:       # a tripartite agreement composed from all recorded agreements
            parties = ordered(x for a in sub.agreements for x in _entry_parties(a))
        if kind is K.TRIPARTITE:
            transferors = list(getattr(entry, "transferors", None) or []) if entry is not None else []
            if not transferors:
                t, _ = _pick(sources, "transferors", (K.TRANSFER, K.TRIPARTITE))
                transferors = list(t or [x for x in parties if x != dev])
            transferee = (getattr(entry, "transferee", None) if entry is not None else None) or \
                (_pick(sources, "transferee", (K.TRANSFER,))[0]) or dev
        others = [x for x in parties if x != dev]
        if dev not in parties:
            issues.add(f"{path}.parties", f"开发方 {sub.developer.name}（{dev}）不是签约方：{kind.zh}须由开发方签署",
                       f"the developer {sub.developer.name} ({dev}) is not a party: the {kind.en} is signed by the developer",
                       "parties")
        if kind is K.TRIPARTITE:
            coll = [x for x in others if parties_by_id[x].kind is PartyKind.COLLECTIVE]
            rest = [x for x in others if x not in coll]
            if not coll:
                issues.add(f"{path}.parties", "三方协议的丙方须为村集体经济组织：签约方中没有 kind: collective 的当事方",
                           "the third party (丙方) of a tripartite agreement is the village collective: no party has kind: collective",
                           "parties")
            if not rest:
                issues.add(f"{path}.parties", "三方协议的乙方须为集体以外的林权权利人（农户等）：签约方中没有；只有集体时请起草开发、流转和分配协议",
                           "the second party (乙方) of a tripartite agreement is a rights holder other than the collective: there is none; "
                           "draft the development, transfer and benefit agreements instead", "parties")
            if transferee != dev:
                issues.add(f"{path}.transferee", "三方协议中林地流入方为甲方（开发方）：transferee 应为开发方",
                           "in the tripartite agreement the developer (甲方) receives the land: transferee must be the developer")
            sides = [("甲方", "开发方", [dev]), ("乙方", "林权权利人", rest), ("丙方", "村集体经济组织", coll)]
        else:
            side2 = "林权权利人"
            sides = [("甲方", "开发方" if kind is K.DEVELOPMENT else "项目业主", [dev]), ("乙方", side2, others)]
            if not others:
                issues.add(f"{path}.parties", f"{kind.zh}除开发方外没有其他签约方（林权权利人）",
                           f"the {kind.en} has no party besides the developer (no rights holder)", "parties")
        parties = [x for _, _, ids in sides for x in ids]

    # -- plots --------------------------------------------------------------------------
    index = sub.plot_index()
    if kind is K.TRANSFER:
        ids = entry.plots if entry.kind is K.TRANSFER else (entry.plots or list(index))
        plots = [index[x] for x in ids if x in index]
    elif kind is K.TRIPARTITE:
        ids = list(getattr(entry, "plots", None) or []) if entry is not None else []
        if not ids:
            ids = [x for a in sub.agreements if a.kind is K.TRANSFER for x in a.plots] or list(index)
        plots = [index[x] for x in dict.fromkeys(ids) if x in index]
    else:
        signers = set(parties)
        plots = [pl for pl in sub.plots if pl.holder in signers]

    terms = Terms(kind=kind, planned=p, path=path, sides=sides, parties=parties, plots=plots, plot_paths=plot_paths,
                  transferors=transferors, transferee=transferee)
    terms.reference = getattr(entry, "reference", None) if p.index is not None else None

    # -- term, deadline, price, shares, consent ------------------------------------------
    term, term_path = _pick(sources, "term")
    if term is None and kind is K.BENEFIT and sub.project.crediting_period is not None:
        term, term_path = sub.project.crediting_period, "project.crediting_period"
    if term is None:
        issues.add(f"{path}.term", f"缺少期限 term（起止日期）：{kind.zh}须载明期限",
                   f"no term (start and end dates): the {kind.en} must state its term")
    terms.term, terms.term_path = term, term_path

    if kind is not K.BENEFIT:
        terms.deadline, _ = _pick(sources, "development_deadline")
        if terms.deadline is None:
            issues.add(f"{path}.development_deadline",
                       "缺少开发期限 development_deadline：协议须约定开发期限及逾期未开发时权利返还权利人（第十四条）",
                       "no development_deadline: the agreement must bind a development deadline with reversion of rights (article 14)")

    if kind is not K.BENEFIT:
        terms.price, terms.price_path = _pick(sources, "price", (K.TRANSFER, K.TRIPARTITE))
        mode, _ = _pick(sources, "mode", (K.TRANSFER, K.TRIPARTITE))
        terms.mode = mode
        if kind in (K.TRANSFER, K.TRIPARTITE):
            if terms.price is None:
                issues.add(f"{path}.price", "缺少流转价款 price（amount_yuan、per、payment）：价款及支付方式为法定条款",
                           "no price (amount_yuan, per, payment): price and payment is a mandatory clause")
            if mode is None:
                issues.add(f"{path}.mode", "缺少流转方式 mode（出租、入股、委托经营、发包等）",
                           "no transfer mode (lease, shareholding, entrustment, contracting …)")
        terms.consent, _ = _pick(sources, "consent", (K.TRANSFER, K.TRIPARTITE))
        terms.township_approval, _ = _pick(sources, "township_approval", (K.TRANSFER, K.TRIPARTITE))
        ent, _ = _pick(sources, "household_entrustments", (K.TRANSFER, K.TRIPARTITE))
        terms.entrustments = list(ent or [])
        terms.signatory, _ = _pick(sources, "signatory", (K.TRANSFER, K.TRIPARTITE))

    if kind in (K.BENEFIT, K.TRIPARTITE):
        terms.shares, terms.shares_path = _pick(sources, "shares", (K.BENEFIT, K.TRIPARTITE))
        terms.shares = dict(terms.shares or {})
        if not terms.shares:
            issues.add(f"{path}.shares", "缺少收益分配比例 shares：须逐方列明分配比例（第十五条）",
                       "no benefit shares: list a share per party (article 15)", "shares", "HN-15-benefit")
        terms.payment_schedule, _ = _pick(sources, "payment_schedule", (K.BENEFIT, K.TRIPARTITE))

    _check_parties(sub, terms, issues, parties_by_id)
    _check_consistency(sub, terms, issues)
    return terms, issues.problems


def _entry_parties(a) -> list[str]:
    out = [*(getattr(a, "parties", None) or []), *(getattr(a, "transferors", None) or [])]
    if getattr(a, "transferee", None):
        out.append(a.transferee)
    return out


def _party_path(sub: Submission, pid: str) -> str:
    if pid == sub.developer.id:
        return "developer"
    for i, h in enumerate(sub.rights_holders):
        if h.id == pid:
            return f"rights_holders[{i}]"
    return pid


def _check_parties(sub: Submission, t: Terms, issues: Collector, parties_by_id: dict[str, Party]) -> None:
    """What the documents print about each party must exist: name, code, address (法定条款)."""
    for pid in t.parties:
        party = parties_by_id[pid]
        if not party.address or not clean(party.address):
            issues.add(f"{_party_path(sub, pid)}.address", f"{party.name} 缺少住所 address：当事人的名称和住所为协议必备条款",
                       f"{party.name} has no address: the parties' names and addresses are a mandatory clause")
    for pl in t.plots:
        ppath = t.plot_paths[pl.id]
        if pl.boundaries is None:
            issues.add(f"{ppath}.boundaries", f"地块 {pl.id} 缺少四至 boundaries（east、south、west、north）",
                       f"plot {pl.id} has no boundaries (east, south, west, north)")
        if not pl.certificate or not clean(pl.certificate):
            issues.add(f"{ppath}.certificate", f"地块 {pl.id} 缺少不动产权（林权）证书号 certificate",
                       f"plot {pl.id} has no rights certificate number (certificate)")


def _check_consistency(sub: Submission, t: Terms, issues: Collector) -> None:
    """The agreement checks the drafter does itself (a rule may cover them too, see drafter.py)."""
    names = {pid: p.name for pid, p in sub.parties().items()}
    holders = {h.id for h in sub.rights_holders}
    signers = set(t.parties)
    # every rights holder of the plots signs (transfer: as a transferor)
    if t.kind in (K.TRANSFER, K.TRIPARTITE, K.DEVELOPMENT):
        need = set(t.transferors) if t.kind is K.TRANSFER else signers
        for pl in t.plots:
            if pl.holder not in need:
                issues.add(f"{t.path}", f"地块 {pl.id} 的林权权利人 {names.get(pl.holder, pl.holder)}（{pl.holder}）不是{t.kind.zh}的签约方",
                           f"the rights holder {names.get(pl.holder, pl.holder)} ({pl.holder}) of plot {pl.id} is not a party to the {t.kind.en}",
                           "parties", "HN-15-parties")
    if t.kind in (K.BENEFIT, K.TRIPARTITE):
        for hid in dict.fromkeys(pl.holder for pl in sub.plots):
            if hid not in signers:
                issues.add(f"{t.path}.parties", f"林权权利人 {names.get(hid, hid)}（{hid}）未参与收益分配：不是{t.kind.zh}的签约方",
                           f"rights holder {names.get(hid, hid)} ({hid}) is left out of the {t.kind.en}", "parties", "HN-15-parties")
        if t.shares:
            total = sum(round(v * 10000) for v in t.shares.values())
            if total != 10000:
                issues.add(t.shares_path, f"收益分配比例合计为 {fmt_pct(total)}，应恰好为 100%",
                           f"benefit shares sum to {fmt_pct(total)}; they must sum to exactly 100 %", "shares", "HN-15-benefit")
            for pid in t.parties:
                if pid not in t.shares:
                    issues.add(t.shares_path, f"签约方 {names[pid]}（{pid}）未列明收益分配比例",
                               f"party {names[pid]} ({pid}) has no share listed", "shares", "HN-15-benefit")
                elif pid in holders and round(t.shares[pid] * 10000) <= 0:
                    issues.add(f"{t.shares_path}.{pid}", f"林权权利人 {names[pid]}（{pid}）的分配比例为 0",
                               f"rights holder {names[pid]} ({pid}) has a zero share", "shares", "HN-15-benefit")
            for pid in t.shares:
                if pid not in signers:
                    issues.add(f"{t.shares_path}.{pid}", f"{names.get(pid, pid)}（{pid}）列有分配比例但不是{t.kind.zh}的签约方",
                               f"{names.get(pid, pid)} ({pid}) has a share but is not a party to the {t.kind.en}", "shares", "HN-15-benefit")
    # the term ends no later than each plot's right term (RCLL Art. 38(3))
    if t.term is not None and t.kind is not K.BENEFIT:
        for pl in t.plots:
            ppath = t.plot_paths[pl.id]
            if pl.right_term_end is None:
                issues.add(f"{ppath}.right_term_end", f"地块 {pl.id} 缺少承包（经营）期限届满日 right_term_end，无法确认协议期限未超过剩余期限",
                           f"plot {pl.id} has no right_term_end, so the term cannot be shown to end within the holder's right",
                           "term", "LAW-term")
            elif t.term.end > pl.right_term_end:
                issues.add(f"{t.term_path}", f"期限至 {t.term.end} 止，超过地块 {pl.id} 的承包（经营）期限届满日 {pl.right_term_end}",
                           f"the term ends {t.term.end}, after plot {pl.id}'s right term ends ({pl.right_term_end})", "term", "LAW-term")
        cp = sub.project.crediting_period
        if cp is not None and t.kind in (K.TRANSFER, K.TRIPARTITE) and not (t.term.start <= cp.start and cp.end <= t.term.end):
            issues.add(t.term_path, f"流转期限 {t.term.start}～{t.term.end} 未覆盖项目计入期 {cp.start}～{cp.end}",
                       f"the transfer term {t.term.start}..{t.term.end} does not cover the crediting period {cp.start}..{cp.end}",
                       "crediting", "LAW-crediting-cover")
    # democratic procedure and entrustment (FL Art. 18, RCLL Art. 36, 52)
    if t.kind in (K.TRANSFER, K.TRIPARTITE):
        collective = [pl for pl in t.plots if pl.tenure is Tenure.COLLECTIVE_RUN]
        c = t.consent
        if collective:
            ids = "、".join(pl.id for pl in collective[:5]) + ("等" if len(collective) > 5 else "")
            if c is None:
                issues.add(f"{t.path}.consent", f"地块 {ids} 为集体统一经营林地，缺少本集体经济组织村民会议或村民代表会议三分之二以上同意的记录（consent）",
                           f"plots {ids} are run by the collective: no record of consent by two thirds of the villagers' meeting or representatives (consent)",
                           "consent", "LAW-collective-consent")
            else:
                if c.in_favour * TWO_THIRDS[1] < c.members * TWO_THIRDS[0]:
                    issues.add(f"{t.path}.consent.in_favour", f"同意 {c.in_favour} 人，应到 {c.members} 人，未达到三分之二",
                               f"{c.in_favour} of {c.members} in favour: less than two thirds", "consent", "LAW-collective-consent")
                if c.notice is None:
                    issues.add(f"{t.path}.consent.notice", "缺少公示记录 consent.notice（起止日期）",
                               "no public notice recorded (consent.notice with start and end)", "consent", "LAW-collective-consent")
        if t.mode is TransferMode.CONTRACTING and t.transferee and \
                sub.parties()[t.transferee].kind is not PartyKind.COLLECTIVE and t.township_approval is None:
            issues.add(f"{t.path}.township_approval", "集体林地发包给本集体经济组织以外的单位或个人，须经三分之二以上成员同意并报乡（镇）人民政府批准（township_approval）",
                       "contracting collective land out to an outsider needs two-thirds consent and the township government's approval (township_approval)",
                       "consent", "LAW-outsider")
        if t.signatory and t.signatory not in t.transferors:
            entrusted = {e.holder for e in t.entrustments}
            for pl in t.plots:
                if pl.tenure is Tenure.HOUSEHOLD and pl.holder not in entrusted and pl.holder != t.signatory:
                    issues.add(f"{t.path}.household_entrustments", f"家庭承包地块 {pl.id} 由他人代为流转，缺少承包农户 {names.get(pl.holder, pl.holder)} 的书面委托",
                               f"household plot {pl.id} is transferred by someone else without the household's written entrustment",
                               "consent", "LAW-household-entrustment")


# ----------------------------------------------------------------------------- context
CODE_LABEL = {True: "身份证号码", False: "统一社会信用代码"}
PER = {"year": "每年", "total": "总计", "once": "一次性支付"}
DEFAULT_PAYMENT = {"year": "于每年3月31日前支付当年价款", "total": "于本协议签订之日起三十日内付清",
                   "once": "于本协议签订之日起三十日内付清"}
DEFAULT_SCHEDULE = ("甲方应于每笔碳汇减排量交易价款到账之日起三十日内，按本协议约定的比例将净收益支付至各方书面指定的银行账户；"
                    "向农户支付的，直接支付至农户本人账户")


@dataclass
class Built:
    context: dict
    expected: list[tuple[str, str, str]]    # (what zh, what en, text that must appear)
    literals: list[str]                      # every text value put into the document


def _party_ctx(p: Party, role: str, side: str, ordinal: str) -> dict:
    person = p.kind is PartyKind.INDIVIDUAL
    d = {
        "role": role + ordinal, "ordinal": ordinal, "side": side, "name": clean(p.name),
        "kind": p.kind.zh, "code_label": CODE_LABEL[person], "code": clean(p.code),
        "address": clean(p.address or ""), "org": not person,
        "signature": "签字并按手印" if person else "盖章",
    }
    if p.representative and clean(p.representative):
        d["representative"] = clean(p.representative)
    if p.phone and clean(p.phone):
        d["phone"] = clean(p.phone)
    return d


def _location(sub: Submission, plots: list[Plot]) -> tuple[str, list[str]]:
    counties = list(dict.fromkeys(pl.county for pl in plots))
    prov = sub.project.province.zh
    if not counties:
        return prov, []
    return "、".join(prov + divisions.full_name(c) for c in counties), counties


def _basis(sub: Submission) -> str:
    laws = ["《中华人民共和国民法典》", "《中华人民共和国森林法》", "《中华人民共和国农村土地承包法》"]
    mech = sub.project.mechanism.value
    if mech == "CCER":
        laws.append("《温室气体自愿减排交易管理办法（试行）》")
    if sub.project.province is Province.HUNAN:
        laws.append("《湖南省林业碳汇资源管理办法（试行）》（湘林基〔2025〕5号）")
    elif sub.project.province is Province.SICHUAN:
        laws.append("四川省林业和草原局川林发〔2024〕3号文件")
    return "".join(laws)


def build(sub: Submission, t: Terms) -> Built:
    """The template context of a resolved document and what its read-back must contain."""
    parties_by_id = sub.parties()
    expected: list[tuple[str, str, str]] = []

    def want(zh: str, en: str, value: str) -> None:
        expected.append((zh, en, value))

    # parties by side: 乙方一, 乙方二 … when a side has several
    side_of: dict[str, dict] = {}
    groups: dict[str, list[dict]] = {}
    for role, side, ids in t.sides:
        many = len(ids) > 1
        group = []
        for n, pid in enumerate(ids, 1):
            d = _party_ctx(parties_by_id[pid], role, side, cn_number(n) if many else "")
            group.append(d)
            side_of[pid] = d
            want(f"{d['role']} 名称", f"name of {d['role']}", d["name"])
            want(f"{d['role']} {d['code_label']}", f"code of {d['role']}", d["code"])
            want(f"{d['role']} 住所", f"address of {d['role']}", d["address"])
        groups[role] = group
    parties = [side_of[pid] for pid in t.parties]

    pr = sub.project
    location, counties = _location(sub, t.plots)
    county_name = divisions.name(counties[0]) if len(counties) == 1 else ""
    number = clean(t.reference) if t.reference else \
        f"{clean(pr.id)}-{NUMBER_SUFFIX[t.kind]}" + (f"-{t.planned.ordinal}" if t.planned.ordinal else "")
    doc = {
        "title": TITLES[t.kind], "kind": t.kind.zh, "number": number, "basis": _basis(sub),
        "place": location, "copies": cn_number(len(parties) + 1),
        "filing": f"{county_name}林业主管部门" if county_name else "林地所在地县级林业主管部门",
        "arbitration": f"{county_name}农村土地承包仲裁委员会" if county_name else "林地所在地县级农村土地承包仲裁委员会",
    }
    want("协议编号", "agreement number", number)
    project = {"id": clean(pr.id), "name": clean(pr.name), "mechanism": pr.mechanism.zh, "location": location}
    if pr.methodology:
        project["methodology"] = clean(pr.methodology)
    if pr.start_date:
        project["start_date"] = fmt_date(pr.start_date)
    if pr.crediting_period:
        project["crediting_start"] = fmt_date(pr.crediting_period.start)
        project["crediting_end"] = fmt_date(pr.crediting_period.end)
    if pr.insurance and clean(pr.insurance):
        project["insurance"] = clean(pr.insurance)
    want("项目名称", "project name", project["name"])

    # plots and totals (totals add the printed row values, so the table adds up)
    plots, total_ha, total_mu = [], Decimal(0), Decimal(0)
    for n, pl in enumerate(t.plots, 1):
        ha = ha_value(pl.area_ha)
        mu = mu_value(ha)
        total_ha += ha
        total_mu += mu
        b = pl.boundaries
        row = {
            "no": str(n), "id": clean(pl.id), "location": divisions.full_name(pl.county),
            "area_ha": fmt_ha(ha), "area_mu": f"{mu:.2f}",
            "holder": clean(parties_by_id[pl.holder].name), "tenure": pl.tenure.zh,
            "land_type": pl.land_type.zh, "measure": pl.measure.zh,
        }
        if b is not None:
            row.update(east=clean(b.east), south=clean(b.south), west=clean(b.west), north=clean(b.north))
        if pl.certificate:
            row["certificate"] = clean(pl.certificate)
        if pl.right_term_end:
            row["right_term_end"] = fmt_date(pl.right_term_end)
        plots.append(row)
        want(f"地块 {row['id']} 小班号", f"plot {row['id']} id", row["id"])
        want(f"地块 {row['id']} 面积（公顷）", f"plot {row['id']} area (ha)", row["area_ha"])
        want(f"地块 {row['id']} 面积（亩）", f"plot {row['id']} area (mu)", row["area_mu"])
        if "certificate" in row:
            want(f"地块 {row['id']} 证书号", f"plot {row['id']} certificate", row["certificate"])
    total = {"count": str(len(plots)), "area_ha": fmt_ha(total_ha), "area_mu": f"{total_mu:.2f}"}
    want("总面积（公顷）", "total area (ha)", total["area_ha"])
    want("总面积（亩）", "total area (mu)", total["area_mu"])

    measures = "、".join(dict.fromkeys(pl.measure.zh for pl in t.plots)) or "造林和森林经营"
    ctx: dict[str, Any] = {
        "doc": doc, "project": project, "parties": parties, "plots": plots, "total": total, "measures": measures,
        "holders": groups.get("乙方", []) if t.kind is not K.TRANSFER else groups.get("甲方", []),
    }
    if t.kind is K.TRANSFER:
        ctx["transferee"] = groups["乙方"][0] if groups.get("乙方") else {}
    else:
        ctx["developer"] = groups["甲方"][0] if groups.get("甲方") else {}
    if t.kind is K.TRIPARTITE:
        ctx["collectives"] = groups.get("丙方", [])

    if t.term is not None:
        term = {"start": fmt_date(t.term.start), "end": fmt_date(t.term.end), "span": span(t.term)}
        limits = [pl.right_term_end for pl in t.plots if pl.right_term_end]
        if limits:
            term["right_limit"] = fmt_date(min(limits))
        ctx["term"] = term
        want("期限起始日", "term start", term["start"])
        want("期限届满日", "term end", term["end"])
    if t.deadline is not None:
        ctx["deadline"] = fmt_date(t.deadline)
        want("开发期限", "development deadline", ctx["deadline"])
    if t.price is not None:
        amount = _dec(t.price.amount_yuan).quantize(Decimal("0.01"), ROUND_HALF_UP)
        price = {"amount": fmt_money(amount), "capital": capital(amount), "per": PER[t.price.per],
                 "payment": _sentence(t.price.payment) or DEFAULT_PAYMENT[t.price.per]}
        if t.mode is not None:
            price["mode"] = t.mode.zh
        ctx["price"] = price
        want("价款金额", "price amount", price["amount"])
        want("价款大写金额", "price in capital numerals", price["capital"])
    if t.kind in (K.BENEFIT, K.TRIPARTITE):
        shares = []
        for n, pid in enumerate([x for x in t.parties if x in t.shares], 1):
            d = side_of[pid]
            pct = fmt_pct(round(t.shares[pid] * 10000))
            shares.append({"no": str(n), "role": d["role"], "name": d["name"], "side": d["side"], "pct": pct})
            want(f"{d['role']} 分配比例", f"share of {d['role']}", pct)
        ctx["shares"] = shares
        ctx["shares_total"] = fmt_pct(sum(round(v * 10000) for v in t.shares.values()))
        ctx["payment_schedule"] = _sentence(t.payment_schedule) or DEFAULT_SCHEDULE
    if t.kind in (K.TRANSFER, K.TRIPARTITE):
        if t.consent is not None:
            c = t.consent
            consent = {"body": c.body.zh, "members": str(c.members), "in_favour": str(c.in_favour)}
            if c.resolution_date:
                consent["resolution_date"] = fmt_date(c.resolution_date)
            if c.notice:
                consent["notice_start"] = fmt_date(c.notice.start)
                consent["notice_end"] = fmt_date(c.notice.end)
            ctx["consent"] = consent
        if t.township_approval is not None:
            a = t.township_approval
            ctx["township_approval"] = {"authority": clean(a.authority), "date": fmt_date(a.date),
                                        **({"reference": clean(a.reference)} if a.reference else {})}
        to = {"to": clean(parties_by_id[t.signatory].name)} if t.signatory in parties_by_id else {}
        ctx["entrustments"] = [{"name": clean(parties_by_id[e.holder].name), "signed": fmt_date(e.signed), **to}
                               for e in t.entrustments]
    return Built(ctx, expected, sorted(set(_leaves(ctx)), key=len, reverse=True))


def _sentence(text: Optional[str]) -> str:
    """User text that the template ends with its own full stop."""
    return clean(text or "").rstrip("。；;.，, ")


def _leaves(obj) -> list[str]:
    out: list[str] = []
    stack = [obj]
    while stack:
        o = stack.pop()
        if isinstance(o, dict):
            stack.extend(o.values())
        elif isinstance(o, list):
            stack.extend(o)
        elif isinstance(o, str) and o:
            out.append(o)
    return out

