"""The facts step: flat, engine-ready facts derived from a validated submission.

Decisions are the engine's; preparing what they compare is done here, in Python:
dates become ISO text plus day numbers, money integer fen, shares basis points.
Every fact has ``kind`` and ``path`` (the field a finding points at). Core facts are
shared by all rulesets; a ruleset adds its own kinds through its ``derive`` function.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from compliance.reference import divisions
from compliance.submission.model import Submission

NO_DAY = -1    # day number of a date that is not given


def day(d: Optional[dt.date]) -> int:
    return d.toordinal() if d else NO_DAY


def iso(d: Optional[dt.date]) -> str:
    return d.isoformat() if d else ""


def bp(fraction: float) -> int:
    """A share as integer basis points (0.35 -> 3500), so sums compare exactly."""
    return int(round(fraction * 10000))


def fen(yuan: float) -> int:
    return int(round(yuan * 100))


@dataclass
class Context:
    """What fact derivation may read: the submission, the as-of date, services."""

    sub: Submission
    as_of: dt.date
    params: dict[str, Any] = field(default_factory=dict)
    sanctions: Optional[Callable[..., list]] = None     # register lookup, when one is configured

    @property
    def as_of_day(self) -> int:
        return self.as_of.toordinal()

    def party_name(self, pid: str) -> str:
        parties = self.__dict__.get("_parties")     # built once per check, not once per plot
        if parties is None:
            parties = self.__dict__["_parties"] = self.sub.parties()
        p = parties.get(pid)
        return p.name if p else pid


def core_facts(ctx: Context) -> list[dict]:
    sub, pr = ctx.sub, ctx.sub.project
    facts: list[dict] = []
    facts.append({
        "kind": "project", "path": "project",
        "project_id": pr.id, "name": pr.name,
        "province": pr.province.value, "province_zh": pr.province.zh,
        "mechanism": pr.mechanism.value, "mechanism_zh": pr.mechanism.zh,
        "methodology": pr.methodology or "",
        "stage": pr.stage.value, "stage_zh": pr.stage.zh, "stage_order": pr.stage.order,
        "start_date": iso(pr.start_date), "start_day": day(pr.start_date),
        "venue": pr.trading_venue or "", "registry": pr.registry or "",
        "as_of": ctx.as_of.isoformat(), "as_of_day": ctx.as_of_day,
        "plot_count": len(sub.plots),
        "area_ha": round(sum(p.area_ha for p in sub.plots), 4),
        "developer": sub.developer.name,
    })
    for i, p in enumerate(sub.plots):
        facts.append({
            "kind": "plot", "path": f"plots[{i}]", "index": i,
            "plot_id": p.id, "county": p.county, "county_name": divisions.full_name(p.county),
            "province": divisions.province_of(p.county), "prefecture": divisions.prefecture_of(p.county),
            "land_type": p.land_type.value, "land_type_zh": p.land_type.zh, "land_type_en": p.land_type.en,
            "measure": p.measure.value, "measure_zh": p.measure.zh, "measure_en": p.measure.en,
            "forest_type": p.forest_type.value if p.forest_type else "",
            "economic_forest": p.economic_forest,
            "area_ha": p.area_ha, "holder": p.holder, "holder_name": ctx.party_name(p.holder),
            "tenure": p.tenure.value,
            "right_term_end": iso(p.right_term_end), "right_term_end_day": day(p.right_term_end),
        })
    return facts


def agreement_parties(a) -> list[str]:
    """Everyone who signs an agreement, in order, without repeats."""
    seen: list[str] = []
    for pid in [*(getattr(a, "parties", None) or []), *(getattr(a, "transferors", None) or []),
                getattr(a, "transferee", None)]:
        if pid and pid not in seen:
            seen.append(pid)
    return seen
