"""Draft the notice (通报) of a sanction as .docx from ``templates/notice.docx``.

Rendered with docxtpl, autoescape on and StrictUndefined: a name such as ``A&B <公司>`` or
``{{x}}`` appears literally, and a variable the template needs but the context lacks is an
error, never a blank. Personal ID numbers are masked (湘林基〔2025〕5号 第二十条). The
draft is read back before it is written: every tag rendered, the entity named, no unmasked
ID number.
"""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from compliance.reference import ids
from . import divisions, fields
from .messages import RegisterError, label, os_error

TEMPLATE = Path(__file__).resolve().parent / "templates" / "notice.docx"

TITLE_MEASURE = {
    "suspend": "暂停参与林业碳汇资源开发资格",
    "restrict": "限制参与林业碳汇资源开发资格",
    "cancel": "取消参与林业碳汇资源开发资格",
    "notice": "违规行为",
}
MEASURE_TEXT = {
    "suspend": "作出暂停其参与林业碳汇资源开发资格的决定",
    "restrict": "作出限制其参与林业碳汇资源开发资格的决定",
    "cancel": "作出取消其参与林业碳汇资源开发资格的决定",
    "notice": "作出通报批评的决定",
}


def zh_date(value: str | dt.date) -> str:
    d = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return f"{d.year}年{d.month}月{d.day}日"


def context(state: dict, notice_date: dt.date | None = None) -> dict:
    """The template variables for sanction ``state``."""
    entity = state["entity"]
    natural = entity["kind"] == "natural_person"
    mechs = state["scope"]["mechanisms"]
    try:
        province_name = divisions.full_name(state["scope"]["province"])
        region_name = divisions.full_name(state["region_code"])
    except RegisterError:
        province_name, region_name = state["scope"]["province"], state["region_code"]
    if fields.ALL_MECHANISMS in mechs:
        scope = f"{province_name}行政区域内的全部林业碳汇项目"
    else:
        scope = f"{province_name}行政区域内的" + "、".join(_mechanism_name(m) for m in mechs) + "项目"
    if state["to_date"]:
        period = f"自{zh_date(state['from_date'])}至{zh_date(state['to_date'])}"
    else:
        period = f"自{zh_date(state['from_date'])}起，无固定期限"
    status = ""
    if state["lifted"]:
        status = f"该处理已于{zh_date(state['lifted']['on'])}解除（{state['lifted']['reason']}）。"
    varied = [a for a in state["appeals"] if a["outcome"] == "varied"]
    if varied:
        a = varied[-1]
        status += f"该处理经{a['body']}{a['document']}变更，以上为变更后的内容。"
    return {
        "issuer": state["decided_by"]["name"],
        "case_number": state["case_number"],
        "entity_name": entity["name"],
        "title_measure": TITLE_MEASURE[state["measure"]],
        "code_label": "身份证号码" if natural else "统一社会信用代码",
        "code_display": ids.mask_id_number(entity["code"]) if natural else entity["code"],
        "grounds": state["grounds"].rstrip("。"),
        "basis_text": "、".join(_cite(b) for b in state["basis"]),
        "decided_on": zh_date(state["decided_on"]),
        "measure_text": MEASURE_TEXT[state["measure"]],
        "period_text": period,
        "scope_text": scope,
        "status_text": status,
        "notice_date": zh_date(notice_date or dt.date.today()),
        "entry_id": state["id"],
        "event_hash": state["last_hash"],
        "region_name": region_name,
        "measure_label": label(state["measure"], "zh"),
    }


def _mechanism_name(code: str) -> str:
    if code in fields.MECHANISM_NAMES:
        return fields.MECHANISM_NAMES[code]
    from compliance.reference.vocab import Mechanism

    m = Mechanism.lookup(code)
    return m.zh if m is not None else code


def _cite(b: dict) -> str:
    doc = b["document"]
    if b["kind"] in ("law", "regulation", "rule") and not doc.startswith("《") and "〔" not in doc:
        doc = f"《{doc}》"
    return f"{doc}{b['article']}"


def render(state: dict, out, notice_date: dt.date | None = None, template: Path = TEMPLATE) -> Path:
    """Render the notice for sanction ``state`` to ``out`` (.docx); returns the path."""
    import jinja2
    from docx import Document
    from docxtpl import DocxTemplate

    if state["status"] == "revoked":
        raise RegisterError("notice_revoked", "sanction", value=state["id"])
    ctx = context(state, notice_date)
    tpl = DocxTemplate(str(template))
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    try:
        tpl.render(ctx, jinja_env=env, autoescape=True)
    except jinja2.UndefinedError as exc:
        raise RegisterError("notice_check_failed", "sanction", detail=str(exc)) from None
    buf = io.BytesIO()
    tpl.save(buf)

    # read back before writing
    doc = Document(io.BytesIO(buf.getvalue()))
    text = "\n".join(p.text for p in doc.paragraphs)
    text += "\n" + "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    problems = []
    if "{%p" in text or any("{{ %s }}" % name in text for name in ctx):
        problems.append("template tag left")
    if ctx["entity_name"] not in text:
        problems.append("entity name missing")
    if state["entity"]["kind"] == "natural_person" and state["entity"]["code"] in text:
        problems.append("unmasked ID number")
    if ctx["code_display"] not in text or ctx["case_number"] not in text:
        problems.append("code or case number missing")
    if problems:
        raise RegisterError("notice_check_failed", "sanction", detail="; ".join(problems))
    path = Path(out)
    try:
        path.write_bytes(buf.getvalue())
    except OSError as exc:
        raise os_error(exc, "out", path, write=True) from None
    return path


def template_variables(template: Path = TEMPLATE) -> set[str]:
    from docxtpl import DocxTemplate

    return set(DocxTemplate(str(template)).get_undeclared_template_variables())
