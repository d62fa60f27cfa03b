"""Folding events into current state, and the register's rules of who may append what.

The same functions run when an event is appended (against the materialised tables, inside
the write transaction) and when ``verify`` replays the whole chain from the first event, so
an event written around the product (straight into the database) is judged by the same rules.
Everything here is pure: dicts in, dicts out.
"""
from __future__ import annotations

import datetime as dt

from . import divisions
from .chain import canonical
from .fields import ALL_MECHANISMS, normalize_name
from .messages import RegisterError

SANCTION_EVENTS = ("recorded", "amended", "lifted", "appeal_decided")
KINDS = ("enrolled",) + SANCTION_EVENTS
OUTCOMES = ("upheld", "varied", "revoked")
BLOCKING = ("suspend", "cancel")


def sanction_id(seq: int) -> str:
    return f"S{seq}"


# --------------------------------------------------------------------------- authorities

def enrolment_problem(body: dict, acting_id: str, acting: dict | None, authorities: dict) -> RegisterError | None:
    """Why the enrolment ``body`` signed by ``acting_id`` may not be appended, or None.

    ``authorities`` maps id -> enrolled authority (as folded so far).
    """
    province = divisions.province_of(body["division"])
    existing = authorities.get(body["authority_id"])
    if body.get("bootstrap"):
        if body["level"] != "province":
            return RegisterError("bootstrap_not_province", "division")
        if any(a["level"] == "province" and divisions.province_of(a["division"]) == province
               for a in authorities.values()):
            return RegisterError("bootstrap_exists", "division", province=province)
        if acting_id != body["authority_id"] or existing is not None:
            return RegisterError("authority_exists", "authority_id", value=body["authority_id"])
        return None
    if acting is None:
        if not any(a["level"] == "province" and divisions.province_of(a["division"]) == province
                   for a in authorities.values()):
            return RegisterError("bootstrap_flag", "authority", province=province)
        return RegisterError("authority_unknown", "authority", value=acting_id)
    if acting["level"] != "province":
        return RegisterError("enroll_needs_province", "authority")
    if divisions.province_of(acting["division"]) != province:
        return RegisterError("enroll_other_province", "division")
    if existing is not None and not body.get("replaces_key"):
        return RegisterError("authority_exists", "authority_id", value=body["authority_id"])
    if existing is None and body.get("replaces_key"):
        return RegisterError("authority_unknown", "authority_id", value=body["authority_id"])
    if existing is not None and existing["division"] != body["division"]:
        return RegisterError("authority_division_changed", "division", value=body["division"])
    return None


def apply_enrolment(body: dict, seq: int, acting_id: str) -> dict:
    return {"authority_id": body["authority_id"], "name": body["name"], "division": body["division"],
            "level": body["level"], "public_key": body["public_key"], "enrolled_seq": seq,
            "enrolled_by": acting_id}


# --------------------------------------------------------------------------- sanctions

_WITHIN: set = set()   # (division, region, deciding division, scope province) found within


def jurisdiction_problem(acting: dict, state: dict) -> RegisterError | None:
    """A sanction (as recorded, or as it would be after an amendment) must lie within the
    acting authority's division: its region, its deciding authority and its scope province."""
    div = acting["division"]
    key = (div, state["region_code"], state["decided_by"]["division"], state["scope"]["province"])
    if key in _WITHIN:   # a replay meets the same few combinations again and again
        return None
    problem = _jurisdiction(acting, state)
    if problem is None:
        if len(_WITHIN) > 50_000:
            _WITHIN.clear()
        _WITHIN.add(key)
    return problem


def _jurisdiction(acting: dict, state: dict) -> RegisterError | None:
    div = acting["division"]
    for field, target in (("region_code", state["region_code"]),
                          ("decided_by_division", state["decided_by"]["division"])):
        if not divisions.contains(div, target):
            return RegisterError("out_of_jurisdiction", field, authority=acting["authority_id"],
                                 division=div, target=target)
    if state["scope"]["province"] != divisions.province_of(div):
        return RegisterError("scope_other_province", "province", value=state["scope"]["province"],
                             province=divisions.province_of(div))
    return None


def access_problem(acting: dict, state: dict | None, sid: str | None) -> RegisterError | None:
    """May ``acting`` append anything to sanction ``state`` at all?

    Only the deciding authority, or one whose division contains it, acts on a sanction; and a
    sanction revoked on appeal is closed.
    """
    if state is None:
        return RegisterError("sanction_unknown", "sanction", value=sid)
    if not divisions.contains(acting["division"], state["decided_by"]["division"]):
        return RegisterError("out_of_jurisdiction", "authority", authority=acting["authority_id"],
                             division=acting["division"], target=f"{sid}（{state['decided_by']['name']}）")
    if state["status"] == "revoked":
        return RegisterError("already_revoked", "sanction", value=sid)
    return None


def sanction_event_problem(kind: str, body: dict, acting: dict, state: dict | None,
                           sid: str | None) -> RegisterError | None:
    """Why ``kind`` on sanction ``state`` by ``acting`` may not be appended, or None."""
    if kind == "recorded":
        return jurisdiction_problem(acting, body)
    problem = access_problem(acting, state, sid)
    if problem:
        return problem
    if body.get("refers_to") != state["last_hash"]:
        return RegisterError("v_rule", "sanction", detail=f"refers_to {body.get('refers_to')} != {state['last_hash']}")
    if kind == "lifted":
        if state["lifted"] is not None:
            return RegisterError("already_lifted", "sanction", value=sid, on=state["lifted"]["on"])
        if body["lifted_on"] < state["from_date"]:
            return RegisterError("lift_before_from", "lifted_on", on=body["lifted_on"], from_=state["from_date"])
        if state["to_date"] is not None and body["lifted_on"] > state["to_date"]:
            return RegisterError("lift_after_to", "lifted_on", on=body["lifted_on"], to=state["to_date"])
        return None
    changes = body.get("changes") or {}
    if kind == "appeal_decided":
        if body.get("outcome") not in OUTCOMES:
            return RegisterError("bad_choice", "outcome", value=body.get("outcome"), choices=", ".join(OUTCOMES))
        if body["outcome"] == "varied" and not changes:
            return RegisterError("varied_needs_changes", "outcome")
        if body["outcome"] != "varied" and changes:
            return RegisterError("field_not_amendable", "outcome", value=", ".join(changes))
    elif not changes:
        return RegisterError("no_changes", "reason")
    if changes:
        bad = [k for k in changes if k not in AMENDABLE]
        if bad:
            return RegisterError("field_not_amendable", bad[0], value=bad[0])
        return jurisdiction_problem(acting, {**state, **changes})
    return None


AMENDABLE = ("entity", "region_code", "measure", "scope", "from_date", "to_date", "open_ended", "grounds",
             "conduct", "conduct_ended", "discovered_on", "decided_on", "basis", "case_number", "evidence")


def apply_sanction_event(state: dict | None, kind: str, body: dict, warnings: list, *,
                         seq: int, head: str, at: str) -> dict:
    """The sanction's state after the event (a new dict; ``state`` is not modified)."""
    if kind == "recorded":
        new = {"id": sanction_id(seq), "status": "in_force", **body, "lifted": None, "appeals": [],
               "warnings": warnings, "recorded_seq": seq, "recorded_at": at}
    else:
        new = dict(state)
        if kind == "amended":
            new.update(body["changes"])
            new["warnings"] = warnings
        elif kind == "lifted":
            new["lifted"] = {"on": body["lifted_on"], "reason": body["reason"], "basis": body.get("basis", []),
                             "seq": seq}
        elif kind == "appeal_decided":
            new["appeals"] = list(state["appeals"]) + [{
                "outcome": body["outcome"], "decided_on": body["decided_on"], "body": body["body"],
                "document": body["document"], "seq": seq}]
            if body["outcome"] == "varied":
                new.update(body["changes"])
                new["warnings"] = warnings
        if any(a["outcome"] == "revoked" for a in new["appeals"]):
            new["status"] = "revoked"
        elif new["lifted"] is not None:
            new["status"] = "lifted"
        else:
            new["status"] = "in_force"
    new["last_seq"] = seq
    new["last_hash"] = head
    return new


def is_active(state: dict, on: dt.date | str) -> bool:
    """In force on ``on``: not revoked, started, not ended, not yet lifted (a lift takes effect on its date)."""
    day = on if isinstance(on, str) else on.isoformat()
    if state["status"] == "revoked" or state["from_date"] > day:
        return False
    if state["to_date"] is not None and day > state["to_date"]:
        return False
    return state["lifted"] is None or day < state["lifted"]["on"]


STATE_KEY_COLUMNS = ("status", "code", "name_norm", "entity_name", "province", "mechanisms", "measure",
                     "from_date", "to_date", "lifted_on", "case_number", "decided_division", "last_seq",
                     "last_hash")


def state_key(state: dict, name_norm: str | None = None) -> tuple:
    """The state-table columns (but id and doc) of ``state`` as :func:`state_columns` sets them,
    in ``STATE_KEY_COLUMNS`` order, dates as ISO text: what a replay compares rows with."""
    entity, scope, lifted = state["entity"], state["scope"], state["lifted"]
    mechs = scope["mechanisms"]
    return (state["status"], entity["code"], normalize_name(entity["name"]) if name_norm is None else name_norm,
            entity["name"], scope["province"],
            ALL_MECHANISMS if ALL_MECHANISMS in mechs else "," + ",".join(mechs) + ",", state["measure"],
            state["from_date"], state["to_date"], lifted["on"] if lifted else None, state["case_number"],
            state["decided_by"]["division"], state["last_seq"], state["last_hash"])


def state_columns(state: dict, doc: str | None = None) -> dict:
    """Columns of the materialised current-state table (indexed for the lookup).

    ``doc`` is ``canonical(state)`` when the caller has it already."""
    mechs = state["scope"]["mechanisms"]
    return {
        "id": state["id"],
        "status": state["status"],
        "code": state["entity"]["code"],
        "name_norm": normalize_name(state["entity"]["name"]),
        "entity_name": state["entity"]["name"],
        "province": state["scope"]["province"],
        "mechanisms": ALL_MECHANISMS if ALL_MECHANISMS in mechs else "," + ",".join(mechs) + ",",
        "measure": state["measure"],
        "from_date": dt.date.fromisoformat(state["from_date"]),
        "to_date": dt.date.fromisoformat(state["to_date"]) if state["to_date"] else None,
        "lifted_on": dt.date.fromisoformat(state["lifted"]["on"]) if state["lifted"] else None,
        "case_number": state["case_number"],
        "decided_division": state["decided_by"]["division"],
        "last_seq": state["last_seq"],
        "last_hash": state["last_hash"],
        "doc": doc if doc is not None else canonical(state),
    }
