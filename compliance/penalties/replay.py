"""Replaying the chain in one pass: the engine of the full and the incremental ``verify``.

One streaming SELECT reads the events in order, straight from the driver's cursor (on SQLite
the payload comes as its stored UTF-8 bytes: what is hashed and parsed). This process parses
each event once, checks its columns against its payload, applies the register's rules
(:mod:`.fold`) and folds it into the state, keeping the state digest, and hashes the payload
(the leaf); the hash links and the Ed25519 signatures of the same events are checked in batches
by :mod:`.sigcheck` -- in worker processes (one per core) while the replay goes on, or inline
for small registers. When the replay is done this process checks the batches no worker has
taken yet. The first bad event reported is the earliest one either side found.

The key each signature is checked with is the acting authority's key as folded *by this
replay* up to that event, so the workers need no knowledge of the register's rules.
"""
from __future__ import annotations

import os
from hashlib import sha256 as _sha256

from . import fold, sigcheck, trust
from .chain import EMPTY_HEAD, canonical, canonical_bytes, loads
from .fields import normalize_name
from .digest import digest_hex, item_of, item_of_bytes

try:
    from orjson import OPT_SORT_KEYS as _SORT_KEYS, dumps as _orjson_dumps, loads as _orjson_loads
except ImportError:  # pragma: no cover - orjson is a dependency
    _orjson_loads = loads

BATCH = 1000   # events per signature batch
PARALLEL_FROM = 20_000   # events: below this, one process verifies faster than starting workers
INFLIGHT = 2   # batches sent to one worker and not answered yet (one being checked, one in the pipe)
STALLED = 10.0   # seconds without any answer after which the workers' remaining batches are checked here


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class _Worker:
    """One child process running :func:`.sigcheck.serve`: a plain interpreter importing only
    ``sigcheck`` (started the same way whatever the main program is; multiprocessing's spawn
    would first re-import the main module, e.g. the whole CLI). Batches are written by a thread,
    so the replaying thread never waits for a busy worker to read."""

    def __init__(self):
        import subprocess
        import sys
        import threading
        from pathlib import Path
        from queue import SimpleQueue

        root = str(Path(sigcheck.__file__).resolve().parents[2])
        to_child, self._in = os.pipe()
        self._out, from_child = os.pipe()
        _grow_pipe(self._in)
        code = (f"import sys; sys.path.insert(0, {root!r}); from compliance.penalties import sigcheck; "
                f"sigcheck.serve({to_child}, {from_child})")
        try:
            self.proc = subprocess.Popen([sys.executable, "-c", code], pass_fds=(to_child, from_child),
                                         stdin=subprocess.DEVNULL, close_fds=True)
        finally:
            os.close(to_child)
            os.close(from_child)
        self.fd = self._out            # answers: (batch id, first_bad)
        self.inflight: dict[int, tuple] = {}   # sent, not answered, not taken over by the caller
        self.unanswered = 0
        self._queue: SimpleQueue = SimpleQueue()
        self._writer = threading.Thread(target=self._write, name="sigcheck-writer", daemon=True)
        self._writer.start()
        self.alive = True

    def _write(self) -> None:
        while True:
            data = self._queue.get()
            if data is None:
                break
            try:
                sigcheck.write_all(self._in, data)
            except OSError:   # the worker is gone: its batches are checked by the caller
                break
        os.close(self._in)

    def send(self, ident: int, batch: tuple) -> None:
        self.inflight[ident] = batch
        self.unanswered += 1
        self._queue.put(sigcheck.frame((ident, batch)))

    def close(self) -> None:
        if self.unanswered:   # taken over or abandoned: no need to finish them
            self.proc.kill()
        self._queue.put(None)
        self._writer.join()
        try:
            self.proc.wait(timeout=10)
        except Exception:  # noqa: BLE001 - a worker that does not end is ended
            self.proc.kill()
            self.proc.wait()
        os.close(self._out)


def _grow_pipe(fd: int) -> None:
    """A larger pipe buffer (Linux), so that a batch mostly fits in it."""
    try:
        import fcntl

        fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)
    except (ImportError, OSError):
        pass


class Signatures:
    """Hash links and signatures of the replayed events, checked in batches.

    ``workers`` > 1: that many worker processes check batches while the caller replays (each is
    sent at most ``INFLIGHT`` batches at a time; the rest wait here); once the replay is done,
    :meth:`first_bad` checks the waiting batches in this process too, from the last one back,
    while the workers finish theirs, and then takes over what a worker holds but has not
    answered in time, so no core idles at the end and a worker slowed down by other load does
    not hold the verify up. Otherwise each batch is checked inline when it is full.
    :meth:`first_bad` answers the earliest (seq, message key) that fails, or None."""

    def __init__(self, workers: int = 0, prev: str = EMPTY_HEAD, batch: int = BATCH):
        self._workers: list[_Worker] = []
        if workers > 1 and os.name == "posix":
            try:
                for _ in range(workers):
                    self._workers.append(_Worker())
            except OSError:   # no processes to be had: check inline
                self.close()
        self._batch = batch
        self._prev = prev
        self._items: list = []
        self._pending: list = []       # (batch id, batch) not sent to a worker yet
        self._next = 0
        self._bad = None
        self._handed = False
        self._pace = batch * 1e-4   # seconds its last batch took here (until there is one: 100 µs an event)

    def add(self, seq: int, public_key: str | None, payload, stored_hash: str, signature: str) -> None:
        """Queue the event's link and signature check (``payload``: the stored text, as str or
        as its UTF-8 bytes)."""
        try:
            data = payload if isinstance(payload, bytes) else payload.encode("utf-8")
            leaf = _sha256(b"\x00")
            leaf.update(data)   # (no copy of the payload)
            leaf = leaf.digest()
        except (AttributeError, TypeError, ValueError):
            leaf = None   # reported as a bad link
        self._items.append((seq, public_key, leaf, stored_hash, signature))
        if len(self._items) >= self._batch:
            self._flush()

    def _flush(self) -> None:
        if self._items:
            batch = (self._prev, self._items)
            self._prev = self._items[-1][3]
            self._items = []
            if not self._workers:
                if self._bad is None:
                    self._bad = sigcheck.first_bad(batch)
                return
            self._pending.append((self._next, batch))
            self._next += 1
        self._dispatch(0)

    def _found(self, result) -> None:
        if result is not None and (self._bad is None or result < self._bad):
            self._bad = result

    def _dispatch(self, timeout: float | None) -> bool:
        """Collect the workers' answers (waiting up to ``timeout`` seconds for one, None: until
        one comes) and send waiting batches to workers with room. False when no worker is left."""
        import select

        live = [w for w in self._workers if w.alive]
        busy = [w for w in live if w.inflight]
        if busy:
            ready, _, _ = select.select([w.fd for w in busy], [], [], timeout)
            for w in busy:
                if w.fd in ready:
                    message = sigcheck.read_message(w.fd)
                    if message is None:   # the worker ended: its batches are checked here
                        w.alive = False
                        for ident, batch in sorted(w.inflight.items()):
                            self._found(sigcheck.first_bad(batch))
                        w.inflight.clear()
                        continue
                    ident, result = message
                    w.unanswered -= 1
                    if w.inflight.pop(ident, None) is not None:
                        self._found(result)
        live = [w for w in self._workers if w.alive]
        for w in live:
            while self._pending and len(w.inflight) < INFLIGHT:
                ident, batch = self._pending.pop(0)
                w.send(ident, batch)
        return bool(live)

    def _here(self, batch) -> None:
        import time

        t = time.perf_counter()
        self._found(sigcheck.first_bad(batch))
        self._pace = time.perf_counter() - t

    def hand_out(self) -> None:
        """Send every waiting batch to the workers now (in turn), so that they go on checking while
        this process does the rest of the verify (comparing the stored tables); :meth:`first_bad`
        then waits for their answers rather than taking batches back (a batch already in a
        worker's pipe would be checked twice). Without workers, nothing to do."""
        self._flush()
        live = [w for w in self._workers if w.alive]
        if not live:
            return
        i = 0
        while self._pending:
            ident, batch = self._pending.pop(0)
            live[i % len(live)].send(ident, batch)
            i += 1
        self._handed = True

    def first_bad(self) -> tuple[int, str] | None:
        self._flush()
        if self._handed:
            # every batch is with a worker: wait for them (a worker that ends, or answers nothing for
            # STALLED seconds -- a batch takes well under one -- leaves its batches to this process)
            while any(w.inflight for w in self._workers if w.alive):
                if not self._answered_within(STALLED):
                    break
                if not self._dispatch(0):
                    break
            for w in self._workers:
                for _, batch in sorted(w.inflight.items()):
                    self._found(sigcheck.first_bad(batch))
                w.inflight.clear()
            return self._bad
        while self._pending:
            if not self._dispatch(0):
                break
            if self._pending:   # every worker has its share: check the last waiting batch here
                self._here(self._pending.pop()[1])
        for _, batch in self._pending:   # (no worker left)
            self._here(batch)
        self._pending = []
        # What the workers still hold: take over the batches they have not started (the last
        # first), then one they are checking when no answer comes within the time a batch takes
        # here (a worker starved by other load never holds the verify up).
        while True:
            self._dispatch(0)
            held = [(ident, w) for w in self._workers if w.alive for ident in w.inflight]
            if not held:
                break
            queued = [(ident, w) for ident, w in held if ident != min(w.inflight)]
            if not queued and self._answered_within(self._pace):
                continue
            ident, w = max(queued or held, key=lambda x: x[0])
            self._here(w.inflight.pop(ident))
        return self._bad

    def _answered_within(self, seconds: float) -> bool:
        import select

        fds = [w.fd for w in self._workers if w.alive and w.inflight]
        return bool(fds and select.select(fds, [], [], seconds)[0])

    def close(self) -> None:
        for w in self._workers:
            w.close()
        self._workers = []


# (row index, column, payload key), in the order a mismatch is reported
_COLUMNS = ((1, "kind", "kind"), (3, "authority_id", "authority"), (4, "at", "at"), (2, "sanction_id", "sanction"))
EVENTS_SQL = ("SELECT seq, kind, sanction_id, authority_id, at, {payload}, hash, signature "
              "FROM sanction_events{where} ORDER BY seq")


def events_sql(dialect: str, where: str = "") -> str:
    """The replay's SELECT of the events; on SQLite the payload comes as its stored UTF-8 bytes
    (what is hashed and parsed; no decoding to text and back)."""
    return EVENTS_SQL.format(payload="CAST(payload AS BLOB)" if dialect == "sqlite" else "payload", where=where)


def stream(conn, sql: str, params=None, size: int = 2000, ahead: bool = False):
    """Rows of ``sql`` as plain tuples, straight from the driver's cursor, ``size`` at a time
    (a server-side cursor on PostgreSQL: the result is never held in memory whole).

    ``ahead``: a thread fetches the next chunk while the caller works on this one, so the
    database server's share of the work (PostgreSQL: producing and sending the rows) overlaps
    the replay instead of adding to it; at most two chunks are held."""
    import itertools

    raw = conn.connection.dbapi_connection
    if conn.dialect.name == "postgresql":
        cur = raw.cursor(name=f"compliance_replay_{os.getpid()}_{id(conn)}")
        cur.itersize = size
    else:
        cur = raw.cursor()
    cur.arraysize = size

    def batches():
        try:
            cur.execute(sql, params) if params is not None else cur.execute(sql)
            while True:
                rows = cur.fetchmany(size)
                if not rows:
                    return
                yield rows
        finally:
            cur.close()
    if not ahead:
        return itertools.chain.from_iterable(batches())

    def rows():
        for chunk in _fetched_ahead(batches()):
            yield from chunk
    return rows()


def _fetched_ahead(chunks):
    """``chunks`` consumed by a thread one chunk ahead of the caller (an error is raised here)."""
    import threading
    from queue import Queue

    q: Queue = Queue(maxsize=1)
    done = object()
    stop = threading.Event()

    def fetch():
        try:
            for chunk in chunks:
                q.put(chunk)
                if stop.is_set():
                    chunks.close()   # (its cursor is closed in this thread, before the caller goes on)
                    break
        except BaseException as exc:  # noqa: BLE001 - handed to the consumer, raised there
            q.put(exc)
            return
        q.put(done)

    t = threading.Thread(target=fetch, name="replay-fetch", daemon=True)
    t.start()
    try:
        while True:
            item = q.get()
            if item is done:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        while t.is_alive():   # unblock a fetcher waiting to put, and let it end before the cursor goes
            try:
                q.get(timeout=0.05)
            except Exception:  # noqa: BLE001 - queue.Empty
                pass
        t.join()


def _loads_text(payload):
    """What the standard library makes of a payload orjson refused, judged as text (as when the
    payload was read as text: no byte-order mark, strict UTF-8); None when it is not JSON."""
    if isinstance(payload, bytes):
        try:
            payload = payload.decode("utf-8")
        except UnicodeDecodeError:
            return None
    return loads(payload)


class Replay:
    """The register folded event by event (state kept compactly: entry id -> canonical document
    as UTF-8 bytes, its state-table columns and its digest term).

    For an incremental replay, ``authorities`` and ``digest`` are those verified at the start,
    and ``prior(sid)`` re-derives an entry that already existed there (None: not found)."""

    def __init__(self, pins: dict, *, authorities: dict | None = None, digest: int = 0, prior=None):
        self.pins = pins
        self.authorities: dict[str, dict] = dict(authorities or {})
        self.states: dict[str, bytes] = {}
        self.columns: dict[str, tuple] = {}
        self.items: dict[str, int] = {}
        self.digest = digest
        self._prior = prior

    def event(self, row, sigs: Signatures) -> tuple[str, dict] | None:
        """Check and fold one event row (seq, kind, sanction_id, authority_id, at, payload, hash,
        signature); its link and signature go to ``sigs``. A problem is (message key, params)."""
        seq, kind_col, sid_col, authority_col, at_col, payload, head, signature = row
        try:
            content = _orjson_loads(payload)
        except (ValueError, TypeError):   # orjson.JSONDecodeError is a ValueError
            content = _loads_text(payload)
        if not isinstance(content, dict):
            return "v_payload", {}
        body = content.get("body")
        if not isinstance(body, dict):
            return "v_payload", {}
        get = content.get
        if get("seq") != seq:
            return "v_seq_payload", {"found": get("seq")}
        if kind_col != get("kind"):
            return "v_column", {"column": "kind"}
        if authority_col != get("authority"):
            return "v_column", {"column": "authority_id"}
        if at_col != get("at"):
            return "v_column", {"column": "at"}
        if sid_col != get("sanction"):
            return "v_column", {"column": "sanction_id"}
        if kind_col == "recorded" and sid_col != f"S{seq}":   # fold.sanction_id(seq)
            return "v_column", {"column": "sanction_id"}
        try:
            return self._apply(content, seq, payload, head, signature, sigs)
        except (KeyError, TypeError, ValueError, AttributeError):
            return "v_payload", {}   # a hand-made event missing what it needs

    def _apply(self, content: dict, seq: int, payload, head: str, signature: str,
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
        try:
            # canonical_bytes(new), without the call; a tight copy (orjson's bytes hold ~8 KiB each)
            doc = memoryview(_orjson_dumps(new, option=_SORT_KEYS)).tobytes()
        except (TypeError, NameError):
            doc = canonical_bytes(new)
        entity = new["entity"]
        name = normalize_name(entity["name"])
        item = item_of_bytes(doc, new["id"], entity["code"], name)
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


STATE_SQL = ("SELECT id, " + ", ".join(fold.STATE_KEY_COLUMNS) + ", {doc} FROM sanction_state")
_DATES = tuple(i for i, c in enumerate(fold.STATE_KEY_COLUMNS) if c in ("from_date", "to_date", "lifted_on"))


def _iso(v):
    return v if v is None or isinstance(v, str) else v.isoformat()


def _same_columns(got: tuple, expected: tuple) -> bool:
    if got == expected:
        return True
    got = list(got)   # dates read as dates (PostgreSQL) are compared as ISO text
    try:
        for i in _DATES:
            got[i] = _iso(got[i])
    except AttributeError:   # not a date at all
        return False
    return tuple(got) == expected


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
        sqlite = conn.dialect.name == "sqlite"
        rows = stream(conn, STATE_SQL.format(doc="CAST(doc AS BLOB)" if sqlite else "doc"))
    states, columns = replay.states, replay.columns
    for row in rows:
        sid = row[0]
        doc = states.get(sid)
        stored = row[-1]
        if isinstance(stored, str):
            try:
                stored = stored.encode("utf-8")
            except UnicodeEncodeError:
                return sid
        if doc is None or stored != doc or not _same_columns(tuple(row[1:-1]), columns[sid]):
            return sid
        seen.add(sid)
    missing = (set(states) if only is None else only) - seen
    if missing:
        return sorted(missing, key=lambda s: int(s[1:]) if s[1:].isdigit() else 0)[0]
    return None
