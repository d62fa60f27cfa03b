"""Each shipped Sichuan example gives its expected findings (rule, severity, field)."""
from __future__ import annotations

from pathlib import Path

import pytest

from compliance.submission import files as loader
from compliance.checker import check

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

# SC findings expected from each example; the verdict covers every ruleset that applies
EXPECTED = {
    # the methodology is named but no 林草碳普惠 methodology is assessed in the reference data: a warning
    "sichuan-scph-grassland": ("pass", {("SC-3.1-methodology", "warning", "project.methodology")}),
    "sichuan-missing-principles": ("fail", {
        ("SC-3.1-principles", "warning", "project.principles.additionality"),       # secondary basis: warning
        ("SC-3.1-principles", "warning", "project.principles.representativeness"),
        ("SC-3.1-principles", "warning", "project.principles.data_availability"),
        ("SC-3.1-methodology", "error", "project.methodology"),                     # registered without one
        ("SC-3.2-mrv", "error", "project.monitoring_plan"),
    }),
    "sichuan-double-claim": ("fail", {("SC-5.1-unique", "error", "project.other_registrations[0]")}),
}


def report_of(name: str, **kw):
    return check(loader.load(EXAMPLES / f"{name}.yaml"), **kw)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sichuan_example_gives_its_findings(name):
    verdict, expected = EXPECTED[name]
    report = report_of(name)
    sc = {(f.rule, f.severity.value, f.path) for f in report.findings if f.rule.startswith("SC-")}
    assert sc == expected
    assert report.verdict == verdict
    assert "sichuan" in report.rulesets
    for f in report.findings:
        assert f.citation.text() and f.message("zh") and f.message("en")
        assert "{" not in f.message("zh") + f.message("en") + f.fix("zh") + f.fix("en")


def test_compliant_grassland_example_has_no_finding_at_all_from_the_sichuan_rules():
    report = report_of("sichuan-scph-grassland")
    assert report.verdict == "pass"
    assert not [f for f in report.findings if f.severity.value == "error"]


def test_missing_principles_are_named_in_chinese_one_finding_each():
    report = report_of("sichuan-missing-principles")
    messages = sorted(f.message_zh for f in report.findings if f.rule == "SC-3.1-principles")
    assert len(messages) == 3
    for word in ("额外性", "代表性", "数据可获得性"):
        assert sum(word in m for m in messages) == 1
    assert all(f.citation.text() == "川林发〔2024〕3号 三(一)" for f in report.findings if f.rule == "SC-3.1-principles")


def test_double_claim_names_the_other_mechanism_and_the_plot():
    report = report_of("sichuan-double-claim")
    [f] = [f for f in report.findings if f.rule == "SC-5.1-unique"]
    assert "碳惠通" in f.message_zh and "511623-FL-014-02" in f.message_zh and "CQCER-FL-2023-0186" in f.message_zh
    assert f.citation.text() == "川林发〔2024〕3号 三(一)、五(一)"


def test_the_examples_use_real_sichuan_county_codes_and_valid_identifiers():
    from compliance.reference import divisions
    from compliance.reference.ids import id_number_problem, uscc_problem

    for name in EXPECTED:
        sub = loader.load(EXAMPLES / f"{name}.yaml")
        assert sub.project.province.value == "51" and sub.project.mechanism.value == "SCPH"
        for p in sub.plots:
            assert divisions.is_county(p.county) and p.county.startswith("51")
        for party in sub.parties().values():
            assert (uscc_problem(party.uscc) if party.uscc else id_number_problem(party.id_number)) is None
    grass = loader.load(EXAMPLES / "sichuan-scph-grassland.yaml")
    assert {p.county[:4] for p in grass.plots} <= {"5132", "5133"}
    assert {a.kind.value for a in grass.agreements} == {"development", "transfer", "benefit"}
