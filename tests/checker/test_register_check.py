"""`compliance check` consults the sanctions register: a suspended developer fails, citing the entry."""
from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from compliance.cli import app

EX = Path(__file__).resolve().parents[2] / "examples" / "hunan-ccer-afforestation.yaml"
runner = CliRunner()


def _register_with_suspension(path: Path, code: str, measure: str = "suspend"):
    from compliance.penalties.chain import Signer
    from compliance.penalties.store import Register

    reg, key = Register(str(path)), Signer.generate()
    reg.enroll(authority_id="HNLY", name="湖南省林业局", division="43", public_key=key.public_key, signer=key,
               bootstrap=True)
    done = reg.record(dict(entity_name="湖南幕阜碳汇科技有限公司", code=code, region_code="4306", measure=measure,
                           mechanisms=["CCER"], from_date="2026-05-01", to_date="2027-04-30",
                           grounds="虚报造林面积，伪造林权流转材料", basis=["森林法 第七十四条"],
                           case_number="湘林罚决字〔2026〕7号", evidence=["岳阳市林业局核查报告"]),
                      authority="HNLY", signer=key)
    reg.close()
    return done


def test_suspended_developer_fails_citing_the_register_entry(tmp_path):
    db = tmp_path / "reg.sqlite3"
    _register_with_suspension(db, "91430626MA4T8K2L3Y")
    r = runner.invoke(app, ["check", str(EX), "--db", str(db), "--format", "json"])
    assert r.exit_code == 1, r.output
    d = json.loads(r.output)
    f = next(x for x in d["findings"] if x["rule"] == "REG-suspended")
    # the entry's own recorded basis and authority (RULES.md corrections), not 川林发 六(四) on a Hunan project
    assert f["path"] == "developer.uscc" and f["citation"] == "森林法 第七十四条（湖南省林业局 湘林罚决字〔2026〕7号）"
    assert d["register"]["register"] == str(db) and d["register"]["events"] == 2
    assert "湘林罚决字〔2026〕7号" in f["message"] and f["facts"]["entry_id"].startswith("S")


def test_a_named_register_that_does_not_exist_is_an_error_and_creates_nothing(tmp_path):
    db = tmp_path / "typo.sqlite3"
    r = runner.invoke(app, ["check", str(EX), "--db", str(db)])
    assert r.exit_code == 2 and "--db" in r.output
    assert not db.exists()


def test_without_any_register_the_check_runs_and_creates_nothing(tmp_path, monkeypatch):
    monkeypatch.delenv("COMPLIANCE_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))     # platformdirs' user data dir
    r = runner.invoke(app, ["check", str(EX)])
    assert r.exit_code == 0
    assert not list((tmp_path / "data").rglob("*.sqlite3"))


def test_sanctions_commands_are_mounted():
    r = runner.invoke(app, ["sanctions", "--help"])
    assert r.exit_code == 0 and "verify" in r.output
