"""The public 通报 list from the sanctions register: every recorded measure not revoked, ID numbers
masked (HN 第二十条), newest first; as JSON entries and as an Atom feed.

The list is the register's own feed (:func:`compliance.penalties.feed.published`): read from
verified state only (a register that does not verify is refused, never listed), each entry
re-derived from its signed events, with its inclusion proof (RFC 6962 audit path) against the
feed's Merkle root and the register head it was read from.
"""
from __future__ import annotations

import datetime as dt
from typing import Optional
from xml.sax.saxutils import escape

from compliance.errors import ComplianceError

MEASURE_ZH = {"suspend": "暂停开发资格", "restrict": "限制开发资格", "cancel": "取消开发资格", "notice": "通报"}


class RegisterAbsent(ComplianceError):
    """No sanctions register at the configured URL: nothing can be screened or listed."""

    exit_code = 2
    key = "register_absent"
    http_status = 503

    def __init__(self):
        super().__init__(zh="未配置惩戒名录（compliance serve --db URL），无法查询", en="no sanctions register is configured (compliance serve --db URL)")


def open_register(db: Optional[str]):
    from compliance.penalties.location import missing_register, resolve_url
    from compliance.penalties.store import Register

    url = resolve_url(db, create_dir=False)
    if missing_register(url) is not None:
        raise RegisterAbsent()
    return Register(url, create=False)


def mask_code(code: str, kind: str) -> str:
    """A natural person's ID number keeps its first 6 and last 4 characters; a credit code is public."""
    from compliance.penalties.feed import public_code

    return public_code(code, "natural_person" if kind in ("natural_person", "individual") else kind)


def entry(s: dict, item: dict, proof: dict, as_of: dt.date) -> dict:
    """One listed measure: the feed's public item (masked), how it reads on the site, and its
    inclusion proof."""
    from compliance.penalties import fold

    return {
        "id": item["id"], "entity": item["entity_name"], "entity_kind": item["entity_kind"], "code": item["code"],
        "region_code": item["region_code"], "measure": item["measure"],
        "measure_zh": MEASURE_ZH.get(item["measure"], item["measure"]),
        "scope": {"province": item["province"], "mechanisms": item["mechanisms"]},
        "from_date": item["from_date"], "to_date": item["to_date"], "status": item["status"],
        "active": fold.is_active(s, as_of), "grounds": item["grounds"], "basis": item["basis"],
        "case_number": item["case_number"], "authority": item["decided_by"], "recorded_seq": item["recorded_seq"],
        "event_hash": item["event_hash"], "inclusion": proof,
    }


def published(db: Optional[str], as_of: Optional[dt.date] = None) -> list[dict]:
    """The published measures, newest first (raises ``Unverified``, exit 3 / HTTP error, when the
    register does not verify)."""
    from compliance.penalties import feed

    as_of = as_of or dt.date.today()
    reg = open_register(db)
    try:
        doc = feed.published(reg)
    finally:
        reg.close()
    head = doc["head"]
    out = []
    for s, it in zip(doc["states"], doc["items"]):
        proof = {"item": it["item"], "leaf_index": it["leaf_index"], "proof": it["proof"], "size": head["size"],
                 "root": head["root"], "register_head": head["register_head"]}
        out.append(entry(s, it["item"], proof, as_of))
    out.sort(key=lambda e: -e["recorded_seq"])
    return out


def screen(db: Optional[str], code: Optional[str], name: Optional[str], as_of: Optional[dt.date] = None) -> list[dict]:
    from compliance.penalties.screen import screen as run

    reg = open_register(db)
    try:
        hits = run(reg, code=code or None, name=name or None, as_of=as_of)
    finally:
        reg.close()
    return [{"entry": h.entry_id, "score": h.score, "reason": h.reason, "entity": h.entity_name,
             "code": mask_code(h.code, h.kind), "kind": h.kind, "measure": h.measure, "status": h.status,
             "active": h.active, "from_date": h.from_date, "to_date": h.to_date, "case_number": h.case_number,
             "authority": h.authority} for h in hits]


def atom(entries: list[dict], base_url: str) -> str:
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
    parts = ['<?xml version="1.0" encoding="utf-8"?>', '<feed xmlns="http://www.w3.org/2005/Atom">',
             "<title>林业碳汇惩戒名录通报</title>", f"<id>{escape(base_url)}api/v1/sanctions/feed.atom</id>",
             f"<updated>{now}</updated>", f'<link rel="self" href="{escape(base_url)}api/v1/sanctions/feed.atom"/>']
    for e in entries:
        title = f"{e['entity']}：{e['measure_zh']}（{e['from_date']} 起）"
        body = f"{e['authority']} {e['case_number']}；{e.get('grounds') or ''}"
        parts.append(f"<entry><id>urn:compliance:sanction:{escape(e['id'])}</id><title>{escape(title)}</title>"
                     f"<updated>{escape(str(e['from_date']))}T00:00:00Z</updated><summary>{escape(body)}</summary></entry>")
    parts.append("</feed>")
    return "\n".join(parts)
