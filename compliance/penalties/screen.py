"""Screening: is this entity in the register? By exact code first, then by normalised name.

Scores: 1.0 the code matches; 0.95 the name is identical; 0.9 the names agree once width,
case, spaces, punctuation and the legal-form suffix (有限公司, 有限责任公司, 股份有限公司, …)
are set aside; 0.5–0.8 one normalised name contains the other (scaled by how much of the
longer name the shorter covers; only for names of four characters or more).
"""
from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass


from compliance.reference import ids
from . import fields, fold
from .store import Register

REASONS = {
    "code": ("证件号码一致", "the code matches"),
    "name_exact": ("名称完全一致", "identical name"),
    "name_normalised": ("名称规范化后一致（忽略全半角、空格标点、组织形式后缀）",
                        "same name once width, spaces, punctuation and legal-form suffix are ignored"),
    "name_contains": ("名称相互包含", "one name contains the other"),
}


@dataclass(frozen=True)
class Hit:
    entry_id: str
    score: float
    reason: str                 # key of REASONS
    entity_name: str
    code: str
    kind: str
    measure: str
    status: str
    active: bool                # in force on the as-of date
    from_date: str
    to_date: str | None
    case_number: str
    authority: str

    def reason_text(self, lang: str | None = None) -> str:
        from .messages import current_lang

        zh, en = REASONS[self.reason]
        return en if current_lang(lang) == "en" else zh


def normalize_code(value: str) -> str:
    """As ``record`` stores a code: full-width folded (NFKC), spaces and hyphens dropped, upper case."""
    return ids.normalize_code(unicodedata.normalize("NFKC", str(value)))


def looks_like_code(query: str) -> bool:
    norm = normalize_code(query)
    return len(norm) == 18 and norm.isalnum() and norm.isascii()


MAX_QUERY = 200   # characters of a name or code to screen for


def screen(reg: Register, *, code: str | None = None, name: str | None = None,
           as_of: dt.date | None = None, limit: int = 50) -> list[Hit]:
    """Screen on verified state only (:mod:`~compliance.penalties.verify`); every hit is
    re-derived from its own events. Raises ``verify.Unverified`` for a register that does not verify."""
    from . import verify

    for field, value in (("query", code), ("query", name)):
        if value is not None:
            fields.text(value, field)   # bounded: MAX_TEXT["query"]
    as_of = as_of or dt.date.today()
    state = verify.load(reg)
    found: dict[str, tuple[float, str]] = {}

    def add(sid: str, score: float, reason: str):
        if sid not in found or found[sid][0] < score:
            found[sid] = (score, reason)

    if code:
        for sid in state.by_code.get(normalize_code(code), ()):
            add(sid, 1.0, "code")
    exact_names: set[str] = set()
    if name:
        raw = name.strip()
        norm = fields.normalize_name(raw)
        if norm:
            for sid in state.by_name.get(norm, ()):
                exact_names.add(sid)
                add(sid, 0.9, "name_normalised")
        if len(norm) >= 4:
            for other, sids in state.by_name.items():
                if other == norm or not (norm in other or other in norm):
                    continue
                shorter, longer = sorted((norm, other), key=len)
                if len(shorter) < 4:
                    continue
                for sid in sids:
                    add(sid, round(0.5 + 0.3 * len(shorter) / len(longer), 2), "name_contains")
    best = sorted(found.items(), key=lambda kv: (-kv[1][0], int(kv[0][1:]) if kv[0][1:].isdigit() else 0))
    best = best[:limit * 4]
    hits = []
    for s in verify.verified_entries(reg, state, [sid for sid, _ in best]):
        score, reason = found[s["id"]]
        if s["id"] in exact_names and s["entity"]["name"].strip() == (name or "").strip():
            score, reason = max(score, 0.95), ("name_exact" if score < 1.0 else reason)
        hits.append(_hit(s, score, reason, as_of))
    return sorted(hits, key=lambda h: (-h.score, not h.active, int(h.entry_id[1:])))[:limit]


def _hit(s: dict, score: float, reason: str, as_of: dt.date) -> Hit:
    return Hit(entry_id=s["id"], score=score, reason=reason, entity_name=s["entity"]["name"],
               code=s["entity"]["code"], kind=s["entity"]["kind"], measure=s["measure"], status=s["status"],
               active=fold.is_active(s, as_of), from_date=s["from_date"], to_date=s["to_date"],
               case_number=s["case_number"], authority=s["decided_by"]["name"])
