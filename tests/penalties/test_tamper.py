"""Tampering with the database file directly (sqlite3, around the product): verify catches it."""
from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pytest

from compliance.penalties import checkpoint
from compliance.penalties.chain import canonical, next_head
from compliance.penalties.lookup import active_sanctions


@pytest.fixture
def filled(world):
    """Five sanctions, one lifted, one amended: events 1-5 are enrolments, 6.. sanction events."""
    for i in range(5):
        world.record("HC", case_number=f"鹤林罚决字〔2026〕{i + 1}号", entity_name=f"怀化林业公司{i}")
    world.reg.lift("S7", lifted_on="2026-06-01", reason="整改到位", authority="HC", signer=world.signers["HC"])
    world.reg.amend("S8", {"measure": "cancel"}, reason="更正措施", authority="HH", signer=world.signers["HH"])
    assert world.reg.verify().ok
    return world


def _db(world):
    world.reg.close()  # let sqlite3 in alone
    return sqlite3.connect(world.path)


def _bad(world, **kw):
    res = world.reg.verify(**kw)
    assert not res.ok
    return res


def test_edited_event_is_named(filled):
    with _db(filled) as db:
        payload = db.execute("SELECT payload FROM sanction_events WHERE seq = 8").fetchone()[0]
        db.execute("UPDATE sanction_events SET payload = ? WHERE seq = 8",
                   (payload.replace("怀化林业公司2", "怀化林业公司X"),))
    res = _bad(filled)
    assert res.bad_seq == 8 and res.problem.key == "v_hash"


def test_edit_with_rehashed_chain_fails_on_the_signature(filled):
    """An attacker who recomputes every later hash still cannot sign: the edited event is named."""
    with _db(filled) as db:
        rows = db.execute("SELECT seq, payload FROM sanction_events ORDER BY seq").fetchall()
        prev = db.execute("SELECT hash FROM sanction_events WHERE seq = 7").fetchone()[0]
        for seq, payload in rows[7:]:
            if seq == 8:
                content = json.loads(payload)
                content["body"]["to_date"] = "2026-03-02"
                payload = canonical(content)
            prev = next_head(prev, payload)
            db.execute("UPDATE sanction_events SET payload = ?, hash = ? WHERE seq = ?", (payload, prev, seq))
        db.execute("UPDATE sanction_head SET hash = ?", (prev,))
    res = _bad(filled)
    assert res.bad_seq == 8 and res.problem.key == "v_signature"


def test_deleted_event_is_named(filled):
    with _db(filled) as db:
        db.execute("DELETE FROM sanction_events WHERE seq = 9")
    res = _bad(filled)
    assert res.bad_seq == 9 and res.problem.key == "v_missing"


def test_reordered_events_are_named(filled):
    with _db(filled) as db:
        db.execute("UPDATE sanction_events SET seq = -1 WHERE seq = 9")
        db.execute("UPDATE sanction_events SET seq = 9 WHERE seq = 10")
        db.execute("UPDATE sanction_events SET seq = 10 WHERE seq = -1")
    res = _bad(filled)
    assert res.bad_seq == 9 and res.problem.key == "v_seq_payload"


def test_edited_column_outside_the_payload_is_named(filled):
    with _db(filled) as db:
        db.execute("UPDATE sanction_events SET authority_id = 'HN' WHERE seq = 6")
    res = _bad(filled)
    assert res.bad_seq == 6 and res.problem.key == "v_column"


def test_truncation_is_caught_by_the_head_and_by_an_exported_head(filled):
    exported = filled.reg.head()
    with _db(filled) as db:
        last = db.execute("SELECT max(seq) FROM sanction_events").fetchone()[0]
        db.execute("DELETE FROM sanction_events WHERE seq = ?", (last,))
    res = _bad(filled)
    assert res.problem.key == "v_truncated" and res.bad_seq == last
    with sqlite3.connect(filled.path) as db:  # a careful attacker also rewinds the head row
        h = db.execute("SELECT hash FROM sanction_events WHERE seq = ?", (last - 1,)).fetchone()[0]
        db.execute("UPDATE sanction_head SET seq = ?, hash = ?", (last - 1, h))
    # the signed checkpoint kept beside the register catches it without the exported head
    res = filled.reg.verify()
    assert not res.ok and res.problem.key == "v_rollback" and res.bad_seq == last
    filled.path.with_name(filled.path.name + ".checkpoint.json").unlink()   # another machine: neither copy
    checkpoint.machine_path_for(filled.reg.url).unlink()
    res = filled.reg.verify(expected_head=exported)
    assert not res.ok and res.problem.key == "v_exported_head_missing"


def test_exported_head_detects_rewritten_history(filled):
    exported = filled.reg.head()
    filled.record("HC", case_number="later-1")
    assert filled.reg.verify(expected_head=exported).ok  # later appends are fine
    with _db(filled) as db:
        db.execute("UPDATE sanction_events SET hash = 'ff' || substr(hash, 3) WHERE seq = ?", (exported[0],))
    res = _bad(filled, expected_head=exported)
    assert res.bad_seq == exported[0]


def test_forged_event_signed_by_an_enrolled_key_but_out_of_jurisdiction(filled):
    """Writing around the product with a county's key does not get past the jurisdiction rule."""
    with _db(filled) as db:
        seq, prev = db.execute("SELECT seq, hash FROM sanction_head").fetchone()
        body = json.loads(db.execute("SELECT payload FROM sanction_events WHERE seq = 6").fetchone()[0])["body"]
        body = dict(body, region_code="431221", case_number="forged")
        content = {"v": 1, "seq": seq + 1, "kind": "recorded", "at": "2026-11-01T00:00:00Z", "authority": "HC",
                   "sanction": f"S{seq + 1}", "body": body, "warnings": []}
        payload = canonical(content)
        h = next_head(prev, payload)
        db.execute("INSERT INTO sanction_events VALUES (?,?,?,?,?,?,?,?)",
                   (seq + 1, "recorded", f"S{seq + 1}", "HC", content["at"], payload, h,
                    filled.signers["HC"].sign(h)))
        db.execute("UPDATE sanction_head SET seq = ?, hash = ?", (seq + 1, h))
    res = _bad(filled)
    assert res.bad_seq == seq + 1 and res.problem.key == "v_rule"


def test_state_table_edit_is_caught_and_rebuilt_from_events(filled):
    code = filled.reg.sanction("S6")["entity"]["code"]
    on = dt.date(2026, 4, 1)

    def entries():
        return [a.entry_id for a in active_sanctions(filled.reg, [code], on, "43", "CCER")]
    assert "S6" in entries()
    with _db(filled) as db:  # try to hide a sanction from the checker: the columns are not trusted
        db.execute("UPDATE sanction_state SET status = 'revoked' WHERE id = 'S6'")
    assert "S6" in entries()
    with _db(filled) as db:  # nor the stored document: it no longer adds up to the signed digest
        doc = json.loads(db.execute("SELECT doc FROM sanction_state WHERE id = 'S6'").fetchone()[0])
        doc["status"] = "revoked"
        db.execute("UPDATE sanction_state SET doc = ? WHERE id = 'S6'", (canonical(doc),))
    from compliance.penalties.verify import Unverified
    with pytest.raises(Unverified) as exc:
        entries()
    assert exc.value.seq == 6 and "S6" in exc.value.message("en")
    res = _bad(filled)
    assert res.problem is None and res.state_problem == "S6"
    res = filled.reg.verify(rebuild=True)
    assert res.ok and res.rebuilt
    assert "S6" in entries()
    assert filled.reg.verify().ok


def test_deleted_state_row_and_authority_row_are_caught(filled):
    with _db(filled) as db:
        db.execute("DELETE FROM sanction_state WHERE id = 'S10'")
    assert _bad(filled).state_problem == "S10"
    filled.reg.verify(rebuild=True)
    with _db(filled) as db:
        db.execute("UPDATE sanction_authorities SET division = '43' WHERE authority_id = 'HC'")
    assert _bad(filled).state_problem == "HC"


def test_cli_verify_names_the_first_bad_event(filled):
    from typer.testing import CliRunner

    from compliance.cli.sanctions import app

    with _db(filled) as db:
        db.execute("UPDATE sanction_events SET payload = replace(payload, '鹤林罚决字', '假') WHERE seq = 7")
    r = CliRunner().invoke(app, ["verify", "--db", str(filled.path)])
    assert r.exit_code == 1
    assert "#7" in r.output and "哈希不符" in r.output
    r = CliRunner().invoke(app, ["verify", "--db", str(filled.path), "--lang", "en"])
    assert r.exit_code == 1 and "first bad event is #7" in r.output


def test_signed_event_without_the_fields_it_needs_is_named_not_a_crash(filled):
    """Even a key holder writing around the product gets a named failure, not a traceback."""
    with _db(filled) as db:
        seq, prev = db.execute("SELECT seq, hash FROM sanction_head").fetchone()
        content = {"v": 1, "seq": seq + 1, "kind": "recorded", "at": "2026-11-01T00:00:00Z", "authority": "HC",
                   "sanction": f"S{seq + 1}", "body": {"entity": "?"}, "warnings": []}
        payload = canonical(content)
        h = next_head(prev, payload)
        db.execute("INSERT INTO sanction_events VALUES (?,?,?,?,?,?,?,?)",
                   (seq + 1, "recorded", f"S{seq + 1}", "HC", content["at"], payload, h,
                    filled.signers["HC"].sign(h)))
        db.execute("UPDATE sanction_head SET seq = ?, hash = ?", (seq + 1, h))
    res = _bad(filled)
    assert res.bad_seq == seq + 1 and res.problem.key == "v_payload"


def test_parallel_verify_names_the_same_first_bad_signature(filled):
    """Signatures checked in worker processes: the first bad one is still the one named."""
    assert filled.reg.verify(workers=2).ok
    with _db(filled) as db:
        sig = db.execute("SELECT signature FROM sanction_events WHERE seq = 8").fetchone()[0]
        db.execute("UPDATE sanction_events SET signature = ? WHERE seq = 8", (sig[:-2] + ("00" if sig[-2:] != "00" else "11"),))
        db.execute("UPDATE sanction_events SET signature = ? WHERE seq = 10", (sig,))
    for workers in (0, 2):
        res = filled.reg.verify(workers=workers)
        assert not res.ok and res.bad_seq == 8 and res.problem.key == "v_signature", (workers, res)
