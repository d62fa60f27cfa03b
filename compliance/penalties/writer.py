"""The write path: one transaction appends signed, hash-chained events and keeps the tables.

The writer trusts nothing it reads around the chain: the acting authority's key comes from the
signed enrolment events, the entry it changes is re-derived from its own events, and every
event carries the digest of the whole state after it (see :mod:`.verify`).
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

import sqlalchemy as sa

from . import fold, verify as _verify
from .chain import EMPTY_HEAD, Signer, Verifier, canonical, next_head
from .messages import RegisterError
from .schema import authorities_t, events_t, head_t, state_t

# Statements of the append path, built once (their compiled form is cached): parameters are
# passed at execution, so no statement is rebuilt per event.
_B = sa.bindparam
_SEL_AUTHORITY = sa.select(authorities_t.c.doc).where(authorities_t.c.authority_id == _B("aid"))
_SEL_STATE = sa.select(state_t.c.doc).where(state_t.c.id == _B("sid"))
_SEL_CASE = sa.select(state_t.c.id).where(state_t.c.case_number == _B("case")).limit(1)
_SEL_CASE_OTHER = sa.select(state_t.c.id).where(state_t.c.case_number == _B("case"),
                                                state_t.c.id != _B("sid")).limit(1)
_INS_EVENT = events_t.insert()
_INS_STATE = state_t.insert()
_UPD_STATE = state_t.update().where(state_t.c.id == _B("b_id"))
_INS_AUTHORITY = authorities_t.insert()
_UPD_AUTHORITY = authorities_t.update().where(authorities_t.c.authority_id == _B("b_id"))
_SEL_HEAD = sa.select(head_t.c.seq, head_t.c.hash).where(head_t.c.id == 1)
_SEL_HEAD_LOCKED = _SEL_HEAD.with_for_update()
_UPD_HEAD = head_t.update().where(head_t.c.id == 1)


_SEL_EVENT_AT = sa.select(events_t.c.hash, events_t.c.payload).where(events_t.c.seq == _B("seq"))
_SEL_MAX_SEQ = sa.select(sa.func.max(events_t.c.seq))


def now_utc() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@dataclass(frozen=True)
class Appended:
    kind: str
    seq: int
    hash: str
    sanction_id: str | None
    at: str
    warnings: list = field(default_factory=list)
    state: dict | None = None      # the entry after a sanction event


class _Writer:
    """One write transaction: the head is locked; appends chain onto it."""

    def __init__(self, conn, seq: int, head: str, authorities: dict, digest: int, where: str):
        self.conn = conn
        self.seq = seq
        self.head = head
        self.first_seq = seq + 1
        self._authorities = authorities   # re-derived from signed enrolment events
        self.digest = digest              # the state digest signed in the last event
        self.where = where
        self.signature = ""
        self.signed_by = ""
        self.signer = None                # the key that signed the last event appended
        self.keys = None                  # each authority's keys over time (verify.Keys)

    # reads inside the lock: never the authorities table; entries re-derived from their events
    def authority(self, authority_id: str) -> dict | None:
        return self._authorities.get(authority_id)

    def authorities(self) -> dict:
        return dict(self._authorities)

    def state(self, sid: str) -> dict | None:
        row = self.conn.execute(_SEL_STATE, {"sid": sid}).first()
        stored = json.loads(row[0]) if row else None
        derived = _verify.entry_from_events(self.conn, sid, self._authorities, self.where, Verifier(), keys=self.keys)
        if derived is None and stored is None:
            return None
        if derived is None or stored is None or canonical(derived) != canonical(stored):
            seq = (derived or stored or {}).get("last_seq", self.seq)
            raise _verify.Unverified(self.where, seq, RegisterError("v_state_row", sid=sid))
        return derived

    def case_owner(self, case_number: str, other_than: str | None = None) -> str | None:
        if other_than:
            row = self.conn.execute(_SEL_CASE_OTHER, {"case": case_number, "sid": other_than}).first()
        else:
            row = self.conn.execute(_SEL_CASE, {"case": case_number}).first()
        return row[0] if row else None

    def acting(self, authority_id: str, signer: Signer | None) -> dict:
        if signer is None:
            raise RegisterError("key_unsigned", "key")
        acting = self.authority(authority_id)
        if acting is None:
            raise RegisterError("authority_unknown", "authority", value=authority_id)
        if acting["public_key"] != signer.public_key:
            raise RegisterError("key_mismatch", "key", authority=authority_id)
        return acting

    def append(self, kind: str, authority_id: str, sanction_id: str | None, body: dict,
               warnings: list, signer: Signer, prior: dict | None = None) -> Appended:
        """Append one event. For a sanction event, ``prior`` is the entry before it (None for
        ``recorded``); the event carries the digest of the whole state after it."""
        seq = self.seq + 1
        at = now_utc()
        if kind == "recorded":
            sanction_id = fold.sanction_id(seq)
        new_state = None
        if kind in fold.SANCTION_EVENTS:
            new_state = fold.apply_sanction_event(prior, kind, body, warnings, seq=seq, head="", at=at)
            self.digest += _verify.entry_item(new_state) - (_verify.entry_item(prior) if prior else 0)
        content = {"v": 2, "seq": seq, "kind": kind, "at": at, "authority": authority_id,
                   "sanction": sanction_id, "body": body, "warnings": warnings,
                   "state": _verify.digest_hex(self.digest)}
        payload = canonical(content)
        head = next_head(self.head, payload)
        signature = signer.sign(head)
        self.conn.execute(_INS_EVENT, {
            "seq": seq, "kind": kind, "sanction_id": sanction_id, "authority_id": authority_id, "at": at,
            "payload": payload, "hash": head, "signature": signature})
        self.seq, self.head, self.signature, self.signed_by = seq, head, signature, authority_id
        self.signer = signer
        if new_state is not None:
            new_state["last_hash"] = head
        if kind == "enrolled":
            self._authorities[body["authority_id"]] = fold.apply_enrolment(body, seq, authority_id)
        return Appended(kind, seq, head, sanction_id, at, warnings, new_state)

    def put_state(self, state: dict, new: bool) -> None:
        cols = fold.state_columns(state)
        if new:
            self.conn.execute(_INS_STATE, cols)
        else:
            cols["b_id"] = cols.pop("id")
            self.conn.execute(_UPD_STATE, cols)

    def put_authority(self, auth: dict, new: bool) -> None:
        cols = _authority_columns(auth)
        if new:
            self.conn.execute(_INS_AUTHORITY, cols)
        else:
            cols["b_id"] = cols.pop("authority_id")
            self.conn.execute(_UPD_AUTHORITY, cols)


def _authority_columns(auth: dict) -> dict:
    """Columns of the materialised authorities table."""
    cols = {k: auth[k] for k in ("authority_id", "name", "division", "level", "public_key", "enrolled_seq")}
    cols["doc"] = canonical(auth)
    return cols


def _check_tip(conn, seq: int, head: str) -> None:
    """Before appending: the head row must be the last event, and that event's stored hash must
    be its recomputed hash (O(1): a few rows by primary key; ``verify`` checks the whole chain)."""
    last = conn.execute(_SEL_MAX_SEQ).scalar() or 0
    if last != seq:
        raise RegisterError("db_tampered_head", "db", head=seq, last=last)
    if seq == 0:
        if head != EMPTY_HEAD:
            raise RegisterError("db_tampered_head", "db", head=seq, last=last)
        return
    row = conn.execute(_SEL_EVENT_AT, {"seq": seq}).first()
    if seq == 1:
        prev_hash = EMPTY_HEAD
    else:
        prev = conn.execute(_SEL_EVENT_AT, {"seq": seq - 1}).first()
        prev_hash = prev.hash if prev is not None else None
    try:
        ok = row is not None and prev_hash is not None and row.hash == head \
            and next_head(prev_hash, row.payload) == row.hash
    except (ValueError, TypeError, AttributeError):  # a hash column that is not hex, a payload not text
        ok = False
    if not ok:
        raise RegisterError("db_tampered", "db", seq=seq)
