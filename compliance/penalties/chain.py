"""Canonical JSON, the hash chain and Ed25519 signatures.

Hashing follows RFC 6962's domain separation: an event (a leaf) is hashed as
``SHA-256(0x00 || canonical JSON)``, and the chain is extended as
``head_n = SHA-256(0x01 || head_{n-1} || leaf_n)`` starting from ``head_0 = SHA-256("")``
(RFC 6962's hash of the empty tree). So a leaf can never be passed off as a chain node,
and ``head_n`` commits to every event up to n in order. ``head_n`` is the *event hash*.

The acting authority signs ``SIGNING_CONTEXT || head_n`` with its Ed25519 key: a signature
binds the event to its place in the history, and is useless in any other protocol.

Canonical JSON: UTF-8, keys sorted, no insignificant whitespace, no floats (dates are ISO
strings, amounts integers). For the ASCII keys used here this is RFC 8785 (JCS).
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
from pathlib import Path

from .messages import RegisterError, os_error

EMPTY_HEAD = hashlib.sha256(b"").hexdigest()
SIGNING_CONTEXT = b"compliance-sanctions/v1 event-hash\x00"


def _canonical_json(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)


try:
    import orjson as _orjson
except ImportError:  # pragma: no cover - orjson is a dependency; the standard library gives the same text
    _orjson = None


def canonical(obj) -> str:
    """Canonical JSON text of ``obj`` (str, int, bool, None, lists, dicts with string keys).

    orjson writes the same text as ``json.dumps(ensure_ascii=False, sort_keys=True,
    separators=(",", ":"))`` for these types (the same escapes, keys in code-point order),
    several times faster; what it refuses (integers beyond 64 bits, lone surrogates, other key
    types) goes the standard library's way. (Register data holds no floats.)"""
    if _orjson is not None:
        try:
            return _orjson.dumps(obj, option=_orjson.OPT_SORT_KEYS).decode("utf-8")
        except TypeError:
            pass
    return _canonical_json(obj)


def canonical_bytes(obj) -> bytes:
    """:func:`canonical` as UTF-8 bytes (a tight copy: orjson's own result keeps a buffer of
    several KiB whatever its length, which a replay holding 100,000 documents pays in RAM)."""
    if _orjson is not None:
        try:
            return memoryview(_orjson.dumps(obj, option=_orjson.OPT_SORT_KEYS)).tobytes()
        except TypeError:
            pass
    return _canonical_json(obj).encode("utf-8")


def loads(text):
    """Parse JSON text (orjson when it accepts the text; else the standard library); None when
    it is not JSON."""
    if _orjson is not None:
        try:
            return _orjson.loads(text)
        except (_orjson.JSONDecodeError, TypeError):
            pass
    try:
        return json.loads(text)
    except (ValueError, TypeError):
        return None


def leaf_hash(payload: str) -> bytes:
    return hashlib.sha256(b"\x00" + payload.encode("utf-8")).digest()


def next_head(prev_head: str, payload: str) -> str:
    return hashlib.sha256(b"\x01" + bytes.fromhex(prev_head) + leaf_hash(payload)).hexdigest()


def _passphrase() -> bytes | None:
    value = os.environ.get("COMPLIANCE_KEY_PASSPHRASE")
    return value.encode("utf-8") if value else None


def _prompted(path) -> bytes | None:
    """Ask for the passphrase of an encrypted key on a terminal (None when there is none)."""
    import sys

    if not (sys.stdin.isatty() and sys.stderr.isatty()):
        return None
    import getpass

    try:
        value = getpass.getpass(f"{path} 的密码 / passphrase: ")
    except (EOFError, KeyboardInterrupt):
        return None
    return value.encode("utf-8") if value else None


def _private_mode_problem(p: Path, field: str):
    """A private key others can read is refused (like ssh): the key is the authority's signature."""
    if os.name != "posix":
        return None
    try:
        mode = p.stat().st_mode & 0o777
    except OSError:
        return None
    if mode & 0o077:
        return RegisterError("key_readable_by_others", field, path=str(p), mode=f"{mode:03o}")
    return None


class Signer:
    """An authority's Ed25519 private key."""

    def __init__(self, private_key):
        self._key = private_key
        from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

        raw = private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        self.public_key = base64.b64encode(raw).decode("ascii")

    @classmethod
    def generate(cls) -> "Signer":
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        return cls(Ed25519PrivateKey.generate())

    @classmethod
    def from_file(cls, path, field: str = "key") -> "Signer":
        key, _ = load_key_file(path, field)
        if key is None:
            raise RegisterError("key_public_only", field, path=str(path))
        return cls(key)

    def sign(self, head: str) -> str:
        return self._key.sign(SIGNING_CONTEXT + bytes.fromhex(head)).hex()

    def sign_bytes(self, message: bytes) -> str:
        """A signature over ``message`` (which must start with its own context string)."""
        return self._key.sign(message).hex()

    def pem(self) -> bytes:
        from cryptography.hazmat.primitives import serialization as s

        pw = _passphrase()
        enc = s.BestAvailableEncryption(pw) if pw else s.NoEncryption()
        return self._key.private_bytes(s.Encoding.PEM, s.PrivateFormat.PKCS8, enc)

    def write(self, path, field: str = "new_key") -> None:
        """Write the key as PKCS#8 PEM (encrypted when COMPLIANCE_KEY_PASSPHRASE is set), mode 0600."""
        p = Path(path)
        try:
            fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            raise RegisterError("file_exists", field, path=str(p)) from None
        except OSError as exc:
            raise os_error(exc, field, p, write=True) from None
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(self.pem())
        except OSError as exc:
            p.unlink(missing_ok=True)
            raise os_error(exc, field, p, write=True) from None


def load_key_file(path, field: str = "key"):
    """(private key or None, base64 raw public key) from a PEM file holding either."""
    from cryptography.exceptions import UnsupportedAlgorithm
    from cryptography.hazmat.primitives import serialization as s
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise os_error(exc, field, p) from None
    # the library's own messages (English, with URLs) are not shown: each case has a message of ours
    if b"PUBLIC KEY" in data and b"PRIVATE KEY" not in data:
        try:
            pub = s.load_pem_public_key(data)
        except (ValueError, TypeError, UnsupportedAlgorithm):
            raise RegisterError("key_unparsable", field, path=str(p)) from None
        if not isinstance(pub, Ed25519PublicKey):
            raise RegisterError("key_not_ed25519", field, path=str(p))
        raw = pub.public_bytes(s.Encoding.Raw, s.PublicFormat.Raw)
        return None, base64.b64encode(raw).decode("ascii")
    password = _passphrase()
    if password is None and b"ENCRYPTED" in data:
        password = _prompted(p)
    try:
        try:
            key = s.load_pem_private_key(data, password=password)
        except TypeError:
            # encrypted without a passphrase, or a passphrase for a clear key
            if password is None:
                raise RegisterError("key_needs_passphrase", field) from None
            key = s.load_pem_private_key(data, password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm):
        encrypted = b"ENCRYPTED" in data and password is not None
        raise RegisterError("key_wrong_passphrase" if encrypted else "key_unparsable", field,
                            path=str(p)) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise RegisterError("key_not_ed25519", field, path=str(p))
    problem = _private_mode_problem(p, field)
    if problem is not None:
        raise problem
    signer = Signer(key)
    return key, signer.public_key


def public_pem(public_key_b64: str) -> str:
    from cryptography.hazmat.primitives import serialization as s
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    pub = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key_b64))
    return pub.public_bytes(s.Encoding.PEM, s.PublicFormat.SubjectPublicKeyInfo).decode("ascii")


class Verifier:
    """Checks signatures (libsodium through :func:`.sigcheck.valid`, as the full verify does),
    caching the decoded public keys."""

    def __init__(self):
        self._keys: dict[str, bytes | None] = {}

    def check_bytes(self, public_key_b64: str, message: bytes, signature_hex: str) -> bool:
        from .sigcheck import raw_key, valid

        try:
            signature = bytes.fromhex(signature_hex)
        except (ValueError, TypeError):
            return False
        return valid(raw_key(public_key_b64, validate=False), signature, message)

    def check(self, public_key_b64: str, head: str, signature_hex: str) -> bool:
        from .sigcheck import raw_key, valid

        if public_key_b64 not in self._keys:
            self._keys[public_key_b64] = raw_key(public_key_b64, validate=False)
        try:
            signature = bytes.fromhex(signature_hex)
            message = SIGNING_CONTEXT + bytes.fromhex(head)
        except (ValueError, TypeError):
            return False
        return valid(self._keys[public_key_b64], signature, message)
