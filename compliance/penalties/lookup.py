"""Fast lookup of active sanctions, for the checker (rules REG-suspended and REG-restricted).

Reads only verified state (:mod:`~compliance.penalties.verify`): the current-state rows are
accepted only when they add up to the digest signed in the register's last event, and every
entry a finding cites is re-derived from its own signed events.
"""
from __future__ import annotations

import datetime as dt
import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import sqlalchemy as sa

from compliance.reference import ids
from . import fields, fold, verify
from .store import Register, resolve_url


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


def _register(url: str) -> Register | None:
    """The register at ``url``; None for a SQLite file that does not exist (nothing recorded
    there, and a check must not create files)."""
    u = sa.engine.make_url(url)
    if u.get_backend_name() == "sqlite" and u.database and not Path(u.database).exists():
        return None
    return Register(url)


def candidates(state: verify.VerifiedState, codes: Iterable[str], names: Iterable[str] = ()) -> dict[str, str]:
    """Entry id -> "code" | "name" of the entries recorded against ``codes`` or normalised ``names``."""
    code_list = sorted({ids.normalize_code(unicodedata.normalize("NFKC", str(c))) for c in codes
                        if c and str(c).strip()})
    name_list = sorted({n for n in (fields.normalize_name(x) for x in names if x) if n})
    found: dict[str, str] = {}
    for how, index, keys in (("code", state.by_code, code_list), ("name", state.by_name, name_list)):
        for key in keys:
            for sid in index.get(key, ()):
                found.setdefault(sid, how)
    return found


def active_in(reg: Register, state: verify.VerifiedState, codes: Iterable[str], as_of: dt.date, province: str,
              mechanism: str | None, *, names: Iterable[str] = (),
              measures: Iterable[str] | None = None) -> list[ActiveSanction]:
    """As :func:`active_sanctions`, on a state already verified; each entry found is re-derived
    from its own events before it is judged (raises ``verify.Unverified`` otherwise)."""
    found = candidates(state, codes, names)
    order = sorted(found, key=lambda sid: int(sid[1:]) if sid[1:].isdigit() else 0)
    prov = str(province).strip()[:2]
    day = (as_of.date() if isinstance(as_of, dt.datetime) else as_of).isoformat()
    wanted = set(measures) if measures is not None else None
    mech = mechanism.upper() if mechanism else None
    out = []
    for s in verify.verified_entries(reg, state, order):
        if s["scope"]["province"] != prov or not fold.is_active(s, day):
            continue
        if mech and not fields.mechanism_covers(s["scope"]["mechanisms"], mech):
            continue
        if wanted is not None and s["measure"] not in wanted:
            continue
        out.append(_active(s, found[s["id"]]))
    return out


def active_sanctions(register_or_url: Register | str | None, codes: Iterable[str], as_of: dt.date,
                     province: str, mechanism: str | None, *, names: Iterable[str] = (),
                     measures: Iterable[str] | None = None) -> list[ActiveSanction]:
    """Sanctions in force on ``as_of`` against any of ``codes`` (统一社会信用代码 or ID numbers),
    whose scope covers ``province`` (2-digit, or any division code in it) and ``mechanism``
    (e.g. "CCER", "XLTP", "SCPH"; None for any).

    Only verified state is used (see :mod:`~compliance.penalties.verify`): a register that does
    not verify raises ``verify.Unverified`` (exit 3), naming the register and the first bad event.

    ``names`` adds matches by normalised entity name (full/half width folded, legal-form suffix
    ignored) for parties without a code; their ``matched_by`` is "name". ``measures`` limits the
    result (default: all four -- suspend, restrict, cancel, notice). Amendments, lifts and appeal
    decisions are already folded in. Results are ordered by entry.
    """
    reg = register_or_url if isinstance(register_or_url, Register) else _register(resolve_url(register_or_url))
    if reg is None:
        return []
    state = verify.load(reg)
    return active_in(reg, state, codes, as_of, province, mechanism, names=names, measures=measures)


def _active(s: dict, how: str) -> ActiveSanction:
    by = s["decided_by"]
    return ActiveSanction(
        entry_id=s["id"], event_hash=s["last_hash"], measure=s["measure"], province=s["scope"]["province"],
        mechanisms=tuple(s["scope"]["mechanisms"]), from_date=dt.date.fromisoformat(s["from_date"]),
        to_date=dt.date.fromisoformat(s["to_date"]) if s["to_date"] else None,
        authority=by["name"], authority_division=by["division"], authority_level=by["level"],
        case_number=s["case_number"], citation=fields.citations(s["basis"]),
        entity_name=s["entity"]["name"], code=s["entity"]["code"], matched_by=how)
