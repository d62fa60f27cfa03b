"""The public 通报 feed: published measures with inclusion proofs against a signed head.

The feed lists the register's public measures -- 通报 (notices) and suspensions, restrictions
and cancellations of eligibility -- each as a public item: ID numbers of natural persons
masked (湘林基〔2025〕5号 第二十条), everything else as recorded, with the hash of the entry's
latest event so a regulator can tie the item to the register.

Items are the leaves of an RFC 6962 Merkle tree (leaf ``SHA-256(0x00 || canonical JSON)``,
node ``SHA-256(0x01 || left || right)``). The feed's head -- tree size, root, the register head
it was built from, the publishing authority and its public key -- is signed with that
authority's Ed25519 key (``FEED_CONTEXT || canonical head``). Each item carries its audit path,
so ``feed-verify`` checks a downloaded feed offline: the head's signature (and, given or pinned,
the key's fingerprint), every item's inclusion in the signed root, the size, and the masking.

Only verified state is published (:mod:`~compliance.penalties.verify`).
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import re
import xml.etree.ElementTree as ET

from compliance.reference import ids

from . import fields, fold, trust, verify
from .chain import Signer, canonical
from .messages import RegisterError

FORMAT = "compliance-sanctions-feed/1"
FEED_CONTEXT = b"compliance-sanctions/v1 feed-head\x00"
PUBLIC_MEASURES = ("notice", "suspend", "restrict", "cancel")
ATOM = "http://www.w3.org/2005/Atom"
EXT = "urn:compliance:sanctions-feed:1"
MAX_FEED_BYTES = 200 * 1024 * 1024


# --------------------------------------------------------------------------- the Merkle tree (RFC 6962)

def leaf(item: dict) -> bytes:
    return hashlib.sha256(b"\x00" + canonical(item).encode("utf-8")).digest()


def _node(a: bytes, b: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + a + b).digest()


def _split(n: int) -> int:
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def root(leaves: list[bytes]) -> bytes:
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaves[0]
    k = _split(len(leaves))
    return _node(root(leaves[:k]), root(leaves[k:]))


def audit_path(index: int, leaves: list[bytes]) -> list[bytes]:
    if len(leaves) <= 1:
        return []
    k = _split(len(leaves))
    if index < k:
        return audit_path(index, leaves[:k]) + [root(leaves[k:])]
    return audit_path(index - k, leaves[k:]) + [root(leaves[:k])]


def root_from_path(index: int, size: int, leaf_hash: bytes, path: list[bytes]) -> bytes | None:
    """RFC 9162 §2.1.3.2: the root an audit path leads to, or None when it cannot be a path."""
    if index >= size:
        return None
    fn, sn, r = index, size - 1, leaf_hash
    for p in path:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            r = _node(p, r)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            r = _node(r, p)
        fn >>= 1
        sn >>= 1
    return r if sn == 0 else None


# --------------------------------------------------------------------------- building

def public_code(code: str, kind: str) -> str:
    """A natural person's ID number is masked (first 6 and last 4 kept); so is any code that is a
    valid ID number whatever kind was recorded; a credit code is public."""
    if code and (kind == "natural_person" or ids.id_number_problem(code) is None):
        return ids.mask_id_number(code)
    return code


def public_item(s: dict) -> dict:
    e = s["entity"]
    code = public_code(e["code"], e["kind"])
    return {"id": s["id"], "measure": s["measure"], "status": s["status"], "entity_name": e["name"],
            "entity_kind": e["kind"], "code": code, "region_code": s["region_code"],
            "province": s["scope"]["province"], "mechanisms": list(s["scope"]["mechanisms"]),
            "from_date": s["from_date"], "to_date": s["to_date"],
            "lifted_on": s["lifted"]["on"] if s["lifted"] else None, "grounds": s["grounds"],
            "basis": fields.citations(s["basis"]), "decided_by": s["decided_by"]["name"],
            "decided_by_division": s["decided_by"]["division"], "case_number": s["case_number"],
            "decided_on": s["decided_on"], "event_hash": s["last_hash"], "recorded_seq": s["recorded_seq"]}


def tree(reg, active_on: dt.date | None = None):
    """(verified state, the published entries' states, their public items, the items' leaf
    hashes) of ``reg``: every public measure not revoked (in force on ``active_on`` when given),
    each re-derived from its own signed events, in the order recorded."""
    state = verify.load(reg)
    sids = sorted({sid for sids in state.by_code.values() for sid in sids},
                  key=lambda sid: int(sid[1:]) if sid[1:].isdigit() else 0)
    states, items = [], []
    for s in verify.verified_entries(reg, state, sids):
        if s["measure"] not in PUBLIC_MEASURES or s["status"] == "revoked":
            continue
        if active_on is not None and not fold.is_active(s, active_on):
            continue
        states.append(s)
        items.append(public_item(s))
    return state, states, items, [leaf(i) for i in items]


def published(reg, active_on: dt.date | None = None) -> dict:
    """The feed as a site without an authority key publishes it: the same items and audit paths
    as :func:`build`, under an unsigned head that names the register head they were read from
    (that head's own signature by the register's authority included). ``states`` holds the
    entries' verified states, in item order, for the site's own rendering."""
    state, states, items, leaves = tree(reg, active_on)
    with reg.engine.connect() as conn:
        from . import checkpoint

        signed = checkpoint.signed_head(conn, state.head[0])
    head = {"format": FORMAT, "register": state.register, "register_head": {
                "seq": state.head[0], "hash": state.head[1], "signature": signed["signature"],
                "authority": signed["authority"]},
            "size": len(items), "root": root(leaves).hex(), "signed": False,
            "active_on": active_on.isoformat() if active_on else None}
    return {"head": head, "states": states,
            "items": [{"leaf_index": n, "item": it, "proof": [p.hex() for p in audit_path(n, leaves)]}
                      for n, it in enumerate(items)]}


def build(reg, *, authority: str, signer: Signer | None, active_on: dt.date | None = None,
          now: str | None = None) -> dict:
    """The feed of ``reg``'s public measures (in force on ``active_on`` when given), signed by
    the enrolled ``authority``."""
    if signer is None:
        raise RegisterError("key_unsigned", "key")
    state, _, items, leaves = tree(reg, active_on)
    acting = state.authorities.get(authority)
    if acting is None:
        raise RegisterError("authority_unknown", "authority", value=authority)
    if acting["public_key"] != signer.public_key:
        raise RegisterError("key_mismatch", "key", authority=authority)
    head = {"format": FORMAT, "register": state.register, "register_head": {"seq": state.head[0],
            "hash": state.head[1]}, "size": len(items), "root": root(leaves).hex(),
            "published_at": now or dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
            "authority": authority, "authority_name": acting["name"], "authority_division": acting["division"],
            "public_key": signer.public_key,
            "fingerprint": trust.fingerprint(signer.public_key),
            "active_on": active_on.isoformat() if active_on else None}
    head["signature"] = signer.sign_bytes(FEED_CONTEXT + canonical(head).encode("utf-8"))
    return {"head": head, "items": [{"leaf_index": n, "item": it, "proof": [p.hex() for p in audit_path(n, leaves)]}
                                    for n, it in enumerate(items)]}


def to_json(feed: dict) -> str:
    return json.dumps(feed, ensure_ascii=False, indent=2, sort_keys=True)


def to_atom(feed: dict) -> str:
    head = feed["head"]
    ET.register_namespace("", ATOM)
    ET.register_namespace("c", EXT)
    root_el = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(root_el, f"{{{ATOM}}}title").text = f"惩戒名录通报 — {head['authority_name']}"
    ET.SubElement(root_el, f"{{{ATOM}}}id").text = f"urn:compliance:sanctions:{head['root']}"
    ET.SubElement(root_el, f"{{{ATOM}}}updated").text = head["published_at"]
    author = ET.SubElement(root_el, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = head["authority_name"]
    ET.SubElement(root_el, f"{{{EXT}}}head").text = canonical(head)
    for entry in feed["items"]:
        e = ET.SubElement(root_el, f"{{{ATOM}}}entry")
        for tag, value in _shown(head, entry).items():
            ET.SubElement(e, f"{{{ATOM}}}{tag}").text = value
        c = ET.SubElement(e, f"{{{ATOM}}}content", {"type": "application/json"})
        c.text = canonical(entry)
    return ET.tostring(root_el, encoding="unicode", xml_declaration=True)


_SHOWN_TAGS = ("id", "title", "updated", "summary")


def _shown(head: dict, entry: dict) -> dict:
    """What a feed reader shows of an Atom entry, derived from its signed item."""
    it = entry["item"]
    return {"id": f"urn:compliance:sanctions:{it['event_hash']}",
            "title": f"{it['entity_name']}（{it['code']}）{it['case_number']}",
            "updated": head["published_at"],
            "summary": f"{it['decided_by']} {it['case_number']}：{it['measure']} {it['from_date']} 至 "
                       f"{it['to_date'] or '无固定期限'}；依据 {it['basis']}"}


# --------------------------------------------------------------------------- verifying offline

_ID18 = re.compile(r"^\d{17}[\dX]$")


def parse(text: str) -> dict:
    """A feed from its JSON or Atom text (RegisterError ``feed_bad`` otherwise)."""
    s = text.lstrip("\ufeff").lstrip()
    try:
        if s.startswith("{"):
            feed = json.loads(s)
        else:
            if "<!DOCTYPE" in s[:2000].upper() or "<!ENTITY" in s.upper():
                raise ValueError("DTDs are not accepted")
            el = ET.fromstring(s)
            h = el.find(f"{{{EXT}}}head")
            items = []
            for e in el.iter(f"{{{ATOM}}}entry"):
                entry = json.loads(e.findtext(f"{{{ATOM}}}content") or "")
                if isinstance(entry, dict):   # the texts a reader shows, compared with the item by check()
                    entry = {**entry, "shown": {t: e.findtext(f"{{{ATOM}}}{t}") for t in _SHOWN_TAGS}}
                items.append(entry)
            feed = {"head": json.loads(h.text or ""), "items": items}
        if not isinstance(feed.get("head"), dict) or not isinstance(feed.get("items"), list):
            raise ValueError("head/items")
    except (ValueError, ET.ParseError, AttributeError, TypeError) as exc:
        raise RegisterError("feed_bad", "file", detail=str(exc).splitlines()[0] if str(exc) else type(exc).__name__) \
            from None
    return feed


def _shown_matches(head: dict, entry: dict) -> bool:
    try:
        return entry["shown"] == _shown(head, entry)
    except (KeyError, TypeError):
        return False


def expected_fingerprints(feed: dict, fingerprint: str | None = None) -> set[str]:
    """The publisher fingerprints a feed must carry: the one given, else the province's pinned
    roots; empty when neither (the publisher is then not authenticated, only self-consistent)."""
    if fingerprint:
        return {trust._norm(fingerprint)}
    return set(trust.pins().get(str(feed["head"].get("authority_division", ""))[:2], ()))


def check(feed: dict, fingerprint: str | None = None) -> list[tuple[str, RegisterError]]:
    """Problems of a feed, [] when it verifies: (where, problem)."""
    from .chain import Verifier

    head = dict(feed["head"])
    problems: list[tuple[str, RegisterError]] = []
    sig = head.pop("signature", "")
    try:
        ok = head.get("format") == FORMAT and Verifier().check_bytes(
            head["public_key"], FEED_CONTEXT + canonical(head).encode("utf-8"), sig)
        fp = trust.fingerprint(head["public_key"])
    except (KeyError, TypeError, ValueError):
        ok, fp = False, ""
    if not ok:
        return [("head", RegisterError("feed_signature"))]
    want = expected_fingerprints(feed, fingerprint)
    if want and fp not in want:
        problems.append(("head", RegisterError("feed_fingerprint", got=fp, expected=", ".join(sorted(want)))))
    elif head.get("fingerprint") not in (None, fp):     # the head names another key than the one that signed it
        problems.append(("head", RegisterError("feed_fingerprint", got=fp, expected=str(head["fingerprint"])[:80])))
    items = feed["items"]
    if head.get("size") != len(items):
        problems.append(("head", RegisterError("feed_size", size=head.get("size"), found=len(items))))
    want_root = bytes.fromhex(head.get("root", ""))
    seen: set[int] = set()
    for n, entry in enumerate(items):
        where = f"#{n}"
        try:
            item, index, path = entry["item"], entry["leaf_index"], [bytes.fromhex(p) for p in entry["proof"]]
            where = f"#{n}（{item.get('id')}）"
            if type(index) is not int:     # "1", 1.0 or true is not a leaf index
                raise TypeError(index)
            got = root_from_path(index, head["size"], leaf(item), path)
        except (KeyError, TypeError, ValueError, AttributeError):
            got = None
        if got != want_root:
            problems.append((where, RegisterError("feed_inclusion")))
            continue
        if "shown" in entry and not _shown_matches(head, entry):
            problems.append((where, RegisterError("feed_shown")))
            continue
        if index in seen:                  # size items, each leaf once: none left out behind a copy
            problems.append((where, RegisterError("feed_duplicate", index=index)))
            continue
        seen.add(index)
        if item.get("entity_kind") == "natural_person" and _ID18.match(str(item.get("code", ""))):
            problems.append((where, RegisterError("feed_unmasked")))
    return problems
