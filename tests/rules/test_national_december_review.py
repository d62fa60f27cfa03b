"""The December 2026 review's corrections, checked where a feature step cannot look: the citation each
finding carries, the words of the texts in the messages, the reference data's sources."""
from __future__ import annotations

import copy
import datetime as dt

from compliance.checker import catalogue
from compliance.reference import divisions, refdata
from compliance.submission import files as loader
from compliance.checker import check
from tests.support import example_data


def run(data, as_of=None):
    return check(loader.validate(copy.deepcopy(data), "test"), as_of)


def findings(report, rule):
    return [f for f in report.findings if f.rule == rule]


def test_grassland_consent_cites_the_grassland_law_in_its_words():
    data = example_data("sichuan-scph-grassland")
    data["agreements"][1]["township_approval"] = None
    [f] = findings(run(data), "LAW-collective-consent")
    assert f.citation.text() == "草原法 第十三条第三款"
    assert "集体草原" in f.message("zh") and "村（牧）民会议" in f.message("zh") and "乡（镇）人民政府" in f.message("zh")
    assert "森林法" not in f.message("zh")


def test_forest_and_wetland_consent_cite_their_own_articles():
    data = example_data("hunan-ccer-afforestation")
    data["agreements"][1]["consent"] = None
    [f] = findings(run(data), "LAW-collective-consent")
    assert f.citation.text() == "森林法 第十八条"
    data["plots"][0].update(land_type="wetland", measure="wetland_restoration")
    [f] = findings(run(data), "LAW-collective-consent")
    assert f.citation.text() == "农村土地承包法 第五十二条第一款"


def test_sichuan_findings_say_deng_ji_not_bei_an():
    data = example_data("sichuan-scph-grassland")
    data["project"]["stage"] = "filing"
    del data["project"]["milestones"]["trading"]
    data["project"]["reviews"] = []
    sc = [f for f in run(data).findings if f.rule.startswith("SC-")]
    assert sc and all("备案" not in f.message("zh") for f in sc)
    assert any("登记" in f.message("zh") for f in sc)


def test_a_plot_anywhere_is_named_by_the_division_data():
    assert divisions.place("500101") == "重庆市万州区"
    assert divisions.place("430626") == "湖南省岳阳市平江县"
    assert len(divisions.counties("43")) == 134 and len(divisions.counties("51")) == 183
    assert {d.code[:2] for d in divisions.table().values() if d.level == "province"} >= {"11", "50", "65"}
    data = example_data("sichuan-scph-grassland")
    data["plots"][0]["county"] = "500101"
    [f] = findings(run(data), "SC-2-scope")
    assert "位于重庆市万州区" in f.message("zh") and "不在四川省" in f.message("zh")


def test_a_sichuan_project_with_all_plots_in_hunan_does_not_pass_whatever_its_mechanism():
    for mechanism, methodology in (("SCPH", None), ("CCER", "CCER-14-001-V01"), ("VCS", None)):
        data = example_data("sichuan-scph-grassland")
        data["project"].update(mechanism=mechanism, methodology=methodology)
        for p in data["plots"]:
            p["county"] = "430626"
        report = run(data)
        assert report.verdict == "fail", mechanism
        assert {f.path for f in report.findings if f.rule in ("LOC-province", "SC-2-scope")} == {
            "plots[0].county", "plots[1].county"}, mechanism


def test_venue_names_are_normalised_and_designations_carry_jurisdiction_and_act():
    for name in ("北京绿色交易所有限公司", "北京 绿色交易所", "ＣＢＧＥＸ", "北京绿色交易所（有限公司）"):
        assert refdata.venue_entry("CCER", name, "43"), name
    assert refdata.venue_entry("SCPH", "西部生态产品交易平台", "43") is None
    assert refdata.venue_entry("SCPH", "西部生态产品交易平台", "51")
    for entries in refdata.load("venues.yaml")["venues"].values():
        for e in entries:
            assert e.get("designated_by") and e.get("act"), e
    ccer_acts = " ".join(e["act"] for e in refdata.load("venues.yaml")["venues"]["CCER"])
    assert "第七条" in ccer_acts and "第二十五条" in ccer_acts and "第四条" not in ccer_acts
    assert "第六条" in refdata.load("venues.yaml")["registries"]["CCER"][0]["act"]


def test_no_fix_hint_tells_an_official_to_edit_product_files():
    from compliance.checker import all_rulesets

    cases = [c for rs in all_rulesets() for r in rs.rules for c in r.cases]
    for c in cases:
        for t in (c.fix_zh, c.fix_en, c.zh, c.en):
            assert "compliance/data" not in t and ".yaml" not in t, t


def test_a_ccer_project_gets_no_supported_info():
    report = run(example_data("hunan-ccer-afforestation"))
    assert not findings(report, "HN-12-priority")
    assert all(f.rule != "HN-12-priority" for f in report.findings)


def test_catalogue_prints_confidence_and_the_products_readings():
    entries = {e.rule.id: e for e in catalogue.entries()}
    for rid in ("HN-13-lifecycle", "SC-3.1-principles", "SC-4.2-retirement", "LOC-province", "HN-9-measure"):
        d = catalogue.as_dict(entries[rid], "zh")
        assert d["products_reading"] and "产品读法" in d["basis_text"], rid
    assert catalogue.as_dict(entries["HN-13-lifecycle"], "zh")["basis"] == "secondary"
    d = catalogue.as_dict(entries["HN-15-benefit"], "en")
    assert d["basis_text"].startswith("primary") and not d["products_reading"]
    md = catalogue.to_markdown(list(entries.values()), "zh")
    assert "产品读法（非原文）" in md and "一手（已核对原文）" in md


def test_deadline_missed_names_the_deadline():
    data = example_data("hunan-ccer-afforestation")
    data["project"]["stage"] = "development"
    del data["project"]["milestones"]["design"]
    f = next(f for f in run(data, dt.date(2027, 3, 1)).findings
             if f.rule == "HN-14-enclosure" and f.case == "deadline_missed")
    assert "2027-02-28" in f.message("zh") and "2027-02-28" in f.message("en")


def test_competent_department_per_sanction_basis():
    meas43 = "温室气体自愿减排交易管理办法（试行） 第四十三条"
    assert refdata.competence_entry(meas43)["department"] == "生态环境主管部门"
    assert refdata.competent("湖南省生态环境厅", meas43) is True
    assert refdata.competent("湖南省林业局", meas43) is False
    assert refdata.competent("四川省林业和草原局", "川林发〔2024〕3号 六(四)") is True
    assert refdata.competent("平江县林业局", "森林法 第七十四条") is True
    assert refdata.competent("北京市市场监督管理局", "温室气体自愿减排交易管理办法（试行）第四十一条") is True
    assert refdata.competent("某局", "不在数据中的文件 第一条") is None
    # the same act cited without "（试行）", with half-width parentheses or in 《》: the same department
    for cited in ("温室气体自愿减排交易管理办法 第四十三条", "温室气体自愿减排交易管理办法(试行) 第四十三条",
                  "《温室气体自愿减排交易管理办法》第四十三条"):
        assert refdata.competent("湖南省林业局", cited) is False, cited
    for e in refdata.load("competence.yaml")["entries"]:
        assert e["department"] and e["authority_words"] and e["source"], e


def test_every_field_my_rules_read_is_declared_with_meaning_and_article():
    from compliance.checker import all_rulesets

    for rs in all_rulesets():
        if rs.id in ("hunan", "sichuan", "tenure", "ccer", "afforestation", "location"):
            assert rs.undeclared_fields() == [], rs.id
            for k in rs.facts:
                for f in k.fields.values():
                    assert f.zh and f.en and f.article, (rs.id, k.kind, f.name)


def test_a_national_venue_of_another_mechanism_is_not_called_another_provinces():
    data = example_data("hunan-undesignated-venue")
    data["project"].update(mechanism="XLTP", methodology=None, trading_venue="北京绿色交易所")
    [f] = findings(run(data), "HN-14-venue")
    assert f.case == "no_designation" and "湖南省规定" in f.message("zh")
    data["project"]["trading_venue"] = "西部生态产品交易平台"
    [f] = findings(run(data), "HN-14-venue")
    assert f.case == "elsewhere" and "四川省规定" in f.message("zh")


def test_a_prefecture_bureau_is_recognised_by_name_also_in_short_form():
    from compliance.rules.hunan import prefecture_bureau

    assert prefecture_bureau("湘西土家族苗族自治州林业局", "4331") and prefecture_bureau("湘西州林业局", "4331")
    assert prefecture_bureau("岳阳市林业局", "4306")
    assert not prefecture_bureau("岳阳市平江县林业局", "4306") and not prefecture_bureau("平江县林业局", "4306")
