"""The national examples give exactly their expected national findings (CCER-, AFF-, MAN-, LAW-)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from compliance.submission import files as loader
from compliance.checker import check, rule_by_id

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NATIONAL = ("CCER-", "AFF-", "MAN-", "LAW-")

EXPECTED = {
    "hunan-ccer-afforestation": ("pass", {("LAW-lease-20y", "info", "agreements[1].term")}),
    "hunan-ccer-failing": ("fail", {
        ("CCER-4-owner", "error", "developer.kind"),
        ("CCER-12-notice", "error", "project.public_notices[0]"),
        ("CCER-17-vintage", "error", "project.reduction_batches[0].period.start"),
        ("CCER-17-vintage", "error", "project.reduction_batches[0].application_date"),
        ("CCER-18-independence", "error", "project.verifier"),
        ("CCER-48-unique", "error", "project.other_registrations[0]"),
        ("AFF-2-parcel", "error", "plots[0].smallest_parcel_m2"),
        ("AFF-2-baseline", "error", "plots[1].non_forest_since"),
        ("AFF-2-scope", "error", "plots[1].economic_forest"),
    }),
    "hunan-transfer-no-consent": ("fail", {
        ("LAW-collective-consent", "error", "agreements[1].consent"),
        ("LAW-clauses", "warning", "agreements[1].clauses"),     # 一般包括: a missing clause is a warning
    }),
}


def _report(name):
    return check(loader.load(EXAMPLES / f"{name}.yaml"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_gives_its_national_findings(name):
    verdict, expected = EXPECTED[name]
    report = _report(name)
    got = {(f.rule, f.severity.value, f.path) for f in report.findings if f.rule.startswith(NATIONAL)}
    assert got == expected
    assert report.verdict == verdict
    for f in report.findings:
        assert f.citation.text() and f.message("zh") and f.message("en")
        assert "{" not in f.message("zh") + f.message("en") + f.fix("zh") + f.fix("en")


@pytest.mark.parametrize("name", ["hunan-ccer-failing", "hunan-transfer-no-consent"])
def test_national_examples_meet_the_hunan_measures(name):
    """They fail on national law only: the Hunan rules find nothing to object to (no CCER-supported info either)."""
    report = _report(name)
    assert {f.rule for f in report.findings if f.rule.startswith("HN-")} == set()


def test_the_transfer_example_names_each_missing_clause_in_chinese():
    report = _report("hunan-transfer-no-consent")
    assert len([f for f in report.findings if f.rule == "LAW-clauses"]) == 3
    text = " ".join(f.message_zh for f in report.findings if f.rule == "LAW-clauses")
    for label in ("土地被依法征收征用时补偿费的归属", "期满时林木和碳汇资产的处置", "争议解决方式"):
        assert label in text


def test_the_missing_consent_message_says_the_contract_may_be_void():
    report = _report("hunan-transfer-no-consent")
    f = next(f for f in report.findings if f.rule == "LAW-collective-consent")
    assert "法释〔2022〕16号第五条" in f.message_zh and "无效" in f.message_zh
    assert "void" in f.message_en
    assert any(c.document == "法释〔2022〕16号" and c.article == "第五条"
               for c in rule_by_id("LAW-collective-consent").also_cites)


def test_the_short_notice_counts_the_spring_festival():
    report = _report("hunan-ccer-failing")
    f = next(f for f in report.findings if f.rule == "CCER-12-notice")
    assert f.facts["workdays"] == 19 and "2024-02-21" in f.fix_zh


def test_cli_exit_codes_and_json():
    from compliance.cli import app

    runner = CliRunner()
    ok = runner.invoke(app, ["check", str(EXAMPLES / "hunan-ccer-afforestation.yaml")])
    assert ok.exit_code == 0, ok.output
    for name in ("hunan-ccer-failing", "hunan-transfer-no-consent"):
        r = runner.invoke(app, ["check", str(EXAMPLES / f"{name}.yaml"), "--format", "json", "--no-register"])
        assert r.exit_code == 1, r.output
        data = json.loads(r.output)
        assert data["verdict"] == "fail"
        rules = {x["rule"] for x in data["findings"]}
        assert {r for r, _, _ in EXPECTED[name][1]} <= rules
