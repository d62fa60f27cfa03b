"""`compliance new` starts from the shipped passing examples: the packaged copies must not drift."""
from __future__ import annotations

from pathlib import Path

import pytest

from compliance.submission.template import SKELETONS

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("province, example", [("43", "hunan-ccer-afforestation"), ("51", "sichuan-scph-grassland")])
def test_skeleton_is_the_shipped_example(province, example):
    packaged = (SKELETONS / f"{province}.yaml").read_text(encoding="utf-8")
    assert packaged == (ROOT / "examples" / f"{example}.yaml").read_text(encoding="utf-8"), \
        f"copy examples/{example}.yaml to compliance/submission/skeletons/{province}.yaml"
