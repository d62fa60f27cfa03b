"""The findings table as a newcomer reads it: a field path is broken only between its segments."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from rich.console import Console

from compliance.checker import check
from compliance.checker.report import print_table, wrap_path
from compliance.submission.files import load

ROOT = Path(__file__).resolve().parents[2]


def test_wrap_path_breaks_only_between_segments():
    assert wrap_path("project.reduction_batches[0].application_date", 20).split("\n") == \
        ["project.", "reduction_batches", "[0].application_date"]


@pytest.mark.parametrize("name", ["hunan-ccer-failing", "sichuan-double-claim", "hunan-transfer-no-consent"])
def test_table_at_80_columns_never_breaks_a_field_path_token(name):
    r = check(load(ROOT / "examples" / f"{name}.yaml"), None)
    buf = io.StringIO()
    print_table([r], "zh", console=Console(file=buf, width=80, color_system=None))
    out = buf.getvalue()
    for f in r.findings:
        for token in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", f.path):
            assert re.search(rf"(?<![A-Za-z0-9_]){token}(?![A-Za-z0-9_])", out), (f.path, token)
