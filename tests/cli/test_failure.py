"""`cli.failure.report`, the one mapping of a failure to what the user reads and the exit status,
works without typer (a command run on a start-up fast path reports exactly as `@command` does)."""
from __future__ import annotations

import pytest

from compliance.cli.failure import report
from compliance.errors import InternalFailure, InvalidInput, Refused


def _printed(error, lang="zh", **kw):
    out = []
    code = report(error, lang, lambda text, err=False: out.append((text, err)), **kw)
    return code, out


@pytest.mark.parametrize("error, code", [(InvalidInput(zh="坏", en="bad"), 2), (Refused(zh="拒", en="no"), 1),
                                         (InternalFailure(zh="内", en="in"), 3)])
def test_a_compliance_error_prints_its_lines_on_stderr_with_its_exit_code(error, code):
    assert _printed(error, "en") == (code, [(error.en, True)])
    assert _printed(error, "zh") == (code, [(error.zh, True)])


def test_anything_else_is_an_internal_failure_in_the_users_language(monkeypatch):
    monkeypatch.delenv("COMPLIANCE_DEBUG", raising=False)
    assert _printed(KeyError("x"), "en") == (3, [("internal failure, nothing was completed: KeyError: 'x'", True)])
    assert _printed(KeyError("x"), "zh") == (3, [("内部错误，操作未完成：KeyError: 'x'", True)])
    assert _printed(KeyboardInterrupt(), "en") == (130, [])


def test_debug_shows_the_traceback_and_a_group_may_render_its_own_lines(monkeypatch):
    monkeypatch.setenv("COMPLIANCE_DEBUG", "1")
    with pytest.raises(KeyError):
        try:
            raise KeyError("x")
        except KeyError as e:
            report(e, "en", print)
    assert _printed(InvalidInput(en="bad"), "en", lines=lambda e: ["error: " + e.render("en")]) == (2, [("error: bad", True)])


def test_it_imports_no_typer():
    """Its own imports are the error types and the standard library (the package's __init__ is the
    app's business)."""
    import ast

    import compliance.cli.failure as failure

    tree = ast.parse(open(failure.__file__, encoding="utf-8").read())
    names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    names |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert names == {"__future__", "os", "typing", "compliance.errors"}


@pytest.mark.parametrize("lang, words", [("en", "internal failure, nothing was completed: RuntimeError: boom"),
                                         ("zh", "内部错误，操作未完成：RuntimeError: boom")])
def test_the_check_fast_path_reports_an_internal_failure_through_the_same_mapping(lang, words):
    """`compliance check` starts without typer (cli/fast.py); its failures read as every command's."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    example = Path(__file__).resolve().parents[2] / "examples" / "hunan-ccer-afforestation.yaml"
    script = ("import sys, compliance.checker as c\n"
              "from compliance.cli import fast\n"
              "def boom(*a, **k): raise RuntimeError('boom')\n"
              "c.check = boom\n"
              f"sys.exit(fast.run(['check', {str(example)!r}, '--no-register', '--lang', {lang!r}]))\n")
    env = {k: v for k, v in os.environ.items() if k not in ("COMPLIANCE_DEBUG", "COMPLIANCE_NO_FAST")}
    env["PYTHONIOENCODING"] = "utf-8"
    p = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, encoding="utf-8", env=env)
    assert p.returncode == 3, p.stderr
    assert p.stderr.strip().splitlines()[-1] == words
