"""Signed checkpoints: tree heads in the register, and the latest head this machine has seen.

**Signed tree heads (STH).** Every ``checkpoint_every`` events (default 1000; configuration
``[sanctions] checkpoint_every`` in ``COMPLIANCE_CONFIG`` or the environment variable
``COMPLIANCE_CHECKPOINT_EVERY``; 0 turns them off) and on demand (``compliance sanctions
checkpoint --sign``), the appending authority signs ``TREE_HEAD_CONTEXT || canonical({seq,
hash, state, at, authority})``: the number of events, the chain head after them and the state
digest there. They are kept in the register's ``sanction_checkpoints`` table and exported as
JSON (``checkpoint --out``). A full ``verify`` checks each one against the replayed chain; an
incremental ``verify`` starts from the latest one whose signature and position hold (or from
the point this machine verified up to) and replays only the events after it.

**The latest head seen.**

After every verified read and every append, the register's head -- its event count, the hash
of the last event and that event's Ed25519 signature by its authority (a signed tree head of
the hash chain) -- is written to a checkpoint file. A register that is later shorter than the
checkpoint (a deleted last event) or whose event at the checkpoint's position differs (a
restored older backup, rewritten history) is refused without any exported head.

For a SQLite register the file is ``<register>.checkpoint.json`` (it travels with the register:
exportable, and seen on any machine the register is copied to), and a second copy is kept on this
machine, ``<COMPLIANCE_CHECKPOINTS or user data dir/checkpoints>/file-<sha256 of the register's
absolute path>.json``, so that restoring a backup of the register's folder -- register and
checkpoint file together -- is caught too; the furthest of the two counts. For a database URL the
file is ``<COMPLIANCE_CHECKPOINTS or user data dir/checkpoints>/<sha256 of the URL>.json``. Each
record also names the register's first event (``genesis``): a different register later found at
the same place (its first event differs) is not taken for a rolled-back one. Files are 0600.
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
TREE_HEAD_CONTEXT = b"compliance-sanctions/v1 tree-head\x00"
DEFAULT_EVERY = 1000
_STH_FIELDS = ("seq", "hash", "state", "at", "authority")


def every() -> int:
    """Events between automatic signed tree heads (0: none)."""
    raw = os.environ.get("COMPLIANCE_CHECKPOINT_EVERY")
    source = "COMPLIANCE_CHECKPOINT_EVERY"
    if raw is None or not raw.strip():
        from . import trust

        path = trust.config_path()
        source = str(path)
        try:
            import tomllib

            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return DEFAULT_EVERY
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise RegisterError("config_bad", "config", path=str(path), detail=str(exc).splitlines()[0]) from None
        raw = (data.get("sanctions") or {}).get("checkpoint_every", DEFAULT_EVERY)
    try:
        n = int(str(raw).strip()) if not isinstance(raw, bool) else -1
    except ValueError:
        n = -1
    if n < 0 or n > 10_000_000:
        raise RegisterError("checkpoint_every_bad", "config", source=source, value=str(raw)[:40])
    return n


def tree_head_message(sth: dict) -> bytes:
    from .chain import canonical

    return TREE_HEAD_CONTEXT + canonical({k: sth[k] for k in _STH_FIELDS}).encode("utf-8")


def sign_tree_head(seq: int, head: str, state: str, authority: str, signer, at: str) -> dict:
    sth = {"seq": seq, "hash": head, "state": state, "at": at, "authority": authority}
    sth["signature"] = signer.sign_bytes(tree_head_message(sth))
    return sth


def tree_head_problem(sth: dict, authorities: dict, head: str | None, state: str | None) -> str | None:
    """Why the tree head ``sth`` does not hold, or None: its signer must be an enrolled
    authority whose key verifies the signature, and its hash and state digest must be those of
    the chain at its position (``head``, ``state``: as replayed or as stored and verified)."""
    from .chain import Verifier

    acting = authorities.get(sth.get("authority"))
    if acting is None:
        return "signer"
    try:
        ok = Verifier().check_bytes(acting["public_key"], tree_head_message(sth), sth.get("signature") or "")
    except (KeyError, TypeError, ValueError):
        ok = False
    if not ok:
        return "signature"
    if head is not None and sth.get("hash") != head:
        return "hash"
    if state is not None and sth.get("state") != state:
        return "state"
    return None


def tree_heads(conn, after: int = 0) -> list[dict]:
    """The signed tree heads kept in the register (after event ``after``), in order."""
    from .schema import checkpoints_t as c

    rows = conn.execute(sa.select(c.c.seq, c.c.hash, c.c.state, c.c.at, c.c.authority_id, c.c.signature)
                        .where(c.c.seq > after).order_by(c.c.seq))
    return [{"seq": r.seq, "hash": r.hash, "state": r.state, "at": r.at, "authority": r.authority_id,
             "signature": r.signature} for r in rows]


def latest_tree_head(conn) -> dict | None:
    from .schema import checkpoints_t as c

    r = conn.execute(sa.select(c.c.seq, c.c.hash, c.c.state, c.c.at, c.c.authority_id, c.c.signature)
                     .order_by(c.c.seq.desc()).limit(1)).first()
    if r is None:
        return None
    return {"seq": r.seq, "hash": r.hash, "state": r.state, "at": r.at, "authority": r.authority_id,
            "signature": r.signature}


def put_tree_head(conn, sth: dict) -> None:
    from .schema import checkpoints_t as c

    conn.execute(c.insert(), {"seq": sth["seq"], "hash": sth["hash"], "state": sth["state"], "at": sth["at"],
                              "authority_id": sth["authority"], "signature": sth["signature"]})


def _machine_dir() -> Path:
    base = os.environ.get("COMPLIANCE_CHECKPOINTS")
    if base:
        return Path(base).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("compliance", appauthor=False)) / "checkpoints"


def path_for(url: str) -> Path | None:
    """The checkpoint file that travels with the register (SQLite), or this machine's (a URL)."""
    u = sa.engine.make_url(url)
    if u.get_backend_name() == "sqlite":
        if not u.database or u.database == ":memory:":
            return None
        return Path(u.database + ".checkpoint.json")
    key = hashlib.sha256(u.render_as_string(hide_password=True).encode("utf-8")).hexdigest()[:32]
    return _machine_dir() / f"{key}.json"


def machine_path_for(url: str) -> Path | None:
    """This machine's copy of a SQLite register's checkpoint (None for a URL: its file is already here)."""
    u = sa.engine.make_url(url)
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return None
    where = str(Path(u.database).expanduser().resolve())
    return _machine_dir() / f"file-{hashlib.sha256(where.encode('utf-8')).hexdigest()[:32]}.json"


def _paths(url: str) -> list[Path]:
    return [p for p in (path_for(url), machine_path_for(url)) if p is not None]


def parse(text: str) -> dict | None:
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("seq"), int) or not isinstance(data.get("hash"), str):
        return None
    return data


def _read_one(p: Path) -> dict | None:
    try:
        data = parse(p.read_text(encoding="utf-8"))
    except OSError:
        return None
    if data is not None:
        data["file"] = str(p)   # where it was read (named when the register is behind it; not written)
    return data


def read(url: str) -> dict | None:
    """The furthest checkpoint seen of the register at ``url`` (beside it, or this machine's copy)."""
    found = [d for d in (_read_one(p) for p in _paths(url)) if d is not None]
    return max(found, key=lambda d: d["seq"]) if found else None


def behind(conn, seen: dict) -> tuple[int, RegisterError] | None:
    """(first bad seq, problem) when the register is shorter than, or differs from, ``seen``."""
    seq = seen["seq"]
    if seq <= 0:
        return None
    genesis = seen.get("genesis")
    if isinstance(genesis, str) and genesis:
        first = conn.execute(sa.select(events_t.c.hash).where(events_t.c.seq == 1)).scalar()
        if first is not None and first != genesis:
            return None   # another register at the same place (its first event differs): not this one's past
    last = conn.execute(sa.select(sa.func.max(events_t.c.seq))).scalar() or 0
    where = seen.get("file", "")
    if last < seq:
        return last + 1, RegisterError("v_rollback", seq=seq, last=last, file=where)
    at = conn.execute(sa.select(events_t.c.hash).where(events_t.c.seq == seq)).scalar()
    if at != seen["hash"]:
        return seq, RegisterError("v_checkpoint_differs", seq=seq, file=where)
    return None


def signed_head(conn, seq: int) -> dict:
    """The checkpoint of the register at ``seq`` (its event's hash and signature)."""
    if seq == 0:
        from .chain import EMPTY_HEAD

        return {"seq": 0, "hash": EMPTY_HEAD, "signature": "", "authority": ""}
    row = conn.execute(sa.select(events_t.c.hash, events_t.c.signature, events_t.c.authority_id)
                       .where(events_t.c.seq == seq)).one()
    genesis = row.hash if seq == 1 else conn.execute(sa.select(events_t.c.hash).where(events_t.c.seq == 1)).scalar()
    return {"seq": seq, "hash": row.hash, "signature": row.signature, "authority": row.authority_id,
            "genesis": genesis or ""}


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
    for p in _paths(url):   # each copy on its own: one left behind (a restored folder) is brought forward
        old = _read_one(p)
        if old is not None and head.get("genesis") and old.get("genesis") not in (None, "", head["genesis"]):
            old = None   # what it remembers is another register's
        data = dict(old) if old is not None else {}
        data.pop("file", None)
        changed = False
        if old is None or old["seq"] < head["seq"]:
            data.update({k: head[k] for k in _FIELDS})
            changed = True
        if head.get("genesis") and data.get("genesis") != head["genesis"] and data["seq"] == head["seq"]:
            data["genesis"] = head["genesis"]
            changed = True
        mark = verified_point(old)
        if verified and (mark is None or mark["seq"] < head["seq"]):
            data["verified"] = {"seq": head["seq"], "hash": head["hash"]}
            changed = True
        if not changed:
            continue
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


# --------------------------------------------------------------------------- the verified index

def index_path(url: str) -> Path | None:
    """Beside the checkpoint file: the lookup columns of every entry at the point verified here."""
    p = path_for(url)
    return None if p is None else p.with_name(p.name.replace(".checkpoint.json", "") .removesuffix(".json")
                                              + ".index.json")


def read_index(url: str) -> dict | None:
    p = index_path(url)
    if p is None:
        return None
    try:
        from .chain import loads

        data = loads(p.read_bytes())
    except OSError:
        return None
    return data if isinstance(data, dict) else None


def write_index(url: str, data: dict, unchanged: tuple | None = None) -> None:
    """Keep ``data`` ({seq, hash, digest, entries}) unless the index already holds that point.
    Best effort, like the checkpoint (0600)."""
    if unchanged is not None and unchanged == (data["seq"], data["hash"]):
        return
    p = index_path(url)
    if p is None:
        return
    try:
        from .chain import canonical

        p.parent.mkdir(parents=True, exist_ok=True)
        tmp = p.with_name(p.name + f".{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(canonical({**data, "entries": {k: list(v) for k, v in data["entries"].items()}}))
        os.replace(tmp, p)
    except OSError:
        pass
