"""Reading only what verifies: the state a check may rely on, and the pieces the writer trusts.

A check never trusts the materialised tables on their own (one ``UPDATE`` would lift a
suspension). It relies on:

- **the events' own integrity**: every event it uses is linked to the stored hash of the event
  before it (``head_n = H(0x01 || head_{n-1} || leaf_n)``) and signed by its authority;
- **authorities re-derived from their signed enrolment events**, chaining to a root whose key
  matches the province's pinned fingerprint when one is pinned (``trust``); the authorities
  table is never read for a key;
- **a signed digest of the whole state**: every event carries ``state``, the sum (mod 2^256) of
  ``SHA-256(0x02 || canonical(entry without last_hash))`` over all entries after the event,
  so the last (signed) event commits to the entire current state; the check recomputes the sum
  over the state rows it reads and refuses when it differs (an edited, added or deleted row);
- **the entries it cites re-derived from their events** (links, signatures, fold), so an edited,
  deleted or reordered event of the party is named;
- **the latest checkpoint seen** (``checkpoint``): a register shorter than, or different from, the
  signed head seen before (a deleted last event, a restored backup) is refused.

Any failure raises :class:`Unverified` (exit 3) naming the register and the first bad event.
"""
from __future__ import annotations

import json

import sqlalchemy as sa

from . import checkpoint, fold, trust
from .chain import EMPTY_HEAD, Verifier, canonical, next_head
from .digest import MOD, ZERO_DIGEST, digest_hex, digest_int, entry_item, item_of  # noqa: F401
from .messages import RegisterError
from .schema import events_t, head_t, state_t



class Unverified(RegisterError):
    """The register does not verify: a check must not rely on it (exit 3; HTTP 503 in the service)."""

    exit_code = 3
    http_status = 503

    def __init__(self, register: str, seq, detail: RegisterError | str):
        text_zh = detail.message("zh") if isinstance(detail, RegisterError) else str(detail)
        text_en = detail.message("en") if isinstance(detail, RegisterError) else str(detail)
        self.register = register
        self.seq = seq
        super().__init__("register_unverified", None, register=register, seq=seq, detail_zh=text_zh,
                         detail_en=text_en)
        self.cause = detail   # the problem at event ``seq`` (a RegisterError, or text)

    def message(self, lang: str | None = None) -> str:
        from .messages import current_lang, t

        en = current_lang(lang) == "en"
        return t("register_unverified", lang, register=self.register, seq=self.seq,
                 detail=self.params["detail_en" if en else "detail_zh"])


# --------------------------------------------------------------------------- single events

_EV = events_t.c
_PREV = events_t.alias("prev")
_WITH_PREV = sa.select(_EV.seq, _EV.kind, _EV.sanction_id, _EV.authority_id, _EV.at, _EV.payload, _EV.hash,
                       _EV.signature, _PREV.c.hash.label("prev_hash")).select_from(
    events_t.outerjoin(_PREV, _PREV.c.seq == _EV.seq - 1))
_ENROLMENTS = _WITH_PREV.where(_EV.kind == "enrolled").order_by(_EV.seq)
_OF_ENTRY = _WITH_PREV.where(_EV.sanction_id == sa.bindparam("sid")).order_by(_EV.seq)
_AT_SEQ = _WITH_PREV.where(_EV.seq == sa.bindparam("seq"))


def event_content(row) -> tuple[dict | None, RegisterError | None]:
    """The event's content if its stored columns, its link to the previous event and its hash
    agree; else the problem. (The signature is checked by the caller, who knows the key.)"""
    try:
        content = json.loads(row.payload)
    except (ValueError, TypeError):
        return None, RegisterError("v_payload")
    if not isinstance(content, dict) or not isinstance(content.get("body"), dict):
        return None, RegisterError("v_payload")
    if content.get("seq") != row.seq:
        return None, RegisterError("v_seq_payload", found=content.get("seq"))
    for col, key in (("kind", "kind"), ("authority_id", "authority"), ("at", "at"), ("sanction_id", "sanction")):
        if getattr(row, col) != content.get(key):
            return None, RegisterError("v_column", column=col)
    if content.get("kind") == "recorded" and content.get("sanction") != fold.sanction_id(row.seq):
        return None, RegisterError("v_column", column="sanction_id")
    prev = EMPTY_HEAD if row.seq == 1 else row.prev_hash
    if prev is None:
        return None, RegisterError("v_missing", found=row.seq)
    try:
        ok = next_head(prev, row.payload) == row.hash
    except (ValueError, TypeError):
        ok = False
    if not ok:
        return None, RegisterError("v_hash")
    return content, None


class Keys(dict):
    """Authority id -> [(enrolment seq, public key), ...]: the key an authority signed with at
    any point of the chain (a key replaced later still verifies the events signed before)."""

    def at(self, authority_id: str, seq: int) -> str | None:
        found = None
        for since, key in self.get(authority_id, ()):
            if since < seq:
                found = key
        return found


def verified_authorities(conn, where: str, verifier: Verifier | None = None, *, upto: int | None = None,
                         keys: Keys | None = None) -> dict:
    """Authorities folded from their signed enrolment events (never from the authorities table),
    those up to event ``upto`` when given; ``keys`` is filled with each authority's keys over time.

    Raises :class:`Unverified` naming the first enrolment event that does not verify."""
    verifier = verifier or Verifier()
    pins = trust.pins()
    authorities: dict[str, dict] = {}
    query = _ENROLMENTS if upto is None else _ENROLMENTS.where(_EV.seq <= upto)
    for row in conn.execute(query):
        content, problem = event_content(row)
        if problem is None:
            body = content["body"]
            try:
                boot = bool(body.get("bootstrap"))
                acting = None if boot else authorities.get(content["authority"])
                key = body["public_key"] if boot else (acting or {}).get("public_key")
                if key is None:
                    problem = RegisterError("v_authority", value=content["authority"])
                elif not verifier.check(key, row.hash, row.signature):
                    problem = RegisterError("v_signature")
                else:
                    problem = fold.enrolment_problem(body, content["authority"], acting, authorities)
                    if problem is not None:
                        problem = RegisterError("v_rule", detail=problem.message())
                    elif boot:
                        problem = trust.root_problem(body, pins)
            except (KeyError, TypeError, AttributeError):
                problem = RegisterError("v_payload")
        if problem is not None:
            raise Unverified(where, row.seq, problem)
        authorities[body["authority_id"]] = fold.apply_enrolment(body, row.seq, content["authority"])
        if keys is not None:
            keys.setdefault(body["authority_id"], []).append((row.seq, body["public_key"]))
    return authorities


def check_signed(row, authorities: dict, where: str, verifier: Verifier, keys: Keys | None = None) -> dict:
    """The content of the event ``row`` (selected with its previous hash) once its link and its
    signature by the acting authority verify; else :class:`Unverified`. With ``keys``, the key
    is the one the authority held at that event."""
    content, problem = event_content(row)
    if problem is None:
        if content["kind"] == "enrolled" and content["body"].get("bootstrap"):
            key = content["body"].get("public_key")
        elif keys:
            key = keys.at(content["authority"], row.seq)
        else:
            key = (authorities.get(content["authority"]) or {}).get("public_key")
        if key is None:
            problem = RegisterError("v_authority", value=content["authority"])
        elif not verifier.check(key, row.hash, row.signature):
            problem = RegisterError("v_signature")
    if problem is not None:
        raise Unverified(where, row.seq, problem)
    return content


def entry_from_events(conn, sid: str, authorities: dict, where: str, verifier: Verifier, *,
                      upto: int | None = None, keys: Keys | None = None) -> dict | None:
    """Entry ``sid`` re-derived from its own events (each linked, signed and allowed by the
    register's rules), those up to event ``upto`` when given; None when it has no events.
    Raises :class:`Unverified`."""
    state = None
    query = _OF_ENTRY if upto is None else _OF_ENTRY.where(_EV.seq <= upto)
    for row in conn.execute(query, {"sid": sid}).all():
        content = check_signed(row, authorities, where, verifier, keys)
        kind = content["kind"]
        if kind not in fold.SANCTION_EVENTS or (state is None) != (kind == "recorded"):
            raise Unverified(where, row.seq, RegisterError("v_column", column="kind"))
        acting = authorities.get(content["authority"])
        try:
            problem = fold.sanction_event_problem(kind, content["body"], acting, state, sid)
            if problem is None:
                state = fold.apply_sanction_event(state, kind, content["body"], content.get("warnings", []),
                                                  seq=row.seq, head=row.hash, at=content["at"])
        except (KeyError, TypeError, ValueError, AttributeError):
            problem = RegisterError("v_payload")
        if problem is not None:
            raise Unverified(where, row.seq, RegisterError("v_rule", detail=problem.message()))
    return state


# --------------------------------------------------------------------------- the verified state

class VerifiedState:
    """The register's current entries, accepted only after the checks above.

    ``entries`` maps entry id -> state dict (as folded); ``head`` is (seq, hash); ``register``
    names the register (a path or a URL without password) for messages and reports."""

    def __init__(self, register: str, url: str, head: tuple[int, str], by_code: dict, by_name: dict,
                 entries: int, authorities: dict):
        self.register = register
        self.url = url
        self.head = head
        self.by_code = by_code          # code -> entry ids (columns committed to by the digest)
        self.by_name = by_name          # normalised name -> entry ids
        self.entries = entries          # how many entries
        self.authorities = authorities
        self.chain = None               # what the incremental verify replayed ({from, source, events})
        self.keys = None                # each authority's keys over time (Keys)

    @property
    def count(self) -> int:
        return self.head[0]

    def consulted(self) -> dict:
        """What a report says about the register it consulted."""
        out = {"register": self.register, "head_seq": self.head[0], "head_hash": self.head[1],
               "events": self.head[0], "entries": self.entries}
        if self.chain is not None:
            out["verified_from"] = self.chain["from"]
        return out


def load(reg, *, full_fallback: bool = True, use_index: bool = True) -> VerifiedState:
    """Read and verify the register ``reg`` (a :class:`~compliance.penalties.store.Register`).

    Raises :class:`Unverified` naming the register and the first bad event (the quick checks
    find that something is wrong; a replay of the chain then names the earliest bad event).

    ``use_index``: when this machine verified the register before, the lookup columns of every
    entry come from the index it kept then (``checkpoint.write_index``), updated by the
    incremental verify, instead of summing every state row again (a check on a large register
    stays fast); without it, every state row is read and must add up to the signed digest."""
    try:
        return _load(reg, full_fallback, use_index)
    except Unverified as quick:
        result = reg.verify()
        if not result.ok and result.problem is not None and result.bad_seq is not None \
                and result.bad_seq <= (quick.seq or 0):
            raise Unverified(quick.register, result.bad_seq, result.problem) from None
        raise


def _load(reg, full_fallback: bool, use_index: bool = True) -> VerifiedState:
    where = reg.display_name()
    verifier = Verifier()
    with reg.engine.connect() as conn:
        head_row = conn.execute(sa.select(head_t.c.seq, head_t.c.hash).where(head_t.c.id == 1)).first()
        if head_row is None:
            raise Unverified(where, 0, RegisterError("v_head_row"))
        count, last = conn.execute(sa.select(sa.func.count(), sa.func.max(_EV.seq))).one()
        last = last or 0
        if count != last or last != head_row.seq:
            seq = first_gap(conn) if count != last else min(last, head_row.seq) + 1
            raise Unverified(where, seq, RegisterError("v_truncated", head=head_row.seq, last=last)
                             if head_row.seq > last else RegisterError("v_missing", found=seq)
                             if count != last else RegisterError("v_head_row"))
        seen = checkpoint.read(reg.url)
        if seen is not None:
            problem = checkpoint.behind(conn, seen)
            if problem is not None:
                raise Unverified(where, *problem)
        keys = Keys()
        authorities = verified_authorities(conn, where, verifier, keys=keys)
        chain = chain_since(conn, where, seen, last)
        if last == 0:
            if head_row.hash != EMPTY_HEAD:
                raise Unverified(where, 0, RegisterError("v_head_row"))
            signed_digest = ZERO_DIGEST
            signed = {"seq": 0, "hash": EMPTY_HEAD, "signature": "", "authority": ""}
        else:
            row = conn.execute(_AT_SEQ, {"seq": last}).one()
            content = check_signed(row, authorities, where, verifier, keys)
            if row.hash != head_row.hash:
                raise Unverified(where, last, RegisterError("v_head_row"))
            signed_digest = content.get("state")
            signed = {"seq": last, "hash": row.hash, "signature": row.signature, "authority": row.authority_id}
        entries = _indexed(reg.url, chain, signed_digest) if use_index else None
        total = None
        if entries is None:   # no index verified here for this point: the digest over every state row
            entries, total = {}, 0
            rows = conn.execution_options(stream_results=True, yield_per=5000).exec_driver_sql(
                "SELECT id, code, name_norm, doc FROM sanction_state")
            try:
                for sid, code, name, doc in rows:
                    total += item_of(doc, sid, code, name)
                    entries[sid] = (code, name)
            except (ValueError, TypeError, AttributeError):
                signed_digest, total = "bad", None
        else:
            total = digest_int(signed_digest)
    if signed_digest is None and full_fallback:
        # a register written before signed digests: the whole chain must verify
        result = reg.verify()
        if not result.ok:
            raise Unverified(where, result.bad_seq, result.problem or _state_problem(result))
    elif signed_digest != (digest_hex(total) if total is not None else None):
        raise Unverified(where, *_locate(reg))
    by_code: dict[str, list[str]] = {}
    by_name: dict[str, list[str]] = {}
    for sid, (code, name) in entries.items():
        by_code.setdefault(code, []).append(sid)
        by_name.setdefault(name, []).append(sid)
    state = VerifiedState(where, reg.url, (head_row.seq, head_row.hash), by_code, by_name, len(entries), authorities)
    chain.pop("replay", None)
    state.chain = chain
    state.keys = keys
    checkpoint.saw(reg.url, signed, verified=True)
    if signed_digest is not None:
        checkpoint.write_index(reg.url, {"seq": head_row.seq, "hash": head_row.hash, "digest": signed_digest,
                                         "entries": entries}, chain.get("indexed"))
    return state


def _indexed(url: str, chain: dict, signed_digest: str | None) -> dict | None:
    """The entries' lookup columns (id -> (code, normalised name)) from the index this machine
    kept at the point the incremental verify started from, updated with the entries it replayed;
    None when there is no such index (then every state row is read and summed).

    The index was written after a verified read: at that point its entries added up to the signed
    digest. It is used only when the incremental verify started exactly there (the chain since
    then verified link by link, signature by signature, digest by digest), and the state rows are
    then not relied on at all: each entry a check cites is still re-derived from its events."""
    if chain["source"] != "verified" or signed_digest is None:
        return None
    data = checkpoint.read_index(url)
    if not data or data.get("seq") != chain["from"] or data.get("hash") != chain["hash"] \
            or data.get("digest") != digest_hex(chain["digest"]):
        return None
    try:
        entries = {sid: (cols[0], cols[1]) for sid, cols in data["entries"].items()}
    except (AttributeError, TypeError, IndexError, KeyError):
        return None
    rp = chain.get("replay")
    if rp is not None:
        for sid, cols in rp.columns.items():
            entries[sid] = (cols[1], cols[2])      # state_key: status, code, name_norm, ...
        if digest_hex(rp.digest) != signed_digest:
            return None
    elif chain["from"] and digest_hex(chain["digest"]) != signed_digest:
        return None
    chain["indexed"] = (data["seq"], data["hash"])
    return entries


# --------------------------------------------------------------------------- incremental verify

def start_point(conn, where: str, seen: dict | None, last: int) -> tuple[int, str, int, str]:
    """Where an incremental verify starts: (seq, hash, state digest, source) -- the later of the
    point this machine verified the chain up to ("verified") and the register's latest signed
    tree head whose signature and position hold ("tree_head"); (0, empty head, 0, "start")
    without either. A tree head that does not hold, or a verified point the chain no longer
    passes through, raises :class:`Unverified`."""
    found = [(0, EMPTY_HEAD, 0, "start")]
    mark = checkpoint.verified_point(seen)
    if mark is not None and 0 < mark["seq"] <= last:
        row = conn.execute(_AT_SEQ, {"seq": mark["seq"]}).first()
        if row is None or row.hash != mark["hash"]:
            raise Unverified(where, mark["seq"], RegisterError("v_checkpoint_differs", seq=mark["seq"]))
        content, problem = event_content(row)
        if problem is not None:
            raise Unverified(where, row.seq, problem)
        if isinstance(content.get("state"), str):
            found.append((row.seq, row.hash, digest_int(content["state"]), "verified"))
    sth = checkpoint.latest_tree_head(conn)
    if sth is not None:
        if sth["seq"] > last:
            raise Unverified(where, last + 1, RegisterError("v_tree_head_beyond", seq=sth["seq"], last=last))
        row = conn.execute(_AT_SEQ, {"seq": sth["seq"]}).first()
        if row is None:
            raise Unverified(where, sth["seq"], RegisterError("v_missing", found=sth["seq"]))
        content, problem = event_content(row)
        if problem is not None:
            raise Unverified(where, row.seq, problem)
        signers = verified_authorities(conn, where, upto=sth["seq"])
        try:
            why = checkpoint.tree_head_problem(sth, signers, row.hash, content.get("state"))
            digest = digest_int(sth["state"])
        except (TypeError, ValueError):
            why = "state"
        if why:
            raise Unverified(where, sth["seq"], RegisterError(f"v_tree_head_{why}", seq=sth["seq"]))
        found.append((sth["seq"], sth["hash"], digest, "tree_head"))
    return max(found, key=lambda f: f[0])


def chain_since(conn, where: str, seen: dict | None, last: int, workers: int | None = None) -> dict:
    """Incremental verify: the events after :func:`start_point` up to ``last`` -- links,
    signatures (keys as held then), the register's rules, the state digest after each event and
    the signed tree heads among them -- and the state rows of the entries they touched.

    Returns {"from", "source", "events"}; raises :class:`Unverified` naming the first bad event."""
    from . import replay

    seq0, hash0, digest0, source = start_point(conn, where, seen, last)
    info = {"from": seq0, "source": source, "events": max(0, last - seq0), "hash": hash0, "digest": digest0,
            "replay": None}
    if seq0 >= last:
        return info
    keys = Keys()
    authorities = verified_authorities(conn, where, upto=seq0, keys=keys)
    verifier = Verifier()

    def prior(sid):
        return entry_from_events(conn, sid, authorities, where, verifier, upto=seq0, keys=keys)

    rp = replay.Replay(trust.pins(), authorities=authorities, digest=digest0, prior=prior)
    heads = {t["seq"]: t for t in checkpoint.tree_heads(conn, after=seq0)}
    if workers is None:
        workers = 0 if last - seq0 < replay.PARALLEL_FROM else replay.default_workers()
    sigs = replay.Signatures(workers, prev=hash0)
    try:
        expected, prev = seq0 + 1, hash0
        problem = None
        rows = replay.stream(conn, replay.events_sql(conn.dialect.name,
                                                     f" WHERE seq > {int(seq0)} AND seq <= {int(last)}"))
        expected, prev, problem = replay.run(rows, rp, sigs, expected, prev, heads)
        if problem is None and expected != last + 1:
            problem = (expected, "v_missing", {"found": expected})
        found = sigs.first_bad()
        if found is not None and (problem is None or found[0] <= problem[0]):
            raise Unverified(where, found[0], RegisterError(found[1]))
        if problem is not None:
            raise Unverified(where, problem[0], RegisterError(problem[1], **problem[2]))
    finally:
        sigs.close()
    sid = replay.compare_state(conn, rp, only=set(rp.states))
    if sid is not None:
        seq = int(sid[1:]) if sid[1:].isdigit() else last
        raise Unverified(where, seq, RegisterError("v_state_row", sid=sid))
    info["replay"] = rp
    return info


def first_gap(conn) -> int:
    """The first sequence number missing from the events (1-based)."""
    seqs = conn.execute(sa.select(_EV.seq).order_by(_EV.seq)).scalars()
    expected = 1
    for s in seqs:
        if s != expected:
            return expected
        expected += 1
    return expected


def _state_problem(result) -> RegisterError:
    return RegisterError("v_state_row", sid=result.state_problem or "?")


def _locate(reg) -> tuple[int, RegisterError]:
    """The state rows disagree with the signed digest: replay the chain to name what is wrong."""
    result = reg.verify()
    if not result.ok and result.problem is not None:
        return result.bad_seq, result.problem
    sid = result.state_problem
    seq = result.head_seq
    if sid and sid[:1] == "S" and sid[1:].isdigit():
        seq = int(sid[1:])
    return seq, RegisterError("v_state_row", sid=sid or "?")


_DOC = sa.select(state_t.c.doc, state_t.c.code, state_t.c.name_norm).where(state_t.c.id == sa.bindparam("sid"))


def verified_entries(reg, state: VerifiedState, sids) -> list[dict]:
    """Each of ``sids`` re-derived from its own events, which must agree with its stored row."""
    out = []
    verifier = Verifier()
    with reg.engine.connect() as conn:
        for sid in sids:
            derived = entry_from_events(conn, sid, state.authorities, state.register, verifier, keys=state.keys)
            row = conn.execute(_DOC, {"sid": sid}).first()
            from .fields import normalize_name

            if derived is None or row is None or row.doc != canonical(derived) \
                    or row.code != derived["entity"]["code"] or row.name_norm != normalize_name(derived["entity"]["name"]):
                seq = derived["last_seq"] if derived else (int(sid[1:]) if sid[1:].isdigit() else state.head[0])
                raise Unverified(state.register, seq, RegisterError("v_state_row", sid=sid))
            out.append(derived)
    return out
