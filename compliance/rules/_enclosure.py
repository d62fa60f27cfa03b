"""Stale claims over carbon-sink resources (圈占), shared by 湘林基〔2025〕5号 第十四条第一款 (HN-14-enclosure)
and 川林发〔2024〕3号 六(四) 无序圈占 (SC-6.4-enclosure): one derivation, two rule declarations.

An agreement that binds development (development, transfer or tripartite agreement) is a stale claim when
it was signed more than N months before the as-of date (the Hunan parameter; cf. 农村土地承包法第四十二条,
two years) while the project has not reached design, or when its agreed development deadline has passed
and the project has not reached the stage it promised (design).
"""
from __future__ import annotations

import datetime as dt

from compliance.rules.facts import Context, iso
from compliance.reference.vocab import AgreementKind, Clause, Stage

BINDING = (AgreementKind.DEVELOPMENT, AgreementKind.TRANSFER, AgreementKind.TRIPARTITE)
PROMISED = Stage.DESIGN        # the stage a development deadline promises


def months_started(start: dt.date, end: dt.date) -> int:
    """Months begun between two dates: exactly 24 months -> 24, one day more -> 25."""
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if end.day > start.day:
        months += 1
    return max(months, 0)


def development_terms(ctx: Context, kind: str, stage_zh: dict | None = None) -> list[dict]:
    """One fact of ``kind`` per agreement binding development (paths agreements[i])."""
    sub, pr = ctx.sub, ctx.sub.project
    label = (stage_zh or {}).get(pr.stage, pr.stage.zh)
    facts = []
    for i, a in enumerate(sub.agreements):
        if a.kind not in BINDING:
            continue
        deadline = getattr(a, "development_deadline", None)
        months = months_started(a.signed, ctx.as_of) if a.signed and a.signed <= ctx.as_of else 0
        reached = pr.stage.order >= PROMISED.order
        facts.append({
            "kind": kind, "path": f"agreements[{i}]",
            "agreement_zh": a.kind.zh, "agreement_en": a.kind.en,
            "has_deadline": deadline is not None, "deadline": iso(deadline),
            "deadline_passed": deadline is not None and deadline < ctx.as_of,
            "has_reversion_clause": Clause.DEADLINE in a.clauses,
            "months_since_signed": months, "signed_date": iso(a.signed),
            "reached_design": reached, "promised_zh": PROMISED.zh, "promised_en": PROMISED.en,
            "stage_zh": label, "stage_en": pr.stage.en, "as_of": ctx.as_of.isoformat(),
        })
    return facts
