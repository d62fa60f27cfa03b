"""Messages a newcomer meets: check-digit errors give the expected digit; tables keep field paths whole."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import yaml
from rich.console import Console

from compliance.checker import check
from compliance.checker.report import print_table, wrap_path
from compliance.submission.files import InvalidSubmission, load, validate

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "hunan-ccer-afforestation.yaml"


def data():
    return yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_uscc_check_digit_error_names_the_expected_character(lang):
    d = data()
    d["developer"]["uscc"] = "91430626MA4T8K2L3X"          # right one ends in Y
    with pytest.raises(InvalidSubmission) as e:
        validate(d)
    (p,) = e.value.problems
    assert p.path == "developer.uscc" and p.type == "uscc_checksum"
    msg = p.message(lang)
    assert ("第 18 位应为 Y" if lang == "zh" else "the 18th should be Y") in msg


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_id_number_check_digit_error_names_the_expected_digit(lang):
    d = data()
    d["rights_holders"][1]["id_number"] = "430626199203154412"   # right one ends in 1
    with pytest.raises(InvalidSubmission) as e:
        validate(d)
    (p,) = e.value.problems
    assert p.path == "rights_holders[1].id_number"
    assert ("第 18 位应为 1" if lang == "zh" else "the 18th should be 1") in p.message(lang)


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
