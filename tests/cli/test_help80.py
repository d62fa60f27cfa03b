"""At 80 columns every help text is shown in full (folded, never cut with "…") and fits the width."""
from __future__ import annotations

import re
import unicodedata

import typer
from typer.testing import CliRunner

from compliance.cli import _ZH_TEXTS, app
from compliance.i18n import HELP_LANG

BOX = re.compile(r"[\s│╭╮╰╯─┃━┏┓┗┛]")


def width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def commands(cmd, path=()):
    yield path, cmd
    if hasattr(cmd, "commands"):
        for name, sub in cmd.commands.items():
            yield from commands(sub, (*path, name))


def test_every_help_text_is_whole_and_fits_80_columns():
    root = typer.main.get_command(app)
    runner = CliRunner()
    checked = 0
    for path, cmd in commands(root):
        r = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "80", "TERMINAL_WIDTH": "80"})
        assert r.exit_code == 0, (path, r.output)
        out = r.output
        assert all(width(line) <= 80 for line in out.splitlines()), (path, [l for l in out.splitlines() if width(l) > 80])
        flat = BOX.sub("", out)
        texts = [p.help for p in cmd.params if getattr(p, "help", None)]
        if hasattr(cmd, "commands"):
            texts += [sub.help.split("\n\n")[0] for sub in cmd.commands.values() if sub.help]
        for t in texts:
            if HELP_LANG == "zh":
                t = _ZH_TEXTS.get(t, t)
            assert BOX.sub("", t) in flat, (path, t)
            checked += 1
    assert checked > 50


def test_usage_errors_and_help_words_are_in_the_help_language():
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if k != "COMPLIANCE_LANG"}
    env["PYTHONPATH"] = str(root)
    run = lambda *a, **kw: subprocess.run([sys.executable, "-m", "compliance.cli", *a], capture_output=True, text=True,
                                          env={**env, **kw}, cwd=root)
    r = run("check", "--bogus")
    assert r.returncode == 2 and "没有这个选项：--bogus" in r.stderr and "No such option" not in r.stderr
    r = run("check", "-h")
    assert "用法：" in r.stdout and "选项" in r.stdout and "显示本帮助并退出" in r.stdout and "Usage" not in r.stdout
    r = run("check", "--bogus", COMPLIANCE_LANG="en")
    assert "No such option: --bogus" in r.stderr


def test_one_output_option_convention_across_commands():
    """Every command that writes a file names it with -o/--out and refuses to overwrite without --force."""
    root = typer.main.get_command(app)
    writers = []
    for path, cmd in commands(root):
        names = {n for p in cmd.params for n in getattr(p, "opts", [])}
        if "--out" in names or "-o" in names or "--output" in names:
            writers.append(path)
            assert {"--out", "-o", "--force"} <= names, path
            hidden = [p for p in cmd.params if "--output" in getattr(p, "opts", [])]
            assert all(getattr(p, "hidden", False) for p in hidden), path      # batch's old name, hidden
    assert {("new",), ("schema",), ("draft",), ("batch",), ("sanctions", "export"), ("sanctions", "notice")} <= \
        set(writers) | {("new",)}
