"""Regression tests for refusals found in review: each bad input exits 2 naming the option the
user typed, never a traceback, and writes (or creates) nothing."""
from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from compliance.cli.sanctions import app
from compliance.penalties.messages import RegisterError
from compliance.penalties.store import Register

CODE = "91431202MA0000001L"
RECORD = ["record", "--entity", "怀化绿源林业有限公司", "--code", CODE, "--region", "431202",
          "--measure", "暂停", "--mechanism", "CCER", "--from", "2026-03-01", "--to", "2027-02-28",
          "--grounds", "长期圈占林地资源", "--basis", "森林法 第七十四条", "--authority", "HC", "--key", "hc.pem"]


@pytest.fixture
def cli(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("COMPLIANCE_LANG", raising=False)
    monkeypatch.delenv("COMPLIANCE_DB", raising=False)
    db = str(tmp_path / "cli.sqlite3")
    runner = CliRunner()

    def run(*args, db_path=None):
        return runner.invoke(app, [*args, "--db", db_path or db])
    run.db = db
    return run


@pytest.fixture
def reg(cli):
    """A register with HN (province) and HC (鹤城区) enrolled and S3 recorded (2026-03-01 – 2027-02-28)."""
    for args in (["enroll", "--id", "HN", "--name", "湖南省林业局", "--division", "43", "--new-key", "hn.pem",
                  "--bootstrap"],
                 ["enroll", "--id", "HC", "--name", "怀化市鹤城区林业局", "--division", "431202", "--new-key",
                  "hc.pem", "--authority", "HN", "--key", "hn.pem"],
                 [*RECORD, "--case-number", "鹤林罚决字〔2026〕1号"]):
        r = cli(*args)
        assert r.exit_code == 0, r.output
    return cli


def _count(cli) -> int:
    with Register(cli.db) as r:
        return r.head()[0]


def _refused(r, option, *fragments):
    assert r.exit_code == 2, r.output
    assert option in r.output, r.output
    for f in fragments:
        assert f in r.output, r.output
    assert "Traceback" not in r.output and "内部错误" not in r.output


# ---------------------------------------------------------------------- 1. a mistyped --db

@pytest.mark.parametrize("args", [
    ["screen", "foo"], ["verify"], ["list"], ["show", "S1"], ["export", "--out", "y.csv"],
    ["export", "--head", "-"], ["notice", "S1"], ["import", "x.csv", "--authority", "HC", "--key", "hc.pem"],
    [*RECORD, "--case-number", "c1"],
    ["lift", "S3", "--on", "2026-05-01", "--reason", "x", "--authority", "HC", "--key", "hc.pem"],
    ["amend", "S3", "--reason", "x", "--to", "2027-12-31", "--authority", "HC", "--key", "hc.pem"],
    ["appeal", "S3", "--outcome", "维持", "--decided", "2026-11-01", "--body", "b", "--document", "d",
     "--authority", "HC", "--key", "hc.pem"],
    ["enroll", "--id", "ZF", "--name", "中方县林业局", "--division", "431221", "--new-key", "zf.pem",
     "--authority", "HN", "--key", "hn.pem"],
])
def test_a_missing_register_is_refused_and_nothing_is_created(reg, tmp_path, args):
    (tmp_path / "x.csv").write_text("当事人名称\n甲\n", encoding="utf-8")

    def files():
        return sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("cli.sqlite3"))
    before = files()
    r = reg(*args, db_path=str(tmp_path / "typo.db"))
    _refused(r, "--db", "登记簿不存在", "no register at", str(tmp_path / "typo.db"))
    assert files() == before


def test_a_missing_register_in_english(reg, tmp_path):
    r = reg("list", "--lang", "en", db_path=str(tmp_path / "typo.db"))
    _refused(r, "--db", f"no register at {tmp_path / 'typo.db'}")


def test_an_existing_file_that_is_no_register_is_refused_untouched(reg, tmp_path):
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    r = reg("list", db_path=str(empty))
    _refused(r, "--db", "登记簿不存在")
    assert empty.stat().st_size == 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("empty")) == ["empty.db"]


def test_only_a_bootstrap_enrolment_creates_a_register(cli, tmp_path):
    r = cli("enroll", "--id", "HN", "--name", "湖南省林业局", "--division", "43", "--new-key", "hn.pem",
            "--authority", "XX", "--key", "hn.pem")
    assert r.exit_code == 2 and not Path(cli.db).exists()
    r = cli("enroll", "--id", "HN", "--name", "湖南省林业局", "--division", "43", "--new-key", "hn.pem",
            "--bootstrap")
    assert r.exit_code == 0, r.output
    assert Path(cli.db).exists()


def test_register_api_create_false(tmp_path):
    with pytest.raises(RegisterError) as e:
        Register(str(tmp_path / "none.db"), create=False)
    assert e.value.key == "db_missing" and e.value.field == "db"
    assert not (tmp_path / "none.db").exists()


# ---------------------------------------------------------------------- 2. mechanisms

def test_unknown_mechanism_is_refused(reg):
    before = _count(reg)
    r = reg(*[a if a != "CCER" else "FOO" for a in RECORD], "--case-number", "c2")
    _refused(r, "--mechanism", "FOO", "取值无效")
    r = reg("amend", "S3", "--reason", "x", "--mechanism", "BAR", "--authority", "HC", "--key", "hc.pem")
    _refused(r, "--mechanism", "BAR")
    r = reg("list", "--mechanism", "FOO")
    _refused(r, "--mechanism", "FOO")
    assert _count(reg) == before


def test_mechanisms_are_normalised_to_codes(reg):
    args = [a for a in RECORD]
    i = args.index("--mechanism")
    args[i:i + 2] = ["--mechanism", "湘林碳票", "--mechanism", "ccer", "--mechanism", "碳惠通"]
    r = reg(*args, "--case-number", "c3")
    assert r.exit_code == 0, r.output
    doc = json.loads(reg("show", "S4", "--format", "json").output)
    assert doc["sanction"]["scope"]["mechanisms"] == ["CCER", "CQCER", "XLTP"]
    r = reg("amend", "S4", "--reason", "更正范围", "--mechanism", "全部", "--authority", "HC", "--key", "hc.pem")
    assert r.exit_code == 0, r.output
    doc = json.loads(reg("show", "S4", "--format", "json").output)
    assert doc["sanction"]["scope"]["mechanisms"] == ["*"]
    ids = [s["id"] for s in json.loads(reg("list", "--mechanism", "湘林碳票", "--format", "json").output)]
    assert ids == ["S4"]


def test_import_with_unknown_mechanisms_names_the_column(reg, tmp_path):
    (tmp_path / "hist.csv").write_text(
        "当事人名称,证件号码,违法行为发生地区划代码,措施,适用机制,起始日期,截止日期,事由,法律依据,决定书文号\n"
        f"甲公司,{CODE},431202,暂停,FOO;BAR,2025-01-01,2025-12-31,圈占,森林法 第七十四条,h-1\n",
        encoding="utf-8")
    before = _count(reg)
    r = reg("import", "hist.csv", "--authority", "HC", "--key", "hc.pem")
    _refused(r, "E（适用机制）", "FOO")
    assert _count(reg) == before


# ---------------------------------------------------------------------- 3. lift dates

def test_lift_after_the_end_is_refused_and_does_not_block_a_correct_lift(reg):
    before = _count(reg)
    lift = ["lift", "S3", "--reason", "已整改", "--authority", "HC", "--key", "hc.pem", "--on"]
    _refused(reg(*lift, "2030-01-01"), "--on", "晚于截止日期 2027-02-28")
    _refused(reg(*lift, "2026-02-01"), "--on", "早于起始日期 2026-03-01")
    assert _count(reg) == before
    r = reg(*lift, "2027-02-28")
    assert r.exit_code == 0, r.output
    assert reg("verify").exit_code == 0


def test_import_of_a_lift_after_the_end_is_refused(reg, tmp_path):
    (tmp_path / "hist.csv").write_text(
        "当事人名称,证件号码,违法行为发生地区划代码,措施,起始日期,截止日期,事由,法律依据,决定书文号,解除日期\n"
        f"甲公司,{CODE},431202,暂停,2025-01-01,2025-12-31,圈占,森林法 第七十四条,h-1,2026-03-01\n",
        encoding="utf-8")
    r = reg("import", "hist.csv", "--authority", "HC", "--key", "hc.pem")
    _refused(r, "解除日期", "晚于截止日期")


def test_verify_flags_a_lift_after_the_end_written_around_the_product():
    from compliance.penalties import fold

    state = {"id": "S3", "status": "in_force", "from_date": "2026-03-01", "to_date": "2027-02-28",
             "lifted": None, "appeals": [], "last_hash": "h", "region_code": "431202",
             "decided_by": {"division": "431202"}, "scope": {"province": "43"}}
    acting = {"authority_id": "HC", "division": "431202"}
    problem = fold.sanction_event_problem("lifted", {"lifted_on": "2030-01-01", "refers_to": "h"}, acting,
                                          state, "S3")
    assert problem is not None and problem.key == "lift_after_to" and problem.field == "lifted_on"


# ---------------------------------------------------------------------- 4. full-width codes

def test_screen_and_list_fold_full_width_codes(reg):
    wide = "".join(chr(ord(c) + 0xFEE0) for c in CODE)
    r = reg("screen", wide, "--format", "json")
    assert r.exit_code == 0 and [h["entry_id"] for h in json.loads(r.output)] == ["S3"]
    r = reg("screen", "--code", wide, "--format", "json")
    assert [h["entry_id"] for h in json.loads(r.output)] == ["S3"]
    r = reg("list", "--code", wide, "--format", "json")
    assert [s["id"] for s in json.loads(r.output)] == ["S3"]

    import datetime as dt

    from compliance.penalties.lookup import active_sanctions

    found = active_sanctions(reg.db, [wide], dt.date(2026, 6, 1), "43", "CCER")
    assert [a.entry_id for a in found] == ["S3"]


# ---------------------------------------------------------------------- 5. user paths

def test_export_refuses_to_overwrite_without_force(reg, tmp_path):
    (tmp_path / "all.csv").write_text("keep me", encoding="utf-8")
    _refused(reg("export", "--out", "all.csv"), "--out", "文件已存在")
    assert (tmp_path / "all.csv").read_text(encoding="utf-8") == "keep me"
    r = reg("export", "--out", "all.csv", "--force")
    assert r.exit_code == 0 and "已导出 1 条" in r.output
    (tmp_path / "head.json").write_text("old head", encoding="utf-8")
    _refused(reg("export", "--head", "head.json"), "--head", "文件已存在")
    assert (tmp_path / "head.json").read_text(encoding="utf-8") == "old head"
    assert reg("export", "--head", "head.json", "--force").exit_code == 0


@pytest.mark.parametrize("args,option,fragment", [
    (["export", "--out", "nodir/x.csv"], "--out", "目录不存在"),
    (["export", "--out", "plain.txt/x.csv"], "--out", "目录不存在"),
    (["export", "--out", "sub"], "--out", "是目录"),
    (["export", "--head", "nodir/h.json"], "--head", "目录不存在"),
    (["verify", "--head", "sub"], "--head", "是目录"),
    (["verify", "--head", "nodir/h.json"], "--head", "文件不存在"),
    (["notice", "S3", "--out", "nodir/n.docx"], "--out", "目录不存在"),
    (["import", "sub", "--authority", "HC", "--key", "hc.pem"], "FILE", "是目录"),
    ([*RECORD[:-1], "sub", "--case-number", "c8"], "--key", "是目录"),
])
def test_path_errors_name_the_option(reg, tmp_path, args, option, fragment):
    (tmp_path / "sub").mkdir()
    (tmp_path / "plain.txt").write_text("x")
    before = _count(reg)
    _refused(reg(*args), option, fragment)
    assert _count(reg) == before
    assert not (tmp_path / "nodir").exists()


def test_os_errors_while_writing_are_refusals(reg, monkeypatch):
    from compliance.penalties import tabular

    def denied(*a, **k):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr(tabular, "_export_file", denied)
    _refused(reg("export", "--out", "x.csv"), "--out", "没有权限写入")
    _refused(reg("export", "--out", "x.csv", "--lang", "en"), "--out", "permission denied writing x.csv")


@pytest.mark.skipif(not os.path.exists("/proc/self/mem"), reason="needs Linux /proc")
def test_unreadable_evidence_is_a_refusal(reg):
    before = _count(reg)
    r = reg(*RECORD, "--case-number", "c9", "--evidence", "/proc/self/mem")
    _refused(r, "--evidence", "/proc/self/mem")
    assert _count(reg) == before


# ---------------------------------------------------------------------- 6. choices

@pytest.mark.parametrize("args", [["list", "--format", "xml"], ["show", "S3", "--format", "xml"],
                                  ["verify", "--format", "xml"], ["screen", "x", "--format", "xml"],
                                  ["list", "--lang", "fr"], ["verify", "--lang", "fr"]])
def test_unknown_format_or_language_is_rejected(reg, args):
    r = reg(*args)
    assert r.exit_code == 2 and ("--format" in r.output or "--lang" in r.output)


# ---------------------------------------------------------------------- 7. the option named

def test_messages_name_the_option_typed(reg, tmp_path):
    _refused(reg("enroll", "--id", "X", "--name", "x", "--division", "43", "--new-key", "k.pem", "--bootstrap"),
             "--id（机关编号）")
    _refused(reg("enroll", "--name", "x", "--division", "431221", "--new-key", "k.pem", "--authority", "HN",
                 "--key", "hn.pem"), "--id（机关编号）：必须填写")
    r = reg("enroll", "--id", "HC", "--name", "x", "--division", "431202", "--new-key", "k.pem",
            "--authority", "HN", "--key", "hn.pem")
    _refused(r, "--id（机关编号）", "已登记")
    assert "--authority" not in r.output.split("（更换")[0]
    assert not (tmp_path / "k.pem").exists()
    _refused(reg("screen", "x", "--as-of", "bad"), "--as-of")
    r = reg("enroll", "--id", "ZF", "--name", "中方县林业局", "--division", "431221", "--new-key", "nodir/k.pem",
            "--authority", "HN", "--key", "hn.pem")
    _refused(r, "--new-key", "目录不存在：nodir")
    assert "无法读取" not in r.output
    r = reg("amend", "S3", "--reason", "x", "--authority", "HC", "--key", "hc.pem")
    assert r.exit_code == 2 and "没有给出任何要更正的内容" in r.output and "--reason" not in r.output


# ---------------------------------------------------------------------- 8. languages

def test_bad_key_file_is_a_clear_bilingual_message(reg, tmp_path):
    (tmp_path / "bad.pem").write_text("garbage")
    args = [a if a != "hc.pem" else "bad.pem" for a in RECORD] + ["--case-number", "c5"]
    r = reg(*args)
    _refused(r, "--key（私钥文件）", "不是有效的 PEM 格式密钥文件")
    assert "cryptography.io" not in r.output and "Unable to load" not in r.output
    r = reg(*args, "--lang", "en")
    _refused(r, "--key (private key file)", "not a valid PEM key file")
    assert "cryptography.io" not in r.output
    (tmp_path / "pub.pem").write_text(
        __import__("compliance.penalties.chain", fromlist=["x"]).public_pem(
            __import__("compliance.penalties.chain", fromlist=["x"]).Signer.generate().public_key))
    r = reg(*[a if a != "hc.pem" else "pub.pem" for a in RECORD], "--case-number", "c6")
    _refused(r, "--key", "只有公钥")


_HELP_PROBE = r"""
import json, sys, typer
from compliance.cli.sanctions import app
cmd = typer.main.get_command(app)
out = {"": cmd.help}
for name, sub in cmd.commands.items():
    out[name] = sub.help
    for p in sub.params:
        if getattr(p, "help", None) and p.name != "help":
            out[f"{name} {p.name}"] = p.help
print(json.dumps(out, ensure_ascii=False))
"""


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_help_text_follows_compliance_lang(python_env, lang):
    env = dict(python_env, COMPLIANCE_LANG=lang)
    out = subprocess.run([sys.executable, "-c", _HELP_PROBE], capture_output=True, text=True, check=True,
                         env=env).stdout
    helps = json.loads(out)
    assert len(helps) > 60
    cjk = re.compile(r"^[\u4e00-\u9fff]")
    for where, text in helps.items():
        if lang == "en":
            assert re.match(r"^[A-Za-z]", text), (where, text)
        else:
            assert cjk.match(text) or text.startswith(("CCER", "Ed25519")), (where, text)


def test_sanctions_help_in_english_through_the_main_command(python_env):
    env = dict(python_env, COMPLIANCE_LANG="en")
    r = subprocess.run([sys.executable, "-m", "compliance.cli", "sanctions", "record", "--help"],
                       capture_output=True, text=True, env=env)
    if r.returncode != 0:  # the main module may not be runnable with -m; call main() instead
        r = subprocess.run([sys.executable, "-c", "import sys; sys.argv=['compliance','sanctions','record',"
                            "'--help']; from compliance.cli import main; main()"],
                           capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    assert "Record a sanction" in r.stdout and "登记一项处理" not in r.stdout


# ---------------------------------------------------------------------- 9. tampering before appending

def _tamper(db_path, sql, *params):
    con = sqlite3.connect(db_path)
    with con:
        con.execute(sql, params)
    con.close()


def _events(db_path) -> int:
    con = sqlite3.connect(db_path)
    try:
        return con.execute("SELECT count(*) FROM sanction_events").fetchone()[0]
    finally:
        con.close()


@pytest.mark.parametrize("sql", [
    "UPDATE sanction_events SET payload = replace(payload, '长期圈占林地资源', '无') WHERE seq = 3",
    "UPDATE sanction_head SET seq = 2",
    "DELETE FROM sanction_events WHERE seq = 3",
    "UPDATE sanction_head SET hash = '" + "0" * 64 + "'",
])
def test_appends_to_a_tampered_register_are_refused(reg, sql):
    _tamper(reg.db, sql)
    before = _events(reg.db)
    r = reg(*RECORD, "--case-number", "c7")
    _refused(r, "--db", "登记簿未通过完整性检查", "compliance sanctions verify")
    r = reg("lift", "S3", "--on", "2026-05-01", "--reason", "x", "--authority", "HC", "--key", "hc.pem",
            "--lang", "en")
    _refused(r, "--db", "register failed integrity check; run compliance sanctions verify")
    assert _events(reg.db) == before


def test_integrity_check_before_append_reads_a_constant_number_of_events(world):
    """The pre-append check must not replay the chain: it reads at most the last two events."""
    import sqlalchemy as sa

    for i in range(30):
        world.record("HC", case_number=f"c-{i}")
    seen = []

    @sa.event.listens_for(world.reg.engine, "before_cursor_execute")
    def _spy(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)
    world.record("HC", case_number="c-last")
    sa.event.remove(world.reg.engine, "before_cursor_execute", _spy)
    full_scans = [s for s in seen if "FROM sanction_events" in s and "WHERE" not in s and "max(" not in s]
    assert not full_scans, full_scans


def test_a_register_path_too_long_for_the_file_system_is_named_not_an_internal_failure(tmp_path):
    from typer.testing import CliRunner

    from compliance.cli import app

    ex = __import__("pathlib").Path(__file__).resolve().parents[2] / "examples" / "hunan-ccer-afforestation.yaml"
    r = CliRunner().invoke(app, ["check", str(ex), "--db", str(tmp_path / ("x" * 5000)), "--lang", "en"])
    assert r.exit_code == 2 and "no sanctions register" in r.output and "OSError" not in r.output, r.output
