"""`compliance check` starts without typer (compliance.cli.fast) and behaves exactly as the typer
command: same standard output, error output and exit code for every form below; anything the fast
path does not take (help, --opt=value, bad choices) is typer's."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EX = ROOT / "examples"


def _run(args, fast: bool, tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT), COMPLIANCE_DB=str(tmp_path / "none.db"))
    env.pop("COMPLIANCE_LANG", None)
    env.pop("COMPLIANCE_NO_FAST", None)
    if not fast:
        env["COMPLIANCE_NO_FAST"] = "1"
    code = ("import sys, atexit\n"
            "atexit.register(lambda: sys.__stderr__.write('[typer loaded]\\n' if 'typer' in sys.modules else ''))\n"
            f"sys.argv = ['compliance', *{list(map(str, args))!r}]\n"
            "from compliance.cli import main\nmain()\n")
    r = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=tmp_path)
    return r.returncode, r.stdout, r.stderr


CASES = {
    "table": ["check", EX / "hunan-ccer-afforestation.yaml", "--no-register"],
    "json-en": ["check", EX / "hunan-ccer-failing.yaml", "--format", "json", "--lang", "en", "--no-register"],
    "markdown-two-files": ["check", "-f", "markdown", EX / "hunan-missing-benefit.yaml", "--as-of", "2026-06-01",
                           EX / "sichuan-scph-grassland.yaml", "--no-register"],
    "for-draft": ["check", EX / "hunan-missing-benefit.yaml", "--for", "draft", "--no-register"],
    "bad-date": ["check", EX / "hunan-ccer-afforestation.yaml", "--as-of", "2026-6-1", "--no-register"],
    "missing-file": ["check", "nowhere.yaml", "--no-register", "--lang", "en"],
    "missing-register": ["check", EX / "hunan-ccer-afforestation.yaml", "--db", "nowhere/register.db"],
    "worker": ["check", EX / "hunan-transfer-no-consent.yaml", "--isolate-above", "0", "--no-register",
               "--format", "json"],
}
TYPER_ONLY = {
    "help": ["check", "--help"],
    "equals-form": ["check", "--format=json", EX / "hunan-ccer-afforestation.yaml", "--no-register"],
    "bad-choice": ["check", EX / "hunan-ccer-afforestation.yaml", "--format", "xml"],
    "no-files": ["check", "--no-register"],
}


@pytest.mark.parametrize("name", list(CASES))
def test_the_fast_path_runs_without_typer_and_answers_as_the_typer_command(name, tmp_path):
    fast = _run(CASES[name], True, tmp_path)
    typer = _run(CASES[name], False, tmp_path)
    assert "[typer loaded]" not in fast[2]
    assert "[typer loaded]" in typer[2]
    assert fast[0] == typer[0] and fast[1] == typer[1]
    assert fast[2] == typer[2].replace("[typer loaded]\n", "")
    assert "Traceback" not in fast[1] + fast[2]


@pytest.mark.parametrize("name", list(TYPER_ONLY))
def test_help_usage_errors_and_other_forms_are_left_to_typer(name, tmp_path):
    r = _run(TYPER_ONLY[name], True, tmp_path)
    assert "[typer loaded]" in r[2]
    assert r[0] in (0, 1, 2) and "Traceback" not in r[1] + r[2]
