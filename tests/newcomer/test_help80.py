"""At 80 columns every help text is shown in full (folded, never cut with "…") and fits the width."""
from __future__ import annotations

import re
import unicodedata

import typer
from typer.testing import CliRunner

from compliance.cli import app

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
            assert BOX.sub("", t) in flat, (path, t)
            checked += 1
    assert checked > 50
