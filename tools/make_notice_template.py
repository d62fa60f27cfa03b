"""Build the Word template of the sanctions notice (通报): compliance/penalties/templates/notice.docx.

Run from the repository root:  python tools/make_notice_template.py

The template is a real .docx (editable in Word): A4, GB/T 9704-2012 margins (37/35/28/26 mm),
title in 小标宋 二号, body in 仿宋_GB2312 三号 with a two-character first-line indent, and an
appendix table of the register entry. Jinja tags (docxtpl) are each written inside one run so
Word's run splitting cannot break them. The output is byte-for-byte reproducible (fixed zip
timestamps and document properties), so a rebuild shows no diff unless the layout changed.

Variables the renderer (compliance/penalties/notice.py) supplies -- keep both in step; a test
compares them:
  issuer, case_number, entity_name, title_measure, code_label, code_display, grounds, basis_text,
  decided_on, measure_text, period_text, period_clause, scope_text, status_text, notice_date, entry_id,
  event_hash, region_name, measure_label, hearing_text, appeal_text, main_to, copy_to

Layout after GB/T 9704-2012: 发文机关标志 in red, 发文字号 over a red separator line, title,
主送机关, body (with the 陈述申辩 step and the appeal routes), 附件说明, 署名 and 成文日期 with room
for the seal, the 附件 on its own page, 版记 (抄送, 印发) between rules, page numbers "— 1 —" in
4号宋体, odd pages right and even pages left.
"""
from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "compliance" / "penalties" / "templates" / "notice.docx"
FIXED = dt.datetime(2026, 1, 1, 0, 0, 0)

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
HEAD_FONT = "黑体"


def _font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), name)


def _para(doc, text: str, *, font=BODY_FONT, size=16.0, bold=False, align=None, indent=True, space_after=0):
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing = Pt(28)  # fixed 28 pt: 22 lines a page as GB/T 9704 asks
    fmt.space_after = Pt(space_after)
    fmt.space_before = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(size * 2)
    if align is not None:
        p.alignment = align
    _font(p.add_run(text), font, size, bold)
    return p


RED = RGBColor(0xC0, 0x00, 0x00)


def _border(p, side: str, color: str = "C00000", size: int = 12) -> None:
    """A rule under (or over) a paragraph: the red separator line, the 版记 lines."""
    ppr = p._p.get_or_add_pPr()
    bdr = ppr.find(qn("w:pBdr"))
    if bdr is None:
        bdr = OxmlElement("w:pBdr")
        ppr.append(bdr)
    el = OxmlElement(f"w:{side}")
    el.set(qn("w:val"), "single")
    el.set(qn("w:sz"), str(size))
    el.set(qn("w:space"), "4")
    el.set(qn("w:color"), color)
    bdr.append(el)


def _page_number(footer, align) -> None:
    p = footer.paragraphs[0]
    p.alignment = align
    p.paragraph_format.left_indent = Pt(14) if align == WD_ALIGN_PARAGRAPH.LEFT else Pt(0)
    p.paragraph_format.right_indent = Pt(14) if align == WD_ALIGN_PARAGRAPH.RIGHT else Pt(0)
    _font(p.add_run("— "), "宋体", 14)
    for kind, text in (("begin", None), ("instr", "PAGE"), ("separate", None), ("text", "1"), ("end", None)):
        run = p.add_run()
        _font(run, "宋体", 14)
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {text} "
            run._r.append(el)
        elif kind == "text":
            run.text = text
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            run._r.append(el)
    _font(p.add_run(" —"), "宋体", 14)


def build() -> bytes:
    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(37), Mm(35)
    sec.left_margin, sec.right_margin = Mm(28), Mm(26)
    sec.footer_distance = Mm(28 - 7)      # 页码 7 mm under the last line of the text block

    normal = doc.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(16)
    normal.element.get_or_add_rPr()
    rfonts = normal.element.rPr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = normal.element.rPr.makeelement(qn("w:rFonts"), {})
        normal.element.rPr.append(rfonts)
    rfonts.set(qn("w:eastAsia"), BODY_FONT)

    # page numbers: 4号 半角宋体 "— 1 —", odd pages right, even pages left (GB/T 9704 7.5)
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(sec.footer, WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(sec.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)

    # 版头: 发文机关标志 (red), 发文字号, red separator line
    head = _para(doc, "{{ issuer }}", font=TITLE_FONT, size=36, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    head.runs[0].font.color.rgb = RED
    head.paragraph_format.line_spacing = Pt(48)
    _para(doc, "", indent=False)
    no = _para(doc, "{{ case_number }}", size=16, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, space_after=6)
    _border(no, "bottom")
    _para(doc, "", indent=False)
    # 主体
    _para(doc, "关于对{{ entity_name }}{{ title_measure }}的通报", font=TITLE_FONT, size=22,
          align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, space_after=12)
    _para(doc, "{{ main_to }}：", indent=False)
    _para(doc, "经查，{{ entity_name }}（{{ code_label }}：{{ code_display }}）{{ grounds }}。")
    _para(doc, "{{ hearing_text }}")
    _para(doc, "依据{{ basis_text }}，{{ issuer }}于{{ decided_on }}{{ measure_text }}，"
               "{{ period_clause }}适用范围为{{ scope_text }}。")
    _para(doc, "{%p if status_text %}", indent=False)
    _para(doc, "{{ status_text }}")
    _para(doc, "{%p endif %}", indent=False)
    _para(doc, "{{ appeal_text }}")
    _para(doc, "请各有关单位在林业碳汇项目开发、审核和交易中予以关注。")
    _para(doc, "特此通报。")
    _para(doc, "附件：登记信息", indent=True)
    # 署名 and 成文日期, with room for the seal pressed over them (GB/T 9704 7.3.5)
    for _ in range(3):
        _para(doc, "", indent=False)
    sign = _para(doc, "{{ issuer }}", align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    sign.paragraph_format.right_indent = Pt(16 * 2)
    date = _para(doc, "{{ notice_date }}", align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False, space_after=12)
    date.paragraph_format.right_indent = Pt(16 * 4)      # 成文日期右空四字

    # 附件 on its own page
    att = _para(doc, "附件", font=HEAD_FONT, size=16, indent=False)
    att.paragraph_format.page_break_before = True
    _para(doc, "登记信息", font=TITLE_FONT, size=22, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, space_after=12)
    rows = [
        ("登记编号", "{{ entry_id }}"),
        ("事件哈希", "{{ event_hash }}"),
        ("当事人", "{{ entity_name }}"),
        ("{{ code_label }}", "{{ code_display }}"),
        ("违法行为发生地", "{{ region_name }}"),
        ("措施", "{{ measure_label }}"),
        ("期限", "{{ period_text }}"),
        ("适用范围", "{{ scope_text }}"),
        ("依据", "{{ basis_text }}"),
        ("决定书文号", "{{ case_number }}"),
    ]
    table = doc.add_table(rows=len(rows), cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False            # fixed layout: the widths below are the widths (Word and LibreOffice)
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), (Mm(35), Mm(121))):
        col.set(qn("w:w"), str(int(width.twips)))
    for (k, v), row in zip(rows, table.rows):
        row.cells[0].width, row.cells[1].width = Mm(35), Mm(121)
        for cell, value, bold in ((row.cells[0], k, True), (row.cells[1], v, False)):
            p = cell.paragraphs[0]
            _font(p.add_run(value), BODY_FONT, 12, bold)

    # 版记: 抄送 and 印发, between black rules
    _para(doc, "", indent=False)
    cc = _para(doc, "抄送：{{ copy_to }}。", size=14, indent=False)
    cc.paragraph_format.left_indent = Pt(14)
    _border(cc, "top", "000000", 8)
    _border(cc, "bottom", "000000", 4)
    printed = _para(doc, "{{ issuer }}　　　　{{ notice_date }}印发", size=14, indent=False)
    printed.paragraph_format.left_indent = Pt(14)
    _border(printed, "bottom", "000000", 8)

    props = doc.core_properties
    props.title = "林业碳汇资源开发资格处理通报（模板）"
    props.author = props.last_modified_by = "compliance"
    props.created = props.modified = FIXED
    props.revision = 1

    buf = io.BytesIO()
    doc.save(buf)
    return _reproducible(buf.getvalue())


def _reproducible(data: bytes) -> bytes:
    """Rewrite the zip with fixed timestamps so the same layout gives the same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else OUT
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(build())
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
