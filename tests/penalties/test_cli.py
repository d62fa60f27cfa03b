"""The ``compliance sanctions`` commands, driven as a regulator would (typer's CliRunner)."""
from __future__ import annotations

import json
import os
import stat
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from compliance.cli.sanctions import app
from compliance.penalties.store import Register


@pytest.fixture
def cli(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("COMPLIANCE_LANG", raising=False)
    db = str(tmp_path / "cli.sqlite3")
    runner = CliRunner()

    def run(*args):
        return runner.invoke(app, [*args, "--db", db])
    run.db = db
    return run


def _enrolled(cli):
    r = cli("enroll", "--id", "HN", "--name", "湖南省林业局", "--division", "43", "--new-key", "hn.pem", "--bootstrap")
    assert r.exit_code == 0, r.output
    r = cli("enroll", "--id", "HC", "--name", "怀化市鹤城区林业局", "--division", "431202", "--new-key", "hc.pem",
            "--authority", "HN", "--key", "hn.pem")
    assert r.exit_code == 0, r.output
    return cli


RECORD = ["record", "--entity", "怀化绿源林业有限公司", "--code", "91431202MA0000001L", "--region", "431202",
          "--measure", "暂停", "--mechanism", "CCER", "--mechanism", "XLTP", "--from", "2026-03-01",
          "--to", "2027-02-28", "--grounds", "长期圈占林地资源", "--basis", "森林法 第七十四条",
          "--case-number", "鹤林罚决字〔2026〕1号", "--authority", "HC", "--key", "hc.pem"]


def _count(cli):
    with Register(cli.db) as reg:
        return reg.head()[0]


def test_enroll_generates_a_private_key_file_readable_by_the_owner_only(cli, tmp_path):
    _enrolled(cli)
    mode = stat.S_IMODE(os.stat(tmp_path / "hn.pem").st_mode)
    assert mode == 0o600
    assert (tmp_path / "hn.pem").read_text().startswith("-----BEGIN PRIVATE KEY-----")
    with Register(cli.db) as reg:
        assert [a["authority_id"] for a in reg.authorities()] == ["HN", "HC"]


def test_enroll_takes_an_existing_public_key(cli, tmp_path):
    _enrolled(cli)
    from compliance.penalties.chain import Signer, public_pem

    s = Signer.generate()
    (tmp_path / "zf.pub.pem").write_text(public_pem(s.public_key))
    r = cli("enroll", "--id", "ZF", "--name", "中方县林业局", "--division", "431221", "--new-key", "zf.pub.pem",
            "--authority", "HN", "--key", "hn.pem")
    assert r.exit_code == 0, r.output
    with Register(cli.db) as reg:
        assert reg.authority("ZF")["public_key"] == s.public_key


def test_encrypted_private_keys(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("COMPLIANCE_KEY_PASSPHRASE", "林业局口令")
    _enrolled(cli)
    assert "ENCRYPTED" in (tmp_path / "hc.pem").read_text()
    monkeypatch.delenv("COMPLIANCE_KEY_PASSPHRASE")
    r = cli(*RECORD)
    assert r.exit_code == 2 and "COMPLIANCE_KEY_PASSPHRASE" in r.output
    monkeypatch.setenv("COMPLIANCE_KEY_PASSPHRASE", "林业局口令")
    assert cli(*RECORD).exit_code == 0


def test_refused_enrolment_leaves_no_key_file(cli, tmp_path):
    _enrolled(cli)
    r = cli("enroll", "--id", "CS", "--name", "长沙市林业局", "--division", "4301", "--new-key", "cs.pem",
            "--authority", "HC", "--key", "hc.pem")
    assert r.exit_code == 2
    assert "只有省级机关" in r.output
    assert not (tmp_path / "cs.pem").exists()


def test_record_list_show_verify(cli):
    _enrolled(cli)
    r = cli(*RECORD)
    assert r.exit_code == 0, r.output
    assert "已登记 S3" in r.output
    r = cli("list", "--active-on", "2026-06-01")
    assert r.exit_code == 0 and "S3" in r.output and "怀化绿源林业有限公司" in r.output
    r = cli("list", "--active-on", "2027-03-01")
    assert r.exit_code == 0 and "S3" not in r.output and "未找到" in r.output
    r = cli("list", "--format", "json")
    assert json.loads(r.output)[0]["case_number"] == "鹤林罚决字〔2026〕1号"
    r = cli("show", "S3")
    assert r.exit_code == 0 and "森林法 第七十四条" in r.output and "#3 recorded" in r.output
    r = cli("verify")
    assert r.exit_code == 0 and "验证通过：3 个事件" in r.output


def test_warnings_are_shown_and_do_not_block(cli):
    _enrolled(cli)
    args = [a if a != "森林法 第七十四条" else "湘林基〔2025〕5号 第二十三条" for a in RECORD]
    r = cli(*args, "--conduct-ended", "2023-06-30")
    assert r.exit_code == 0, r.output
    assert "警告[REG-basis]" in r.output and "警告[REG-limitation]" in r.output
    assert "已登记 S3" in r.output


def test_lift_amend_appeal(cli):
    _enrolled(cli)
    cli(*RECORD)
    r = cli("amend", "S3", "--to", "2027-12-31", "--reason", "决定书期限更正", "--authority", "HC", "--key", "hc.pem")
    assert r.exit_code == 0, r.output
    r = cli("lift", "S3", "--on", "2026-10-01", "--reason", "已整改", "--authority", "HC", "--key", "hc.pem")
    assert r.exit_code == 0, r.output
    r = cli("appeal", "S3", "--outcome", "维持", "--decided", "2026-11-01", "--body", "怀化市人民政府",
            "--document", "怀政复决字〔2026〕1号", "--authority", "HC", "--key", "hc.pem")
    assert r.exit_code == 0, r.output
    r = cli("show", "S3", "--format", "json")
    doc = json.loads(r.output)
    assert [e["kind"] for e in doc["events"]] == ["recorded", "amended", "lifted", "appeal_decided"]
    assert doc["sanction"]["to_date"] == "2027-12-31" and doc["sanction"]["lifted"]["on"] == "2026-10-01"


@pytest.mark.parametrize("change,option,fragment", [
    (("--from", "2026-02-30"), "--from", "日期格式无效"),
    (("--code", "123"), "--code", "既不是有效的统一社会信用代码"),
    (("--region", "431221"), "--region", "超出管辖范围"),
    (("--measure", "罚款"), "--measure", "取值无效"),
    (("--key", "missing.pem"), "--key", "文件不存在"),
    (("--authority", "XX"), "--authority", "机关未登记"),
])
def test_bad_input_names_the_field_exits_2_and_writes_nothing(cli, change, option, fragment):
    _enrolled(cli)
    args = list(RECORD)
    i = args.index(change[0])
    args[i + 1] = change[1]
    before = _count(cli)
    r = cli(*args)
    assert r.exit_code == 2, r.output
    assert option in r.output and fragment in r.output
    assert "Traceback" not in r.output
    assert _count(cli) == before


def test_missing_required_option_and_english_messages(cli):
    _enrolled(cli)
    args = [a for a in RECORD]
    i = args.index("--grounds")
    del args[i:i + 2]
    r = cli(*args)
    assert r.exit_code == 2 and "--grounds（事由）：必须填写" in r.output
    r = cli(*args, "--lang", "en")
    assert r.exit_code == 2 and "error: --grounds (grounds): is required" in r.output
    r = cli("show", "S99", "--lang", "en")
    assert r.exit_code == 2 and "no such entry: S99" in r.output
    cli(*RECORD)
    r = cli("list", "--lang", "en")
    assert r.exit_code == 0 and "suspension of eligibility" in r.output and "in force" in r.output


def test_unopenable_database_is_a_clear_message(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    db = str(tmp_path / "no" / "such" / "dir" / "r.db")
    r = CliRunner().invoke(app, ["list", "--db", db])
    assert r.exit_code == 2
    assert "--db" in r.output and "登记簿不存在" in r.output and "Traceback" not in r.output
    r = CliRunner().invoke(app, ["enroll", "--id", "HN", "--name", "湖南省林业局", "--division", "43",
                                 "--new-key", "hn.pem", "--bootstrap", "--db", db])
    assert r.exit_code == 2
    assert "--db" in r.output and "无法打开登记簿数据库" in r.output and "Traceback" not in r.output
    assert not (tmp_path / "hn.pem").exists()


def test_export_head_and_verify_against_it(cli, tmp_path):
    _enrolled(cli)
    cli(*RECORD)
    r = cli("export", "--head", "head.json")
    assert r.exit_code == 0
    head = json.loads((tmp_path / "head.json").read_text())
    assert head["seq"] == 3 and len(head["hash"]) == 64
    cli(*[a if a != "鹤林罚决字〔2026〕1号" else "鹤林罚决字〔2026〕2号" for a in RECORD])
    assert cli("verify", "--head", "head.json").exit_code == 0
    assert cli("verify", "--head", f"3:{head['hash']}").exit_code == 0
    r = cli("verify", "--head", f"3:{'0' * 64}")
    assert r.exit_code == 1 and "#3" in r.output
    r = cli("verify", "--head", "nonsense")
    assert r.exit_code == 2 and "--head" in r.output


def test_export_import_notice_screen(cli, tmp_path):
    _enrolled(cli)
    cli(*RECORD)
    r = cli("export", "--out", "all.xlsx")
    assert r.exit_code == 0 and "已导出 1 条" in r.output
    r = cli("export", "--out", "all.csv", "--active-on", "2026-06-01")
    assert r.exit_code == 0 and (tmp_path / "all.csv").read_text(encoding="utf-8-sig").count("\n") == 2
    r = cli("notice", "S3", "--date", "2026-03-05")
    assert r.exit_code == 0 and (tmp_path / "通报-S3.docx").is_file()
    r = cli("notice", "S3")
    assert r.exit_code == 2 and "--out" in r.output  # no silent overwrite
    r = cli("screen", "怀化绿源林业有限责任公司")
    assert r.exit_code == 0 and "0.90" in r.output and "S3" in r.output
    r = cli("screen", "91431202MA0000001L", "--format", "json")
    [hit] = json.loads(r.output)
    assert hit["score"] == 1.0 and hit["reason"] == "code"


def test_import_reports_every_bad_row_and_writes_nothing(cli, tmp_path):
    _enrolled(cli)
    (tmp_path / "hist.csv").write_text(
        "当事人名称,证件号码,违法行为发生地区划代码,措施,起始日期,截止日期,事由,法律依据,决定书文号\n"
        "甲公司,91431202MA0000001L,431202,暂停,2025-01-01,2025-12-31,圈占,森林法 第七十四条,h-1\n"
        "乙公司,91431202MA0000001L,431202,暂停,2025-13-01,2025-12-31,圈占,森林法 第七十四条,h-2\n"
        "丙公司,91431202MA0000001L,431221,暂停,2025-01-01,长期,圈占,森林法 第七十四条,h-3\n",
        encoding="utf-8")
    before = _count(cli)
    r = cli("import", "hist.csv", "--authority", "HC", "--key", "hc.pem")
    assert r.exit_code == 2
    assert "工作表 hist.csv 第 3 行 E（起始日期） 列" in r.output
    assert "工作表 hist.csv 第 4 行 C（违法行为发生地区划代码） 列" in r.output
    assert "未写入任何记录" in r.output
    assert _count(cli) == before


def test_cli_module_imports_only_typer(python_env):
    code = ("import sys, compliance.cli.sanctions; "
            "print(sorted(m for m in ('sqlalchemy', 'cryptography', 'rich', 'docx', 'docxtpl', 'openpyxl', "
            "'alembic', 'pandas', 'platformdirs') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env=python_env).stdout
    assert out.strip() == "[]"
