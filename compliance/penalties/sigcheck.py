"""Ed25519 signature checks, and the hash links and signatures of a batch of events -- the part
of ``verify`` that runs in worker processes (this module imports nothing but the standard
library and PyNaCl, so a spawned worker starts quickly).

Signatures are verified with libsodium (through PyNaCl's ``crypto_sign_open``), about 1.8 times
faster than OpenSSL through ``cryptography`` (which still generates, stores and signs with the
keys: both are standard RFC 8032 Ed25519, the raw 32-byte public key is the same). Every
signature check of the register goes through :func:`valid`, so the full verify, a check's
re-derivation of an entry and the writer agree. libsodium is stricter than OpenSSL on crafted
encodings only: it also refuses a public key or an ``R`` of small order and a non-canonical
public key (with such a key anyone can forge signatures); a signature made by a real key
verifies the same in both. Such an event is reported as a bad signature (``v_signature``).

A batch is ``(prev_hash, items)`` where ``prev_hash`` is the stored hash of the event before the
first item and each item is ``(seq, public_key_b64, leaf, hash, signature_hex)``; ``leaf`` is
``SHA-256(0x00 || payload)`` of the stored payload's UTF-8 bytes (computed by the replaying
process, which reads the payload anyway; None when the payload has no UTF-8 form). An event
verifies when ``hash == SHA-256(0x01 || prev_hash || leaf)`` (its link to the stored hash before
it; by induction from the empty head every stored hash is then the recomputed one) and its
signature by ``public_key`` over ``SIGNING_CONTEXT || hash`` holds.

A worker (:func:`serve`) is a child process started by :class:`.replay.Signatures`; it reads
batches from one pipe and answers :func:`first_bad` on another, each message a pickle framed
by its length.
"""
from __future__ import annotations

import base64
import hashlib

SIGNING_CONTEXT = b"compliance-sanctions/v1 event-hash\x00"

_keys: dict = {}
_open = None


def raw_key(public_key_b64: str, validate: bool = True) -> bytes | None:
    """The 32 raw bytes of a base64 public key, or None when it is not one."""
    try:
        raw = base64.b64decode(public_key_b64, validate=validate)
    except (ValueError, TypeError):
        return None
    return raw if len(raw) == 32 else None


def valid(raw_public_key: bytes | None, signature: bytes, message: bytes) -> bool:
    """Whether ``signature`` (64 bytes) is ``raw_public_key``'s Ed25519 signature of ``message``
    (libsodium's ``crypto_sign_open``; see the module text for its strictness)."""
    global _open
    if raw_public_key is None or len(signature) != 64:
        return False
    if _open is None:
        from nacl.bindings import crypto_sign_open

        _open = crypto_sign_open
    from nacl.exceptions import CryptoError

    try:
        _open(signature + message, raw_public_key)
    except (CryptoError, ValueError, TypeError):   # BadSignatureError, or a malformed argument
        return False
    return True


def _key(public_key_b64: str):
    key = _keys.get(public_key_b64)
    if key is None:
        key = raw_key(public_key_b64) or False
        if len(_keys) > 1000:
            _keys.clear()
        _keys[public_key_b64] = key
    return key


def first_bad(batch) -> tuple[int, str] | None:
    """(seq, "v_hash" | "v_signature") of the first event of ``batch`` that fails, or None."""
    from nacl.bindings import crypto_sign_open as check
    from nacl.exceptions import CryptoError

    prev, items = batch
    sha256 = hashlib.sha256
    fromhex = bytes.fromhex
    try:
        prev_raw = fromhex(prev)
    except (ValueError, TypeError):
        prev_raw = None
    for seq, public_key, leaf, stored, signature in items:
        try:
            link = sha256(b"\x01" + prev_raw + leaf)
        except TypeError:   # no previous hash (not hex), or no leaf
            return seq, "v_hash"
        if link.hexdigest() != stored:
            return seq, "v_hash"
        head = link.digest()
        key = _key(public_key) if public_key else False
        if key is False:
            return seq, "v_signature"
        try:
            sig = fromhex(signature)
            if len(sig) != 64:
                return seq, "v_signature"
            check(sig + SIGNING_CONTEXT + head, key)
        except (CryptoError, ValueError, TypeError):   # BadSignatureError, or not hex / not text
            return seq, "v_signature"
        prev_raw = head
    return None


def signatures_only(items, library: str = "nacl") -> int | None:
    """The Ed25519 floor: only ``(seq, key, hash, signature)`` signatures, nothing else
    (benchmark). ``library``: "nacl" (what verify uses) or "cryptography" (for comparison)."""
    if library == "cryptography":
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

        keys: dict = {}
        for seq, public_key, head, signature in items:
            key = keys.get(public_key)
            if key is None:
                key = keys[public_key] = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key))
            try:
                key.verify(bytes.fromhex(signature), SIGNING_CONTEXT + bytes.fromhex(head))
            except Exception:
                return seq
        return None
    from nacl.bindings import crypto_sign_open as check

    for seq, public_key, head, signature in items:
        try:
            check(bytes.fromhex(signature) + SIGNING_CONTEXT + bytes.fromhex(head), _key(public_key))
        except Exception:
            return seq
    return None


# --------------------------------------------------------------------------- worker processes

_FRAME = 8   # bytes of the length before each pickled message


def _read_exact(fd: int, n: int) -> bytes | None:
    import os

    parts, got = [], 0
    while got < n:
        chunk = os.read(fd, min(n - got, 1 << 20))
        if not chunk:
            return None
        parts.append(chunk)
        got += len(chunk)
    return b"".join(parts)


def read_message(fd: int):
    """The next pickled message on ``fd``; None at the end of the stream."""
    import pickle

    head = _read_exact(fd, _FRAME)
    if head is None:
        return None
    body = _read_exact(fd, int.from_bytes(head, "big"))
    return None if body is None else pickle.loads(body)


def frame(message) -> bytes:
    import pickle

    body = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return len(body).to_bytes(_FRAME, "big") + body


def write_all(fd: int, data: bytes) -> None:
    import os

    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def serve(fd_in: int, fd_out: int) -> None:
    """A worker: ``(batch id, batch)`` messages in, ``(batch id, first_bad(batch))`` out, until
    the input ends. (It runs at the ordinary priority: the replaying process checks batches too
    once it has replayed everything, so the total work sets the pace, not who runs first.)"""
    while True:
        message = read_message(fd_in)
        if message is None:
            return
        ident, batch = message
        write_all(fd_out, frame((ident, first_bad(batch))))
