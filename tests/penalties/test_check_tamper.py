"""An attacker with plain SQL on the register: `compliance check` refuses (exit 3), never passes.

Each case edits, deletes, reorders or truncates rows of a register that suspends the example
project's developer, then runs `compliance check --db …`. The refusal names the register and
the first bad event; an untouched register fails the project (exit 1) and says which register
it consulted. Runs on SQLite and, when COMPLIANCE_TEST_PG_URL is set, on PostgreSQL.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from compliance.cli import app

EX = Path(__file__).resolve().parents[2] / "examples" / "hunan-ccer-afforestation.yaml"
DEVELOPER = "91430626MA4T8K2L3Y"
runner = CliRunner()


def _raw(url: str):
    from compliance.penalties.location import resolve_url

    return sa.create_engine(resolve_url(url))


@pytest.fixture
def reg(backend):
    """seq 1 root, 2 another party's suspension, 3 the developer's suspension (the last event)."""
    from compliance.penalties.chain import Signer
    from compliance.penalties.store import Register

    url, db = backend
    r, key = Register(url), Signer.generate()
    r.enroll(authority_id="HNLY", name="湖南省林业局", division="43", public_key=key.public_key, signer=key,
             bootstrap=True)
    for n, (name, code) in enumerate((("怀化绿源林业有限公司", "91431202MA0000001L"),
                                      ("湖南幕阜碳汇科技有限公司", DEVELOPER))):
        r.record(dict(entity_name=name, code=code, region_code="4306", measure="suspend", mechanisms=["CCER"],
                      from_date="2026-05-01", to_date="2027-04-30", grounds="虚报造林面积，伪造林权流转材料",
                      basis=["森林法 第七十四条"], case_number=f"湘林罚决字〔2026〕{n + 7}号",
                      evidence=["岳阳市林业局核查报告"]), authority="HNLY", signer=key)
    r.key = key
    yield r, db
    r.close()


def _check(db: str):
    return runner.invoke(app, ["check", str(EX), "--db", db, "--format", "json", "--as-of", "2026-06-01",
                               "--lang", "en"])


def _refused(db: str, shown: str, seq: int):
    r = _check(db)
    assert r.exit_code == 3, r.output
    assert "does not verify" in r.output and f"#{seq}" in r.output, r.output
    assert shown in r.output, r.output
    assert "Traceback" not in r.output and "SELECT" not in r.output
    return r.output


def _sql(url: str, *statements, params=None):
    eng = _raw(url)
    with eng.begin() as conn:
        for st in statements:
            conn.execute(sa.text(st), params or {})
    eng.dispose()


def _shown(reg) -> str:
    return reg.display_name()


def test_untouched_register_fails_the_suspended_developer_and_is_named(reg):
    r, db = reg
    out = _check(db)
    assert out.exit_code == 1, out.output
    d = json.loads(out.output)
    assert any(f["rule"] == "REG-suspended" for f in d["findings"])
    assert d["register"]["register"] == _shown(r) and d["register"]["events"] == 3
    assert d["register"]["head_hash"] == r.head()[1]


def test_edited_state_document_is_refused(reg):
    r, db = reg
    doc = _raw_doc(r.url, "S3")
    doc["to_date"] = "2026-05-02"
    _sql(r.url, "UPDATE sanction_state SET doc = :d WHERE id = 'S3'", params={"d": json.dumps(doc)})
    _refused(db, _shown(r), 3)


def test_edited_state_columns_do_not_lift_the_suspension(reg):
    r, db = reg
    _sql(r.url, "UPDATE sanction_state SET status = 'lifted', to_date = NULL, province = '51' WHERE id = 'S3'")
    # the entries replayed since the last checkpoint are compared column by column: refused
    _refused(db, _shown(r), 3)
    _sql(r.url, "UPDATE sanction_state SET code = '91430626MA4T8K2L3X' WHERE id = 'S3'")
    _refused(db, _shown(r), 3)         # the code column a check finds it by is covered by the digest


def test_deleted_state_row_is_refused(reg):
    r, db = reg
    _sql(r.url, "DELETE FROM sanction_state WHERE id = 'S3'")
    _refused(db, _shown(r), 3)


def test_edited_event_is_refused(reg):
    r, db = reg
    _sql(r.url, "UPDATE sanction_events SET payload = replace(payload, '2027-04-30', '2026-05-02') WHERE seq = 3")
    _refused(db, _shown(r), 3)


def test_deleted_event_in_the_middle_is_refused(reg):
    r, db = reg
    _sql(r.url, "DELETE FROM sanction_events WHERE seq = 2")
    _refused(db, _shown(r), 2)


def test_reordered_events_are_refused(reg):
    r, db = reg
    _sql(r.url, "UPDATE sanction_events SET seq = 100 WHERE seq = 2",
         "UPDATE sanction_events SET seq = 2 WHERE seq = 3",
         "UPDATE sanction_events SET seq = 3 WHERE seq = 100")
    _refused(db, _shown(r), 2)


def test_truncated_register_is_refused_by_the_checkpoint(reg):
    """The careful attacker deletes the last event and its state row and rewinds the head."""
    r, db = reg
    assert _check(db).exit_code == 1            # the check saw (and keeps) the signed head #3
    eng = _raw(r.url)
    with eng.begin() as conn:
        h2 = conn.execute(sa.text("SELECT hash FROM sanction_events WHERE seq = 2")).scalar()
        conn.execute(sa.text("DELETE FROM sanction_events WHERE seq = 3"))
        conn.execute(sa.text("DELETE FROM sanction_state WHERE id = 'S3'"))
        conn.execute(sa.text("UPDATE sanction_head SET seq = 2, hash = :h"), {"h": h2})
    eng.dispose()
    out = _refused(db, _shown(r), 3)
    assert "shorter than the signed checkpoint" in out


def test_rogue_key_in_the_authorities_table_is_ignored_by_checks_and_refused_by_the_append_path(reg):
    from compliance.penalties.chain import Signer
    from compliance.penalties.messages import RegisterError

    r, db = reg
    rogue = Signer.generate()
    _sql(r.url, "UPDATE sanction_authorities SET public_key = :k WHERE authority_id = 'HNLY'",
         params={"k": rogue.public_key})
    assert _check(db).exit_code == 1
    with pytest.raises(RegisterError) as info:
        r.lift("S3", lifted_on="2026-05-02", reason="x", authority="HNLY", signer=rogue)
    assert info.value.key == "key_mismatch"


def test_restored_older_backup_is_refused_without_an_exported_head(reg, tmp_path, h):
    r, db = reg
    if not r.url.startswith("sqlite"):
        pytest.skip("a file backup is a SQLite notion (PostgreSQL: see the truncation case)")
    r.close()
    backup = tmp_path / "backup.sqlite3"
    shutil.copy(db, backup)
    r2 = type(r)(r.url)
    r2.lift("S3", lifted_on="2026-05-02", reason="整改到位", authority="HNLY", signer=r.key)
    r2.record(dict(entity_name="另一家公司", code=h.uscc(2), region_code="4306", measure="suspend",
                   mechanisms=["CCER"], from_date="2026-05-01", to_date="2027-04-30", grounds="虚报",
                   basis=["森林法 第七十四条"], case_number="湘林罚决字〔2026〕20号"), authority="HNLY", signer=r.key)
    r2.close()
    for suffix in ("-wal", "-shm"):
        Path(db + suffix).unlink(missing_ok=True)
    shutil.copy(backup, db)           # the older file: a valid chain of 3 events, signed
    out = _refused(db, _shown(r), 4)
    assert "shorter than the signed checkpoint" in out


def test_a_restored_folder_backup_register_and_its_checkpoint_file_together_is_refused(reg, tmp_path, h):
    """The whole folder restored (the register with the checkpoint and index files beside it):
    this machine's own copy of the checkpoint still knows the later head."""
    r, db = reg
    if not r.url.startswith("sqlite"):
        pytest.skip("a file backup is a SQLite notion (PostgreSQL: see the truncation case)")
    assert _check(db).exit_code == 1   # verified once here: the checkpoint files now exist
    r.close()
    folder, backup = Path(db).parent, tmp_path / "folder-backup"
    backup.mkdir()
    kept = [p for p in folder.iterdir() if p.name.startswith(Path(db).name) and p.is_file()]
    assert any(p.name.endswith(".checkpoint.json") for p in kept)
    for p in kept:
        shutil.copy(p, backup / p.name)
    r2 = type(r)(r.url)
    r2.lift("S3", lifted_on="2026-05-02", reason="整改到位", authority="HNLY", signer=r.key)
    r2.close()
    for p in folder.iterdir():
        if p.name.startswith(Path(db).name):
            p.unlink()
    for p in backup.iterdir():
        shutil.copy(p, folder / p.name)   # register, checkpoint and index as they were
    out = _refused(db, _shown(r), 4)
    assert "shorter than the signed checkpoint" in out and "remove that file" in out


def test_a_new_register_at_the_same_path_is_not_taken_for_a_rolled_back_one(reg, h):
    """A register deleted on purpose and begun anew at the same path (its first event differs):
    not reported as a rollback of the old one once it holds events."""
    from compliance.penalties.chain import Signer

    r, db = reg
    if not r.url.startswith("sqlite"):
        pytest.skip("a file path is a SQLite notion")
    assert _check(db).exit_code == 1
    r.close()
    for p in Path(db).parent.iterdir():
        if p.name.startswith(Path(db).name):
            p.unlink()
    fresh, key = type(r)(r.url), Signer.generate()
    fresh.enroll(authority_id="HNLY", name="湖南省林业局", division="43", public_key=key.public_key, signer=key,
                 bootstrap=True)
    assert fresh.verify().ok
    fresh.close()
    assert _check(db).exit_code == 0   # the developer is not suspended in the new register


def _raw_doc(url, sid):
    eng = _raw(url)
    with eng.connect() as conn:
        doc = conn.execute(sa.text("SELECT doc FROM sanction_state WHERE id = :s"), {"s": sid}).scalar()
    eng.dispose()
    return json.loads(doc)


def test_a_second_check_reads_the_index_verified_here_and_still_refuses_edits_it_relies_on(reg):
    """After one verified read, checks take the entries' lookup columns from the index kept beside
    the checkpoint (no scan of every state row); the entries they cite are still re-derived and
    compared with their rows, and `verify --incremental` still sums every row."""
    from compliance.cli.sanctions import app as sanctions_app
    from compliance.penalties import checkpoint, verify
    from compliance.penalties.store import Register

    r, db = reg
    assert _check(db).exit_code == 1
    assert checkpoint.index_path(r.url).stat().st_mode & 0o077 == 0
    again = Register(r.url, create=False)
    assert verify.load(again).chain.get("indexed") == r.head()
    again.close()
    _sql(r.url, "DELETE FROM sanction_state WHERE id = 'S2'")       # another party's row
    assert _check(db).exit_code == 1                                 # the developer is still suspended
    out = runner.invoke(sanctions_app, ["verify", "--incremental", "--db", db, "--lang", "en"])
    assert out.exit_code != 0 and "S2" in out.output, out.output
    _sql(r.url, f"UPDATE sanction_state SET code = '91430626MA4T8K2L3X' WHERE code = '{DEVELOPER}'")
    _refused(db, _shown(r), 3)
