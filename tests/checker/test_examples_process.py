"""Every shipped example, checked by the real command in its own process, ends with an exit
status (0, 1 or 2), never a crash of the rule engine (a signal: negative return code)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.yaml"))
EXE = Path(sys.executable).parent / "compliance"


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_example_check_exits_cleanly_every_time(example):
    for _ in range(3):
        p = subprocess.run([str(EXE), "check", str(example), "--format", "json"], capture_output=True, text=True)
        assert p.returncode in (0, 1), f"exit {p.returncode}\n{p.stderr[-2000:]}"
        assert '"verdict"' in p.stdout
