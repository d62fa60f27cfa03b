"""National rules: applicability by jurisdiction and window, dated thresholds, date arithmetic, catalogue."""
from __future__ import annotations

import copy
import datetime as dt

import pytest
import yaml

from compliance.checker import catalogue
from compliance.submission import files as loader
from compliance.checker import all_params, all_rulesets, check, rule_by_id
from compliance.rules._periods import add_years, period_whole_years, period_years_begun, whole_years, years_begun

NATIONAL_IDS = {
    "CCER-4-owner", "CCER-10-methodology", "CCER-10-start", "CCER-17-vintage", "CCER-18-independence",
    "CCER-12-notice", "CCER-48-unique", "CCER-16-cancelled",
    "AFF-2-baseline", "AFF-2-parcel", "AFF-2-wetland", "AFF-2-scope", "AFF-crediting", "MAN-scope",
    "LAW-term", "LAW-crediting-cover", "LAW-collective-consent", "LAW-outsider", "LAW-household-entrustment",
    "LAW-clauses", "LAW-lease-20y",
}


def _failing(compliant) -> dict:
    d = copy.deepcopy(compliant)
    d["developer"] = {"id": "DEV", "name": "张建国", "kind": "individual", "id_number": "430626198506120038"}
    d["project"]["verifier"] = d["project"]["validator"]
    d["plots"][0]["land_type"] = "wetland"
    d["agreements"][1]["consent"] = None
    return d


def _rules(data, as_of=None) -> set[str]:
    return check(loader.validate(data), as_of).rules_hit()


def test_every_national_rule_is_declared_with_citation_and_basis():
    for rid in NATIONAL_IDS:
        r = rule_by_id(rid)
        assert r.citation.document and r.citation.basis in ("primary", "secondary")
    assert rule_by_id("AFF-crediting").basis == "secondary" and rule_by_id("MAN-scope").basis == "secondary"
    assert rule_by_id("CCER-17-vintage").basis == "primary"


def test_every_threshold_is_a_dated_cited_parameter():
    params = all_params()
    expected = {
        "MEAS.start_after": dt.date(2012, 11, 8), "MEAS.vintage_after": dt.date(2020, 9, 22),
        "MEAS.vintage_years": 5, "MEAS.notice_workdays": 20, "LAW.consent_share": 2 / 3,
        "AFF.parcel_min_m2": 400, "AFF.parcel_min_m2_early": 667, "AFF.crediting_min_years": 20,
        "AFF.crediting_max_years": 40, "LAW.lease_max_years": 20, "AFF.baseline_years": 3,
    }
    for name, value in expected.items():
        p = params[name]
        assert p.at(dt.date(2026, 6, 1)) == value and p.citation.text(), name
    # the conditions read the parameters, not literals
    assert "MEAS.notice_workdays" in rule_by_id("CCER-12-notice").params()
    assert "LAW.consent_share" in rule_by_id("LAW-collective-consent").params()
    assert {"AFF.parcel_min_m2", "AFF.parcel_min_m2_early"} <= rule_by_id("AFF-2-parcel").params()
    assert {"AFF.crediting_min_years", "AFF.crediting_max_years"} <= rule_by_id("AFF-crediting").params()
    assert "LAW.lease_max_years" in rule_by_id("LAW-lease-20y").params()


def test_ccer_rules_apply_to_ccer_only(compliant):
    d = _failing(compliant)
    assert {"CCER-4-owner", "CCER-18-independence", "AFF-2-wetland"} <= _rules(d)
    d["project"]["mechanism"] = "XLTP"
    hit = _rules(d)
    assert not {r for r in hit if r.startswith(("CCER-", "AFF-", "MAN-"))}
    assert "LAW-collective-consent" in hit           # transfer law applies whatever the mechanism


def test_methodology_rules_follow_the_methodology(compliant):
    d = _failing(compliant)
    d["project"]["methodology"] = "CCER-14-002-V01"
    hit = _rules(d)
    assert "MAN-scope" in hit and not {r for r in hit if r.startswith("AFF-")}


def test_windows(compliant):
    d = _failing(compliant)
    before_meas = _rules(d, dt.date(2023, 10, 19))
    assert not {r for r in before_meas if r.startswith(("CCER-", "AFF-"))}
    between = _rules(d, dt.date(2023, 10, 20))
    assert "CCER-4-owner" in between and "AFF-2-wetland" not in between
    assert "AFF-2-wetland" in _rules(d, dt.date(2023, 10, 24))
    assert "LAW-collective-consent" not in _rules(d, dt.date(2020, 6, 30))   # 森林法 2019 revision from 2020-07-01
    assert "LAW-collective-consent" in _rules(d, dt.date(2020, 7, 1))


def test_transfer_law_applies_in_sichuan():
    from pathlib import Path

    data = yaml.safe_load((Path(__file__).resolve().parents[2] / "examples" / "sichuan-scph-grassland.yaml")
                          .read_text(encoding="utf-8"))
    data["agreements"][1]["consent"] = None
    assert "LAW-collective-consent" in _rules(data)


def test_new_format_fields_are_optional(compliant):
    sub = loader.validate(compliant)
    assert sub.project.reduction_batches == [] and sub.project.ccer_history == []
    assert sub.plots[0].smallest_parcel_m2 is None and sub.plots[0].wetland is False and sub.plots[0].greening is None
    d = copy.deepcopy(compliant)
    d["plots"][0]["greening"] = "城镇绿化"
    assert loader.validate(d).plots[0].greening.value == "urban"
    d["rights_holders"][1]["member_of"] = "NOBODY"
    with pytest.raises(loader.InvalidSubmission) as e:
        loader.validate(d)
    assert "rights_holders[1].member_of" in [p.path for p in e.value.problems]


@pytest.mark.parametrize("start, app, years", [
    (dt.date(2026, 6, 1), dt.date(2031, 6, 1), 5),
    (dt.date(2026, 5, 31), dt.date(2031, 6, 1), 6),
    (dt.date(2031, 6, 1), dt.date(2031, 6, 1), 0),
    (dt.date(2024, 2, 29), dt.date(2029, 2, 28), 5),
])
def test_years_begun(start, app, years):
    assert years_begun(start, app) == years


def test_whole_years_and_leap_days():
    assert whole_years(dt.date(2026, 3, 1), dt.date(2046, 3, 1)) == 20
    assert whole_years(dt.date(2026, 3, 1), dt.date(2046, 2, 28)) == 19
    assert whole_years(dt.date(2027, 1, 1), dt.date(2026, 1, 1)) == -1
    assert add_years(dt.date(2024, 2, 29), 1) == dt.date(2025, 2, 28)
    assert add_years(dt.date(9998, 6, 1), 5) == dt.date.max and add_years(dt.date(3, 6, 1), -5) == dt.date.min


@pytest.mark.parametrize("end, whole, begun", [
    (dt.date(2046, 2, 28), 20, 20), (dt.date(2046, 2, 27), 19, 20), (dt.date(2046, 3, 1), 20, 21),
    (dt.date(2066, 2, 28), 40, 40), (dt.date(2066, 3, 1), 40, 41), (dt.date(2026, 3, 1), 0, 1),
])
def test_inclusive_periods_in_years(end, whole, begun):
    start = dt.date(2026, 3, 1)
    assert period_whole_years(start, end) == whole and period_years_begun(start, end) == begun


def test_dates_at_the_ends_of_the_calendar_do_not_crash(compliant):
    d = copy.deepcopy(compliant)
    d["project"]["public_notices"] = [{"document": "pdd", "start": "9999-12-20", "end": "9999-12-31"}]
    d["project"]["reduction_batches"] = [{"period": {"start": "0001-01-01", "end": "0001-01-02"},
                                          "application_date": "0001-01-03", "amount_tco2e": 1}]
    d["project"]["crediting_period"] = {"start": "0001-01-01", "end": "9999-12-31"}
    d["agreements"][1]["term"] = {"start": "0001-01-01", "end": "9999-12-31"}
    hit = _rules(d)
    assert {"CCER-12-notice", "CCER-17-vintage", "AFF-crediting", "LAW-term"} <= hit


def test_catalogue_groups_national_rules_by_source_with_titles():
    ids = {rs.id: rs for rs in all_rulesets()}
    for rid in ("ccer", "afforestation", "tenure"):
        assert ids[rid].title_zh and ids[rid].title_en and ids[rid].jurisdiction.provinces is None
    entries = catalogue.entries("national")
    assert NATIONAL_IDS <= {e.rule.id for e in entries}
    md = catalogue.to_markdown(entries, "zh")
    for heading in ("## MEAS — 温室气体自愿减排交易管理办法（试行）", "## AFF — CCER 林业方法学", "## LAW — 林地流转法律"):
        assert heading in md
    assert {e.rule.id for e in catalogue.entries("tenure")} == {r for r in NATIONAL_IDS if r.startswith("LAW-")}
    assert not {e.rule.id for e in catalogue.entries("ccer", dt.date(2023, 10, 19))}
