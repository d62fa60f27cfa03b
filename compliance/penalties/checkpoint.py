"""The latest signed head this machine has seen, kept beside the register.

After every verified read and every append, the register's head -- its event count, the hash
of the last event and that event's Ed25519 signature by its authority (a signed tree head of
the hash chain) -- is written to a checkpoint file. A register that is later shorter than the
checkpoint (a deleted last event) or whose event at the checkpoint's position differs (a
restored older backup, rewritten history) is refused without any exported head.

For a SQLite register the file is ``<register>.checkpoint.json``; for a database URL it is
``<COMPLIANCE_CHECKPOINTS or user data dir/checkpoints>/<sha256 of the URL>.json``. Files are 0600.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import sqlalchemy as sa

from .messages import RegisterError
from .schema import events_t

_FIELDS = ("seq", "hash", "signature", "authority")


def path_for(url: str) -> Path | None:
    u = sa.engine.make_url(url)
    if u.get_backend_name() == "sqlite":
        if not u.database or u.database == ":memory:":
            return None
        return Path(u.database + ".checkpoint.json")
    base = os.environ.get("COMPLIANCE_CHECKPOINTS")
    if base:
        d = Path(base).expanduser()
    else:
        import platformdirs

        d = Path(platformdirs.user_data_dir("compliance", appauthor=False)) / "checkpoints"
    key = hashlib.sha256(u.render_as_string(hide_password=True).encode("utf-8")).hexdigest()[:32]
    return d / f"{key}.json"


def parse(text: str) -> dict | None:
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("seq"), int) or not isinstance(data.get("hash"), str):
        return None
    return data


def read(url: str) -> dict | None:
    p = path_for(url)
    if p is None:
        return None
    try:
        return parse(p.read_text(encoding="utf-8"))
    except OSError:
        return None


def behind(conn, seen: dict) -> tuple[int, RegisterError] | None:
    """(first bad seq, problem) when the register is shorter than, or differs from, ``seen``."""
    seq = seen["seq"]
    if seq <= 0:
        return None
    last = conn.execute(sa.select(sa.func.max(events_t.c.seq))).scalar() or 0
    if last < seq:
        return last + 1, RegisterError("v_rollback", seq=seq, last=last)
    at = conn.execute(sa.select(events_t.c.hash).where(events_t.c.seq == seq)).scalar()
    if at != seen["hash"]:
        return seq, RegisterError("v_checkpoint_differs", seq=seq)
    return None


def signed_head(conn, seq: int) -> dict:
    """The checkpoint of the register at ``seq`` (its event's hash and signature)."""
    if seq == 0:
        from .chain import EMPTY_HEAD

        return {"seq": 0, "hash": EMPTY_HEAD, "signature": "", "authority": ""}
    row = conn.execute(sa.select(events_t.c.hash, events_t.c.signature, events_t.c.authority_id)
                       .where(events_t.c.seq == seq)).one()
    return {"seq": seq, "hash": row.hash, "signature": row.signature, "authority": row.authority_id}


def write_file(p: Path, data: dict) -> None:
    p.parent.mkdir(parents=True, exist_ok=True)
    tmp = p.with_name(p.name + f".{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(json.dumps(data, ensure_ascii=False, sort_keys=True))
    os.replace(tmp, p)


def saw(url: str, head: dict, *, verified: bool = False) -> None:
    """Remember ``head`` (a :func:`signed_head`) unless a later one was already seen; with
    ``verified``, also as the point up to which this machine verified the whole chain (an
    incremental verify starts there). Best effort: a checkpoint that cannot be written never
    stops a check."""
    p = path_for(url)
    if p is None:
        return
    old = read(url)
    data = dict(old) if old is not None else {}
    changed = False
    if old is None or old["seq"] < head["seq"]:
        data.update({k: head[k] for k in _FIELDS})
        changed = True
    mark = verified_point(old)
    if verified and (mark is None or mark["seq"] < head["seq"]):
        data["verified"] = {"seq": head["seq"], "hash": head["hash"]}
        changed = True
    if not changed:
        return
    try:
        write_file(p, data)
    except OSError:
        pass


def verified_point(seen: dict | None) -> dict | None:
    """{seq, hash} up to which the chain was verified here, from a checkpoint file's content."""
    v = (seen or {}).get("verified")
    if isinstance(v, dict) and isinstance(v.get("seq"), int) and isinstance(v.get("hash"), str):
        return v
    return None
