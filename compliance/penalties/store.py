"""The register: storage, appending events, reading state, verifying the chain.

Storage is SQLAlchemy 2. A SQLite file by default (WAL; every write transaction starts with
BEGIN IMMEDIATE, so writers queue on the database lock and each sees the latest head), or
PostgreSQL by URL (the single head row is locked FOR UPDATE). The schema is created and
upgraded by alembic migrations shipped in ``migrations/``, run when the register is opened;
a fast path reads the version table first and imports alembic only when an upgrade is due.

Each append is one transaction: the event row, the head, and the materialised current-state
row of the sanction (or the authority) change together or not at all. ``verify`` replays the
chain from the first event, recomputing hashes, signatures, the register's rules and the
materialised tables.
"""
from __future__ import annotations

import datetime as dt
import json
from contextlib import contextmanager
from dataclasses import dataclass, field

import sqlalchemy as sa

from . import divisions, fields, fold
from .chain import EMPTY_HEAD, Signer, Verifier, canonical, next_head  # noqa: F401
from .messages import RegisterError, RegisterErrors

from .schema import (KNOWN_SCHEMA_VERSIONS, MIGRATIONS, SCHEMA_VERSION, SEQ, VERSION_TABLE,  # noqa: F401
                     _PG_MIGRATION_LOCK, authorities_t, events_t, head_t, metadata, state_t)
from . import checkpoint, trust, verify as _verify
from .database import _create_private, _first_line, _make_engine, _safe_url, _sqlite_holds_register  # noqa: F401
from .writer import (_SEL_HEAD_LOCKED, _SEL_STATE, _UPD_HEAD, Appended, _authority_columns,  # noqa: F401
                     _check_tip, _INS_AUTHORITY, _Writer, now_utc)

from .location import missing_register, resolve_url  # noqa: E402  (one definition, light module)


from .replay import PARALLEL_FROM  # noqa: E402,F401


@dataclass(frozen=True)
class Event:
    seq: int
    kind: str
    sanction_id: str | None
    authority_id: str
    at: str
    hash: str
    signature: str
    content: dict

    @property
    def body(self) -> dict:
        return self.content.get("body", {})

    @property
    def warnings(self) -> list:
        return self.content.get("warnings", [])


@dataclass
class VerifyResult:
    ok: bool
    count: int
    head_seq: int
    head_hash: str
    bad_seq: int | None = None
    problem: RegisterError | None = None
    state_problem: str | None = None
    rebuilt: bool = False
    unpinned: list = field(default_factory=list)   # provinces whose root has no pinned fingerprint
    incremental_from: int | None = None   # incremental verify: events after this one were replayed
    incremental_source: str | None = None  # "verified" (here, before), "tree_head" or "start"


class Register:
    """A sanctions register at a database URL (SQLite file or PostgreSQL)."""

    def __init__(self, url: str | None = None, *, create: bool = True, checkpoint_every: int | None = None):
        """Open the register at ``url``. ``create=False`` refuses (RegisterError ``db_missing``)
        when there is no register there -- a SQLite file that does not exist, or a database
        without the register's tables -- and creates nothing. ``checkpoint_every``: events
        between signed tree heads (default: the configuration, see :func:`checkpoint.every`)."""
        self.url = resolve_url(url, create_dir=create)
        self._checkpoint_every = checkpoint_every
        if not create:
            missing = missing_register(self.url)
            if missing is not None:
                raise RegisterError("db_missing", "db", path=missing)
            _sqlite_holds_register(self.url)
        self.engine = _make_engine(self.url)
        # called inside the write transaction just before COMMIT (tests use it to kill a writer there)
        self._test_hook_before_commit = None
        try:
            self._ensure_schema(create)
        except BaseException:
            self.engine.dispose()
            raise

    def close(self) -> None:
        self.engine.dispose()

    @property
    def checkpoint_every(self) -> int:
        if self._checkpoint_every is None:
            self._checkpoint_every = checkpoint.every()
        return self._checkpoint_every

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # ------------------------------------------------------------------ schema

    def schema_version(self) -> str | None:
        try:
            with self.engine.connect() as conn:
                return conn.execute(sa.text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()
        except sa.exc.OperationalError as exc:
            if "no such table" in str(exc):
                return None
            raise RegisterError("db_open_failed", "db", url=_safe_url(self.url), detail=_first_line(exc)) from None
        except sa.exc.ProgrammingError:
            return None
        except sa.exc.DBAPIError as exc:
            raise RegisterError("db_open_failed", "db", url=_safe_url(self.url), detail=_first_line(exc)) from None

    def _ensure_schema(self, create: bool = True) -> None:
        found = self.schema_version()
        if found == SCHEMA_VERSION:
            return
        if found is None and not create:
            raise RegisterError("db_missing", "db", path=_safe_url(self.url))
        if found is not None and found not in KNOWN_SCHEMA_VERSIONS:
            raise RegisterError("db_newer", "db", found=found, known=SCHEMA_VERSION)
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        with self._locked() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")

    # ------------------------------------------------------------------ transactions

    @contextmanager
    def _locked(self):
        """A write transaction (BEGIN IMMEDIATE on SQLite)."""
        try:
            with self.engine.connect() as conn:
                conn.execution_options(sanctions_write=True)
                with conn.begin():
                    yield conn
        except sa.exc.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise RegisterError("db_busy", "db") from None
            raise RegisterError("db_open_failed", "db", url=_safe_url(self.url), detail=_first_line(exc)) from None

    @contextmanager
    def quick_read(self):
        """A connection for one-statement reads (the lookup): no BEGIN/ROLLBACK round trips."""
        with self.engine.connect() as conn:
            if conn.dialect.name == "sqlite":
                conn.execution_options(sanctions_autocommit=True)
            else:
                conn.execution_options(isolation_level="AUTOCOMMIT")
            yield conn

    def display_name(self) -> str:
        """The register as messages and reports name it: a SQLite file's path, else the URL
        without its password."""
        u = sa.engine.make_url(self.url)
        if u.get_backend_name() == "sqlite" and u.database:
            return u.database
        return _safe_url(self.url)

    @contextmanager
    def _writing(self):
        where = self.display_name()
        with self._locked() as conn:
            row = conn.execute(_SEL_HEAD_LOCKED).one()
            _check_tip(conn, row.seq, row.hash)
            # (an empty register may be begun anew: its first event makes it another register, whose
            # root must still match a pinned province; reading an emptied one stays refused)
            seen = checkpoint.read(self.url) if row.seq else None
            if seen is not None:
                problem = checkpoint.behind(conn, seen)
                if problem is not None:
                    raise _verify.Unverified(where, *problem)
            verifier = Verifier()
            keys = _verify.Keys()
            authorities = _verify.verified_authorities(conn, where, verifier, keys=keys)
            digest = 0
            if row.seq:
                last = _verify.check_signed(conn.execute(_verify._AT_SEQ, {"seq": row.seq}).one(), authorities,
                                            where, verifier, keys)
                if last.get("state") is not None:
                    digest = _verify.digest_int(last["state"])
                else:  # a register written before signed digests: start from its state table
                    digest = sum(_verify.entry_item(json.loads(d)) for (d,) in conn.execute(sa.select(state_t.c.doc)))
            w = _Writer(conn, row.seq, row.hash, authorities, digest, where)
            w.keys = keys
            yield w
            genesis = ""
            if w.seq != row.seq:
                conn.execute(_UPD_HEAD, {"seq": w.seq, "hash": w.head})
                genesis = conn.execute(sa.select(events_t.c.hash).where(events_t.c.seq == 1)).scalar() or ""
                every = self.checkpoint_every
                if every and w.seq // every > row.seq // every and w.signer is not None:
                    # a signed tree head every ``every`` events, by the authority that crossed the mark
                    checkpoint.put_tree_head(conn, checkpoint.sign_tree_head(
                        w.seq, w.head, _verify.digest_hex(w.digest), w.signed_by, w.signer, now_utc()))
            if self._test_hook_before_commit is not None:
                self._test_hook_before_commit()
        if w.seq != row.seq:
            checkpoint.saw(self.url, {"seq": w.seq, "hash": w.head, "signature": w.signature,
                                      "authority": w.signed_by, "genesis": genesis})

    # ------------------------------------------------------------------ authorities

    def enroll(self, *, authority_id: str, name: str, division: str, public_key: str,
               acting: str | None = None, signer: Signer | None = None, bootstrap: bool = False,
               replace_key: bool = False) -> Appended:
        """Enrol an authority and its Ed25519 public key (base64 raw 32 bytes).

        Signed by a province-level authority of the same province (``acting``/``signer``);
        the first province authority of a province is enrolled with ``bootstrap=True`` and
        signs its own enrolment (``signer`` is then its own private key).
        """
        authority_id = _authority_id(authority_id)
        name = fields.text(name, "authority_name")
        d = divisions.get(division, "division")
        if signer is None:
            raise RegisterError("key_unsigned", "key")
        if bootstrap:
            acting = authority_id
            if signer.public_key != public_key:
                raise RegisterError("bootstrap_needs_private", "new_key")
        elif not acting:
            raise RegisterError("required", "authority")
        body = {"authority_id": authority_id, "name": name, "division": d.code, "level": d.level,
                "public_key": public_key, "bootstrap": bool(bootstrap), "replaces_key": bool(replace_key)}
        with self._writing() as w:
            authorities = w.authorities()
            acting_auth = None if bootstrap else authorities.get(acting)
            problem = fold.enrolment_problem(body, acting, acting_auth, authorities)
            if problem is None and bootstrap:
                problem = trust.root_problem(body)
            if problem:
                raise problem
            if acting_auth is not None and acting_auth["public_key"] != signer.public_key:
                raise RegisterError("key_mismatch", "key", authority=acting)
            done = w.append("enrolled", acting, None, body, [], signer)
            w.put_authority(fold.apply_enrolment(body, done.seq, acting), new=authority_id not in authorities)
        return done

    def authority(self, authority_id: str) -> dict | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(authorities_t.c.doc)
                               .where(authorities_t.c.authority_id == authority_id)).first()
        return json.loads(row[0]) if row else None

    def authorities(self) -> list[dict]:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(authorities_t.c.doc).order_by(authorities_t.c.enrolled_seq)).all()
        return [json.loads(r[0]) for r in rows]

    # ------------------------------------------------------------------ sanctions: writes

    def record(self, raw: dict, *, authority: str, signer: Signer | None) -> Appended:
        """Record one sanction (raw fields as ``fields.check_sanction`` takes them)."""
        try:
            return self.record_many([raw], authority=authority, signer=signer)[0]
        except RegisterErrors as errs:
            if len(errs.errors) == 1:
                raise errs.errors[0][1] from None
            raise RegisterErrors([e for _, e in errs.errors]) from None

    def record_many(self, rows: list[dict], *, authority: str, signer: Signer | None,
                    lifts: dict[int, dict] | None = None) -> list[Appended]:
        """Record several sanctions in one transaction: all or nothing.

        Bad rows raise ``RegisterErrors`` with a list of (row index, RegisterError).
        ``lifts`` maps a row index to {lifted_on, reason} for historical sanctions already lifted.
        """
        lifts = lifts or {}
        out: list[Appended] = []
        with self._writing() as w:
            acting = w.acting(authority, signer)
            errors: list[tuple[int, RegisterError]] = []
            seen: dict[str, int] = {}
            checked = []
            for i, raw in enumerate(rows):
                body, errs, warns = fields.check_sanction(raw, acting)
                errors.extend((i, e) for e in errs)
                if body is None:
                    continue
                case = body["case_number"]
                if case in seen:
                    errors.append((i, RegisterError("import_duplicate_in_file", "case_number", row=seen[case])))
                    continue
                seen[case] = i
                owner = w.case_owner(case)
                if owner:
                    errors.append((i, RegisterError("case_duplicate", "case_number", value=case, existing=owner)))
                    continue
                lift = lifts.get(i)
                if lift is not None:
                    try:
                        lift = _lift_body(lift, body["from_date"], body["to_date"])
                    except RegisterError as err:
                        errors.append((i, err))
                        continue
                checked.append((body, warns, lift))
            if errors:
                raise RegisterErrors(errors)
            for body, warns, lift in checked:
                done = w.append("recorded", acting["authority_id"], None, body, warns, signer)
                state = done.state
                if lift is not None:
                    lift["refers_to"] = state["last_hash"]
                    lifted = w.append("lifted", acting["authority_id"], done.sanction_id, lift, [], signer,
                                      prior=state)
                    state = lifted.state
                w.put_state(state, new=True)
                out.append(done)
        return out

    def _on_sanction(self, sid: str, kind: str, authority: str, signer: Signer | None, make_body):
        """Append ``kind`` to sanction ``sid``; make_body(writer, acting, state) -> (body, warnings)."""
        sid = str(sid).strip().upper()
        with self._writing() as w:
            acting = w.acting(authority, signer)
            state = w.state(sid)
            if state is None:
                raise RegisterError("sanction_unknown", "sanction", value=sid)
            problem = fold.access_problem(acting, state, sid)
            if problem:
                raise problem
            body, warnings = make_body(w, acting, state)
            body["refers_to"] = state["last_hash"]
            problem = fold.sanction_event_problem(kind, body, acting, state, sid)
            if problem:
                raise problem
            done = w.append(kind, acting["authority_id"], sid, body, warnings, signer, prior=state)
            w.put_state(done.state, new=False)
        return done

    def lift(self, sid: str, *, lifted_on, reason: str, basis=None, authority: str,
             signer: Signer | None) -> Appended:
        def make(w, acting, state):
            return _lift_body({"lifted_on": lifted_on, "reason": reason, "basis": basis}, state["from_date"],
                              state["to_date"]), []
        return self._on_sanction(sid, "lifted", authority, signer, make)

    def amend(self, sid: str, changes: dict, *, reason: str, authority: str, signer: Signer | None) -> Appended:
        """Correct fields of a sanction; ``changes`` uses the raw field names of ``record``."""
        reason = fields.text(reason, "reason")

        def make(w, acting, state):
            diff, warnings = _changes(w, acting, state, changes)
            return {"changes": diff, "reason": reason}, warnings
        return self._on_sanction(sid, "amended", authority, signer, make)

    def appeal(self, sid: str, *, outcome: str, decided_on, body: str, document: str,
               changes: dict | None = None, authority: str, signer: Signer | None) -> Appended:
        """Record the outcome of 行政复议 / 行政诉讼: upheld, varied (with changes) or revoked."""
        outcome = fields.choice(outcome, "outcome", fold.OUTCOMES,
                                {"维持": "upheld", "驳回": "upheld", "变更": "varied", "撤销": "revoked"})
        decided = fields.iso(fields.parse_date(decided_on, "decided_on"))
        review_body = fields.text(body, "appeal_body")
        document = fields.text(document, "appeal_document")
        if outcome == "varied" and not changes:
            raise RegisterError("varied_needs_changes", "outcome")

        def make(w, acting, state):
            diff, warnings = _changes(w, acting, state, changes) if outcome == "varied" else ({}, [])
            return {"outcome": outcome, "decided_on": decided, "body": review_body, "document": document,
                    "changes": diff}, warnings
        return self._on_sanction(sid, "appeal_decided", authority, signer, make)

    # ------------------------------------------------------------------ signed tree heads

    def sign_checkpoint(self, *, authority: str, signer: Signer | None) -> dict:
        """Sign a tree head at the current head now (on demand), by an enrolled authority;
        the one already kept at this head is returned as it is."""
        with self._writing() as w:
            w.acting(authority, signer)
            latest = checkpoint.latest_tree_head(w.conn)
            if latest is not None and latest["seq"] == w.seq:
                return latest
            if w.seq == 0:
                raise RegisterError("checkpoint_empty", "db")
            sth = checkpoint.sign_tree_head(w.seq, w.head, _verify.digest_hex(w.digest), authority, signer, now_utc())
            checkpoint.put_tree_head(w.conn, sth)
        return sth

    def tree_heads(self) -> list[dict]:
        """The signed tree heads kept in the register, oldest first."""
        with self.engine.connect() as conn:
            return checkpoint.tree_heads(conn)

    # ------------------------------------------------------------------ reads

    def head(self) -> tuple[int, str]:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(head_t.c.seq, head_t.c.hash).where(head_t.c.id == 1)).one()
        return row.seq, row.hash

    def sanction(self, sid: str) -> dict:
        sid = str(sid).strip().upper()
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(state_t.c.doc).where(state_t.c.id == sid)).first()
        if row is None:
            raise RegisterError("sanction_unknown", "sanction", value=sid)
        return json.loads(row[0])

    def sanctions(self, *, active_on: dt.date | None = None, province: str | None = None,
                  mechanism: str | None = None, code: str | None = None) -> list[dict]:
        q = sa.select(state_t.c.doc)
        if province:
            p = str(province).strip()
            prov = divisions.province_of(divisions.get(p, "province").code) if p.isdigit() \
                else divisions.province_code(p, "province")
            q = q.where(state_t.c.province == prov)
        if code:
            import unicodedata

            from compliance.reference import ids
            q = q.where(state_t.c.code == ids.normalize_code(unicodedata.normalize("NFKC", code)))
        if mechanism:
            mechanism = fields.mechanism_code(mechanism, "mechanisms")
        if active_on is not None:
            q = q.where(state_t.c.status != "revoked", state_t.c.from_date <= active_on,
                        sa.or_(state_t.c.to_date.is_(None), state_t.c.to_date >= active_on),
                        sa.or_(state_t.c.lifted_on.is_(None), state_t.c.lifted_on > active_on))
        out = []
        with self.engine.connect() as conn:
            for (doc,) in conn.execute(q):
                s = json.loads(doc)
                if mechanism and not fields.mechanism_covers(s["scope"]["mechanisms"], mechanism):
                    continue
                out.append(s)
        out.sort(key=lambda s: s["recorded_seq"])
        return out

    def events(self, sanction_id: str | None = None) -> list[Event]:
        q = sa.select(events_t).order_by(events_t.c.seq)
        if sanction_id:
            q = q.where(events_t.c.sanction_id == str(sanction_id).strip().upper())
        with self.engine.connect() as conn:
            return [_event(r) for r in conn.execute(q)]

    # ------------------------------------------------------------------ verify

    def verify(self, expected_head: tuple[int, str] | None = None, rebuild: bool = False,
               workers: int | None = None, incremental: bool = False) -> VerifyResult:
        """Replay the chain: hashes, signatures, rules; then the head and the materialised tables.

        ``expected_head`` (seq, hash), exported earlier, must still be in the chain at that seq.
        ``rebuild`` rewrites the materialised tables from the events when they disagree (the
        tables are derived data; the events are never touched). Hash links and signatures are
        checked in ``workers`` processes (default: one per core once the register holds more
        than ``PARALLEL_FROM`` events) while this process replays the chain (:mod:`.replay`).

        ``incremental``: verify only the events after the latest signed tree head (or the point
        this machine verified up to), the tree head's signature and position, and the state
        table against the signed state digest (what every check does; see
        :func:`.verify.chain_since`); ``rebuild`` does not apply.
        """
        from . import replay

        if incremental:
            return self._verify_incremental(expected_head)

        if workers is None:
            with self.engine.connect() as conn:
                n = conn.execute(sa.select(sa.func.max(events_t.c.seq))).scalar() or 0
            workers = 0 if n < PARALLEL_FROM else replay.default_workers()
        sigs = replay.Signatures(workers)
        try:
            return self._verify(sigs, expected_head, rebuild)
        finally:
            sigs.close()

    def _verify(self, sigs, expected_head, rebuild) -> VerifyResult:
        from . import replay

        rp = replay.Replay(trust.pins())
        expected_seq = 1
        prev = EMPTY_HEAD

        def bad(at, key, **params):
            found = sigs.first_bad()   # an earlier (or the same) event whose link or signature fails comes first
            if found is not None and found[0] <= at:
                return VerifyResult(False, found[0] - 1, found[0] - 1, prev, found[0], RegisterError(found[1]))
            return VerifyResult(False, expected_seq - 1, expected_seq - 1, prev, at, RegisterError(key, **params))

        with self.engine.connect() as conn:
            heads = {t["seq"]: t for t in checkpoint.tree_heads(conn)}
            rows = replay.stream(conn, replay.events_sql(conn.dialect.name), ahead=True)
            expected_seq, prev, problem = replay.run(rows, rp, sigs, 1, EMPTY_HEAD, heads)
            rows.close()   # (a replay that stopped early: the fetching thread and its cursor end here)
            if problem:
                return bad(problem[0], problem[1], **problem[2])
            # the workers take every batch still waiting while this process compares the stored
            # tables with the replayed state (reported last: an earlier bad event comes first)
            sigs.hand_out()
            mismatch = _compare_authorities(conn, rp.authorities) or replay.compare_state(conn, rp)
            count = expected_seq - 1
            found = sigs.first_bad()
            if found is not None:
                return VerifyResult(False, found[0] - 1, found[0] - 1, prev, found[0], RegisterError(found[1]))
            beyond = [s for s in heads if s > count]
            if beyond:
                return VerifyResult(False, count, count, prev, count + 1,
                                    RegisterError("v_tree_head_beyond", seq=max(beyond), last=count))
            head_row = conn.execute(sa.select(head_t.c.seq, head_t.c.hash).where(head_t.c.id == 1)).one()
            result = VerifyResult(True, count, count, prev, unpinned=trust.unpinned_roots(rp.authorities))
            if head_row.seq != count:
                if head_row.seq > count:
                    return VerifyResult(False, count, count, prev, count + 1,
                                        RegisterError("v_truncated", head=head_row.seq, last=count))
                return VerifyResult(False, count, count, prev, head_row.seq + 1, RegisterError("v_head_row"))
            if head_row.hash != prev:
                return VerifyResult(False, count, count, prev, count, RegisterError("v_head_row"))
            seen = checkpoint.read(self.url)
            if seen is not None:
                problem = checkpoint.behind(conn, seen)
                if problem is not None:
                    return VerifyResult(False, count, count, prev, problem[0], problem[1])
            if expected_head is not None:
                eseq, ehash = expected_head
                if eseq > count:
                    return VerifyResult(False, count, count, prev, count + 1,
                                        RegisterError("v_exported_head_missing", seq=eseq))
                at = conn.execute(sa.select(events_t.c.hash).where(events_t.c.seq == eseq)).scalar()
                if eseq > 0 and at != ehash or eseq == 0 and ehash != EMPTY_HEAD:
                    return VerifyResult(False, count, count, prev, eseq,
                                        RegisterError("v_exported_head_differs", seq=eseq))
            signed = checkpoint.signed_head(conn, count)
        checkpoint.saw(self.url, signed, verified=True)
        if mismatch:
            if not rebuild:
                result.ok = False
                result.state_problem = mismatch
                return result
            self._rebuild(rp.authorities, rp.states)
            result.rebuilt = True
        return result

    def _verify_incremental(self, expected_head) -> VerifyResult:
        try:
            state = _verify.load(self, use_index=False)   # every state row summed: edits anywhere are found
        except _verify.Unverified as exc:
            detail = exc.cause if isinstance(exc.cause, RegisterError) else RegisterError("v_payload")
            seq = exc.seq if isinstance(exc.seq, int) else 0
            if detail.key == "v_state_row":
                return VerifyResult(False, seq, seq, "", None, None, state_problem=detail.params.get("sid"))
            return VerifyResult(False, max(seq - 1, 0), max(seq - 1, 0), "", seq, detail)
        count, head = state.head
        result = VerifyResult(True, count, count, head, unpinned=trust.unpinned_roots(state.authorities),
                              incremental_from=state.chain["from"], incremental_source=state.chain["source"])
        if expected_head is not None:
            eseq, ehash = expected_head
            with self.engine.connect() as conn:
                at = conn.execute(sa.select(events_t.c.hash).where(events_t.c.seq == eseq)).scalar()
            if eseq > count:
                return VerifyResult(False, count, count, head, count + 1,
                                    RegisterError("v_exported_head_missing", seq=eseq))
            if eseq > 0 and at != ehash or eseq == 0 and ehash != EMPTY_HEAD:
                return VerifyResult(False, count, count, head, eseq, RegisterError("v_exported_head_differs", seq=eseq))
        return result

    def _rebuild(self, authorities: dict, states: dict) -> None:
        with self._locked() as conn:
            conn.execute(authorities_t.delete())
            conn.execute(state_t.delete())
            for a in authorities.values():
                conn.execute(_INS_AUTHORITY, _authority_columns(a))
            batch = []
            for doc in states.values():
                text = doc.decode("utf-8") if isinstance(doc, bytes) else doc
                batch.append(fold.state_columns(json.loads(text), text))
                if len(batch) >= 1000:
                    conn.execute(state_t.insert(), batch)
                    batch = []
            if batch:
                conn.execute(state_t.insert(), batch)


# ---------------------------------------------------------------------- helpers


def _compare_authorities(conn, authorities: dict) -> str | None:
    seen = set()
    for row in conn.execute(sa.select(authorities_t)):
        a = authorities.get(row.authority_id)
        if a is None or any(getattr(row, k) != v for k, v in _authority_columns(a).items()):
            return row.authority_id
        seen.add(row.authority_id)
    missing = set(authorities) - seen
    if missing:
        return sorted(missing)[0]
    return None

def _event(row) -> Event:
    return Event(row.seq, row.kind, row.sanction_id, row.authority_id, row.at, row.hash, row.signature,
                 json.loads(row.payload))


def _lift_body(lift: dict, from_date: str, to_date: str | None) -> dict:
    on = fields.iso(fields.parse_date(lift.get("lifted_on"), "lifted_on"))
    reason = fields.text(lift.get("reason"), "reason")
    basis = [fields.parse_basis(b) for b in fields._list(lift.get("basis"))]
    if on < from_date:
        raise RegisterError("lift_before_from", "lifted_on", on=on, from_=from_date)
    if to_date is not None and on > to_date:
        raise RegisterError("lift_after_to", "lifted_on", on=on, to=to_date)
    return {"lifted_on": on, "reason": reason, "basis": basis}


def _changes(w: _Writer, acting: dict, state: dict, changes: dict | None) -> tuple[dict, list]:
    """Validate an amendment: overlay raw ``changes`` on the sanction, check it whole, diff."""
    changes = {k: v for k, v in (changes or {}).items() if v is not None and v != [] and v != ""}
    if not changes:
        raise RegisterError("no_changes")
    unknown = [k for k in changes if k not in _RAW_AMENDABLE]
    if unknown:
        raise RegisterError("field_not_amendable", unknown[0], value=unknown[0])
    raw = fields.to_raw(state)
    raw.update(changes)
    if changes.get("to_date"):
        raw["open_ended"] = False
    elif changes.get("open_ended"):
        raw["to_date"] = None
    body, errs, warnings = fields.check_sanction(raw, acting)
    if errs:
        raise errs[0] if len(errs) == 1 else RegisterErrors(errs)
    body["decided_by"] = state["decided_by"]
    diff = {k: body[k] for k in fold.AMENDABLE if body[k] != state[k]}
    if not diff:
        raise RegisterError("no_changes")
    if "case_number" in diff:
        owner = w.case_owner(diff["case_number"], other_than=state["id"])
        if owner:
            raise RegisterError("case_duplicate", "case_number", value=diff["case_number"], existing=owner)
    return diff, warnings


_RAW_AMENDABLE = ("entity_name", "entity_kind", "code", "region_code", "measure", "province", "mechanisms",
                  "from_date", "to_date", "open_ended", "grounds", "conduct", "conduct_ended", "discovered_on",
                  "decided_on", "basis", "case_number", "evidence")


def _authority_id(value) -> str:
    import re

    s = fields.text(value, "authority_id")
    if not re.match(r"^[A-Za-z0-9_-]{2,40}$", s):
        raise RegisterError("authority_id_format", "authority_id", value=s)
    return s
