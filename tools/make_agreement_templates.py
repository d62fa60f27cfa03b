#!/usr/bin/env python3
"""Build the agreement templates (compliance/agreements/templates/*.docx) with python-docx.

The .docx files this writes are the editable source: a lawyer opens them in Word, changes the
wording and saves; this script is only the first draft of them. Re-running it overwrites any
such edits, so run it only when starting over (``--force``), or into another directory.

    python tools/make_agreement_templates.py [--out DIR] [--force]

Template language (docxtpl): ``{{ party.name }}`` fields, ``{%p if … %}`` / ``{%p for … %}``
paragraph blocks, ``{%tr for p in plots %}`` table rows. Every clause heading is a paragraph
"第X条　<heading>" using a heading declared for the clause in compliance/agreements/spec.py
(asserted here), which is how the linter and the drafter recognise it.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from compliance.agreements.spec import REQUIRED, SPECS, TEMPLATE_FILES, TITLES  # noqa: E402
from compliance.reference.vocab import AgreementKind, Clause  # noqa: E402

K = AgreementKind
# the fonts are named explicitly: Simplified Chinese Noto CJK (a "宋体" fallback picks the Japanese
# variant on machines without the Windows fonts); pdf.py maps 宋体/黑体 to the same fonts
SONG, HEI = "Noto Serif CJK SC", "Noto Sans CJK SC"
LATIN = "Times New Roman"
NUMERALS = "一二三四五六七八九十"


def cn(n: int) -> str:
    if n <= 10:
        return NUMERALS[n - 1]
    if n < 20:
        return "十" + (NUMERALS[n - 11] if n > 10 else "")
    tens, ones = divmod(n, 10)
    return NUMERALS[tens - 1] + "十" + (NUMERALS[ones - 1] if ones else "")


# --------------------------------------------------------------------------- document setup
def _fonts(rpr, east: str, latin: str = LATIN) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr, value in (("w:ascii", latin), ("w:hAnsi", latin), ("w:eastAsia", east), ("w:cs", latin)):
        fonts.set(qn(attr), value)
    # theme fonts win over named ones in Word and LibreOffice; the default theme's East Asian
    # font is Japanese (ＭＳ 明朝), so drop the theme references
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")


def _style(doc, name: str, *, size: float, east: str = SONG, bold: bool = False, align=None,
           indent: bool = False, before: float = 0, after: float = 0, spacing: float = 1.25, keep_next: bool = False,
           base: str = "Normal"):
    styles = doc.styles
    st = styles[name] if name in [s.name for s in styles] else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    if name != "Normal":
        st.base_style = styles[base]
    st.font.size = Pt(size)
    st.font.bold = bold
    st.font.name = LATIN
    _fonts(st.element.get_or_add_rPr(), east)
    pf = st.paragraph_format
    pf.space_before, pf.space_after = Pt(before), Pt(after)
    pf.line_spacing = spacing
    pf.first_line_indent = Pt(size * 2) if indent else Pt(0)
    pf.keep_with_next = keep_next
    pf.widow_control = True
    if align is not None:
        pf.alignment = align
    return st


def new_document(kind: AgreementKind):
    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.top_margin, sec.bottom_margin = Cm(2.54), Cm(2.54)
    sec.left_margin, sec.right_margin = Cm(2.8), Cm(2.6)
    sec.footer_distance = Cm(1.5)
    # document defaults: 宋体 for Chinese, Times New Roman for Latin, Chinese language tag
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _fonts(rpr, SONG)
    _style(doc, "Normal", size=12, spacing=1.25, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _style(doc, "协议标题", size=18, east=HEI, align=WD_ALIGN_PARAGRAPH.CENTER, after=6, spacing=1.2)
    _style(doc, "协议编号", size=10.5, align=WD_ALIGN_PARAGRAPH.RIGHT, after=12)
    _style(doc, "当事人", size=12, spacing=1.25, align=WD_ALIGN_PARAGRAPH.LEFT)
    _style(doc, "协议正文", size=12, indent=True, spacing=1.35, after=0)
    _style(doc, "条款标题", size=12, east=HEI, before=9, after=3, keep_next=True, spacing=1.25)
    _style(doc, "表格文字", size=9, spacing=1.0, align=WD_ALIGN_PARAGRAPH.CENTER)
    _style(doc, "表格正文", size=10.5, spacing=1.15, align=WD_ALIGN_PARAGRAPH.CENTER)
    _style(doc, "签章", size=12, spacing=1.5, align=WD_ALIGN_PARAGRAPH.LEFT, keep_next=True)
    _style(doc, "附件标题", size=15, east=HEI, align=WD_ALIGN_PARAGRAPH.CENTER, after=6)
    _style(doc, "页脚文字", size=9, align=WD_ALIGN_PARAGRAPH.CENTER)
    cp = doc.core_properties
    cp.title = TITLES[kind]
    cp.author = ""
    cp.comments = "由 tools/make_agreement_templates.py 生成的起草模板，可在 Word 中编辑；花括号标记由起草程序填写。"
    cp.language = "zh-CN"
    _footer(sec)
    return doc


def _field(paragraph, instr: str) -> None:
    for kind, text in (("begin", None), ("instr", instr), ("separate", None), ("text", "1"), ("end", None)):
        run = paragraph.add_run()
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


def _footer(section) -> None:
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run("第 ")
    _field(p, "PAGE")
    p.add_run(" 页　共 ")
    _field(p, "NUMPAGES")
    p.add_run(" 页")
    for r in p.runs:
        r.font.size = Pt(9)


# --------------------------------------------------------------------------- builder
class Builder:
    def __init__(self, kind: AgreementKind, dev: str, hol: str):
        self.kind = kind
        self.doc = new_document(kind)
        self.dev, self.hol = dev, hol        # how the text names the developer and the rights holders
        self.n = 0
        self.headings: list[str] = []

    def words(self, text: str) -> str:
        return text.replace("⟨D⟩", self.dev).replace("⟨H⟩", self.hol)

    def para(self, text: str, style: str = "协议正文", bold_prefix: str = ""):
        p = self.doc.add_paragraph(style=style)
        if bold_prefix:
            r = p.add_run(bold_prefix)
            r.bold = True
        if text:
            p.add_run(self.words(text))
        return p

    def tag(self, text: str):
        """A paragraph holding only a docxtpl block tag ({%p … %}); it disappears when drafted."""
        return self.doc.add_paragraph(text, style="当事人")

    def article(self, heading: str, *body: str, clause: Clause | None = None):
        if clause is not None:
            assert heading in SPECS[clause].headings, (clause, heading)
        self.n += 1
        self.headings.append(heading)
        self.para(f"第{cn(self.n)}条　{heading}", style="条款标题")
        for text in body:
            if text.startswith("{%p"):
                self.tag(text)
            else:
                self.para(text)

    # -- blocks ------------------------------------------------------------------------
    def title(self):
        self.para("{{ doc.title }}", style="协议标题")      # 林业碳汇… / 草原碳汇… / 湿地碳汇… (wording.py)
        self.para("协议编号：{{ doc.number }}", style="协议编号")

    def party(self, role: str, side: str, var: str, loop: str | None = None):
        """A party block; with ``loop`` the block repeats for every party in that list."""
        if loop:
            self.tag(f"{{%p for {var} in {loop} %}}")
            head = f"{role}{{{{ {var}.ordinal }}}}（{side}）："
        else:
            head = f"{role}（{side}）："
        p = self.para("", style="当事人", bold_prefix=head)
        p.add_run(f"{{{{ {var}.name }}}}")
        p.paragraph_format.space_before = Pt(6)
        self.para(f"{{{{ {var}.code_label }}}}：{{{{ {var}.code }}}}", style="当事人")
        self.para(f"住所：{{{{ {var}.address }}}}", style="当事人")
        self.tag(f"{{%p if {var}.representative is defined %}}")
        self.para(f"法定代表人（负责人）：{{{{ {var}.representative }}}}", style="当事人")
        self.tag("{%p endif %}")
        self.tag(f"{{%p if {var}.phone is defined %}}")
        self.para(f"联系电话：{{{{ {var}.phone }}}}", style="当事人")
        self.tag("{%p endif %}")
        if loop:
            self.tag("{%p endfor %}")

    def several(self, loop: str, role: str):
        self.tag(f"{{%p if {loop}|length > 1 %}}")
        self.para(f"以上{role}各方以下合称“{role}”，各自就其名下{{{{ words.land }}}}享有本协议约定的权利、承担本协议约定的义务。")
        self.tag("{%p endif %}")

    def blank(self):
        self.doc.add_paragraph(style="当事人")

    def shares_table(self):
        widths = [Cm(1.2), Cm(1.6), Cm(7.2), Cm(3.2), Cm(2.2)]
        t = _table(self.doc, 5, widths, header_rows=1, style="表格正文")
        _row(t, 0, ["序号", "称谓", "当事方", "身份", "分配比例"], bold=True)
        _tag_row(t, 1, "{%tr for s in shares %}")
        _row(t, 2, ["{{ s.no }}", "{{ s.role }}", "{{ s.name }}", "{{ s.side }}", "{{ s.pct }}"])
        for r in (0, 2, 4):
            t.rows[r].height, t.rows[r].height_rule = Cm(0.7), WD_ROW_HEIGHT_RULE.AT_LEAST
        _tag_row(t, 3, "{%tr endfor %}")
        _row(t, 4, ["合计", "", "", "", "{{ shares_total }}"], bold=True)
        _merge(t.rows[4].cells[0], t.rows[4].cells[3])

    def after_table(self, texts) -> None:
        for n, text in enumerate(texts):
            p = self.para(text)
            if n == 0:
                p.paragraph_format.space_before = Pt(6)

    def signatures(self):
        end = self.para("（以下无正文）", style="当事人")
        end.alignment = WD_ALIGN_PARAGRAPH.CENTER
        note = self.para("{{ signing.note }}", style="当事人")      # the signature page stands alone
        note.paragraph_format.page_break_before = True
        note.alignment = WD_ALIGN_PARAGRAPH.CENTER
        place = self.para("签订地点：{{ signing.place }}", style="当事人")
        place.paragraph_format.keep_with_next = True
        place.paragraph_format.space_before = Pt(6)
        t = _table(self.doc, 3, [Cm(15.6)], grid=False)
        _tag_row(t, 0, "{%tr for p in parties %}")
        cell = t.rows[1].cells[0]
        cell.paragraphs[0].style = self.doc.styles["签章"]
        p = cell.paragraphs[0]
        p.paragraph_format.space_before = Pt(18)
        p.add_run("{{ p.role }}（{{ p.signature }}）：").bold = True
        p.add_run("{{ p.name }}")
        cell.add_paragraph("{% if p.org %}法定代表人或委托代理人（签字）：{% else %}委托代理人（签字，如有）：{% endif %}",
                           style="签章")
        cell.add_paragraph("签署日期：　　　　年　　月　　日", style="签章")
        _tag_row(t, 2, "{%tr endfor %}")
        self.tag("{%p for m in members %}")
        self.para("{{ m.name }}家庭成员（签字并按手印，同意本协议）：{{ m.members }}", style="签章")
        self.tag("{%p endfor %}")

    def plot_annex(self):
        sec = self.doc.add_section(WD_SECTION.NEW_PAGE)
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = Cm(29.7), Cm(21.0)
        sec.left_margin = sec.right_margin = Cm(1.5)
        sec.top_margin = sec.bottom_margin = Cm(2.0)
        self.para("附件", style="当事人").runs[0].bold = True
        self.para("项目地块清单", style="附件标题")
        self.para("协议编号：{{ doc.number }}　　项目：{{ project.name }}　　共{{ total.count }}个小班，"
                  "合计{{ total.area_ha }}公顷（{{ total.area_mu }}亩）", style="当事人")
        # 26.5 cm of the 26.7 cm landscape text width; ids (16 characters) and areas up to 99999.9999 ha fit on one line
        widths = [Cm(1.0), Cm(3.5), Cm(3.6), Cm(1.5), Cm(1.5), Cm(1.5), Cm(1.5), Cm(2.1), Cm(2.0), Cm(2.2), Cm(2.5), Cm(3.6)]
        t = _table(self.doc, 7, widths, header_rows=2)
        _row(t, 0, ["序号", "小班号", "坐落（乡镇、村、林班、小班）", "四至", "", "", "", "面积", "", "地类（质量等级）", "权利人",
                    "权属证书号"], bold=True)
        _row(t, 1, ["", "", "", "东", "南", "西", "北", "公顷", "亩", "", "", ""], bold=True)
        for c in (0, 1, 2, 9, 10, 11):
            _merge(t.rows[0].cells[c], t.rows[1].cells[c])
        _merge(t.rows[0].cells[3], t.rows[0].cells[6])
        _merge(t.rows[0].cells[7], t.rows[0].cells[8])
        _tag_row(t, 2, "{%tr for p in plots %}")
        _row(t, 3, ["{{ p.no }}", "{{ p.id }}", "{{ p.location }}", "{{ p.east }}", "{{ p.south }}", "{{ p.west }}",
                    "{{ p.north }}", "{{ p.area_ha }}", "{{ p.area_mu }}", "{{ p.land_type }}（{{ p.grade }}）", "{{ p.holder }}",
                    "{{ p.certificate }}"])
        for c in (1, 7, 8):           # plot ids and areas never wrap (LibreOffice breaks at hyphens otherwise)
            _no_wrap(t.rows[3].cells[c])
        for r in (3, 5):
            t.rows[r].height, t.rows[r].height_rule = Cm(0.75), WD_ROW_HEIGHT_RULE.AT_LEAST
        _tag_row(t, 4, "{%tr endfor %}")
        _row(t, 5, ["合计", "", "", "", "", "", "", "{{ total.area_ha }}", "{{ total.area_mu }}",
                    "共{{ total.count }}个小班", "", ""], bold=True)
        _merge(t.rows[5].cells[0], t.rows[5].cells[6])
        _merge(t.rows[5].cells[9], t.rows[5].cells[11])
        t._tbl.remove(t.rows[6]._tr)
        self.para("注：面积单位为公顷（保留四位小数）和亩（保留两位小数），1公顷折合15亩，合计为各行之和；"
                  "四至以{{ words.certificate }}及其附图为准。", style="当事人")
        # 附图: the plot map when the plots have geometry (docxtpl InlineImage)
        self.tag("{%p if plot_map is defined %}")
        head = self.para("附件二　项目地块附图", style="附件标题")
        head.paragraph_format.page_break_before = True
        head.paragraph_format.keep_with_next = True
        pic = self.para("{{ plot_map }}", style="当事人")
        pic.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self.para("注：附图由提交文件中的地块矢量数据生成（CGCS2000），与附件一地块清单对应。", style="当事人")
        self.tag("{%p endif %}")

    def payments_table(self):
        """Per-holder payments with capital numerals (the parts add up to the total exactly)."""
        self.tag("{%p if payments is defined %}")
        self.para("各权利人应得流转价款（按名下面积占比计算）如下：").paragraph_format.keep_with_next = True
        widths = [Cm(1.0), Cm(4.2), Cm(2.2), Cm(2.6), Cm(5.6)]
        t = _table(self.doc, 5, widths, header_rows=1, style="表格文字")
        _row(t, 0, ["序号", "收款人", "面积（公顷）", "金额（元）", "大写金额 / 收款账户"], bold=True)
        _tag_row(t, 1, "{%tr for r in payments %}")
        _row(t, 2, ["{{ r.no }}", "{{ r.name }}", "{{ r.area_ha }}", "{{ r.amount }}", "人民币{{ r.capital }}；{{ r.account }}"])
        _no_wrap(t.rows[2].cells[2])
        _no_wrap(t.rows[2].cells[3])
        _tag_row(t, 3, "{%tr endfor %}")
        _row(t, 4, ["合计", "", "{{ total.area_ha }}", "{{ payments_total.amount }}", "人民币{{ payments_total.capital }}"], bold=True)
        _merge(t.rows[4].cells[0], t.rows[4].cells[1])
        self.tag("{%p endif %}")

    def save(self, path: Path):
        missing = [c for c in REQUIRED[self.kind] if c is not Clause.PARTIES
                   and not any(h in SPECS[c].headings for h in self.headings)]
        assert not missing, f"{self.kind.value}: no heading for {missing}"
        self.doc.save(str(path))


# --------------------------------------------------------------------------- tables
def _table(doc, rows: int, widths, header_rows: int = 0, grid: bool = True, style: str = "表格文字"):
    t = doc.add_table(rows=rows, cols=len(widths))
    if grid:
        t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False          # python-docx writes <w:tblLayout w:type="fixed"/> in schema order
    for i, col in enumerate(t._tbl.tblGrid.findall(qn("w:gridCol"))):
        col.set(qn("w:w"), str(int(widths[i].twips)))
    for row in t.rows:
        for i, cell in enumerate(row.cells):
            cell.width = widths[i]
            cell.paragraphs[0].style = doc.styles[style]
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        _cant_split(row)
    for r in range(header_rows):
        trPr = t.rows[r]._tr.get_or_add_trPr()
        trPr.append(OxmlElement("w:tblHeader"))
    return t


def _no_wrap(cell) -> None:
    tcPr = cell._tc.get_or_add_tcPr()
    if tcPr.find(qn("w:noWrap")) is None:
        el = OxmlElement("w:noWrap")
        later = [tcPr.find(qn(f"w:{n}")) for n in ("tcMar", "textDirection", "tcFitText", "vAlign", "hideMark")]
        later = [x for x in later if x is not None]
        if later:
            later[0].addprevious(el)          # schema order (CT_TcPr): noWrap before tcMar … vAlign
        else:
            tcPr.append(el)


def _cant_split(row) -> None:
    trPr = row._tr.get_or_add_trPr()
    if trPr.find(qn("w:cantSplit")) is None:
        trPr.insert(0, OxmlElement("w:cantSplit"))


def _row(t, r: int, texts: list[str], bold: bool = False) -> None:
    for cell, text in zip(t.rows[r].cells, texts):
        if text:
            run = cell.paragraphs[0].add_run(text)
            run.bold = bold


def _tag_row(t, r: int, text: str) -> None:
    t.rows[r].cells[0].paragraphs[0].add_run(text)


def _merge(a, b) -> None:
    keep = a.paragraphs[0].text
    merged = a.merge(b)
    # merging concatenates the paragraphs of both cells: keep only the first cell's text
    for extra in merged.paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    if merged.paragraphs[0].text != keep:
        merged.paragraphs[0].text = keep


# --------------------------------------------------------------------------- the texts
# ⟨D⟩ names the developer, ⟨H⟩ the rights holders; {{ words.* }} are the land type's and the
# mechanism's own words (compliance/agreements/wording.py): 林地/草原/湿地, CCER/湘林碳票/林草碳普惠.
def t_location(heading: str) -> tuple:
    return (heading,
            "本协议项下{{ words.land }}位于{{ project.location }}，共{{ total.count }}个小班，总面积{{ total.area_ha }}公顷"
            "（折合{{ total.area_mu }}亩）。各小班的小班号、坐落（乡镇、村、林班、小班）、四至、面积、地类和质量等级、权利人及"
            "{{ words.certificate }}号详见附件一《项目地块清单》；附件是本协议的组成部分，与本协议具有同等法律效力。",
            "⟨H⟩保证对上述{{ words.land }}依法享有{{ words.holder_right }}，权属清楚、四至明确、界址无争议，"
            "未设定抵押等权利负担，且上述{{ words.land }}未在其他温室气体自愿减排机制或者碳汇项目中登记、申报或者承诺开发。")


def t_project() -> tuple:
    return ("项目概况",
            "本项目名称为{{ project.name }}（项目编号：{{ project.id }}），按照{{ words.mechanism }}机制开发"
            "{% if project.methodology is defined %}，采用{{ project.methodology }}方法学{% endif %}，"
            "主要措施为{{ measures }}，产生的减排量为{{ words.credit }}，由{{ words.registry }}登记。"
            "{% if project.crediting_start is defined %}项目计入期自{{ project.crediting_start }}"
            "起至{{ project.crediting_end }}止。{% endif %}")


def t_term(heading: str, transfer: bool) -> tuple:
    lines = ["{% if term.right_limit is defined %}本协议期限不超过附件所列{{ words.land }}承包期或者经营权期限的剩余期限"
             "（其中最早届满日为{{ term.right_limit }}）。{% endif %}"]
    if transfer:
        lines.append("{% if project.crediting_start is defined %}本协议期限覆盖项目计入期"
                     "（{{ project.crediting_start }}至{{ project.crediting_end }}）。{% endif %}")
        lines.append("{% if term.first_end is defined %}依照《中华人民共和国民法典》第七百零五条，出租期限首期至"
                     "{{ term.first_end }}止；首期届满前六个月内，双方应当按照本协议同等条件续订至{{ term.end }}，"
                     "⟨D⟩无违约行为的，⟨H⟩不得拒绝续订。{% endif %}")
    return (heading, "本协议期限自{{ term.start }}起至{{ term.end }}止，共{{ term.span }}。" + "".join(lines))


def t_use() -> tuple:
    return ("土地用途",
            "协议{{ words.land }}用于实施{{ measures }}等增加碳汇的生态保护修复和经营活动，开发{{ words.mechanism }}碳汇项目。"
            "未经依法批准，不得改变{{ words.land }}用途；{{ words.protect }}。法律依据：{{ words.law_articles }}。")


def t_rights(heading: str, collective: bool = False) -> tuple:
    body = [
        "（一）⟨D⟩的权利：依照本协议组织项目设计、{{ words.validate }}、{{ words.register }}、监测、核查和{{ words.credit }}交易；"
        "在协议{{ words.land }}上按照项目设计实施{{ measures }}等措施；按照本协议和利益分配约定取得收益。",
        "（二）⟨D⟩的义务：承担开发费用和风险；按期完成开发工作，及时向⟨H⟩通报项目设计、{{ words.validate }}、{{ words.register }}、"
        "签发和交易进展；按照主管部门的要求报送和更新项目信息；在协议{{ words.land }}上落实防火责任，配备必要的防火设施，"
        "做好{{ words.pests }}监测和防治工作；依法保护{{ words.resource }}，不得超出约定用途使用。",
        "（三）⟨H⟩的权利：按约取得流转价款和碳汇收益；查询项目开发进度、{{ words.credit }}签发和交易情况以及相关账目；"
        "对⟨D⟩违反本协议或者损害{{ words.resource }}的行为提出异议并要求纠正；依照本协议的约定收回{{ words.land }}和相关权利。",
        "（四）⟨H⟩的义务：提供权属证明等资料，协助办理项目申报、监测和核查；协议期内不得在协议{{ words.land }}上另行开发其他碳汇"
        "项目，不得将碳汇权益另行转让、质押或者委托他人开发；配合做好防火、{{ words.pests }}防治和管护工作。",
    ]
    if collective:
        body.append("（五）丙方的权利和义务：丙方作为村集体经济组织，依法组织本集体经济组织成员对集体{{ words.land }}流转等事项"
                    "进行民主议定和公示（{{ words.consent_basis }}），协调处理界址和权属纠纷，监督甲方履行本协议，督促做好防火和"
                    "{{ words.pests }}防治；丙方以集体统一经营的{{ words.land }}参与本项目的，同时享有和承担权利人的权利和义务。")
    return (heading, *body)


def t_price_development() -> tuple:
    return ("开发费用和流转价款",
            "开发费用的承担和可扣除费用，依照本协议“费用承担”条款。",
            "{%p if price is defined %}",
            "乙方{{ words.land }}的流转价款为{{ price.per }}人民币{{ price.amount }}元（大写：人民币{{ price.capital }}），"
            "{{ price.payment }}；乙方有多个权利人的，按各权利人名下面积占总面积的比例分配（见下表）。"
            "具体以各方签订的资源流转协议为准。",
            "{%p else %}",
            "乙方{{ words.land }}的流转价款及其支付方式，由各方另行签订的资源流转协议约定。",
            "{%p endif %}")


def t_price(heading: str, payer: str, payee: str) -> tuple:
    return (heading,
            f"{{{{ words.land }}}}流转价款为{{{{ price.per }}}}人民币{{{{ price.amount }}}}元（大写：人民币{{{{ price.capital }}}}），"
            f"由{payer}{{{{ price.payment }}}}。",
            f"{payee}有多个权利人的，价款按各权利人名下面积占流转总面积的比例（见下表），分别支付至各权利人书面指定的银行账户；"
            f"向农户支付的，直接支付至农户本人账户。收款方应当出具收款凭证。开发费用由{payer}承担，不得从流转价款中扣除。")


def t_deadline() -> tuple:
    return ("开发期限及逾期返还",
            "⟨D⟩应于{{ deadline }}前完成项目设计文件的编制，使项目进入设计阶段。",
            "⟨D⟩逾期未完成前款工作的，⟨H⟩有权书面通知⟨D⟩解除本协议；自解除通知送达之日起，⟨D⟩依本协议取得的开发权利"
            "及{{ words.land }}的相关权利返还⟨H⟩，⟨D⟩不得以已投入开发费用等为由继续占有或者限制⟨H⟩另行开发，给⟨H⟩造成损失的"
            "应当赔偿。⟨D⟩不得以开发碳汇项目为名圈定、控制、侵占碳汇资源。")


def t_long_stop() -> tuple:
    return ("审定和登记期限",
            "⟨D⟩应于{{ long_stop.validation }}前完成本项目的{{ words.validate }}，并于{{ long_stop.registration }}前取得"
            "{{ words.registry }}的{{ words.register }}。",
            "逾期未完成，或者项目申请被不予登记、被驳回的，⟨H⟩有权书面通知⟨D⟩终止本协议，⟨D⟩依本协议取得的排他开发权利"
            "自通知送达之日起终止，{{ words.land }}及其碳汇开发权利返还⟨H⟩，⟨H⟩可以自行或者另行委托他人开发；⟨D⟩应当在三十日内"
            "交还权属证书等资料，并撤回尚未完成的申请或者配合变更申请主体。因主管部门暂停受理造成的延误，期限相应顺延，"
            "顺延合计不超过六个月。")


def t_sale() -> tuple:
    return ("减排量的出售",
            "（一）交易场所：本项目{{ words.credit }}应当在{{ words.venue }}等国家或者项目所在省规定的交易场所交易，"
            "不得私下转让。",
            "（二）定价：{{ words.credit }}以公开竞价、挂牌或者协议转让方式出售；协议转让的，价格不得低于成交前二十个交易日"
            "该交易场所同类{{ words.credit }}成交均价的百分之九十，无成交均价的，应当取得两家以上独立报价并经⟨H⟩书面同意。",
            "（三）关联交易：⟨D⟩向其控股股东、实际控制人或者其控制的企业等关联方出售的，应当事先书面告知⟨H⟩成交价格和数量，"
            "价格不得低于前项标准，⟨H⟩的收益按照市场公允价格计算。",
            "（四）自用：⟨D⟩或者其关联方将{{ words.credit }}用于自身履约、抵销或者碳中和的，视为以注销当日前项标准价格出售，"
            "按照该价格向⟨H⟩计付收益。",
            "（五）⟨D⟩应当在每次交易或者注销后十五日内，向⟨H⟩提供成交或者注销凭证。")


def t_costs() -> tuple:
    return ("费用承担",
            "（一）项目设计、{{ words.validate }}、监测、核查、{{ words.register }}、{{ words.issue }}等开发费用，以及咨询、中介费用，"
            "由⟨D⟩承担，不得向⟨H⟩收取，也不得从⟨H⟩应得的价款或者收益中扣除。",
            "（二）计算净收益时可以扣除的费用（以下简称“可扣除费用”）仅限于：1.交易场所按成交金额收取的交易手续费；"
            "2.因出售{{ words.credit }}依法缴纳的增值税及其附加（不含所得税）。可扣除费用应当有合法凭证并在账目中逐项列明。",
            "（三）本项目各协议所称“净收益”，均指{{ words.credit }}交易收入扣除可扣除费用后的余额，以本条定义为准。")


def t_losses() -> tuple:
    return ("灾害损失和碳汇逆转",
            "（一）因火灾、{{ words.pests }}、盗伐滥伐或者非法占用等造成林草植被或者碳汇损失的，⟨D⟩应当及时组织扑救、除治和报案，"
            "并在灾后第一个造林（种草）季节内完成补植补造，恢复碳汇能力；恢复费用由⟨D⟩承担，保险赔款优先用于恢复。"
            "因⟨H⟩或者第三人过错造成的，由过错方赔偿。",
            "（二）已签发的{{ words.credit }}因前项损失需要扣减、返还或者补足的（碳汇逆转），由⟨D⟩以本项目后续签发的"
            "{{ words.credit }}或者其他合规减排量补足；补足不能时，按照利益分配比例分担，但⟨H⟩分担的数额以其已取得的相应收益为限。",
            "（三）各方可以书面约定从每次签发量中预留不超过百分之十作为风险储备；计入期届满未发生逆转的，储备按照利益分配比例分配。")


def t_insurance() -> tuple:
    return ("保险",
            "{%p if project.insurance is defined %}",
            "本项目已投保：{{ project.insurance }}。⟨D⟩应当在协议期内逐年续保，保险金额不低于植被恢复费用，并将碳汇损失纳入"
            "保险范围；保险单复印件应当在投保或者续保后十五日内交⟨H⟩。",
            "{%p else %}",
            "⟨D⟩应当于本协议生效后九十日内为协议{{ words.land }}投保{{ words.insurance }}（含碳汇损失），并在协议期内逐年续保；"
            "保险费由⟨D⟩承担，保险单复印件应当在投保后十五日内交⟨H⟩。",
            "{%p endif %}",
            "⟨D⟩未投保或者未续保的，保险本可赔付的损失由⟨D⟩承担。")


def t_confidentiality() -> tuple:
    return ("碳汇资源数据保密",
            "各方对因本项目知悉的碳汇资源数据负有保密义务，包括地块位置和边界矢量数据、资源调查和监测数据、"
            "碳储量计量数据以及权利人的个人信息等。未经数据提供方书面同意，不得向第三方披露或者用于本项目以外的用途；"
            "依法向林业、生态环境等主管部门报送，或者依照法律法规和交易规则公示的除外。",
            "⟨D⟩应当建立保密管理制度，落实专人管理，并督促其委托的咨询、审定和核查机构履行同等保密义务。本条在本协议终止后"
            "继续有效。")


def t_carbon() -> tuple:
    return ("碳汇资产权属",
            "协议{{ words.land }}的所有权、⟨H⟩的承包权和林木（植被）所有权不因本协议而改变。本项目产生并经{{ words.registry }}"
            "登记的{{ words.credit }}（以下简称“碳汇资产”）由⟨D⟩作为项目业主申请登记，并代表各方持有和交易；碳汇资产的收益由各方"
            "按照利益分配约定的比例共享。未经⟨H⟩书面同意，⟨D⟩不得将碳汇资产用于质押、担保或者与本项目无关的用途。")


def t_expropriation() -> tuple:
    return ("征收征用补偿",
            "协议期内{{ words.land }}被依法征收、征用或者占用的，土地补偿费归土地所有权人所有；林木（植被）补偿费归其所有权人，"
            "由⟨D⟩投资营造的林木，其补偿费按照⟨D⟩的投入和各方书面约定分配；安置补助费归实际安置对象；地上附着物补偿费归其"
            "所有权人。因征收、征用导致本协议部分或者全部不能履行的，相应部分终止，各方互不承担违约责任，已签发的碳汇资产及其"
            "收益按照利益分配约定处理。")


def t_expiry() -> tuple:
    return ("期满时项目和碳汇资产的处置",
            "本协议期满时：（一）协议{{ words.land }}由⟨D⟩交还⟨H⟩；（二）已签发的{{ words.credit }}及其收益，按照利益分配约定分配完毕；"
            "（三）项目计入期尚未届满的，⟨D⟩应当依照{{ words.registry }}的规定，将本项目的项目业主身份和尚未签发的减排量权益"
            "变更至⟨H⟩或者⟨H⟩书面指定的主体，不得申请注销本项目{% if words.cancel_note %}（{{ words.cancel_note }}）{% endif %}；"
            "（四）各方应当在期满后三十日内完成交接和结算。")


def t_termination() -> tuple:
    return ("协议终止时林木和设施的处置",
            "依照{{ words.termination_basis }}，林木（植被）和固定生产设施按照协议终止的原因处置：",
            "（一）期限届满：协议期内栽植和管护的林木（植被），归⟨H⟩所有，⟨D⟩不得采伐、损毁，⟨H⟩不予补偿。",
            "（二）因⟨D⟩违约解除：林木无偿归⟨H⟩所有，⟨D⟩并应赔偿⟨H⟩的损失。",
            "（三）因⟨H⟩违约解除：林木归⟨H⟩所有，⟨H⟩应当按照双方共同委托的评估机构评估的价值，补偿⟨D⟩投资营造的林木，"
            "并赔偿⟨D⟩已投入的开发费用。",
            "（四）因不可抗力或者征收征用终止：林木归⟨H⟩所有，保险赔款和征收补偿中属于⟨D⟩投入的部分归⟨D⟩，各方互不承担违约责任。",
            "（五）⟨D⟩修建的林道、防火隔离带、管护用房、围栏等固定生产设施，终止时无偿归⟨H⟩所有并应保持可用；可移动的监测设备"
            "由⟨D⟩在终止后三十日内拆除，逾期视为放弃。")


def t_transfer_management() -> tuple:
    return ("流转备案、登记和再流转",
            "（一）备案：本协议签订之日起三十日内，由⟨D⟩持本协议向发包方（村集体经济组织）备案（《中华人民共和国农村土地承包法》"
            "第三十六条）；⟨H⟩应当配合。",
            "（二）登记：流转期限为五年以上的，⟨D⟩可以向不动产登记机构申请土地经营权登记（第四十一条），⟨H⟩应当配合提供材料。",
            "（三）再流转：⟨D⟩再流转经营权的，应当经⟨H⟩书面同意并向发包方备案（第四十六条），再流转期限不得超过本协议剩余期限。",
            "（四）融资担保：⟨D⟩以经营权向金融机构融资担保的，应当经⟨H⟩书面同意并向发包方备案（第四十七条）；担保权实现时，"
            "受让人应当承继本协议约定的义务。",
            "（五）转让和控制权变更：未经⟨H⟩书面同意，⟨D⟩不得将本协议的权利义务一并转让给第三人（《中华人民共和国民法典》"
            "第五百五十五条）；⟨D⟩的控股股东或者实际控制人变更的，应当在变更后十五日内书面通知⟨H⟩，并由新的控制方书面确认"
            "继续履行本协议。",
            "（六）价款调整：自本协议期限开始之日起每满五年，双方参照当地同类{{ words.land }}流转价格协商调整流转价款，单次调整幅度"
            "不超过百分之二十；协商不成的，按照原价款执行。")


def t_breach(benefit: bool = False) -> tuple:
    body = ["任何一方不履行或者不完全履行本协议的，应当承担继续履行、采取补救措施或者赔偿损失等违约责任。"]
    if benefit:
        body.append("⟨D⟩未按约定的比例或者期限支付收益，或者未按约定公开账目的，每逾期一日按应付未付金额的万分之五向⟨H⟩支付"
                    "违约金，并应当在⟨H⟩催告后十五日内补足、公开；⟨D⟩隐瞒、虚报交易收入或者费用的，应当补足差额并按差额的"
                    "百分之二十支付违约金。")
    else:
        body.append("⟨D⟩逾期支付流转价款或者收益的，每逾期一日按应付未付金额的万分之五向⟨H⟩支付违约金；逾期超过九十日的，"
                    "⟨H⟩有权解除本协议并收回{{ words.land }}和相关权利。⟨D⟩擅自改变用途或者造成{{ words.resource }}严重损毁的，⟨H⟩有权"
                    "解除本协议并要求赔偿。⟨H⟩在协议{{ words.land }}上重复开发碳汇项目或者另行处分碳汇权益的，应当返还所得收益并赔偿"
                    "⟨D⟩的损失。")
    return ("违约责任", *body)


def t_force_majeure() -> tuple:
    return ("不可抗力",
            "因地震、洪水、非因一方过错的重大火灾、重大疫情等不能预见、不能避免且不能克服的客观情况（《中华人民共和国民法典》"
            "第一百八十条）致使本协议不能履行的，根据不可抗力的影响，部分或者全部免除责任；迟延履行后发生不可抗力的，不免除责任"
            "（第五百九十条）。受影响的一方应当及时通知其他各方，并在十五日内提供证明。",
            "不可抗力持续超过一百八十日致使本协议目的不能实现的，任何一方可以书面通知解除本协议；林木和设施依照各方就本项目"
            "签订的协议中关于终止时林木和设施处置的约定处理。")


def t_notices() -> tuple:
    return ("通知和送达",
            "各方确认本协议首部载明的住所为各自的送达地址，适用于本协议的履行和争议解决（含仲裁和诉讼文书的送达）。"
            "书面通知以专人送达的，签收之日视为送达；以邮寄送达的，签收或者因地址错误、拒收被退回之日视为送达。",
            "一方变更送达地址或者联系电话的，应当在变更后七日内书面通知其他各方；未通知的，向原地址送达即视为送达。")


def t_succession() -> tuple:
    return ("权利义务的承继",
            "承包农户的成员死亡或者分户的，本协议由承包农户的其他成员或者分户后的承包户继续履行；承包人应得的承包收益和碳汇收益，"
            "依照继承法律的规定继承（《中华人民共和国农村土地承包法》第三十二条）。",
            "任何一方为法人或者非法人组织，发生合并、分立的，由承继其权利义务的主体继续履行（《中华人民共和国民法典》第六十七条）；"
            "村集体经济组织改制或者更名的，由改制或者更名后的组织继续履行。")


def t_precedence(tripartite: bool) -> tuple:
    if tripartite:
        return ("与其他协议的关系",
                "本协议同时作为本项目的项目开发协议、资源流转协议和利益分配协议。各方就本项目另行签订开发、流转或者分配协议的，"
                "就同一事项约定不一致时，以本协议为准；另行签订的协议晚于本协议签订并明确约定变更本协议条款的，以该协议为准。")
    return ("与其他协议的关系",
            "本协议与各方就本项目签订的项目开发协议、资源流转协议和利益分配协议共同构成各方关于本项目的完整约定。"
            "就同一事项约定不一致时：{{ words.land }}的流转期限、价款和权利以资源流转协议为准，开发期限和开发义务以项目开发协议为准，"
            "收益分配比例、支付和账目以利益分配协议为准；各方另签有三方协议的，以三方协议为准，但本协议晚于三方协议签订并明确"
            "约定变更其条款的除外。")


def t_annexes() -> tuple:
    return ("附件",
            "下列附件是本协议的组成部分，与本协议具有同等法律效力：",
            "{%p for a in annexes %}",
            "附件{{ a.no }}　{{ a.title }}（{{ a.note }}）。",
            "{%p endfor %}",
            "本协议签订地点为{{ signing.place }}；签订时间以各方签署日期中最后一个日期为准。")


def t_dispute() -> tuple:
    return ("争议解决",
            "因本协议发生争议的，各方应当协商解决；协商不成的，可以请求村民委员会、乡（镇）人民政府等调解解决。"
            "当事人不愿协商、调解或者协商、调解不成的，可以向{{ doc.arbitration }}申请仲裁，也可以直接向{{ words.land }}所在地"
            "有管辖权的人民法院提起诉讼。")


def t_shares_intro() -> str:
    return "本项目{{ words.credit }}交易取得的净收益，按照下列比例在各方之间分配："


def t_shares_after() -> tuple:
    return ("各方分配比例合计为{{ shares_total }}。权利人的分配比例未经其本人书面同意不得降低；权利人名下面积发生变化的，"
            "由各方书面协商调整。",
            "前款所称净收益，依照本协议“费用承担”条款的定义计算。")


def t_schedule() -> tuple:
    return ("收益支付时间和方式", "{{ payment_schedule }}。",
            "⟨D⟩应当在支付时向收款方提供本次分配的计算明细（交易收入、可扣除费用和各方应得金额，金额同时以大写数字载明）。")


def t_accounts() -> tuple:
    return ("账目公开",
            "⟨D⟩应当建立本项目碳汇资产收支台账，于每次交易完成后三十日内，并且至少每年一次，向权利人书面公开"
            "{{ words.credit }}签发、交易数量、成交价格、交易收入、可扣除费用和分配情况；权利人有权查阅、复制相关账目和凭证。",
            "涉及集体{{ words.land }}或者村集体经济组织的，由村集体经济组织通过村务公开栏等方式向本集体经济组织成员公示上述"
            "情况，公示期不少于七日，接受成员监督。")


def t_other() -> tuple:
    return ("其他",
            "本协议自各方签字（盖章）之日起生效。本协议未尽事宜，各方可以签订书面补充协议，补充协议与本协议具有同等法律效力。",
            "本协议一式{{ doc.copies }}份，各方各执一份，一份报{{ doc.filing }}备案，每份具有同等法律效力。")


def recitals_transfer(b: Builder) -> None:
    b.tag("{%p if consent is defined %}")
    b.para("本协议所涉集体统一经营{{ words.land }}的流转事项，已经本集体经济组织{{ consent.body }}"
           "{% if consent.resolution_date is defined %}于{{ consent.resolution_date }}{% endif %}表决通过"
           "（应到{{ consent.members }}人，同意{{ consent.in_favour }}人；{{ words.consent_basis }}）{% if consent.notice_start is defined %}，"
           "并于{{ consent.notice_start }}至{{ consent.notice_end }}在本集体经济组织内公示{% endif %}。")
    b.tag("{%p endif %}")
    b.tag("{%p if township_approval is defined %}")
    b.para("本次发包已报经{{ township_approval.authority }}于{{ township_approval.date }}批准"
           "{% if township_approval.reference is defined %}（{{ township_approval.reference }}）{% endif %}。")
    b.tag("{%p endif %}")
    b.tag("{%p for e in entrustments %}")
    b.para("{{ e.name }}已于{{ e.signed }}出具书面委托，{% if e.to is defined %}委托{{ e.to }}{% else %}委托他人{% endif %}"
           "代为办理其家庭承包{{ words.land }}的流转事宜。")
    b.tag("{%p endfor %}")


def general(b: Builder, tripartite: bool = False) -> None:
    for a in (t_force_majeure(), t_notices(), t_succession(), t_precedence(tripartite), t_dispute(), t_annexes(), t_other()):
        b.article(*a)


# --------------------------------------------------------------------------- the four documents
def development() -> Builder:
    b = Builder(K.DEVELOPMENT, "甲方", "乙方")
    b.title()
    b.party("甲方", "开发方", "developer")
    b.party("乙方", "{{ h.side }}", "h", "holders")
    b.several("holders", "乙方")
    b.blank()
    b.para("根据{{ doc.basis }}等有关规定，甲乙双方本着平等、自愿、公平、诚信的原则，就甲方在乙方依法享有权利的{{ words.land }}上"
           "开发{{ project.name }}（以下简称“本项目”）事宜，经协商一致，订立本协议。")
    for a in (t_project(), t_location("坐落、四至、面积和质量等级"), t_term("合作期限", False), t_use(),
              t_rights("双方权利和义务")):
        b.article(*a)
    b.article(*t_price_development())
    b.payments_table()
    for a in (t_costs(), t_deadline(), t_long_stop(), t_carbon(), t_sale(), t_losses(), t_insurance(),
              t_confidentiality(), t_expropriation(), t_expiry(), t_termination(), t_breach()):
        b.article(*a)
    general(b)
    b.signatures()
    b.plot_annex()
    return b


def transfer() -> Builder:
    b = Builder(K.TRANSFER, "乙方", "甲方")
    b.title()
    b.party("甲方", "流出方", "h", "holders")
    b.several("holders", "甲方")
    b.party("乙方", "流入方", "transferee")
    b.blank()
    b.para("根据{{ doc.basis }}等有关规定，甲方将其依法享有的{{ words.right }}流转给乙方，用于开发{{ project.name }}"
           "（以下简称“本项目”）。甲乙双方本着平等、自愿、公平、诚信的原则，经协商一致，订立本协议。")
    recitals_transfer(b)
    for a in (t_location("流转土地的坐落、四至、面积和质量等级"),
              ("流转方式", "甲方以{{ price.mode }}方式将附件一所列{{ words.land }}的经营权流转给乙方。流转后土地的所有权性质和用途不变，"
                          "甲方的承包权和权利人身份不因流转而改变。"),
              t_use(), t_term("流转期限", True)):
        b.article(*a)
    b.article(*t_price("流转价款及支付方式", "乙方", "甲方"))
    b.payments_table()
    for a in (t_costs(), t_rights("双方权利和义务"), t_deadline(), t_long_stop(), t_carbon(), t_transfer_management(),
              t_expropriation(), t_expiry(), t_termination(), t_losses(), t_insurance(), t_confidentiality(), t_breach()):
        b.article(*a)
    general(b)
    b.signatures()
    b.plot_annex()
    return b


def benefit() -> Builder:
    b = Builder(K.BENEFIT, "甲方", "乙方")
    b.title()
    b.party("甲方", "项目业主", "developer")
    b.party("乙方", "{{ h.side }}", "h", "holders")
    b.several("holders", "乙方")
    b.blank()
    b.para("为明确{{ project.name }}（以下简称“本项目”）碳汇收益的分配，保障权利人的合法权益，根据{{ doc.basis }}"
           "等有关规定，甲乙双方经协商一致，订立本协议。")
    project = t_project()
    b.article(project[0], project[1],
              "本项目{{ words.land }}位于{{ project.location }}，共{{ total.count }}个小班，总面积{{ total.area_ha }}公顷"
              "（折合{{ total.area_mu }}亩），详见附件一《项目地块清单》。")
    b.article("期限", "本协议期限自{{ term.start }}起至{{ term.end }}止，共{{ term.span }}，与项目的流转期限一致。"
                    "期满时已签发但尚未交易或者尚未分配的碳汇资产及其收益，仍按本协议分配完毕。")
    b.article(*t_carbon())
    b.article(*t_sale())
    b.article(*t_costs())
    b.article("收益分配比例", t_shares_intro())
    b.shares_table()
    b.after_table(t_shares_after())
    for a in (t_schedule(), t_accounts(), t_losses(), t_expiry(), t_breach(benefit=True)):
        b.article(*a)
    general(b)
    b.signatures()
    b.plot_annex()
    return b


def tripartite() -> Builder:
    b = Builder(K.TRIPARTITE, "甲方", "权利人")
    b.title()
    b.party("甲方", "开发方", "developer")
    b.party("乙方", "{{ h.side }}", "h", "holders")
    b.several("holders", "乙方")
    b.party("丙方", "村集体经济组织", "c", "collectives")
    b.blank()
    b.para("根据{{ doc.basis }}等有关规定，为规范{{ project.name }}（以下简称“本项目”）的开发、碳汇资源流转和收益分配，"
           "明确各方的责任、权利和利益，保障权利人权益，甲、乙、丙三方本着平等、自愿、公平、诚信的原则，经协商一致，"
           "订立本协议。本协议同时作为本项目的项目开发协议、资源流转协议和利益分配协议。")
    b.para("本协议中，附件一所列{{ words.land }}的权利人（乙方，以及以集体统一经营的{{ words.land }}参与本项目的丙方）以下合称“权利人”。")
    recitals_transfer(b)
    for a in (t_project(), t_location("坐落、四至、面积和质量等级"),
              ("流转方式", "权利人以{{ price.mode }}方式将附件一所列{{ words.land }}的经营权流转给甲方，用于本项目开发。流转后土地的"
                          "所有权性质和用途不变，权利人的承包权和权利人身份不因流转而改变。"),
              t_use(), t_term("期限", True)):
        b.article(*a)
    b.article(*t_price("流转价款及支付方式", "甲方", "权利人"))
    b.payments_table()
    for a in (t_costs(), t_rights("三方权利和义务", collective=True), t_deadline(), t_long_stop(), t_carbon(), t_sale(),
              t_transfer_management()):
        b.article(*a)
    b.article("收益分配比例", t_shares_intro())
    b.shares_table()
    b.after_table(t_shares_after())
    for a in (t_schedule(), t_accounts(), t_losses(), t_insurance(), t_confidentiality(), t_expropriation(), t_expiry(),
              t_termination(), t_breach()):
        b.article(*a)
    general(b, tripartite=True)
    b.signatures()
    b.plot_annex()
    return b


BUILDERS = {K.DEVELOPMENT: development, K.TRANSFER: transfer, K.BENEFIT: benefit, K.TRIPARTITE: tripartite}


def build_all(out: Path, force: bool = False) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, make in BUILDERS.items():
        path = out / TEMPLATE_FILES[kind]
        if path.exists() and not force:
            print(f"exists, not overwritten (use --force): {path}", file=sys.stderr)
            continue
        make().save(path)
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "compliance" / "agreements" / "templates")
    ap.add_argument("--force", action="store_true", help="overwrite existing (possibly lawyer-edited) templates")
    args = ap.parse_args(argv)
    for p in build_all(args.out, args.force):
        print(p)
    return 0


if __name__ == "__main__":
    sys.exit(main())
