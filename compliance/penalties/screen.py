"""Screening: is this entity in the register? By exact code first, then by normalised name.

Scores: 1.0 the code matches; 0.95 the name is identical; 0.9 the names agree once width,
case, spaces, punctuation and the legal-form suffix (有限公司, 有限责任公司, 股份有限公司, …)
are set aside; 0.5–0.8 one normalised name contains the other (scaled by how much of the
longer name the shorter covers; only for names of four characters or more).
"""
from __future__ import annotations

import datetime as dt
import json
import unicodedata
from dataclasses import dataclass

import sqlalchemy as sa

from compliance.reference import ids
from . import fields, fold
from .store import Register, state_t

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


def screen(reg: Register, *, code: str | None = None, name: str | None = None,
           as_of: dt.date | None = None, limit: int = 50) -> list[Hit]:
    as_of = as_of or dt.date.today()
    hits: dict[str, Hit] = {}

    def add(state: dict, score: float, reason: str):
        old = hits.get(state["id"])
        if old is None or old.score < score:
            hits[state["id"]] = _hit(state, score, reason, as_of)

    with reg.engine.connect() as conn:
        if code:
            norm = normalize_code(code)
            for (doc,) in conn.execute(sa.select(state_t.c.doc).where(state_t.c.code == norm)):
                add(json.loads(doc), 1.0, "code")
        if name:
            raw = name.strip()
            norm = fields.normalize_name(raw)
            if norm:
                for (doc,) in conn.execute(sa.select(state_t.c.doc).where(state_t.c.name_norm == norm)):
                    s = json.loads(doc)
                    exact = s["entity"]["name"].strip() == raw
                    add(s, 0.95 if exact else 0.9, "name_exact" if exact else "name_normalised")
            if len(norm) >= 4:
                # normalised names hold letters and digits only: no LIKE wildcards to escape
                q = sa.select(state_t.c.doc, state_t.c.name_norm).where(
                    sa.or_(state_t.c.name_norm.like(f"%{norm}%"),
                           sa.literal(norm).like("%" + state_t.c.name_norm + "%")),
                    state_t.c.name_norm != norm).limit(limit * 4)
                for doc, other in conn.execute(q):
                    shorter, longer = sorted((norm, other), key=len)
                    if len(shorter) < 4:
                        continue
                    add(json.loads(doc), round(0.5 + 0.3 * len(shorter) / len(longer), 2), "name_contains")
    return sorted(hits.values(), key=lambda h: (-h.score, not h.active, int(h.entry_id[1:])))[:limit]


def _hit(s: dict, score: float, reason: str, as_of: dt.date) -> Hit:
    return Hit(entry_id=s["id"], score=score, reason=reason, entity_name=s["entity"]["name"],
               code=s["entity"]["code"], kind=s["entity"]["kind"], measure=s["measure"], status=s["status"],
               active=fold.is_active(s, as_of), from_date=s["from_date"], to_date=s["to_date"],
               case_number=s["case_number"], authority=s["decided_by"]["name"])
