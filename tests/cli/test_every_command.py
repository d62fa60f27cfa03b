"""Every command of `compliance`, as a user meets its failures: an invalid input gives a message
naming what was wrong and exit 2, an internal failure a one-line message and exit 3 -- both in the
language asked for (``--lang`` zh or en), never a traceback.

The tables below hold one invalid input and one forced internal failure per command; a test checks
that they name every command the CLI has, so a new command must be added here.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from compliance.cli import app

ROOT = Path(__file__).resolve().parents[2]
EX = str(ROOT / "examples" / "hunan-ccer-afforestation.yaml")
BATCH = str(ROOT / "examples" / "portfolio" / "hunan-portfolio.xlsx")
CJK = re.compile(r"[\u4e00-\u9fff]")
runner = CliRunner()


def leaf_commands() -> dict[str, object]:
    """'sanctions record' -> its click command, for every command the CLI has."""
    out = {}

    def walk(cmd, path):
        if hasattr(cmd, "list_commands"):
            for name in cmd.list_commands(None):
                walk(cmd.commands[name], [*path, name])
        else:
            out[" ".join(path)] = cmd

    walk(typer.main.get_command(app), [])
    return out


# command -> (arguments, what the message says in zh, in en); {tmp} is a fresh folder, {file} a file in it
INVALID = {
    "check": (["check", EX, "--as-of", "2026-1-1"], "--as-of：日期应为 YYYY-MM-DD", "--as-of: a date is YYYY-MM-DD"),
    "rules": (["rules", "--as-of", "2026-1-1"], "--as-of：日期应为 YYYY-MM-DD", "--as-of: a date is YYYY-MM-DD"),
    "schema": (["schema", "-o", "{tmp}"], "是目录", "is a directory"),
    "new": (["new", "{tmp}/x.txt"], "文件名应以 .xlsx 或 .yaml 结尾", "the name must end in .xlsx or .yaml"),
    "explain": (["explain", "HN-15-benefit", EX, "--as-of", "2026-1-1"], "--as-of：日期应为", "--as-of: a date is"),
    "draft": (["draft", "all", EX, "-o", "{tmp}", "--as-of", "2026-1-1"], "--as-of：日期应为", "--as-of: a date is"),
    "templates lint": (["templates", "lint", "{tmp}/none"], "模板目录不存在", "no such template directory"),
    "templates copy": (["templates", "copy", "{file}"], "已存在且不是目录", "exists and is not a directory"),
    "sanctions enroll": (["sanctions", "enroll", "--id", "HN-LYJ", "--name", "x", "--division", "99",
                          "--new-key", "{tmp}/k.pem", "--bootstrap"],
                         "--division（机关区划代码）：", "--division (authority division): "),
    "sanctions record": (["sanctions", "record"], "--authority（执行机关编号）：必须填写", "--authority (authority id): is required"),
    "sanctions lift": (["sanctions", "lift"], "ID（登记编号）：必须填写", "ID (entry id): is required"),
    "sanctions amend": (["sanctions", "amend"], "ID（登记编号）：必须填写", "ID (entry id): is required"),
    "sanctions appeal": (["sanctions", "appeal"], "ID（登记编号）：必须填写", "ID (entry id): is required"),
    "sanctions list": (["sanctions", "list", "--active-on", "1.1.2026"], "--active-on（有效日期）：日期格式无效",
                       "--active-on (active on): invalid date"),
    "sanctions show": (["sanctions", "show"], "ID（登记编号）：必须填写", "ID (entry id): is required"),
    "sanctions verify": (["sanctions", "verify", "--head", "nonsense"], "--head（头哈希）：头哈希文件或取值无效",
                         "--head (head hash): invalid head hash"),
    "sanctions feed": (["sanctions", "feed", "--format", "xml"], "--format（格式）：取值无效", "--format (format): invalid value"),
    "sanctions feed-verify": (["sanctions", "feed-verify", "{tmp}/none.json"], "FILE（文件）：文件不存在",
                              "FILE (file): file not found"),
    "sanctions fingerprint": (["sanctions", "fingerprint"], "KEY（私钥文件）：必须填写", "KEY (private key file): is required"),
    "sanctions checkpoint": (["sanctions", "checkpoint", "--db", "{tmp}/none.db"], "登记簿不存在", "no register at"),
    "sanctions export": (["sanctions", "export"], "--out（输出文件）：必须填写", "--out (output file): is required"),
    "sanctions import": (["sanctions", "import"], "FILE（文件）：必须填写", "FILE (file): is required"),
    "sanctions notice": (["sanctions", "notice"], "ID（登记编号）：必须填写", "ID (entry id): is required"),
    "sanctions screen": (["sanctions", "screen"], "QUERY（查询内容）：必须填写", "QUERY (query): is required"),
    "batch": (["batch", BATCH, "-o", "{tmp}/r.xlsx", "--as-of", "2026-1-1", "--no-register"],
              "--as-of：日期应为", "--as-of: a date is"),
    "serve": (["serve", "--library", "{tmp}/none/lib.db", "--port", "0"], "--library：目录", "--library: folder"),
    "users add": (["users", "add", "--name", "x", "--role", "bogus", "--library", "{tmp}/lib.db"], "--role：", "--role: "),
    "users list": (["users", "list", "--library", "{tmp}/none/lib.db"], "--library：目录", "--library: folder"),
}
# commands that take no input a user could get wrong (only --lang, whose values click checks)
NO_INPUT = {"templates vars"}


def _boom(*args, **kwargs):
    raise RuntimeError("boom")


class _Exploding(dict):
    def items(self):
        _boom()


_KEY = ["--authority", "HN-LYJ", "--key", "{tmp}/key.pem"]
_REGISTER = "compliance.penalties.store.Register"
# command -> (arguments, what is made to fail inside the product: "module.attribute")
INTERNAL = {
    "check": (["check", EX, "--no-register"], "compliance.checker.check"),
    "rules": (["rules"], "compliance.checker.catalogue.entries"),
    "schema": (["schema"], "compliance.submission.schema.schema"),
    "new": (["new", "{tmp}/x.yaml"], "compliance.submission.template.write_yaml"),
    "explain": (["explain", "HN-15-benefit", EX, "--no-register"], "compliance.checker.trace.explain_rule"),
    "draft": (["draft", "all", EX, "-o", "{tmp}"], "compliance.agreements.drafter.draft_set"),
    "templates lint": (["templates", "lint"], "compliance.agreements.linter.lint_dir"),
    "templates copy": (["templates", "copy", "{tmp}/t"], "compliance.agreements.drafter.shipped_templates"),
    "templates vars": (["templates", "vars"], "compliance.agreements.spec.VARIABLES"),
    "sanctions enroll": (["sanctions", "enroll", "--id", "HN-LYJ", "--name", "x", "--division", "43",
                          "--new-key", "{tmp}/k.pem", "--bootstrap"], "compliance.penalties.divisions.get"),
    "sanctions record": (["sanctions", "record", *_KEY], "compliance.penalties.chain.Signer.from_file"),
    "sanctions lift": (["sanctions", "lift", "S1", "--on", "2026-01-01", *_KEY], "compliance.penalties.chain.Signer.from_file"),
    "sanctions amend": (["sanctions", "amend", "S1", "--reason", "r", *_KEY], "compliance.penalties.chain.Signer.from_file"),
    "sanctions appeal": (["sanctions", "appeal", "S1", "--outcome", "upheld", *_KEY],
                         "compliance.penalties.chain.Signer.from_file"),
    "sanctions list": (["sanctions", "list"], _REGISTER),
    "sanctions show": (["sanctions", "show", "S1"], _REGISTER),
    "sanctions verify": (["sanctions", "verify"], _REGISTER),
    "sanctions feed": (["sanctions", "feed", *_KEY], _REGISTER),
    "sanctions feed-verify": (["sanctions", "feed-verify", "{file}"], "compliance.penalties.feed.parse"),
    "sanctions fingerprint": (["sanctions", "fingerprint", "{file}"], "compliance.penalties.chain.load_key_file"),
    "sanctions checkpoint": (["sanctions", "checkpoint"], _REGISTER),
    "sanctions export": (["sanctions", "export", "-o", "{tmp}/x.csv"], _REGISTER),
    "sanctions import": (["sanctions", "import", "{file}", *_KEY], "compliance.penalties.chain.Signer.from_file"),
    "sanctions notice": (["sanctions", "notice", "S1"], _REGISTER),
    "sanctions screen": (["sanctions", "screen", "某公司"], _REGISTER),
    "batch": (["batch", BATCH, "-o", "{tmp}/r.xlsx", "--no-register"], "compliance.portfolio.check_portfolio"),
    "serve": (["serve", "--library", "{tmp}/lib.db", "--port", "0"], "compliance.service.server.serve"),
    "users add": (["users", "add", "--name", "x", "--role", "developer", "--library", "{tmp}/lib.db"],
                  "compliance.library.Library"),
    "users list": (["users", "list", "--library", "{tmp}/lib.db"], "compliance.library.Library"),
}


def test_the_tables_name_every_command_and_every_command_has_lang_and_the_one_wrapper():
    commands = leaf_commands()
    assert set(INTERNAL) == set(commands)
    assert set(INVALID) | NO_INPUT == set(commands) and not set(INVALID) & NO_INPUT
    for name, cmd in commands.items():
        assert "lang" in [p.name for p in cmd.params], f"{name} has no --lang"
        assert getattr(cmd.callback, "compliance_command", False), f"{name} is not wrapped by cli.common.command"


def _args(args, tmp_path: Path) -> list[str]:
    file = tmp_path / "some-file.txt"
    file.write_text("x", encoding="utf-8")
    return [a.replace("{tmp}", str(tmp_path)).replace("{file}", str(file)) for a in args]


def _invoke(args, lang, monkeypatch, tmp_path):
    monkeypatch.setenv("COMPLIANCE_DB", str(tmp_path / "register.db"))
    monkeypatch.setenv("COMPLIANCE_LIBRARY", str(tmp_path / "library.db"))
    monkeypatch.delenv("COMPLIANCE_DEBUG", raising=False)
    monkeypatch.delenv("COMPLIANCE_LANG", raising=False)
    return runner.invoke(app, [*_args(args, tmp_path), "--lang", lang])


def _assert_language(text: str, lang: str) -> None:
    if lang == "en":
        assert not CJK.search(text), f"Chinese in the English message: {text!r}"
    else:
        assert CJK.search(text), f"no Chinese in the message: {text!r}"


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", sorted(INVALID))
def test_an_invalid_input_is_named_in_the_language_asked_for_and_exits_2(name, lang, monkeypatch, tmp_path):
    args, zh, en = INVALID[name]
    r = _invoke(args, lang, monkeypatch, tmp_path)
    assert r.exit_code == 2, r.output
    assert (en if lang == "en" else zh) in r.stderr, r.stderr
    assert "Traceback" not in r.output and r.exception is None or isinstance(r.exception, SystemExit)
    _assert_language(r.stderr, lang)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", sorted(INTERNAL))
def test_an_internal_failure_is_reported_in_the_language_asked_for_and_exits_3(name, lang, monkeypatch, tmp_path):
    args, target = INTERNAL[name]
    if target.endswith("Signer.from_file"):
        import compliance.penalties.chain as chain

        monkeypatch.setattr(chain.Signer, "from_file", classmethod(lambda cls, *a, **k: _boom()))
    elif target.endswith(".VARIABLES"):
        monkeypatch.setattr(target, _Exploding())
    else:
        monkeypatch.setattr(target, _boom)
    r = _invoke(args, lang, monkeypatch, tmp_path)
    assert r.exit_code == 3, r.output
    assert "Traceback" not in r.output
    line = r.stderr.strip().splitlines()[-1]
    assert "RuntimeError: boom" in line
    assert ("internal" in line) if lang == "en" else ("内部错误" in line)
    _assert_language(line.replace("RuntimeError: boom", ""), lang)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_register_that_cannot_be_read_during_a_check_is_an_internal_failure_in_the_language_asked_for(
        lang, monkeypatch, tmp_path):
    """The register is consulted while facts are derived; its failure is reported by the one wrapper
    (exit 3, never read as "no sanction"), not by a CLI exit raised inside the derivation."""
    import compliance.penalties.provider as provider

    def broken(*args):
        raise RuntimeError("disk on fire")

    broken.consulted = lambda: None
    monkeypatch.setattr(provider, "checker_provider", lambda db: broken)
    (tmp_path / "register.db").touch()          # a register is there (COMPLIANCE_DB, see _invoke)
    r = _invoke(["check", EX], lang, monkeypatch, tmp_path)
    assert r.exit_code == 3, r.output
    line = r.stderr.strip().splitlines()[-1]
    assert "disk on fire" in line
    assert line.startswith("cannot read the sanctions register" if lang == "en" else "无法读取惩戒名录")
    _assert_language(line.replace("RuntimeError", ""), lang)
