"""The Sichuan ruleset: declarations, applicability, mutual recognition, catalogue."""
from __future__ import annotations

import copy
import datetime as dt
import re
import string

import pytest

from compliance.checker import catalogue
from compliance.submission import files as loader
from compliance.reference import refdata
from compliance.checker import check
from compliance.rules.facts import Context, core_facts
from compliance.rules import sichuan
from tests.support import example_data

GRASS = "sichuan-scph-grassland"


def run(data, as_of=None):
    return check(loader.validate(copy.deepcopy(data), "test"), as_of)


def sc(report):
    return {(f.rule, f.case, f.path) for f in report.findings if f.rule.startswith("SC-")}


# 六(四) speaks of every 林草碳汇项目 in Sichuan: these apply whatever the mechanism, to every project with plots there
EVERY_SICHUAN_PROJECT = {"SC-6.4-plot-review", "SC-6.4-enclosure"}


def test_every_sc_rule_cites_a_section_of_chuanlinfa_and_applies_to_scph_in_sichuan_from_2024_01_16():
    assert sichuan.RULESET.id == "sichuan"
    for r in sichuan.RULES:
        assert r.id.startswith("SC-") and r.source == "SC"
        assert r.citation.document == "川林发〔2024〕3号" and r.citation.article
        if r.id in EVERY_SICHUAN_PROJECT:
            assert r.jurisdiction.provinces == ("51",) and r.jurisdiction.mechanisms is None and r.jurisdiction.by_plots
        else:
            assert r.jurisdiction.provinces == ("51",) and r.jurisdiction.mechanisms == ("SCPH",)
        assert r.window[0] == dt.date(2024, 1, 16) and r.window[1] == dt.date.max


def test_every_message_placeholder_is_a_field_of_the_fact_it_reads():
    """A template naming a field the derive step does not produce would print '{x}' to the user."""
    data = example_data(GRASS)
    data["project"]["other_registrations"] = [{"mechanism": "CQCER", "id": "X-1"}]
    sub = loader.validate(data, "test")
    ctx = Context(sub, dt.date(2025, 9, 30))
    fields: dict[str, set] = {}
    for f in [*core_facts(ctx), *sichuan.derive(ctx)]:
        fields.setdefault(f["kind"], set()).update(f)
    for r in sichuan.RULES:
        for c in r.cases:
            kind = r.fact_of(c)
            assert kind in fields, f"{r.id}:{c.key} reads fact kind {kind} that derive never produces"
            assert c.when.fields() <= fields[kind], (r.id, c.key)
            for template in (c.zh, c.en, c.fix_zh, c.fix_en):
                names = {n.split("[")[0] for _, n, _, _ in string.Formatter().parse(template) if n}
                assert names - {"p"} <= fields[kind], (r.id, c.key, names - fields[kind])


def test_sc_rules_apply_only_to_scph_projects_in_sichuan():
    data = example_data(GRASS)
    data["project"]["trading_venue"] = "北京绿色交易所"
    assert ("SC-2.3-venue", "undesignated", "project.trading_venue") in sc(run(data))
    ccer = copy.deepcopy(data)
    ccer["project"]["mechanism"] = "CCER"
    report = run(ccer)
    # only 六(四) judges a Sichuan CCER project; its plots are reviewed, so nothing is found
    assert "sichuan" in report.rulesets and not sc(report)
    ccer["project"]["reviews"] = [r for r in ccer["project"]["reviews"] if r["kind"] != "plot_eligibility"]
    assert {f[0] for f in sc(run(ccer))} == {"SC-6.4-plot-review"}


def test_plot_review_applies_to_the_sichuan_plots_of_a_project_declared_elsewhere():
    data = example_data("hunan-ccer-afforestation")
    data["project"]["stage"] = "filing"
    data["project"]["milestones"]["library"] = data["project"]["milestones"].get("library", "2026-02-20")
    data["project"]["milestones"]["filing"] = "2026-03-01"
    data["plots"][0]["county"] = "513233"
    report = run(data, dt.date(2026, 6, 1))
    f = next(f for f in report.findings if f.rule == "SC-6.4-plot-review")
    assert data["plots"][0]["id"] in f.message("zh") and data["plots"][1]["id"] not in f.message("zh")


def test_sc_rules_do_not_apply_before_the_opinions_were_issued():
    data = example_data("sichuan-double-claim")
    assert sc(run(data, dt.date(2024, 1, 16)))
    assert not sc(run(data, dt.date(2024, 1, 15)))


def test_registration_means_the_filing_stage():
    data = example_data("sichuan-double-claim")
    data["project"]["other_registrations"] = []
    assert not sc(run(data))          # 入库: not yet registered, no expert assessment needed
    data["project"]["stage"] = "filing"
    data["project"]["methodology"] = "四川省林草碳普惠方法学（示例）"
    data["project"]["milestones"]["filing"] = "2025-10-20"
    assert ("SC-3.3-expert", "missing", "project.reviews") in sc(run(data))
    data["project"]["reviews"].append({"kind": "expert_committee", "authority": "四川省林草碳普惠专家委员会",
                                       "division": "51", "date": "2025-10-08"})
    assert sc(run(data)) == {("SC-3.1-methodology", "unconfirmed", "project.methodology")}


def _with_arrangements(monkeypatch, arrangements):
    real = refdata.load

    def fake(name):
        if name == "mutual_recognition.yaml":
            return {"arrangements": arrangements}
        return real(name)

    monkeypatch.setattr(sichuan.refdata, "load", fake)


ARRANGEMENT = {"id": "T-1", "title": "川渝林草碳普惠项目互认（测试）", "mechanisms": ["SCPH", "CQCER"],
               "covers": ["project"], "from": dt.date(2025, 1, 1), "until": None, "source": "测试文件〔2025〕1号"}


def test_no_mutual_recognition_arrangement_is_shipped_as_in_force():
    assert refdata.load("mutual_recognition.yaml")["arrangements"] == []


def test_a_recorded_project_recognition_in_force_excuses_the_double_registration(monkeypatch):
    _with_arrangements(monkeypatch, [ARRANGEMENT])
    report = run(example_data("sichuan-double-claim"))
    assert sc(report) == {("SC-5.1-unique", "recognised", "project.other_registrations[0]")}
    assert report.verdict == "pass"
    [f] = [f for f in report.findings if f.rule == "SC-5.1-unique"]
    assert "测试文件〔2025〕1号" in f.message_zh


@pytest.mark.parametrize("change", [
    {"covers": ["methodology"]},                 # 方法学互认 does not make a project count twice
    {"from": dt.date(2026, 1, 1)},               # not yet in force on the as-of date
    {"until": dt.date(2025, 6, 30)},             # lapsed
    {"mechanisms": ["SCPH", "VCS"]},             # links another mechanism
    {"source": ""},                              # without its source it is not relied on
])
def test_an_arrangement_that_does_not_cover_the_case_does_not_excuse_it(monkeypatch, change):
    _with_arrangements(monkeypatch, [{**ARRANGEMENT, **change}])
    assert ("SC-5.1-unique", "double", "project.other_registrations[0]") in sc(run(example_data("sichuan-double-claim")))


def test_no_sc_rule_overlaps_the_national_uniqueness_rule():
    """CCER-48-unique judges CCER projects, SC-5.1-unique 林草碳普惠 ones: they never both judge one project,
    so neither needs an exception_to link. Should the national rule ever cover SCPH projects too, SC-5.1's
    'recognised' case would contradict it on the same point and must then name it in exception_to."""
    from compliance.checker import all_rules

    for r in all_rules():
        if r.id == "CCER-48-unique":
            assert r.jurisdiction.mechanisms is not None and "SCPH" not in r.jurisdiction.mechanisms
    sc_unique = next(r for r in sichuan.RULES if r.id == "SC-5.1-unique")
    assert sc_unique.jurisdiction.mechanisms == ("SCPH",)


def test_a_retirement_larger_than_its_batch_exceeds_it():
    data = example_data(GRASS)
    data["project"]["retirements"][2]["amount_tco2e"] = 300     # batch SCPH-513233-2025-003 holds 226
    found = sc(run(data))
    assert ("SC-4.2-retirement", "exceeds", "project.retirements[2].amount_tco2e") in found
    assert not [f for f in found if f[1] == "repeat"]
    data["project"]["retirements"][2]["amount_tco2e"] = 226     # the whole batch at once is fine
    assert not [f for f in sc(run(data)) if f[0] == "SC-4.2-retirement"]


def _retirement_findings(report, case):
    return [f for f in report.findings if f.rule == "SC-4.2-retirement" and f.case == case]


def test_a_batch_is_retired_once_a_later_retirement_of_it_is_a_repeat_even_within_its_amount():
    """'may not retire the same batch twice': 320 + 25 of an 800 tCO2e batch is still two retirements of it."""
    data = example_data(GRASS)
    data["project"]["retirements"][1]["batch"] = "SCPH-513233-2025-001"
    report = run(data)
    [f] = _retirement_findings(report, "repeat")
    assert (f.path, f.severity.value) == ("project.retirements[1].batch", "error")
    assert f.message("zh") == "批次 SCPH-513233-2025-001 已于 retirements[0] 注销，同一批次再次注销会造成减排量重复计算"
    assert "SCPH-513233-2025-001" in f.message("en") and "retirements[0]" in f.message("en")
    assert "分拆为不同批次" in f.fix("zh") and f.fix("en")
    assert not _retirement_findings(report, "exceeds")
    assert report.verdict == "fail"


def test_every_later_retirement_of_a_batch_names_the_first_one():
    data = example_data(GRASS)
    extra = {"id": "SCPH-ZX-2025-0060", "amount_tco2e": 10, "purpose": "自愿碳中和", "date": "2025-09-20",
             "beneficiary": "成都某会展公司"}
    data["project"]["retirements"] += [{**extra, "batch": "SCPH-513233-2025-002"},
                                       {**extra, "id": "SCPH-ZX-2025-0061", "batch": "SCPH-513233-2025-002"}]
    found = {(f.path, f.message("en")) for f in _retirement_findings(run(data), "repeat")}
    assert {p for p, _ in found} == {"project.retirements[3].batch", "project.retirements[4].batch"}
    assert all("retirements[1]" in m for _, m in found)


def test_the_same_retirement_listed_twice_is_a_repeat_of_its_batch():
    data = example_data(GRASS)
    data["project"]["retirements"].append(copy.deepcopy(data["project"]["retirements"][0]))
    found = sc(run(data))
    assert ("SC-4.2-retirement", "repeat", "project.retirements[3].batch") in found
    assert ("SC-4.2-retirement", "repeat", "project.retirements[0].batch") not in found


def test_catalogue_lists_the_sichuan_rules_with_their_sections():
    for word in ("sichuan", "四川", "51", "SC"):
        ids = {e.rule.id: e.rule.citation.text() for e in catalogue.entries(word)}
        assert set(ids) == {r.id for r in sichuan.RULES}, word
    assert ids["SC-6.4-plot-review"] == "川林发〔2024〕3号 六(四)"
    assert not [e for e in catalogue.entries("hunan") if e.rule.id.startswith("SC-")]


def test_cli_rules_jurisdiction_sichuan_prints_every_sc_rule():
    from typer.testing import CliRunner

    from compliance.cli import app

    result = CliRunner().invoke(app, ["rules", "--jurisdiction", "sichuan", "--format", "markdown"])
    assert result.exit_code == 0, result.output
    for r in sichuan.RULES:
        assert re.search(rf"\| {re.escape(r.id)} \| 川林发〔2024〕3号 {re.escape(r.citation.article)} \|", result.output), r.id
