"""Replaying the chain in one pass: the engine of the full and the incremental ``verify``.

One streaming SELECT reads the events in order. This process parses each event once, checks
its columns against its payload, applies the register's rules (:mod:`.fold`) and folds it into
the state, keeping the state digest; the hash links and the Ed25519 signatures of the same
events are checked in batches by :mod:`.sigcheck` -- in worker processes (one per core) while
the replay goes on, or inline for small registers. The first bad event reported is the
earliest one either side found.

The key each signature is checked with is the acting authority's key as folded *by this
replay* up to that event, so the workers need no knowledge of the register's rules.
"""
from __future__ import annotations

import os

from . import fold, sigcheck, trust
from .chain import EMPTY_HEAD, canonical, loads
from .fields import normalize_name
from .digest import digest_hex, item_of

BATCH = 2000   # events per signature batch sent to a worker
PARALLEL_FROM = 20_000   # events: below this, one process verifies faster than starting workers


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class Signatures:
    """Hash links and signatures of the replayed events, checked in batches.

    ``workers`` > 1: a pool of that many spawned processes checks batches while the caller
    replays; otherwise each batch is checked inline when it is full. :meth:`first_bad` waits for
    every batch and answers the earliest (seq, message key) that fails, or None."""

    def __init__(self, workers: int = 0, prev: str = EMPTY_HEAD, batch: int = BATCH):
        self._pool = None
        if workers > 1:
            import multiprocessing as mp
            from concurrent.futures import ProcessPoolExecutor

            self._pool = ProcessPoolExecutor(workers, mp_context=mp.get_context("spawn"), initializer=sigcheck.lower_priority)
        self._batch = batch
        self._prev = prev
        self._items: list = []
        self._futures: list = []
        self._bad = None

    def add(self, seq: int, public_key: str | None, payload: str, stored_hash: str, signature: str) -> None:
        self._items.append((seq, public_key, payload, stored_hash, signature))
        if len(self._items) >= self._batch:
            self._flush()

    def _flush(self) -> None:
        if not self._items:
            return
        batch = (self._prev, self._items)
        self._prev = self._items[-1][3]
        self._items = []
        if self._pool is not None:
            self._futures.append(self._pool.submit(sigcheck.first_bad, batch))
        elif self._bad is None:
            self._bad = sigcheck.first_bad(batch)

    def first_bad(self) -> tuple[int, str] | None:
        self._flush()
        found = [self._bad] if self._bad else []
        found += [r for r in (f.result() for f in self._futures) if r is not None]
        self._futures = []
        self._bad = min(found) if found else None
        return self._bad

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


# (row index, column, payload key), in the order a mismatch is reported
_COLUMNS = ((1, "kind", "kind"), (3, "authority_id", "authority"), (4, "at", "at"), (2, "sanction_id", "sanction"))
EVENTS_SQL = ("SELECT seq, kind, sanction_id, authority_id, at, payload, hash, signature "
              "FROM sanction_events{where} ORDER BY seq")


class Replay:
    """The register folded event by event (state kept compactly: entry id -> canonical document,
    its state-table columns and its digest term).

    For an incremental replay, ``authorities`` and ``digest`` are those verified at the start,
    and ``prior(sid)`` re-derives an entry that already existed there (None: not found)."""

    def __init__(self, pins: dict, *, authorities: dict | None = None, digest: int = 0, prior=None):
        self.pins = pins
        self.authorities: dict[str, dict] = dict(authorities or {})
        self.states: dict[str, str] = {}
        self.columns: dict[str, tuple] = {}
        self.items: dict[str, int] = {}
        self.digest = digest
        self._prior = prior

    def event(self, row, sigs: Signatures) -> tuple[str, dict] | None:
        """Check and fold one event row (seq, kind, sanction_id, authority_id, at, payload, hash,
        signature); its link and signature go to ``sigs``. A problem is (message key, params)."""
        seq = row[0]
        payload = row[5]
        content = loads(payload)
        if not isinstance(content, dict) or not isinstance(content.get("body"), dict):
            return "v_payload", {}
        if content.get("seq") != seq:
            return "v_seq_payload", {"found": content.get("seq")}
        for i, col, key in _COLUMNS:
            if row[i] != content.get(key):
                return "v_column", {"column": col}
        if content["kind"] == "recorded" and content.get("sanction") != fold.sanction_id(seq):
            return "v_column", {"column": "sanction_id"}
        try:
            return self._apply(content, seq, payload, row[6], row[7], sigs)
        except (KeyError, TypeError, ValueError, AttributeError):
            return "v_payload", {}   # a hand-made event missing what it needs

    def _apply(self, content: dict, seq: int, payload: str, head: str, signature: str,
               sigs: Signatures) -> tuple[str, dict] | None:
        kind, body, acting_id = content["kind"], content["body"], content["authority"]
        if kind == "enrolled":
            boot = bool(body.get("bootstrap"))
            acting = None if boot else self.authorities.get(acting_id)
            key = body["public_key"] if boot else (acting or {}).get("public_key")
            if key is None:
                return "v_authority", {"value": acting_id}
            sigs.add(seq, key, payload, head, signature)
            problem = fold.enrolment_problem(body, acting_id, acting, self.authorities)
            if problem:
                return "v_rule", {"detail": problem.message()}
            if boot and trust.root_problem(body, self.pins) is not None:
                return "v_root_not_pinned", {"province": str(body["division"])[:2]}
            if "state" in content and content["state"] != digest_hex(self.digest):
                return "v_state_digest", {}
            self.authorities[body["authority_id"]] = fold.apply_enrolment(body, seq, acting_id)
            return None
        if kind not in fold.SANCTION_EVENTS:
            return "v_column", {"column": "kind"}
        acting = self.authorities.get(acting_id)
        if acting is None:
            return "v_authority", {"value": acting_id}
        sigs.add(seq, acting["public_key"], payload, head, signature)
        sid = content.get("sanction")
        doc = self.states.get(sid)
        if doc is not None:
            state = loads(doc)
            old = self.items[sid]
        elif self._prior is not None and kind != "recorded":
            state = self._prior(sid)
            old = _item(canonical(state), state) if state is not None else 0
        else:
            state, old = None, 0
        problem = fold.sanction_event_problem(kind, body, acting, state, sid)
        if problem:
            return "v_rule", {"detail": problem.message()}
        new = fold.apply_sanction_event(state, kind, body, content.get("warnings", []), seq=seq, head=head,
                                        at=content["at"])
        doc = canonical(new)
        name = normalize_name(new["entity"]["name"])
        item = item_of(doc, new["id"], new["entity"]["code"], name)
        self.digest += item - old
        if "state" in content and content["state"] != digest_hex(self.digest):
            return "v_state_digest", {}
        self.states[sid] = doc
        self.items[sid] = item
        self.columns[sid] = fold.state_key(new, name)
        return None


def run(rows, rp: Replay, sigs: Signatures, expected: int, prev: str, tree_heads: dict | None = None):
    """Replay ``rows`` (event rows in order, the first expected to be event ``expected``, whose
    previous event's hash is ``prev``). Returns (next expected seq, hash of the last event
    replayed, problem) where problem is None or (seq, message key, params). A signed tree head
    in ``tree_heads`` (seq -> tree head) is checked when the replay reaches its event."""
    from .checkpoint import tree_head_problem

    for row in rows:
        seq = row[0]
        if seq != expected:
            if seq > expected:
                return expected, prev, (expected, "v_missing", {"found": seq})
            return expected, prev, (seq, "v_seq_payload", {"found": seq})
        problem = rp.event(row, sigs)
        if problem:
            return expected, prev, (seq, problem[0], problem[1])
        prev = row[6]
        if tree_heads and seq in tree_heads:
            why = tree_head_problem(tree_heads[seq], rp.authorities, prev, digest_hex(rp.digest))
            if why:
                return expected, prev, (seq, f"v_tree_head_{why}", {"seq": seq})
        expected += 1
    return expected, prev, None


def _item(doc: str, state: dict) -> int:
    return item_of(doc, state["id"], state["entity"]["code"], normalize_name(state["entity"]["name"]))


STATE_SQL = ("SELECT id, " + ", ".join(fold.STATE_KEY_COLUMNS) + ", doc FROM sanction_state")
_DATES = tuple(i for i, c in enumerate(fold.STATE_KEY_COLUMNS) if c in ("from_date", "to_date", "lifted_on"))


def _iso(v):
    return v if v is None or isinstance(v, str) else v.isoformat()


def compare_state(conn, replay: Replay, only: set | None = None) -> str | None:
    """The first entry whose state-table row differs from the replayed state (or is missing, or
    is extra), else None. ``only``: compare just these entries (an incremental replay)."""
    seen = set()
    if only is not None:
        if not only:
            return None
        import sqlalchemy as sa

        from .schema import state_t
        cols = [state_t.c.id] + [state_t.c[c] for c in fold.STATE_KEY_COLUMNS] + [state_t.c.doc]
        rows = conn.execute(sa.select(*cols).where(state_t.c.id.in_(sorted(only))))
    else:
        rows = conn.execution_options(stream_results=True, yield_per=5000).exec_driver_sql(STATE_SQL)
    states, columns = replay.states, replay.columns
    for row in rows:
        sid = row[0]
        doc = states.get(sid)
        if doc is None or row[-1] != doc:
            return sid
        got = list(row[1:-1])
        for i in _DATES:
            got[i] = _iso(got[i])
        if tuple(got) != columns[sid]:
            return sid
        seen.add(sid)
    missing = (set(states) if only is None else only) - seen
    if missing:
        return sorted(missing, key=lambda s: int(s[1:]) if s[1:].isdigit() else 0)[0]
    return None

