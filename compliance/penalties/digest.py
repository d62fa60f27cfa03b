"""The state digest: one number that commits to the register's whole current state.

Every event carries ``state``: the sum (mod 2^256) over all entries after it of
``SHA-256(0x02 || canonical(entry with last_hash blanked) || 0 || id || 0 || code || 0 || name)``.
The last event is signed, so its signature covers the entire state; a check recomputes the
sum over the state rows it reads.
"""
from __future__ import annotations

import hashlib
import re
from hashlib import sha256 as _sha256

MOD = 1 << 256
ZERO_DIGEST = "0" * 64


# the entry's own "last_hash" in its canonical document (keys sorted; no nested object has that
# key, and a quote inside a text value is escaped, so the first match is the top-level key)
_LAST_HASH = re.compile(r'"last_hash":"[0-9a-f]*"')


def item_of(doc: str, sid: str, code: str, name_norm: str) -> int:
    """One entry's term of the state digest, from its stored row: the canonical document with
    ``last_hash`` blanked (it is the hash of the very event that carries the digest) and the
    indexed columns a check looks it up by (id, code, normalised name)."""
    blank = _LAST_HASH.sub('"last_hash":""', doc, count=1)
    data = "\x00".join((blank, sid, code, name_norm)).encode("utf-8")
    return int.from_bytes(hashlib.sha256(b"\x02" + data).digest(), "big")


_LAST_HASH_B = re.compile(rb'"last_hash":"[0-9a-f]*"')
_KEY_B = b'"last_hash":"'


def item_of_bytes(doc: bytes, sid: str, code: str, name_norm: str) -> int:
    """:func:`item_of` of the document as UTF-8 bytes (the same number)."""
    at = doc.find(_KEY_B)   # any match starts there: the search is short
    m = _LAST_HASH_B.search(doc, at) if at >= 0 else None
    h = _sha256(b"\x02")   # fed in pieces: no copy of the document (a replay does this per event)
    if m:
        view = memoryview(doc)
        h.update(view[:m.start()])
        h.update(b'"last_hash":""')
        h.update(view[m.end():])
    else:
        h.update(doc)
    h.update(("\x00" + sid + "\x00" + code + "\x00" + name_norm).encode("utf-8"))
    return int.from_bytes(h.digest(), "big")


def entry_item(state: dict) -> int:
    """The term of the entry ``state`` (as :func:`item_of` computes it from the stored row)."""
    from .chain import canonical
    from .fields import normalize_name

    doc = canonical({**state, "last_hash": ""})
    return item_of(doc, state["id"], state["entity"]["code"], normalize_name(state["entity"]["name"]))


def digest_hex(n: int) -> str:
    return f"{n % MOD:064x}"


def digest_int(h: str) -> int:
    return int(h, 16)
