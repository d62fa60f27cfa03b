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
    # the fact kinds the rules being judged read (None: every kind). The engine posts no other kind,
    # so a derivation may skip building them (``wants``): the agreement check of a draft reads 8 of 39
    kinds: Optional[frozenset] = None

    def wants(self, kind: str) -> bool:
        """Whether some rule of this check reads facts of ``kind``."""
        return self.kinds is None or kind in self.kinds

    @property
    def as_of_day(self) -> int:
        return self.as_of.toordinal()

    def memo(self, key: str, build: Callable[[], Any]) -> Any:
        """A value computed once per check (per Context): a lookup that every plot would otherwise
        repeat, such as the submission's resolved geometry."""
        cache = self.__dict__.setdefault("_memo", {})
        if key not in cache:
            cache[key] = build()
        return cache[key]

    def party_name(self, pid: str) -> str:
        parties = self.__dict__.get("_parties")     # built once per check, not once per plot
        if parties is None:
            parties = self.__dict__["_parties"] = self.sub.parties()
        p = parties.get(pid)
        return p.name if p else pid


def core_facts(ctx: Context) -> list[dict]:
    sub, pr = ctx.sub, ctx.sub.project
    facts: list[dict] = []
    if ctx.wants("project"):
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
    if not ctx.wants("plot"):
        return facts
    # what a plot fact takes from its county and codes is the same for every plot sharing them:
    # built once per distinct (county, land type, measure, forest type, tenure), not once per plot
    shared: dict[tuple, tuple] = {}
    party_name = ctx.party_name
    for i, p in enumerate(sub.plots):
        key = (p.county, p.land_type, p.measure, p.forest_type, p.tenure)
        s = shared.get(key)
        if s is None:
            lt, m, c = p.land_type, p.measure, p.county
            s = shared[key] = (
                {"county": c, "county_name": divisions.full_name(c),
                 "province": divisions.province_of(c), "prefecture": divisions.prefecture_of(c),
                 "land_type": lt._value_, "land_type_zh": lt.zh, "land_type_en": lt.en,
                 "measure": m._value_, "measure_zh": m.zh, "measure_en": m.en,
                 "forest_type": p.forest_type._value_ if p.forest_type else ""},
                p.tenure._value_)
        codes, tenure = s
        end = p.right_term_end
        facts.append({
            "kind": "plot", "path": f"plots[{i}]", "index": i, "plot_id": p.id, **codes,
            "economic_forest": p.economic_forest,
            "area_ha": p.area_ha, "holder": p.holder, "holder_name": party_name(p.holder),
            "tenure": tenure,
            "right_term_end": end.isoformat() if end else "", "right_term_end_day": end.toordinal() if end else NO_DAY,
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
