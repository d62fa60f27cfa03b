"""Drafting through the Python API: read-back of the four documents, safety, refusals, scale."""
from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from compliance.agreements import DraftError, draft
from compliance.agreements.context import capital, fmt_ha, fmt_pct, span
from compliance.agreements.drafter import carried_clauses, draft_set, shipped_templates
from compliance.agreements.render import paragraphs
from compliance.agreements.sample import synthetic_submission
from compliance.agreements.spec import REQUIRED, SPECS, TEMPLATE_FILES
from compliance.submission.files import load, validate
from compliance.reference.vocab import AgreementKind

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "hunan-ccer-afforestation.yaml"


@pytest.fixture(scope="module")
def example():
    return load(EXAMPLE)


def example_data() -> dict:
    return yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))


def text_of(path: Path) -> str:
    return "\n".join(paragraphs(path))


def tables_text(path: Path) -> str:
    from docx import Document

    doc = Document(str(path))
    return "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)


# --------------------------------------------------------------------------- the four documents
COMMON = ["湖南幕阜碳汇科技有限公司", "91430626MA4T8K2L3Y", "湖南省岳阳市平江县城关镇建设路88号",
          "平江县长寿镇龙源村股份经济合作联社", "N2430626MF00123457", "李春华", "430626199203154411",
          "430626-LY-012-03", "430626-LY-012-07", "35.2000", "528.00", "8.6000", "129.00", "43.8000", "657.00",
          "岳阳市平江县长寿镇龙源村012林班03小班", "（本页无正文，为《",
          "湘（2021）平江县不动产权第0001234号", "湘（2019）平江县不动产权第0000877号", "2026年3月1日", "2066年2月28日",
          "平江县幕阜山造林碳汇项目"]
SPECIFIC = {
    "development": ["2027年2月28日", "120,000.00", "壹拾贰万元整", "开发期限及逾期返还"],
    "transfer": ["2027年2月28日", "120,000.00", "壹拾贰万元整", "出租", "同意31人", "2026年1月25日"],
    "benefit": ["35%", "50%", "15%", "100%"],
    "tripartite": ["2027年2月28日", "120,000.00", "壹拾贰万元整", "35%", "50%", "15%", "丙方", "村集体经济组织"],
}


@pytest.mark.parametrize("kind", ["development", "transfer", "benefit", "tripartite"])
def test_each_document_reads_back_with_every_value(example, tmp_path, kind):
    paths = draft(example, kind, tmp_path)
    assert [p.suffix for p in paths] == [".docx"]
    text = text_of(paths[0])
    for value in COMMON + SPECIFIC[kind]:
        assert value in text, (kind, value)
    # the plot table is a real Word table with 四至 and both area units
    cells = tables_text(paths[0])
    for value in ("小班号", "四至", "公顷", "亩", "山脊", "龙源溪", "430626-LY-012-07", "129.00"):
        assert value in cells
    assert "{{" not in text and "{%" not in text and "None" not in text
    # every mandatory clause is in the drafted document, recognised by its heading
    texts = paragraphs(paths[0])
    for clause in REQUIRED[AgreementKind(kind)]:
        assert SPECS[clause].found_in(texts), (kind, clause)
    # one signature block per party, with a date line
    parties = 3
    assert text.count("签署日期：") == parties


def test_all_drafts_the_four_agreements(example, tmp_path):
    paths = draft(example, "all", tmp_path)
    assert [p.name for p in paths] == ["HN-PJ-2026-001-development.docx", "HN-PJ-2026-001-transfer.docx",
                                       "HN-PJ-2026-001-benefit.docx", "HN-PJ-2026-001-tripartite.docx"]
    assert sorted(tmp_path.iterdir()) == sorted(paths)      # no temporary files left behind


def test_roles_follow_the_contract_conventions(example, tmp_path):
    t = text_of(draft(example, "transfer", tmp_path)[0])
    assert "甲方一（流出方）：平江县长寿镇龙源村股份经济合作联社" in t and "乙方（流入方）：湖南幕阜碳汇科技有限公司" in t
    t = text_of(draft(example, "tripartite", tmp_path)[0])
    assert "甲方（开发方）：湖南幕阜碳汇科技有限公司" in t
    assert "乙方（林权权利人）：李春华" in t and "丙方（村集体经济组织）：平江县长寿镇龙源村股份经济合作联社" in t
    assert "乙方（签字并按手印）：李春华" in t and "丙方（盖章）" in t
    assert "平江县农村土地承包仲裁委员会" in t and "乡（镇）人民政府" in t and "人民法院" in t


def test_formatting_helpers():
    from decimal import Decimal

    from compliance.submission.model import Period
    import datetime as dt

    assert capital(Decimal("120000")) == "壹拾贰万元整"
    assert fmt_ha(Decimal("35.2")) == "35.2000" and fmt_ha(Decimal("0.0667")) == "0.0667"
    assert fmt_pct(3500) == "35%" and fmt_pct(1250) == "12.5%" and fmt_pct(3333) == "33.33%"
    assert span(Period(start=dt.date(2026, 3, 1), end=dt.date(2066, 2, 28))) == "40年"
    assert span(Period(start=dt.date(2026, 3, 1), end=dt.date(2027, 3, 15))) == "1年15日"


# --------------------------------------------------------------------------- safety
ADVERSARIAL = {"DEV": "A&B <公司> {{x}} {% if %}", "RH2": "𠮷田 O'Brien \"李\"", "project": "项目&<测试>{#c#}"}


def test_adversarial_names_appear_literally(tmp_path):
    sub = synthetic_submission(3, 3, names=ADVERSARIAL)
    for kind in ("tripartite", "benefit"):
        path = draft(sub, kind, tmp_path)[0]
        text = text_of(path)
        for name in ADVERSARIAL.values():
            assert name in text, (kind, name)
        # and the document is well-formed Word XML (it opened), with the name escaped in the XML
        import zipfile

        xml = zipfile.ZipFile(path).read("word/document.xml").decode()
        assert "A&amp;B &lt;公司&gt;" in xml


def test_missing_value_is_an_error_naming_it_never_blank(tmp_path):
    data = example_data()
    del data["rights_holders"][1]["address"]
    del data["plots"][0]["boundaries"]
    sub = validate(data)
    with pytest.raises(DraftError) as e:
        draft(sub, "transfer", tmp_path)
    msg = e.value.render("zh")
    assert "rights_holders[1].address" in msg and "plots[0].boundaries" in msg
    assert "address" in e.value.render("en")
    assert list(tmp_path.iterdir()) == []


def test_template_referring_to_a_missing_value_fails_and_leaves_nothing(example, tmp_path):
    from docx import Document

    custom = tmp_path / "tpl"
    custom.mkdir()
    doc = Document(str(shipped_templates() / "benefit.docx"))
    doc.add_paragraph("{{ developer.fax }}")
    doc.save(str(custom / "benefit.docx"))
    out = tmp_path / "out"
    with pytest.raises(DraftError) as e:
        draft(example, "all", out, templates=custom)
    assert "fax" in e.value.render("zh")
    assert not out.exists() or list(out.iterdir()) == []


def test_verification_failure_deletes_the_whole_run(example, tmp_path):
    """A template that drops the plot certificates drafts, but the read-back refuses it."""
    from docx import Document

    custom = tmp_path / "tpl"
    custom.mkdir()
    doc = Document(str(shipped_templates() / "benefit.docx"))
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                for p in cell.paragraphs:
                    for r in p.runs:
                        r.text = r.text.replace("{{ p.certificate }}", "")
    doc.save(str(custom / "benefit.docx"))
    out = tmp_path / "out"
    with pytest.raises(DraftError) as e:
        draft(example, "all", out, templates=custom)      # development and transfer were drafted first
    msg = e.value.render("zh")
    assert "读回核验" in msg and "湘（2021）平江县不动产权第0001234号" in msg
    assert list(out.iterdir()) == []


# --------------------------------------------------------------------------- refusals
def _refused(data, kind="all", **kw) -> DraftError:
    sub = validate(data)
    with pytest.raises(DraftError) as e:
        draft(sub, kind, kw.pop("out", "/nonexistent-should-not-be-created"), **kw)
    assert e.value.code == 1
    return e.value


def test_refuses_shares_not_summing_to_100(tmp_path):
    data = example_data()
    data["agreements"][2]["shares"]["DEV"] = 0.40
    err = _refused(data, out=tmp_path)
    assert any(f.rule == "HN-15-benefit" for f in err.findings)
    assert "105%" in err.render("zh") and list(tmp_path.iterdir()) == []


def test_refuses_a_rights_holder_left_out(tmp_path):
    data = example_data()
    data["agreements"][1]["transferors"] = ["RH1"]
    err = _refused(data, out=tmp_path)
    assert any(f.rule == "HN-15-parties" for f in err.findings)


def test_refuses_term_beyond_the_right_term(tmp_path):
    data = example_data()
    data["plots"][1]["right_term_end"] = "2050-12-31"
    err = _refused(data, "transfer", out=tmp_path)
    assert "2050" in err.render("zh")
    assert any(f.rule == "LAW-term" for f in err.findings) or any(p.rule == "LAW-term" for p in err.problems)


def test_refuses_missing_collective_consent(tmp_path):
    data = example_data()
    data["agreements"][1]["consent"] = None
    err = _refused(data, "transfer", out=tmp_path)
    assert "consent" in err.render("zh")


def test_the_rule_base_decides_not_a_copy_in_the_drafter(tmp_path):
    """Outside every ruleset's window (as of 2018) no agreement rule applies: the drafter has no
    second copy of HN-15/LAW to refuse with (issue 10 item 5); in force, the rules refuse."""
    import datetime as dt

    data = example_data()
    data["agreements"][2]["shares"]["DEV"] = 0.30
    data["agreements"][1]["consent"]["in_favour"] = 20
    sub = validate(data)
    assert len(draft(sub, "benefit", tmp_path / "old", as_of=dt.date(2018, 6, 1))) == 1
    with pytest.raises(DraftError) as e:
        draft(sub, "all", tmp_path / "now", as_of=dt.date(2026, 6, 1))
    rules = {f.rule for f in e.value.findings}
    assert {"HN-15-benefit", "LAW-collective-consent"} <= rules


def test_a_missing_agreement_is_composed_from_the_data(tmp_path):
    data = example_data()
    data["agreements"] = [a for a in data["agreements"] if a["kind"] != "transfer"]
    with pytest.raises(DraftError) as e:           # no price or mode anywhere: listed, nothing drafted
        draft(validate(data), "transfer", tmp_path)
    msg = e.value.render("zh")
    assert e.value.code == 2 and "agreements.price" in msg and "agreements.mode" in msg
    data2 = example_data()
    dev = data2["agreements"][0]
    data2["agreements"] = [a for a in data2["agreements"] if a["kind"] != "benefit"]
    with pytest.raises(DraftError) as e:
        draft(validate(data2), "all", tmp_path)
    assert "agreements.shares" in e.value.render("zh") and list(tmp_path.iterdir()) == []
    assert dev["kind"] == "development"


def test_unsigned_agreements_may_be_drafted(tmp_path):
    data = example_data()
    for a in data["agreements"]:
        a["signed"] = None
    assert len(draft(validate(data), "all", tmp_path)) == 4


def test_nothing_recorded_to_draft_from(tmp_path):
    data = example_data()
    data["agreements"] = [a for a in data["agreements"] if a["kind"] != "benefit"]
    with pytest.raises(DraftError) as e:
        draft(validate(data), "benefit", tmp_path)
    assert "shares" in e.value.render("en") and "composed" in e.value.render("en")


def test_unknown_kind_is_a_usage_error(example, tmp_path):
    with pytest.raises(DraftError) as e:
        draft(example, "lease", tmp_path)
    assert e.value.code == 2


# --------------------------------------------------------------------------- scale
def test_500_plots_and_many_holders(tmp_path):
    sub = synthetic_submission(500, 60)
    result = draft_set(sub, "tripartite", tmp_path)
    doc = result.documents[0]
    text = text_of(doc.docx)
    assert text.count("430626-LY-") >= 500
    assert "农户060" in text and "乙方五十九" in text
    assert doc.built.context["total"]["count"] == "500"
    from docx import Document

    annex = Document(str(doc.docx)).tables[-1]
    assert len(annex.rows) == 2 + 500 + 1          # two header rows, 500 plots, the total


def test_zero_plots_is_invalid_input():
    # issue 18: a project without plots is refused when read, before anything is drafted
    from compliance.submission.files import InvalidSubmission

    with pytest.raises(InvalidSubmission) as e:
        synthetic_submission(0, 2)
    assert any(p.path == "plots" for p in e.value.problems)


def test_one_holder_has_no_ordinals(tmp_path):
    sub = synthetic_submission(2, 1)
    text = text_of(draft(sub, "benefit", tmp_path)[0])
    assert "乙方（林权权利人）：" in text and "乙方一" not in text


def test_template_declaration_matches_the_shipped_templates():
    for kind, name in TEMPLATE_FILES.items():
        carried = set(carried_clauses(shipped_templates() / name))
        assert set(REQUIRED[kind]) <= carried, (kind, set(REQUIRED[kind]) - carried)


def test_development_derived_from_a_tripartite_agreement(tmp_path):
    data = example_data()
    tri = {"kind": "tripartite", "signed": None, "parties": ["DEV", "RH1", "RH2"], "transferors": ["RH1", "RH2"],
           "transferee": "DEV", "mode": "lease", "plots": ["430626-LY-012-03", "430626-LY-012-07"],
           "term": {"start": "2026-03-01", "end": "2066-02-28"}, "development_deadline": "2027-02-28",
           "price": {"amount_yuan": 80000, "per": "year"},
           "consent": copy.deepcopy(data["agreements"][1]["consent"]),
           "shares": {"DEV": 0.4, "RH1": 0.4, "RH2": 0.2},
           "clauses": [c.value for c in REQUIRED[AgreementKind.TRIPARTITE]]}
    data["agreements"] = [tri]
    sub = validate(data)
    dev = text_of(draft(sub, "development", tmp_path)[0])
    assert "80,000.00" in dev and "捌万元整" in dev
    tri_text = text_of(draft(sub, "tripartite", tmp_path)[0])
    assert "40%" in tri_text and "20%" in tri_text


def test_failed_pdf_conversion_leaves_nothing(example, tmp_path, monkeypatch):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\necho 'conversion exploded' >&2\nexit 3\n")
    fake.chmod(0o755)
    monkeypatch.setenv("COMPLIANCE_SOFFICE", str(fake))
    out = tmp_path / "out"
    with pytest.raises(DraftError) as e:
        draft(example, "benefit", out, pdf=True)
    assert "conversion exploded" in e.value.render("en")
    assert list(out.iterdir()) == []


def test_sichuan_grassland_drafts_use_grassland_and_scph_words(tmp_path):
    sub = load(ROOT / "examples" / "sichuan-scph-grassland.yaml")
    paths = draft(sub, "all", tmp_path)
    assert len(paths) == 4
    text = text_of(paths[1])                          # the transfer agreement
    assert "《中华人民共和国草原法》" in text and "（川林发〔2024〕3号）" in text
    assert "协议草原" in text and "林地" not in text and "村（牧）民" in text
    assert text.startswith("草原碳汇资源流转协议")
    assert "湘林碳票" not in text and "核证自愿减排量" not in text
    dev = text_of(paths[0])
    assert "西部生态产品交易平台" in dev and "审定和登记期限" in dev and "不得申请注销本项目" in dev


def test_plot_map_annex_embeds_the_png_when_geometry_renders_one(example, tmp_path, monkeypatch):
    import struct
    import sys
    import types
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    w, h = 120, 80                                   # a small green PNG, written by hand
    raw = b"".join(b"\x00" + b"\x1e\x78\x28" * w for _ in range(h))
    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    fake = types.ModuleType("compliance.submission.geometry")
    seen = []
    fake.render_plot_map = lambda plots: (seen.append([p.id for p in plots]), png)[1]
    monkeypatch.setitem(sys.modules, "compliance.submission.geometry", fake)
    path = draft(example, "transfer", tmp_path)[0]
    assert seen == [["430626-LY-012-03", "430626-LY-012-07"]]
    from docx import Document

    doc = Document(str(path))
    assert len(doc.inline_shapes) == 1 and "附件二　项目地块附图" in text_of(path)
    monkeypatch.setitem(sys.modules, "compliance.submission.geometry", types.ModuleType("empty"))
    path2 = draft(example, "transfer", tmp_path / "nomap")[0]       # no renderer: no picture, the annex says so
    assert len(Document(str(path2)).inline_shapes) == 0 and "宗地图" in text_of(path2)


def test_annex_ids_do_not_wrap_and_signature_page_stands_alone(example, tmp_path):
    from docx import Document
    from docx.oxml.ns import qn

    path = draft(example, "tripartite", tmp_path)[0]
    doc = Document(str(path))
    annex = doc.tables[-1]
    cell = annex.rows[2].cells[1]
    assert cell.text == "430626-LY-012-03" and cell._tc.tcPr.find(qn("w:noWrap")) is not None
    note = next(p for p in doc.paragraphs if p.text.startswith("（本页无正文，为《林业碳汇项目开发、资源流转和利益分配三方协议》"))
    assert note.paragraph_format.page_break_before
    fonts = {el.get(qn("w:eastAsia")) for el in doc.styles.element.iter(qn("w:rFonts"))} - {None}
    assert fonts <= {"Noto Serif CJK SC", "Noto Sans CJK SC"}


def test_recorded_long_stops_replace_the_defaults(tmp_path):
    data = example_data()
    data["agreements"][0]["validation_deadline"] = "2027-06-30"
    data["agreements"][0]["registration_deadline"] = "2028-12-31"
    result = draft_set(validate(data), "development", tmp_path)
    text = text_of(result.documents[0].docx)
    assert "2027年6月30日前完成本项目的审定" in text and "2028年12月31日前取得" in text
    assert not any("默认值" in zh for zh, _ in result.notes)


@pytest.mark.parametrize("land,measure,mech,words,absent", [
    ("wetland", "wetland_restoration", "CCER", ["湿地碳汇资源流转协议", "《中华人民共和国湿地保护法》", "协议湿地"], ["林地", "草原"]),
    ("forest", "afforestation", "XLTP", ["湘林碳票", "湖南省林业碳汇资源管理平台"], ["核证自愿减排量", "CCER", "草原"]),
])
def test_wording_follows_land_type_and_mechanism(tmp_path, land, measure, mech, words, absent):
    data = example_data()
    data["project"]["mechanism"] = mech
    data["project"].pop("registry", None)
    data["project"].pop("trading_venue", None)
    if mech != "CCER":
        data["project"].pop("methodology", None)
    for p in data["plots"]:
        p["land_type"], p["measure"] = land, measure
        p.pop("forest_type", None)
        p["boundaries"] = {k: v.replace("林地", "承包地") for k, v in p["boundaries"].items()}   # data, not wording
    text = text_of(draft(validate(data), "transfer", tmp_path)[0])
    for w in words:
        assert w in text, w
    for w in absent:
        assert w not in text, w


def test_the_example_with_polygons_gets_its_map_annex(example, tmp_path):
    """examples/hunan-ccer-afforestation.yaml carries plot polygons: the geometry package draws the 附图."""
    pytest.importorskip("matplotlib")
    from docx import Document

    path = draft(example, "transfer", tmp_path)[0]
    assert len(Document(str(path)).inline_shapes) == 1
    text = text_of(path)
    assert "附件二　项目地块附图" in text and "见附件二附图" in text
