"""Fast lookup of active sanctions, for the checker (rules REG-suspended and REG-restricted).

Reads the materialised current-state table, which every append keeps up to date in the
same transaction as the event and which ``verify`` rebuilds and checks from the events; so a
lookup is one indexed query on the entity code (and, optionally, one on the normalised name),
not a replay of the chain.
"""
from __future__ import annotations

import datetime as dt
import json
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import sqlalchemy as sa

from compliance.reference import ids
from . import fields, fold
from .store import Register, resolve_url, state_t


@dataclass(frozen=True)
class ActiveSanction:
    """A sanction in force on the as-of date, as the register's current state has it."""

    entry_id: str                  # "S12": the register entry (its recorded event's number)
    event_hash: str                # hash of the entry's latest event (chain position; cite it)
    measure: str                   # suspend | restrict | cancel | notice
    province: str                  # scope: two-digit province code
    mechanisms: tuple[str, ...]    # scope: ("CCER", "XLTP") or ("*",) for every mechanism
    from_date: dt.date
    to_date: dt.date | None        # None: open-ended (stated so when recorded)
    authority: str                 # deciding authority's name
    authority_division: str        # its division code (2/4/6 digits)
    authority_level: str           # province | prefecture | county
    case_number: str               # 决定书文号
    citation: str                  # legal basis, e.g. "川林发〔2024〕3号 六(四)；森林法 第七十四条"
    entity_name: str
    code: str                      # 统一社会信用代码 or ID number as recorded
    matched_by: str                # "code" or "name"

    @property
    def blocking(self) -> bool:
        """Suspension or cancellation (REG-suspended, an error); restrict is REG-restricted (a warning)."""
        return self.measure in fold.BLOCKING


@lru_cache(maxsize=8)
def _register(url: str) -> Register | None:
    """The register at ``url``; None for a SQLite file that does not exist (nothing recorded
    there, and a check must not create files)."""
    u = sa.engine.make_url(url)
    if u.get_backend_name() == "sqlite" and u.database and not Path(u.database).exists():
        return None
    return Register(url)


def active_sanctions(register_or_url: Register | str | None, codes: Iterable[str], as_of: dt.date,
                     province: str, mechanism: str | None, *, names: Iterable[str] = (),
                     measures: Iterable[str] | None = None) -> list[ActiveSanction]:
    """Sanctions in force on ``as_of`` against any of ``codes`` (统一社会信用代码 or ID numbers),
    whose scope covers ``province`` (2-digit, or any division code in it) and ``mechanism``
    (e.g. "CCER", "XLTP", "SCPH"; None for any).

    ``names`` adds matches by normalised entity name (full/half width folded, legal-form suffix
    ignored) for parties without a code; their ``matched_by`` is "name". ``measures`` limits the
    result (default: all four -- suspend, restrict, cancel, notice). Amendments, lifts and appeal
    decisions are already folded in. Results are ordered by entry.
    """
    reg = register_or_url if isinstance(register_or_url, Register) else _register(resolve_url(register_or_url))
    if reg is None:
        return []
    code_list = sorted({ids.normalize_code(unicodedata.normalize("NFKC", str(c))) for c in codes
                        if c and str(c).strip()})
    name_list = sorted({n for n in (fields.normalize_name(x) for x in names if x) if n})
    if not code_list and not name_list:
        return []
    params = {"prov": str(province).strip()[:2], "day": as_of.date() if isinstance(as_of, dt.datetime) else as_of}
    wanted = set(measures) if measures is not None else None
    mech = f",{mechanism.upper()}," if mechanism else None
    found: dict[str, ActiveSanction] = {}
    # one statement per call (two with names); no explicit transaction for these reads
    with reg.quick_read() as conn:
        for how, stmt, keys in (("code", _BY_CODE, code_list), ("name", _BY_NAME, name_list)):
            if not keys:
                continue
            for row in conn.execute(stmt, dict(params, keys=keys)):
                if row.id in found:
                    continue
                if mech and row.mechanisms != fields.ALL_MECHANISMS and mech not in row.mechanisms:
                    continue
                if wanted is not None and row.measure not in wanted:
                    continue
                found[row.id] = _active(json.loads(row.doc), how)
    return sorted(found.values(), key=lambda a: int(a.entry_id[1:]))


def _statement(column):
    day = sa.bindparam("day", type_=sa.Date())
    return sa.select(state_t.c.id, state_t.c.mechanisms, state_t.c.measure, state_t.c.doc).where(
        column.in_(sa.bindparam("keys", expanding=True)),
        state_t.c.province == sa.bindparam("prov"),
        state_t.c.status != "revoked",
        state_t.c.from_date <= day,
        sa.or_(state_t.c.to_date.is_(None), state_t.c.to_date >= day),
        sa.or_(state_t.c.lifted_on.is_(None), state_t.c.lifted_on > day),
    )


_BY_CODE = _statement(state_t.c.code)
_BY_NAME = _statement(state_t.c.name_norm)


def _active(s: dict, how: str) -> ActiveSanction:
    by = s["decided_by"]
    return ActiveSanction(
        entry_id=s["id"], event_hash=s["last_hash"], measure=s["measure"], province=s["scope"]["province"],
        mechanisms=tuple(s["scope"]["mechanisms"]), from_date=dt.date.fromisoformat(s["from_date"]),
        to_date=dt.date.fromisoformat(s["to_date"]) if s["to_date"] else None,
        authority=by["name"], authority_division=by["division"], authority_level=by["level"],
        case_number=s["case_number"], citation=fields.citations(s["basis"]),
        entity_name=s["entity"]["name"], code=s["entity"]["code"], matched_by=how)
