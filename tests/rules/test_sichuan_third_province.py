"""Rulesets plug in by jurisdiction: a third province needs only its own module, data and features.

The throw-away "chongqing-test" ruleset below stands for a third province's module: it is defined
here, registered with ``compliance.checker.register_ruleset`` and removed after each test. The
shipped division data covers every province (NBS 2023), so Chongqing's 万州区 is already there; the fixture
still sets its rows for its own duration, as a province module shipping its own data would.
Nothing in checker, engine, facts or model is touched.
"""
from __future__ import annotations

import copy
import datetime as dt

import pytest

from compliance.checker import catalogue
from compliance.reference import divisions
from compliance.submission import files as loader
from compliance.checker import all_rules, check, register_ruleset, unregister_ruleset
from compliance.reference.divisions import Division
from compliance.rules.facts import Context
from compliance.rules.base import OPEN_END, Case, Citation, F, Jurisdiction, Ruleset, param, rule
from compliance.reference.vocab import Severity
from tests.support import example_data

DOC = "渝测试〔2025〕1号"
CQ = Jurisdiction(provinces=("50",), mechanisms=("CQCER",))
FROM = dt.date(2025, 1, 1)


def derive(ctx: Context) -> list[dict]:
    pr = ctx.sub.project
    facts = [{"kind": "cq.project", "path": "project", "venue": pr.trading_venue or "",
              "venue_ok": (pr.trading_venue or "") == "重庆联合产权交易所"}]
    for i, p in enumerate(ctx.sub.plots):
        facts.append({"kind": "cq.plot", "path": f"plots[{i}]", "plot_id": p.id, "county": p.county,
                      "in_chongqing": p.county.startswith("50")})
    return facts


RULESET = Ruleset(
    id="chongqing-test", title_zh="重庆市碳惠通（测试用）", title_en="Chongqing 碳惠通 (test only)", source="CQ",
    jurisdiction=CQ, window=(FROM, OPEN_END), derive=derive, document=DOC,
    params=[param("CQ.from", FROM, FROM, Citation(DOC, "第一条"), "施行日期", "in force from")],
    rules=[
        rule("CQ-T-venue", ("在重庆联合产权交易所交易", "trade on the Chongqing exchange"), Citation(DOC, "第九条"),
             "cq.project", source="CQ", jurisdiction=CQ, window=(FROM, OPEN_END),
             when=F.venue_ok == False, severity=Severity.ERROR,
             message=("交易场所“{venue}”不是碳惠通指定场所", "venue '{venue}' is not designated for 碳惠通"),
             fix=("改在重庆联合产权交易所交易", "trade on the Chongqing exchange"), at="trading_venue"),
        rule("CQ-T-scope", ("地块在重庆市", "plots in Chongqing"), Citation(DOC, "第二条"), "cq.plot", source="CQ",
             jurisdiction=CQ, window=(FROM, OPEN_END),
             cases=[Case("outside", F.in_chongqing == False, Severity.ERROR,
                         "地块 {plot_id}（{county}）不在重庆市", "plot {plot_id} ({county}) is outside Chongqing",
                         at="county")]),
    ],
)


@pytest.fixture
def chongqing(monkeypatch):
    table = divisions.table()
    monkeypatch.setitem(table, "50", Division("50", "重庆市", "province", ""))
    monkeypatch.setitem(table, "5001", Division("5001", "市辖区", "prefecture", "50"))
    monkeypatch.setitem(table, "500101", Division("500101", "万州区", "county", "5001"))
    register_ruleset(RULESET)
    try:
        yield RULESET
    finally:
        unregister_ruleset(RULESET.id)
    assert "CQ-T-venue" not in {r.id for r in all_rules()}


def chongqing_submission() -> dict:
    """The Sichuan grassland example moved to 万州区 and the 碳惠通 mechanism."""
    data = example_data("sichuan-scph-grassland")
    pr = data["project"]
    pr.update(id="CQCER-FL-2025-0001", name="万州区森林抚育碳惠通项目", province="重庆", mechanism="碳惠通",
              trading_venue="重庆联合产权交易所", registry=None)
    for p in data["plots"]:
        p["county"] = "500101"
    return data


def rules_hit(report) -> set[str]:
    return {f.rule for f in report.findings}


def prefixes(report) -> set[str]:
    return {f.rule.split("-")[0] for f in report.findings}


def run(data, as_of=None):
    return check(loader.validate(copy.deepcopy(data), "test"), as_of)


def test_a_third_province_plugs_in_by_registration_alone(chongqing):
    data = chongqing_submission()
    report = run(data)
    assert "chongqing-test" in report.rulesets and not {"hunan", "sichuan"} & set(report.rulesets)
    assert not {"CQ", "SC", "HN"} & prefixes(report)
    data["project"]["trading_venue"] = "西部生态产品交易平台"
    data["plots"][1]["county"] = "513233"
    report = run(data)
    assert {(f.rule, f.path) for f in report.findings if f.rule.startswith("CQ-")} == {
        ("CQ-T-venue", "project.trading_venue"), ("CQ-T-scope", "plots[1].county")}
    assert report.verdict == "fail"


def test_the_third_province_never_judges_the_other_two_and_they_never_judge_it(chongqing):
    for name in ("sichuan-scph-grassland", "sichuan-double-claim", "hunan-ccer-afforestation"):
        report = run(example_data(name))
        assert "chongqing-test" not in report.rulesets and "CQ" not in prefixes(report)
    report = run(chongqing_submission())
    assert not {"SC", "HN"} & prefixes(report) and not {"sichuan", "hunan"} & set(report.rulesets)


def test_the_third_province_appears_in_the_catalogue_while_registered(chongqing):
    assert {e.rule.id for e in catalogue.entries("chongqing-test")} == {"CQ-T-venue", "CQ-T-scope"}
    assert {e.rule.id for e in catalogue.entries("CQ")} == {"CQ-T-venue", "CQ-T-scope"}


def test_its_window_is_respected(chongqing):
    data = chongqing_submission()
    data["project"]["trading_venue"] = "别处"
    assert "CQ-T-venue" in rules_hit(run(data, dt.date(2025, 1, 1)))
    assert "CQ-T-venue" not in rules_hit(run(data, dt.date(2024, 12, 31)))


def test_after_removal_nothing_of_it_is_left():
    register_ruleset(RULESET)
    unregister_ruleset(RULESET.id)
    assert "chongqing-test" not in {e.ruleset.id for e in catalogue.entries()}
    assert not {"CQ-T-venue", "CQ-T-scope"} & {r.id for r in all_rules()}


def test_hunan_example_gets_no_sichuan_finding_and_sichuan_examples_no_hunan_finding():
    hunan = run(example_data("hunan-ccer-afforestation"))
    assert "sichuan" not in hunan.rulesets and "SC" not in prefixes(hunan)
    # even a Hunan project that breaks every Sichuan requirement gets none of the Sichuan findings
    bad = example_data("hunan-ccer-afforestation")
    bad["project"]["other_registrations"] = [{"mechanism": "CQCER", "id": "X"}]
    assert "SC" not in prefixes(run(bad))
    for name in ("sichuan-scph-grassland", "sichuan-missing-principles", "sichuan-double-claim"):
        report = run(example_data(name))
        assert "hunan" not in report.rulesets and "HN" not in prefixes(report)
        # on a date inside the Hunan window too
        assert "HN" not in prefixes(run(example_data(name), dt.date(2026, 6, 1)))


def test_national_rules_apply_to_both_provinces():
    """A nationwide ruleset (no province, no mechanism) is picked for Hunan and Sichuan projects alike."""
    national = Ruleset(
        id="national-test", title_zh="全国（测试用）", title_en="nationwide (test only)", source="NT",
        jurisdiction=Jurisdiction(), window=(dt.date.min, OPEN_END), document="测试",
        derive=lambda ctx: [{"kind": "nt.project", "path": "project", "always": True}],
        rules=[rule("NT-T-always", ("总是提示", "always"), Citation("测试", "第一条"), "nt.project", source="NT",
                    when=F.always == True, severity=Severity.INFO, message=("全国规则已适用", "nationwide rule applied"))],
    )
    register_ruleset(national)
    try:
        for name in ("hunan-ccer-afforestation", "sichuan-scph-grassland"):
            report = run(example_data(name))
            assert "national-test" in report.rulesets and "NT-T-always" in rules_hit(report)
    finally:
        unregister_ruleset(national.id)
