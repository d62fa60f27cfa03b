"""Draft the notice (通报) of a sanction as .docx from ``templates/notice.docx``.

Rendered with docxtpl, autoescape on and StrictUndefined: a name such as ``A&B <公司>`` or
``{{x}}`` appears literally, and a variable the template needs but the context lacks is an
error, never a blank. Personal ID numbers are masked (湘林基〔2025〕5号 第二十条). The
draft is read back before it is written: every tag rendered, the entity named, no unmasked
ID number in any text. Layout after GB/T 9704-2012 (发文机关标志, 发文字号, 主送, 正文 with the
陈述申辩 step and the appeal routes and deadlines computed from the decision date, 署名 and
成文日期 with room for the seal, 附件, 版记 with 抄送 and 印发, page numbers).
"""
from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

from compliance.reference import ids
from . import divisions, fields
from .messages import RegisterError, label, os_error

TEMPLATE = Path(__file__).resolve().parent / "templates" / "notice.docx"
# A notice is one decision on a few pages: its texts together are bounded (the grounds alone may
# hold 4,000 characters; basis and evidence lists are bounded by the register's fields)
MAX_NOTICE_CHARS = 20_000

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


# Appeal routes every decision states (行政处罚法 第四十四条、第五十九条), as dated parameters.
def _params():
    from compliance.rules.base import Citation, param

    return {
        "review_days": param("NOTICE.review_days", 60, dt.date(2024, 1, 1), Citation("行政复议法", "第二十条第一款"),
                             "申请行政复议的期限（自知道或者应当知道之日起）", "time to apply for administrative review", "日"),
        "litigation_months": param("NOTICE.litigation_months", 6, dt.date(2015, 5, 1), Citation("行政诉讼法", "第四十六条第一款"),
                                   "提起行政诉讼的期限（自知道或者应当知道之日起）", "time to bring an administrative suit", "个月"),
    }


PARAMS = _params()

# an ID number (18 digits, the last may be X; or the old 15 digits) standing alone in a text
_ID_RE = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")


def _plausible_id(s: str) -> bool:
    try:
        if len(s) == 18:
            dt.date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
        else:
            dt.date(1900 + int(s[6:8]), int(s[8:10]), int(s[10:12]))
    except ValueError:
        return False
    return True


def mask_ids(text: str) -> str:
    """Every ID number in a text masked (湘林基〔2025〕5号 第二十条): 430626********4411."""
    return _ID_RE.sub(lambda m: (m.group(1)[:6] + "*" * (len(m.group(1)) - 10) + m.group(1)[-4:])
                      if _plausible_id(m.group(1)) else m.group(1), text)


def _add_months(d: dt.date, months: int) -> dt.date:
    import calendar

    y, m = divmod(d.month - 1 + months, 12)
    return dt.date(d.year + y, m + 1, min(d.day, calendar.monthrange(d.year + y, m + 1)[1]))


def _next_workday(d: dt.date) -> dt.date:
    """A period ending on a rest day or holiday ends on the next working day (民法典第二百零三条)."""
    from compliance.reference.workdays import is_workday

    while not is_workday(d):
        d += dt.timedelta(days=1)
    return d


def _local_name(code: str) -> str:
    """怀化市鹤城区, not 湖南省怀化市鹤城区: how a county's or prefecture's bodies are named."""
    full = divisions.full_name(code)
    if len(code) > 2:
        try:
            prov = divisions.full_name(code[:2])
        except RegisterError:
            return full
        if full.startswith(prov) and full != prov:
            return full[len(prov):]
    return full


def appeal(decided_on: dt.date, division: str) -> dict:
    """Where and by when the party may apply for review or sue, counted from the decision date."""
    days = PARAMS["review_days"].at(decided_on)
    months = PARAMS["litigation_months"].at(decided_on)
    try:
        d = divisions.get(division, "decided_by_division")
        place = _local_name(d.code)
        level = d.level
    except RegisterError:
        place, level = "", ""
    review_body = f"{place}人民政府" if place else "本机关的本级人民政府"       # 行政复议法 第二十四条
    court = f"{place}人民法院" if level == "county" else f"{place}有管辖权的人民法院"   # 行政诉讼法 第十八条
    return {
        "review_days": str(days), "litigation_months": str(months), "review_body": review_body, "court": court,
        "review_until": zh_date(_next_workday(decided_on + dt.timedelta(days=days))),
        "litigation_until": zh_date(_next_workday(_add_months(decided_on, months))),
    }


def context(state: dict, notice_date: dt.date | None = None) -> dict:
    """The template variables for sanction ``state``; every text has its ID numbers masked."""
    entity = state["entity"]
    natural = entity["kind"] == "natural_person"
    mechs = state["scope"]["mechanisms"]
    decided_by = state["decided_by"]
    div = decided_by.get("division") or state["region_code"]
    try:
        province_name = divisions.full_name(state["scope"]["province"])
        region_name = divisions.full_name(state["region_code"])
        own = divisions.get(div, "decided_by_division")
        own_name = divisions.full_name(own.code)
        level = own.level
    except RegisterError:
        province_name, region_name = state["scope"]["province"], state["region_code"]
        own_name, level = province_name, "province"
    # a county's (prefecture's) measure reaches only its own county (prefecture)
    area = own_name if level in ("county", "prefecture") else province_name
    if fields.ALL_MECHANISMS in mechs:
        scope = f"{area}行政区域内的全部林业碳汇项目"
    else:
        scope = f"{area}行政区域内的" + "、".join(_mechanism_name(m) for m in mechs) + "项目"
    if state["measure"] == "notice":
        period, period_clause = "不适用（通报批评）", ""
    elif state["to_date"]:
        period = f"自{zh_date(state['from_date'])}至{zh_date(state['to_date'])}"
        period_clause = f"期限{period}，"
    else:
        period = f"自{zh_date(state['from_date'])}起，无固定期限"
        period_clause = f"期限{period}，"
    status = ""
    if state["lifted"]:
        status = f"该处理已于{zh_date(state['lifted']['on'])}解除（{state['lifted']['reason']}）。"
    varied = [a for a in state["appeals"] if a["outcome"] == "varied"]
    if varied:
        a = varied[-1]
        status += f"该处理经{a['body']}{a['document']}变更，以上为变更后的内容。"
    decided = dt.date.fromisoformat(state["decided_on"]) if isinstance(state["decided_on"], str) else state["decided_on"]
    rights = appeal(decided, div)
    hearing = "、要求听证" if state["measure"] in ("restrict", "cancel", "suspend") else ""
    if level == "county":
        upper = _local_name(div[:4]) + "林业主管部门"
    elif level == "prefecture":
        upper = divisions.full_name(div[:2]) + "林业主管部门"
    else:
        upper = "国家林业和草原局"
    ctx = {
        "issuer": decided_by["name"],
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
        "period_clause": period_clause,
        "scope_text": scope,
        "status_text": status,
        "notice_date": zh_date(notice_date or dt.date.today()),
        "entry_id": state["id"],
        "event_hash": state["last_hash"],
        "region_name": region_name,
        "measure_label": label(state["measure"], "zh"),
        "hearing_text": f"本机关在作出决定前，已告知当事人拟作出处理的事实、理由、依据及其依法享有的陈述、申辩{hearing}权利"
                        f"（《中华人民共和国行政处罚法》第四十四条{'、第六十三条' if hearing else ''}），并听取了当事人的意见。",
        "appeal_text": f"当事人对本决定不服的，可以自知道本决定之日起{rights['review_days']}日内向{rights['review_body']}申请行政复议，"
                       f"或者自知道本决定之日起{rights['litigation_months']}个月内向{rights['court']}提起行政诉讼"
                       f"（自本决定作出之日{zh_date(decided)}起算，分别至{rights['review_until']}、{rights['litigation_until']}届满；"
                       f"《中华人民共和国行政复议法》第二十条、《中华人民共和国行政诉讼法》第四十六条）。",
        "main_to": "各有关单位",
        "copy_to": f"{upper}，{entity['name']}",
    }
    keep = {"code_display", "entry_id", "event_hash", "case_number"} | ({"code_display"} if not natural else set())
    return {k: (v if k in keep else mask_ids(v)) for k, v in ctx.items()}


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
    # REG-basis, recorded with the event by the rule base: a decision whose only basis is a
    # normative document is not drafted as a notice (行政处罚法 第九条、第十六条)
    for w in state.get("warnings") or []:
        if w.get("rule") == "REG-basis":
            raise RegisterError("w_REG-basis", "basis", **(w.get("params") or {}))
    ctx = context(state, notice_date)
    size = sum(len(v) for v in ctx.values() if isinstance(v, str))
    if size > MAX_NOTICE_CHARS:
        raise RegisterError("notice_too_large", "sanction", value=state["id"], size=size, limit=MAX_NOTICE_CHARS)
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
    if any(_plausible_id(m.group(1)) and m.group(1) != ctx["code_display"] for m in _ID_RE.finditer(text)):
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
