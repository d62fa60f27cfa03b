"""Hash links and Ed25519 signatures of a batch of events -- the part of ``verify`` that runs in
worker processes (this module imports nothing but hashlib and ``cryptography``, so a spawned
worker starts quickly).

A batch is ``(prev_hash, items)`` where ``prev_hash`` is the stored hash of the event before the
first item and each item is ``(seq, public_key_b64, payload, hash, signature_hex)``. An event
verifies when ``hash == SHA-256(0x01 || prev_hash || SHA-256(0x00 || payload))`` (its link to
the stored hash before it; by induction from the empty head every stored hash is then the
recomputed one) and its signature by ``public_key`` over ``SIGNING_CONTEXT || hash`` holds.
"""
from __future__ import annotations

import base64
import hashlib

SIGNING_CONTEXT = b"compliance-sanctions/v1 event-hash\x00"

_keys: dict = {}


def lower_priority() -> None:
    """In a worker: yield the CPU to the process replaying the chain (it alone decides how
    long the verify takes; the workers catch up on its core once it is done)."""
    import os

    try:
        os.nice(5)
    except (AttributeError, OSError):
        pass


def _key(public_key_b64: str):
    key = _keys.get(public_key_b64)
    if key is None:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

        try:
            key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key_b64, validate=True))
        except (ValueError, TypeError):
            key = False
        if len(_keys) > 1000:
            _keys.clear()
        _keys[public_key_b64] = key
    return key


def first_bad(batch) -> tuple[int, str] | None:
    """(seq, "v_hash" | "v_signature") of the first event of ``batch`` that fails, or None."""
    from cryptography.exceptions import InvalidSignature

    prev, items = batch
    sha256 = hashlib.sha256
    for seq, public_key, payload, stored, signature in items:
        try:
            link = sha256(b"\x01" + bytes.fromhex(prev) + sha256(b"\x00" + payload.encode("utf-8")).digest())
        except (ValueError, TypeError, AttributeError):
            return seq, "v_hash"
        if link.hexdigest() != stored:
            return seq, "v_hash"
        head = link.digest()
        key = _key(public_key) if public_key else False
        if key is False:
            return seq, "v_signature"
        try:
            key.verify(bytes.fromhex(signature), SIGNING_CONTEXT + head)
        except (InvalidSignature, ValueError, TypeError):
            return seq, "v_signature"
        prev = stored
    return None


def signatures_only(items) -> int | None:
    """The Ed25519 floor: only ``(seq, key, hash, signature)`` signatures, nothing else (benchmark)."""
    from cryptography.exceptions import InvalidSignature

    for seq, public_key, head, signature in items:
        try:
            _key(public_key).verify(bytes.fromhex(signature), SIGNING_CONTEXT + bytes.fromhex(head))
        except (InvalidSignature, ValueError, TypeError, AttributeError):
            return seq
    return None
