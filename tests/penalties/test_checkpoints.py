"""Signed checkpoints (tree heads): every N events and on demand, checked by a full verify,
the start of an incremental verify, and what truncation is measured against. SQLite and
PostgreSQL (COMPLIANCE_TEST_PG_URL)."""
from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from compliance.penalties import checkpoint
from compliance.penalties.chain import Signer
from compliance.penalties.location import resolve_url
from compliance.penalties.store import Register

runner = CliRunner()


def _sql(url: str, *statements, params=None):
    eng = sa.create_engine(resolve_url(url))
    with eng.begin() as conn:
        out = [conn.execute(sa.text(st), params or {}) for st in statements]
        rows = [r.all() if r.returns_rows else None for r in out]
    eng.dispose()
    return rows


@pytest.fixture
def reg(backend, h):
    """Root HN and county HC, then 12 sanctions recorded three at a time; a tree head every 5 events."""
    url, db = backend
    r = Register(url, checkpoint_every=5)
    hn, hc = Signer.generate(), Signer.generate()
    r.enroll(authority_id="HN", name="湖南省林业局", division="43", public_key=hn.public_key, signer=hn, bootstrap=True)
    r.enroll(authority_id="HC", name="怀化市鹤城区林业局", division="431202", public_key=hc.public_key,
             acting="HN", signer=hn)
    for i in range(0, 12, 3):
        r.record_many([h.sanction(entity_name=f"怀化林业公司{n}", code=h.uscc(n + 1),
                                  case_number=f"鹤林罚决字〔2026〕{n + 1}号")
                       for n in range(i, i + 3)], authority="HC", signer=hc)
    r.keys = {"HN": hn, "HC": hc}
    r.db = db
    yield r
    r.close()


def _forget(reg):
    """Another machine: no checkpoint seen there yet."""
    for p in (checkpoint.path_for(reg.url), checkpoint.machine_path_for(reg.url)):
        if p is not None:
            p.unlink(missing_ok=True)


def test_tree_heads_every_n_events_and_on_demand(reg):
    # 2 enrolments, then 3 events per transaction: the transactions that crossed 5, 10 (at 11) ...
    assert [t["seq"] for t in reg.tree_heads()] == [5, 11]
    for t in reg.tree_heads():
        with reg.engine.connect() as conn:
            at = conn.execute(sa.text("SELECT hash FROM sanction_events WHERE seq = :s"), {"s": t["seq"]}).scalar()
        assert t["hash"] == at and t["authority"] == "HC"
        assert checkpoint.tree_head_problem(t, {"HC": {"public_key": reg.keys["HC"].public_key}}, at, None) is None
    on_demand = reg.sign_checkpoint(authority="HN", signer=reg.keys["HN"])
    assert on_demand["seq"] == reg.head()[0] == 14 and on_demand["authority"] == "HN"
    assert [t["seq"] for t in reg.tree_heads()] == [5, 11, 14]
    assert reg.verify().ok


def test_incremental_verify_replays_only_what_follows_the_latest_checkpoint(reg, h):
    _forget(reg)
    reg.record(h.sanction(code=h.uscc(50), case_number="鹤林罚决字〔2026〕50号"), authority="HC", signer=reg.keys["HC"])
    reg.lift("S3", lifted_on="2026-06-01", reason="整改到位", authority="HC", signer=reg.keys["HC"])
    _forget(reg)
    res = reg.verify(incremental=True)
    assert res.ok and res.count == 16
    assert (res.incremental_from, res.incremental_source) == (15, "tree_head")   # 14 -> 15 crossed 15
    again = reg.verify(incremental=True)     # verified here up to 16: nothing left to replay
    assert again.ok and (again.incremental_from, again.incremental_source) == (16, "verified")


def test_incremental_verify_names_an_edited_event_after_the_checkpoint(reg):
    payload = _sql(reg.url, "SELECT payload FROM sanction_events WHERE seq = 13")[0][0][0]
    _sql(reg.url, "UPDATE sanction_events SET payload = :p WHERE seq = 13",
         params={"p": payload.replace("怀化林业公司10", "怀化林业公司X")})
    _forget(reg)
    res = reg.verify(incremental=True)
    assert not res.ok and res.bad_seq == 13 and res.problem.key == "v_hash"


def test_a_forged_tree_head_is_refused(reg):
    _sql(reg.url, "UPDATE sanction_checkpoints SET state = :z WHERE seq = 11", params={"z": "0" * 64})
    _forget(reg)
    res = reg.verify(incremental=True)
    assert not res.ok and res.bad_seq == 11 and res.problem.key == "v_tree_head_signature"
    assert "#11" in res.problem.message("en") and "forged" in res.problem.message("en")
    full = reg.verify()
    assert not full.ok and full.bad_seq == 11 and full.problem.key == "v_tree_head_signature"


def test_truncation_below_a_tree_head_is_caught_without_any_checkpoint_seen(reg):
    """Delete the last four events and rewind the head: the tree head at 11 is still there."""
    h10 = _sql(reg.url, "SELECT hash FROM sanction_events WHERE seq = 10")[0][0][0]
    _sql(reg.url, "DELETE FROM sanction_events WHERE seq > 10", "DELETE FROM sanction_state WHERE last_seq > 10",
         "UPDATE sanction_head SET seq = 10, hash = :h", params={"h": h10})
    _forget(reg)
    res = reg.verify()
    assert not res.ok and res.problem.key == "v_tree_head_beyond" and res.bad_seq == 11
    _forget(reg)
    inc = reg.verify(incremental=True)
    assert not inc.ok and inc.problem.key in ("v_tree_head_beyond", "v_truncated") and inc.bad_seq == 11


def test_rollback_to_an_older_state_is_caught_against_the_latest_checkpoint_seen(reg):
    assert reg.verify(incremental=True).ok          # this machine has now seen #14
    h10 = _sql(reg.url, "SELECT hash FROM sanction_events WHERE seq = 10")[0][0][0]
    _sql(reg.url, "DELETE FROM sanction_checkpoints WHERE seq > 10", "DELETE FROM sanction_events WHERE seq > 10",
         "DELETE FROM sanction_state WHERE last_seq > 10", "UPDATE sanction_head SET seq = 10, hash = :h",
         params={"h": h10})
    res = reg.verify(incremental=True)
    assert not res.ok and res.problem.key == "v_rollback" and res.bad_seq == 11


def test_cli_signs_exports_and_verifies_incrementally(reg, tmp_path):
    from compliance.cli.sanctions import app

    key = tmp_path / "hn.pem"
    key.write_bytes(reg.keys["HN"].pem())
    key.chmod(0o600)
    out = tmp_path / "cp.json"
    r = runner.invoke(app, ["checkpoint", "--sign", "--authority", "HN", "--key", str(key), "--out", str(out),
                            "--db", reg.db, "--lang", "en"])
    assert r.exit_code == 0, r.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["tree_head"]["seq"] == 14 and doc["tree_head"]["authority"] == "HN" and doc["seq"] == 14
    r = runner.invoke(app, ["verify", "--incremental", "--head", str(out), "--db", reg.db, "--lang", "en"])
    assert r.exit_code == 0 and "incremental" in r.output, r.output
    r = runner.invoke(app, ["verify", "--head", str(out), "--db", reg.db, "--format", "json"])
    assert r.exit_code == 0 and json.loads(r.output)["ok"], r.output


def test_checkpoint_interval_comes_from_the_configuration(tmp_path, monkeypatch):
    monkeypatch.setenv("COMPLIANCE_CHECKPOINT_EVERY", "3")
    assert checkpoint.every() == 3
    monkeypatch.delenv("COMPLIANCE_CHECKPOINT_EVERY")
    cfg = tmp_path / "config.toml"
    cfg.write_text("[sanctions]\ncheckpoint_every = 250\n", encoding="utf-8")
    monkeypatch.setenv("COMPLIANCE_CONFIG", str(cfg))
    assert checkpoint.every() == 250
    cfg.write_text("[sanctions]\ncheckpoint_every = -4\n", encoding="utf-8")
    from compliance.cli.sanctions import app

    monkeypatch.chdir(tmp_path)
    r = runner.invoke(app, ["enroll", "--id", "HN", "--name", "湖南省林业局", "--division", "43", "--new-key", "hn.pem",
                            "--bootstrap", "--db", str(tmp_path / "r.sqlite3"), "--lang", "en"])
    assert r.exit_code == 2 and "checkpoint_every" in r.output and "Traceback" not in r.output, r.output
