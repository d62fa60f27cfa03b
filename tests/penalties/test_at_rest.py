"""At rest: register and key files are the owner's only; exports never run as spreadsheet formulas."""
from __future__ import annotations

import csv
import os
import stat

import openpyxl
import pytest
from typer.testing import CliRunner

from compliance.cli.sanctions import app
from compliance.penalties.chain import Signer
from compliance.penalties.messages import RegisterError


def _mode(p) -> int:
    return stat.S_IMODE(os.stat(p).st_mode)


@pytest.fixture
def cli(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("COMPLIANCE_KEY_PASSPHRASE", raising=False)
    monkeypatch.setattr(os, "umask", os.umask)  # restored by monkeypatch
    old = os.umask(0o022)
    runner = CliRunner()
    yield lambda *a: runner.invoke(app, [*a, "--db", str(tmp_path / "r.sqlite3"), "--lang", "en"])
    os.umask(old)


def test_new_register_and_its_checkpoint_and_keys_are_0600(cli, tmp_path):
    r = cli("enroll", "--id", "HN", "--name", "湖南省林业局", "--division", "43", "--new-key", "hn.pem", "--bootstrap")
    assert r.exit_code == 0, r.output
    assert _mode(tmp_path / "r.sqlite3") == 0o600
    assert _mode(tmp_path / "hn.pem") == 0o600
    assert _mode(tmp_path / "r.sqlite3.checkpoint.json") == 0o600
    for side in ("r.sqlite3-wal", "r.sqlite3-shm"):
        if (tmp_path / side).exists():
            assert _mode(tmp_path / side) == 0o600


def test_a_private_key_readable_by_others_is_refused_with_a_message(cli, tmp_path):
    assert cli("enroll", "--id", "HN", "--name", "湖南省林业局", "--division", "43", "--new-key", "hn.pem",
               "--bootstrap").exit_code == 0
    (tmp_path / "hn.pem").chmod(0o644)
    r = cli("enroll", "--id", "HC", "--name", "怀化市鹤城区林业局", "--division", "431202", "--new-key", "hc.pem",
            "--authority", "HN", "--key", "hn.pem")
    assert r.exit_code == 2 and "readable by other users" in r.output and "chmod 600" in r.output
    with pytest.raises(RegisterError) as info:
        Signer.from_file(tmp_path / "hn.pem")
    assert info.value.key == "key_readable_by_others"


def test_passphrase_encrypted_key_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("COMPLIANCE_KEY_PASSPHRASE", "口令 2026")
    s = Signer.generate()
    s.write(tmp_path / "k.pem")
    assert b"ENCRYPTED PRIVATE KEY" in (tmp_path / "k.pem").read_bytes()
    assert Signer.from_file(tmp_path / "k.pem").public_key == s.public_key
    monkeypatch.setenv("COMPLIANCE_KEY_PASSPHRASE", "wrong")
    with pytest.raises(RegisterError) as info:
        Signer.from_file(tmp_path / "k.pem")
    assert info.value.key == "key_wrong_passphrase"


def _exported_cells(world, out):
    """The text cells of ``sanctions export`` to ``out`` (.csv or .xlsx; an .xlsx holds no formula cell)."""
    from compliance.penalties.tabular import export_file

    export_file(world.reg.sanctions(), out)
    if out.suffix == ".csv":
        with out.open(encoding="utf-8-sig", newline="") as fh:
            return [c for row in csv.reader(fh) for c in row]
    ws = openpyxl.load_workbook(out).active
    assert not [c.coordinate for row in ws.iter_rows() for c in row if c.data_type == "f"]
    return [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_neutralises_formula_leading_cells(world, tmp_path, suffix):
    evil = {"entity_name": "=HYPERLINK(\"http://127.0.0.1\",\"x\")公司", "grounds": "@SUM(A1)圈占林地",
            "case_number": "+鹤林罚〔2026〕9号"}
    world.record(**evil)
    cells = _exported_cells(world, tmp_path / f"e{suffix}")
    assert not [c for c in cells if c and c[0] in "=+-@\t\r"]
    for v in evil.values():
        assert "'" + v in cells


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_neutralises_formulas_after_spaces_and_in_full_width_forms(world, tmp_path, suffix):
    """A spreadsheet skips leading spaces before a formula, and an input method turns ＝ into =:
    those lead a cell as much as a bare ``=`` does."""
    evil = {"entity_name": "\u3000＝HYPERLINK(\"http://127.0.0.1\",\"x\")公司", "grounds": "  =1+1 圈占林地",
            "case_number": "＋鹤林罚〔2026〕9号", "evidence": ["\u200f@SUM(A1) 勘验笔录"]}
    world.record(**evil)
    cells = _exported_cells(world, tmp_path / f"e{suffix}")
    stored = world.reg.sanctions()[-1]
    for v in (stored["entity"]["name"], stored["grounds"], stored["case_number"]):
        assert v not in cells and any(c.startswith("'") and v in c for c in cells), (v, cells)


@pytest.mark.parametrize("name", ["fifo", "/dev/zero", "big"])
def test_a_key_that_is_a_fifo_a_device_or_huge_is_refused_at_once(tmp_path, name):
    """Reading it would block (a FIFO), never end (/dev/zero) or fill memory: refused with the
    key message before reading."""
    if name == "fifo":
        p = tmp_path / "k.pem"
        os.mkfifo(p, 0o600)
    elif name == "big":
        p = tmp_path / "k.pem"
        p.write_bytes(b"-----BEGIN PRIVATE KEY-----\n" + b"A" * 200_000)
        p.chmod(0o600)
    else:
        p = name
    with pytest.raises(RegisterError) as info:
        Signer.from_file(p)
    assert info.value.key == "key_unparsable"
