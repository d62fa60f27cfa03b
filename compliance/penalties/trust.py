"""Trust anchors: each province's root authority, pinned out of band.

A province's root (the authority enrolled with ``--bootstrap``) is accepted only when its
public-key fingerprint is pinned for that province -- in the reference data shipped with the
product (``trust_anchors.toml`` beside this module) or in the deployment's configuration file
(``COMPLIANCE_CONFIG``, default ``<user config dir>/compliance/config.toml``)::

    [sanctions.trust_anchors]
    43 = "SHA256:9f2c…"          # 湖南省林业局, as published by the bureau
    51 = ["SHA256:…", "SHA256:…"]  # a key rollover: either key

A province without a pin can still be bootstrapped (a test or pilot register), and
``compliance sanctions verify`` reports that its authorities do not chain to a pinned root.
"""
from __future__ import annotations

import base64
import hashlib
import os
from functools import lru_cache
from pathlib import Path

from .messages import RegisterError

SHIPPED = Path(__file__).resolve().parent / "trust_anchors.toml"


def fingerprint(public_key_b64: str) -> str:
    """``SHA256:<hex>`` of the raw 32-byte Ed25519 public key."""
    return "SHA256:" + hashlib.sha256(base64.b64decode(public_key_b64)).hexdigest()


def config_path() -> Path:
    env = os.environ.get("COMPLIANCE_CONFIG")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir("compliance", appauthor=False)) / "config.toml"


def _read(path: Path) -> dict[str, set[str]]:
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise RegisterError("config_bad", "config", path=str(path), detail=str(exc).splitlines()[0]) from None
    anchors = (data.get("sanctions") or {}).get("trust_anchors") or {}
    if not isinstance(anchors, dict):
        raise RegisterError("config_bad", "config", path=str(path), detail="sanctions.trust_anchors")
    out: dict[str, set[str]] = {}
    for prov, value in anchors.items():
        values = value if isinstance(value, list) else [value]
        if not (str(prov).isdigit() and len(str(prov)) == 2) or not all(isinstance(v, str) for v in values):
            raise RegisterError("config_bad", "config", path=str(path), detail=f"sanctions.trust_anchors.{prov}")
        out.setdefault(str(prov), set()).update(_norm(v) for v in values)
    return out


def _norm(fp: str) -> str:
    fp = fp.strip()
    body = fp.split(":", 1)[1] if fp.upper().startswith("SHA256:") else fp
    return "SHA256:" + body.strip().lower()


@lru_cache(maxsize=8)
def _pins(config: str, _stamp=None) -> dict[str, frozenset[str]]:
    merged: dict[str, set[str]] = {}
    for path in (SHIPPED, Path(config)):
        for prov, fps in _read(path).items():
            # the deployment's configuration replaces the shipped pin of a province
            merged[prov] = set(fps) if path != SHIPPED else merged.get(prov, set()) | fps
    return {p: frozenset(v) for p, v in merged.items()}


def pins() -> dict[str, frozenset[str]]:
    """Province code -> pinned root fingerprints."""
    path = config_path()
    try:
        st = path.stat()
        stamp = (st.st_mtime_ns, st.st_size)
    except OSError:
        stamp = None
    return _pins(str(path), stamp)


def root_problem(body: dict, pinned: dict | None = None) -> RegisterError | None:
    """Why the bootstrap enrolment ``body`` may not be a province's root, or None."""
    pinned = pins() if pinned is None else pinned
    province = str(body["division"])[:2]
    want = pinned.get(province)
    if not want:
        return None
    got = fingerprint(body["public_key"])
    if got not in want:
        return RegisterError("root_not_pinned", "new_key", province=province, got=got,
                             expected=", ".join(sorted(want)))
    return None


def unpinned_roots(authorities: dict) -> list[str]:
    """Provinces whose root in ``authorities`` has no pinned fingerprint."""
    pinned = pins()
    provs = {a["division"][:2] for a in authorities.values() if a["level"] == "province"
             and a.get("enrolled_by") == a["authority_id"]}
    return sorted(p for p in provs if p not in pinned)
