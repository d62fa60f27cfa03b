"""Each shipped Hunan example gives its expected findings (rule, severity, field)."""
from __future__ import annotations

from pathlib import Path

import pytest

from compliance.submission import files as loader
from compliance.checker import check

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

# The December 2026 review: no "CCER is supported" info (HN-12 says nothing about a CCER project); a CCER
# project trading without registered reductions gets the HN-13 warning (MEAS Art. 14-25 preconditions).
EXPECTED = {
    "hunan-ccer-afforestation": ("pass", set()),
    "hunan-international-unjustified": ("fail", {("HN-12-priority", "error", "project.mechanism")}),
    "hunan-undesignated-venue": ("fail", {("HN-14-venue", "error", "project.trading_venue"),
                                          ("HN-13-lifecycle", "warning", "project.milestones")}),
    "hunan-missing-benefit": ("fail", {("HN-15-agreements", "error", "agreements")}),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hunan_example_gives_its_findings(name):
    verdict, expected = EXPECTED[name]
    report = check(loader.load(EXAMPLES / f"{name}.yaml"))
    hn = {(f.rule, f.severity.value, f.path) for f in report.findings if f.rule.startswith("HN-")}
    assert hn == expected
    assert report.verdict == verdict
    for f in report.findings:
        assert f.citation.text() and f.message("zh") and f.message("en")
