"""Messages a newcomer meets: a check-digit error gives the expected character."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from compliance.submission.files import InvalidSubmission, validate

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
