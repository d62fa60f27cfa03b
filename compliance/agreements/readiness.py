"""Draft readiness: what the agreement drafter will need that the submission does not give.

A pass from `compliance check` says no rule blocks the project; `draft` needs more (addresses,
boundaries, certificates, prices, terms …). The drafter is asked -- ``agreements.drafter.prepare``
plans and resolves every document exactly as `compliance draft all` would -- and the problems it
would refuse for, beyond the rule findings the report already lists, are the readiness gaps.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from compliance.errors import InternalFailure


@dataclass
class Gap:
    path: str
    zh: str
    en: str
    category: str = "data"
    rule: str = ""

    def message(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh

    def as_dict(self, lang: str = "zh") -> dict:
        return {"path": self.path, "message": self.message(lang), "category": self.category, "rule": self.rule or None}


@dataclass
class Readiness:
    purpose: str = "draft"
    gaps: list[Gap] = field(default_factory=list)
    blocked_by_findings: int = 0        # blocking rule findings (listed in the report itself)

    @property
    def ready(self) -> bool:
        return not self.gaps and not self.blocked_by_findings

    def as_dict(self, lang: str = "zh") -> dict:
        return {"for": self.purpose, "ready": self.ready, "blocking_findings": self.blocked_by_findings,
                "missing": [g.as_dict(lang) for g in self.gaps]}


def draft_readiness(sub, as_of: dt.date | None = None, *, report=None, checker=None) -> Readiness:
    """What `compliance draft all` would refuse for, as gaps naming the field. ``report`` (the
    check of ``sub`` already made) and ``checker`` are passed to ``plan.judge``."""
    from .plan import prepare          # not .drafter: readiness renders nothing
    from .problems import DraftError

    try:
        prepare(sub, "all", as_of=as_of, check=True, report=report, checker=checker, build=False)
    except DraftError as e:
        if e.code == 3:
            failure = InternalFailure(e.render("en"), zh=e.render("zh"), en=e.render("en"))
            failure.key, failure.http_status = e.key, e.http_status     # a dead check worker stays a 503
            raise failure from None
        gaps = [Gap(p.path, p.zh, p.en, p.category, p.rule) for p in e.problems]
        if not e.problems and not e.findings:       # refused as a whole (no agreements recorded …)
            gaps = [Gap("agreements", e.headline[0], e.headline[1], "agreements")]
        return Readiness("draft", gaps, len(e.findings))
    return Readiness("draft")


def check_and_readiness(sub, as_of: dt.date | None = None, source: str = "", readiness: bool = True, *, sanctions=None):
    """(report, Readiness or None): the check of ``sub`` (``compliance check``'s, with the register
    lookup ``sanctions``) and its drafting readiness, both in this process. The service's check
    worker runs it for one submission in one message (``CheckHost.run``): the composed agreements
    are checked where they are composed instead of being sent to the worker a second time."""
    from compliance.checker import check

    from .plan import agreement_check

    report = check(sub, as_of, sanctions=sanctions, source=source)
    if not readiness:
        return report, None
    return report, draft_readiness(sub, as_of, report=report,
                                   checker=lambda composed, day: agreement_check(composed, day, sanctions=sanctions))


def render(r: Readiness, lang: str = "zh", full: bool = True) -> list[str]:
    if r.ready:
        return ["起草准备：已就绪（compliance draft all 所需信息齐全）" if lang == "zh"
                else "draft readiness: ready (compliance draft all has what it needs)"]
    lines = []
    if r.blocked_by_findings:
        lines.append(f"起草准备：未就绪 —— 先修改上面的 {r.blocked_by_findings} 个错误" if lang == "zh"
                     else f"draft readiness: not ready — fix the {r.blocked_by_findings} error(s) above first")
    if r.gaps:
        if not full:
            lines.append(f"起草准备：还缺 {len(r.gaps)} 项起草所需信息（compliance check --for draft 列出）" if lang == "zh"
                         else f"draft readiness: {len(r.gaps)} item(s) the drafter needs are missing (list them with compliance check --for draft)")
            return lines
        lines.append(f"起草准备：还缺 {len(r.gaps)} 项起草所需信息：" if lang == "zh"
                     else f"draft readiness: {len(r.gaps)} item(s) the drafter needs are missing:")
        for g in r.gaps:
            lines.append(f"  - {g.path or '-'}: {g.message(lang)}")
    return lines
