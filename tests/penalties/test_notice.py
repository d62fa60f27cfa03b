"""The notice (通报) drafted from the Word template."""
from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

import pytest
from docx import Document

from compliance.penalties import notice
from compliance.penalties.messages import RegisterError

ROOT = Path(__file__).resolve().parents[2]


def _text(path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join(parts)


def test_template_declares_exactly_the_variables_the_renderer_supplies(world):
    state = world.reg.sanction(world.record("HC").sanction_id)
    assert notice.template_variables() == set(notice.context(state))


def test_committed_template_is_what_the_tool_builds():
    spec = importlib.util.spec_from_file_location("make_notice_template", ROOT / "tools" / "make_notice_template.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    assert tool.build() == notice.TEMPLATE.read_bytes()


def test_notice_of_a_company(world, tmp_path):
    state = world.reg.sanction(world.record("HC").sanction_id)
    out = notice.render(state, tmp_path / "n.docx", notice_date=dt.date(2026, 3, 5))
    text = _text(out)
    assert "关于对怀化绿源林业有限公司暂停参与林业碳汇资源开发资格的通报" in text
    assert "鹤林罚决字〔2026〕1号" in text and state["entity"]["code"] in text
    assert "依据《森林法》第七十四条、湘林基〔2025〕5号第十四条" in text
    assert "期限自2026年3月1日至2027年2月28日" in text
    assert "湖南省怀化市鹤城区行政区域内的CCER、湘林碳票项目" in text      # a county's measure: its county only
    assert "2026年3月5日" in text and state["last_hash"] in text
    assert "{{" not in text and "{%" not in text


def test_personal_id_number_is_masked_and_names_appear_literally(world, h, tmp_path):
    sid = world.record("HC", entity_name="A&B <公司> {{x}}", code=h.id_number(9), grounds="伪造造林验收资料 & <数据>",
                       case_number="c9").sanction_id
    state = world.reg.sanction(sid)
    text = _text(notice.render(state, tmp_path / "p.docx"))
    assert h.id_number(9) not in text
    assert h.id_number(9)[:6] + "********" + h.id_number(9)[-4:] in text
    assert "身份证号码" in text
    assert "A&B <公司> {{x}}" in text and "伪造造林验收资料 & <数据>" in text


def test_lifted_sanction_says_so_and_revoked_one_gets_no_notice(world, tmp_path):
    sid = world.record("HC").sanction_id
    world.reg.lift(sid, lifted_on="2026-07-01", reason="整改到位", authority="HC", signer=world.signers["HC"])
    text = _text(notice.render(world.reg.sanction(sid), tmp_path / "l.docx"))
    assert "该处理已于2026年7月1日解除（整改到位）。" in text
    sid2 = world.record("HC", case_number="c2").sanction_id
    world.reg.appeal(sid2, outcome="revoked", decided_on="2026-05-01", body="怀化市人民政府", document="复1号",
                     authority="HC", signer=world.signers["HC"])
    with pytest.raises(RegisterError) as info:
        notice.render(world.reg.sanction(sid2), tmp_path / "r.docx")
    assert info.value.key == "notice_revoked"
    assert not (tmp_path / "r.docx").exists()


def test_open_ended_period_and_all_mechanisms(world, tmp_path):
    sid = world.record("HC", to_date=None, open_ended=True, mechanisms=None, measure="cancel").sanction_id
    text = _text(notice.render(world.reg.sanction(sid), tmp_path / "o.docx"))
    assert "期限自2026年3月1日起，无固定期限" in text
    assert "湖南省怀化市鹤城区行政区域内的全部林业碳汇项目" in text
    assert "作出取消其参与林业碳汇资源开发资格的决定" in text


def test_every_id_number_in_every_text_is_masked(world, h, tmp_path):
    third = h.id_number(7)
    sid = world.record("HC", grounds=f"伙同张某（身份证号码{third}）伪造造林验收资料", case_number="c7").sanction_id
    out = notice.render(world.reg.sanction(sid), tmp_path / "m.docx")
    text = _text(out)
    assert third not in text and third[:6] + "********" + third[-4:] in text


def test_rights_and_deadlines_from_the_decision_date(world, tmp_path):
    sid = world.record("HC", case_number="c8").sanction_id
    state = world.reg.sanction(sid)
    text = _text(notice.render(state, tmp_path / "a.docx"))
    assert "陈述、申辩" in text and "听证" in text
    assert "60日内向怀化市鹤城区人民政府申请行政复议" in text
    assert "6个月内向怀化市鹤城区人民法院提起行政诉讼" in text
    d = dt.date.fromisoformat(state["decided_on"])
    assert notice.zh_date(d) in text and "届满" in text
    assert "抄送：" in text and "印发" in text


def test_a_notice_measure_has_no_open_ended_period_and_needs_a_legal_basis(world, tmp_path):
    sid = world.record("HC", measure="notice", to_date=None, open_ended=True, case_number="c10").sanction_id
    text = _text(notice.render(world.reg.sanction(sid), tmp_path / "t.docx"))
    assert "无固定期限" not in text and "作出通报批评的决定" in text
    sid = world.record("HC", measure="notice", to_date=None, open_ended=True, basis=["湘林基〔2025〕5号 第十四条"],
                       case_number="c11").sanction_id
    with pytest.raises(RegisterError) as info:
        notice.render(world.reg.sanction(sid), tmp_path / "b.docx")
    assert info.value.key == "w_REG-basis" and not (tmp_path / "b.docx").exists()


def test_a_notice_is_bounded_in_size_and_says_by_what(world, tmp_path):
    from compliance.penalties.messages import RegisterError

    state = dict(world.reg.sanction(world.record("HC").sanction_id))
    state["grounds"] = "未按约定开展造林，长期圈占林地资源" * 1500   # far beyond what one decision states
    with pytest.raises(RegisterError) as info:
        notice.render(state, tmp_path / "big.docx")
    msg = info.value.render("en")
    assert info.value.key == "notice_too_large" and str(notice.MAX_NOTICE_CHARS) in msg and state["id"] in msg
    assert not (tmp_path / "big.docx").exists()
