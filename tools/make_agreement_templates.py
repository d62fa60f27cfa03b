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
SONG, HEI = "宋体", "黑体"
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
        self.para(TITLES[self.kind], style="协议标题")
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
        self.para(f"以上{role}各方以下合称“{role}”，各自就其名下林地享有本协议约定的权利、承担本协议约定的义务。")
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
        place = self.para("签订地点：{{ doc.place }}", style="当事人")
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
        widths = [Cm(1.1), Cm(3.0), Cm(2.4), Cm(1.8), Cm(1.8), Cm(1.8), Cm(1.8), Cm(1.6), Cm(1.8), Cm(3.3), Cm(6.3)]
        t = _table(self.doc, 7, widths, header_rows=2)
        _row(t, 0, ["序号", "小班号", "坐落", "四至", "", "", "", "面积", "", "权利人", "不动产权（林权）证书号"], bold=True)
        _row(t, 1, ["", "", "", "东", "南", "西", "北", "公顷", "亩", "", ""], bold=True)
        for c in (0, 1, 2, 9, 10):
            _merge(t.rows[0].cells[c], t.rows[1].cells[c])
        _merge(t.rows[0].cells[3], t.rows[0].cells[6])
        _merge(t.rows[0].cells[7], t.rows[0].cells[8])
        _tag_row(t, 2, "{%tr for p in plots %}")
        _row(t, 3, ["{{ p.no }}", "{{ p.id }}", "{{ p.location }}", "{{ p.east }}", "{{ p.south }}", "{{ p.west }}",
                    "{{ p.north }}", "{{ p.area_ha }}", "{{ p.area_mu }}", "{{ p.holder }}", "{{ p.certificate }}"])
        for r in (3, 5):
            t.rows[r].height, t.rows[r].height_rule = Cm(0.75), WD_ROW_HEIGHT_RULE.AT_LEAST
        _tag_row(t, 4, "{%tr endfor %}")
        _row(t, 5, ["合计", "", "", "", "", "", "", "{{ total.area_ha }}", "{{ total.area_mu }}",
                    "共{{ total.count }}个小班", ""], bold=True)
        _merge(t.rows[5].cells[0], t.rows[5].cells[6])
        _merge(t.rows[5].cells[9], t.rows[5].cells[10])
        t._tbl.remove(t.rows[6]._tr)
        self.para("注：面积以公顷为准，1公顷折合15亩；四至以不动产权（林权）证书及其附图为准。", style="当事人")

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
def t_location(heading: str) -> tuple:
    return (heading,
            "本协议项下林地位于{{ project.location }}，共{{ total.count }}个小班，总面积{{ total.area_ha }}公顷"
            "（折合{{ total.area_mu }}亩）。各小班的小班号、坐落、四至、面积、权利人和不动产权（林权）证书号详见附件"
            "《项目地块清单》，附件是本协议的组成部分，与本协议具有同等法律效力。",
            "⟨H⟩保证对上述林地依法享有承包经营权、林地经营权或者林木所有权，权属清楚、四至明确、界址无争议，"
            "未设定抵押等权利负担，且上述林地未在其他温室气体自愿减排机制或者林业碳汇项目中登记、申报或者承诺开发。")


def t_project() -> tuple:
    return ("项目概况",
            "本项目名称为{{ project.name }}（项目编号：{{ project.id }}），按照{{ project.mechanism }}机制开发"
            "{% if project.methodology is defined %}，采用{{ project.methodology }}方法学{% endif %}，"
            "主要措施为{{ measures }}。{% if project.crediting_start is defined %}项目计入期自{{ project.crediting_start }}"
            "起至{{ project.crediting_end }}止。{% endif %}")


def t_term(heading: str, transfer: bool) -> tuple:
    lines = ["{% if term.right_limit is defined %}本协议期限不超过附件所列林地承包期或者经营权期限的剩余期限"
             "（其中最早届满日为{{ term.right_limit }}）。{% endif %}"]
    if transfer:
        lines.append("{% if project.crediting_start is defined %}本协议期限覆盖项目计入期"
                     "（{{ project.crediting_start }}至{{ project.crediting_end }}）。{% endif %}")
    return (heading, "本协议期限自{{ term.start }}起至{{ term.end }}止，共{{ term.span }}。" + "".join(lines))


def t_use() -> tuple:
    return ("林地用途",
            "协议林地用于实施{{ measures }}等增加林业碳汇的营造林和森林经营活动，开发{{ project.mechanism }}林业碳汇项目。"
            "未经依法批准，不得改变林地用途，不得毁林开垦、采石、采砂、取土，不得擅自采伐林木，不得将林地用于非林业建设。")


def t_rights(heading: str, collective: bool = False) -> tuple:
    body = [
        "（一）⟨D⟩的权利：依照本协议组织项目设计、审定、登记、监测、核查和减排量交易；在协议林地上按照项目设计实施营造林"
        "和森林经营措施；按照本协议和利益分配约定取得收益。",
        "（二）⟨D⟩的义务：承担项目开发的全部费用和风险；按期完成开发工作，及时向⟨H⟩通报项目设计、审定、登记、签发和交易进展；"
        "按照林业主管部门的要求报送和更新项目信息；在协议林地上落实森林防火责任，配备必要的防火设施，做好林业有害生物"
        "监测和防治工作；依法保护林地和林木，不得超出约定用途使用林地。",
        "（三）⟨H⟩的权利：按约取得流转价款和碳汇收益；查询项目开发进度、减排量签发和交易情况以及相关账目；对⟨D⟩违反本协议"
        "或者损害林地、林木的行为提出异议并要求纠正；依照本协议的约定收回林地和相关权利。",
        "（四）⟨H⟩的义务：提供林地权属证明等资料，协助办理项目申报、监测和核查；协议期内不得在协议林地上另行开发其他碳汇"
        "项目，不得将协议林地的碳汇权益另行转让、质押或者委托他人开发；配合做好森林防火、林业有害生物防治和林木管护工作。",
    ]
    if collective:
        body.append("（五）丙方的权利和义务：丙方作为村集体经济组织，依法组织本集体经济组织成员对集体林地流转等事项进行民主议定"
                    "和公示，协调处理林地界址和权属纠纷，监督甲方履行本协议，督促做好森林防火和林业有害生物防治；丙方以集体统一"
                    "经营林地参与本项目的，同时享有和承担权利人的权利和义务。")
    return (heading, *body)


def t_price_development() -> tuple:
    return ("开发费用和流转价款",
            "项目设计、审定、登记、监测、核查和交易等开发费用由甲方承担，不得向乙方收取，也不得从乙方应得的收益中扣除"
            "利益分配约定以外的费用。",
            "{%p if price is defined %}",
            "乙方林地的流转价款为{{ price.per }}人民币{{ price.amount }}元（大写：人民币{{ price.capital }}），"
            "{{ price.payment }}；乙方有多个权利人的，按各权利人名下林地面积占总面积的比例分配。具体以各方签订的资源流转协议为准。",
            "{%p else %}",
            "乙方林地的流转价款及其支付方式，由各方另行签订的资源流转协议约定。",
            "{%p endif %}")


def t_price(heading: str, payer: str, payee: str) -> tuple:
    return (heading,
            f"林地流转价款为{{{{ price.per }}}}人民币{{{{ price.amount }}}}元（大写：人民币{{{{ price.capital }}}}），"
            f"由{payer}{{{{ price.payment }}}}。",
            f"{payee}有多个权利人的，价款按各权利人名下林地面积占流转林地总面积的比例，分别支付至各权利人书面指定的银行账户；"
            f"向农户支付的，直接支付至农户本人账户。收款方应当出具收款凭证。项目开发费用由{payer}承担，不得从流转价款中扣除。")


def t_deadline() -> tuple:
    return ("开发期限及逾期返还",
            "⟨D⟩应于{{ deadline }}前完成项目设计文件的编制，使项目进入设计阶段，并按照有关规定及时推进审定、登记"
            "（入库、备案）等后续工作。",
            "⟨D⟩逾期未完成前款工作的，⟨H⟩有权书面通知⟨D⟩解除本协议；自解除通知送达之日起，⟨D⟩依本协议取得的开发权利"
            "及林地、林木的相关权利返还⟨H⟩，⟨D⟩不得以已投入开发费用等为由继续占有林地或者限制⟨H⟩另行开发，给⟨H⟩造成损失的"
            "应当赔偿。⟨D⟩不得以开发林业碳汇项目为名圈定、控制、侵占林业碳汇资源。")


def t_carbon() -> tuple:
    return ("碳汇资产权属",
            "协议林地的所有权、⟨H⟩的承包权和林木所有权不因本协议而改变。本项目产生并经主管部门登记签发的碳汇减排量"
            "（以下简称“碳汇资产”）由⟨D⟩作为项目业主申请登记，并代表各方持有和交易；碳汇资产的收益由各方按照利益分配约定"
            "的比例共享。未经⟨H⟩书面同意，⟨D⟩不得将碳汇资产用于质押、担保或者与本项目无关的用途。")


def t_expropriation() -> tuple:
    return ("征收征用补偿",
            "协议期内林地被依法征收、征用或者占用的，土地补偿费归土地所有权人所有；林木补偿费归林木所有权人所有，由⟨D⟩"
            "投资营造的林木，其补偿费按照⟨D⟩的投入和各方书面约定分配；安置补助费归实际安置对象；地上附着物补偿费归其所有权人。"
            "因征收、征用导致本协议部分或者全部不能履行的，相应部分终止，各方互不承担违约责任，已签发的碳汇资产及其收益按照"
            "利益分配约定处理。")


def t_expiry() -> tuple:
    return ("期满处置",
            "本协议期满或者提前终止时：（一）协议林地由⟨D⟩交还⟨H⟩，林地上的林木归⟨H⟩所有，⟨D⟩不得采伐、损毁；"
            "（二）已签发的碳汇资产及其收益，按照利益分配约定分配完毕；（三）尚未签发的减排量及计入期剩余期间的碳汇权益"
            "归⟨H⟩所有，⟨D⟩应当在三十日内配合办理项目变更或者注销手续；（四）各方应当在期满或者终止后三十日内完成交接和结算。")


def t_insurance() -> tuple:
    return ("森林保险",
            "{%p if project.insurance is defined %}",
            "本项目已投保森林保险：{{ project.insurance }}。协议期内由⟨D⟩负责续保，并争取将林业碳汇资源纳入保险范围；"
            "保险赔款优先用于灾后恢复林木和碳汇能力。",
            "{%p else %}",
            "⟨D⟩应当于本协议生效后九十日内，按照市场化原则为协议林地投保森林保险，并争取将林业碳汇资源纳入保险范围；"
            "保险费由⟨D⟩承担，保险赔款优先用于灾后恢复林木和碳汇能力。",
            "{%p endif %}")


def t_confidentiality() -> tuple:
    return ("碳汇资源数据保密",
            "各方对因本项目知悉的林业碳汇资源数据负有保密义务，包括地块位置和边界矢量数据、森林资源调查和监测数据、"
            "碳储量计量数据以及权利人的个人信息等。未经数据提供方书面同意，不得向第三方披露或者用于本项目以外的用途；"
            "依法向林业、生态环境等主管部门报送，或者依照法律法规和交易规则公示的除外。",
            "⟨D⟩应当建立保密管理制度，落实专人管理，并督促其委托的咨询、审定和核查机构履行同等保密义务。本条在本协议终止后"
            "继续有效。")


def t_breach(benefit: bool = False) -> tuple:
    body = ["任何一方不履行或者不完全履行本协议的，应当承担继续履行、采取补救措施或者赔偿损失等违约责任。"]
    if benefit:
        body.append("⟨D⟩未按约定的比例或者期限支付收益，或者未按约定公开账目的，每逾期一日按应付未付金额的万分之五向⟨H⟩支付"
                    "违约金，并应当在⟨H⟩催告后十五日内补足、公开；⟨D⟩隐瞒、虚报交易收入或者费用的，应当补足差额并按差额的"
                    "百分之二十支付违约金。")
    else:
        body.append("⟨D⟩逾期支付流转价款或者收益的，每逾期一日按应付未付金额的万分之五向⟨H⟩支付违约金；逾期超过九十日的，"
                    "⟨H⟩有权解除本协议并收回林地和相关权利。⟨D⟩擅自改变林地用途或者造成林地、林木严重损毁的，⟨H⟩有权解除本协议"
                    "并要求赔偿。⟨H⟩在协议林地上重复开发碳汇项目或者另行处分碳汇权益的，应当返还所得收益并赔偿⟨D⟩的损失。")
    return ("违约责任", *body)


def t_dispute() -> tuple:
    return ("争议解决",
            "因本协议发生争议的，各方应当协商解决；协商不成的，可以请求村民委员会、乡（镇）人民政府等调解解决。"
            "当事人不愿协商、调解或者协商、调解不成的，可以向{{ doc.arbitration }}申请仲裁，也可以直接向林地所在地有管辖权的"
            "人民法院提起诉讼。")


def t_shares_intro() -> str:
    return "本项目碳汇资产交易取得的净收益，按照下列比例在各方之间分配："


def t_shares_after() -> tuple:
    return ("各方分配比例合计为{{ shares_total }}。权利人的分配比例未经其本人书面同意不得降低；权利人名下林地面积发生变化的，"
            "由各方书面协商调整。",
            "前款所称净收益，是指碳汇减排量交易收入扣除审定、核查、登记、交易手续费和依法缴纳的税费等直接费用后的余额；"
            "扣除的费用应当有合法凭证并在账目中逐项列明，项目开发费用由⟨D⟩承担，不得扣除。")


def t_schedule() -> tuple:
    return ("收益支付时间和方式", "{{ payment_schedule }}。",
            "⟨D⟩应当在支付时向收款方提供本次分配的计算明细。")


def t_accounts() -> tuple:
    return ("账目公开",
            "⟨D⟩应当建立本项目碳汇资产收支台账，于每次交易完成后三十日内，并且至少每年一次，向权利人书面公开减排量签发、"
            "交易数量、成交价格、交易收入、扣除费用和分配情况；权利人有权查阅、复制相关账目和凭证。",
            "涉及集体林地或者村集体经济组织的，由村集体经济组织通过村务公开栏等方式向本集体经济组织成员（村民）公示上述"
            "情况，公示期不少于七日，接受村民监督。")


def t_other() -> tuple:
    return ("其他",
            "本协议自各方签字（盖章）之日起生效。本协议未尽事宜，各方可以签订书面补充协议，补充协议与本协议具有同等法律效力。",
            "本协议一式{{ doc.copies }}份，各方各执一份，一份报{{ doc.filing }}备案，每份具有同等法律效力。",
            "附件：项目地块清单")


def recitals_transfer(b: Builder) -> None:
    b.tag("{%p if consent is defined %}")
    b.para("本协议所涉集体统一经营林地的流转事项，已经本集体经济组织{{ consent.body }}"
           "{% if consent.resolution_date is defined %}于{{ consent.resolution_date }}{% endif %}表决通过"
           "（应到{{ consent.members }}人，同意{{ consent.in_favour }}人）{% if consent.notice_start is defined %}，"
           "并于{{ consent.notice_start }}至{{ consent.notice_end }}在本集体经济组织内公示{% endif %}。")
    b.tag("{%p endif %}")
    b.tag("{%p if township_approval is defined %}")
    b.para("本次发包已报经{{ township_approval.authority }}于{{ township_approval.date }}批准"
           "{% if township_approval.reference is defined %}（{{ township_approval.reference }}）{% endif %}。")
    b.tag("{%p endif %}")
    b.tag("{%p for e in entrustments %}")
    b.para("{{ e.name }}已于{{ e.signed }}出具书面委托，{% if e.to is defined %}委托{{ e.to }}{% else %}委托他人{% endif %}"
           "代为办理其家庭承包林地的流转事宜。")
    b.tag("{%p endfor %}")


# --------------------------------------------------------------------------- the four documents
def development() -> Builder:
    b = Builder(K.DEVELOPMENT, "甲方", "乙方")
    b.title()
    b.party("甲方", "开发方", "developer")
    b.party("乙方", "林权权利人", "h", "holders")
    b.several("holders", "乙方")
    b.blank()
    b.para("根据{{ doc.basis }}等有关规定，甲乙双方本着平等、自愿、公平、诚信的原则，就甲方在乙方依法享有权利的林地上"
           "开发{{ project.name }}（以下简称“本项目”）事宜，经协商一致，订立本协议。")
    for a in (t_project(), t_location("林地位置、四至和面积"), t_term("合作期限", False), t_use(),
              t_rights("双方权利和义务"), t_price_development(), t_deadline(), t_carbon(), t_insurance(),
              t_confidentiality(), t_expropriation(), t_expiry(), t_breach(), t_dispute(), t_other()):
        b.article(*a)
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
    b.para("根据{{ doc.basis }}等有关规定，甲方将其依法享有的林地经营权流转给乙方，用于开发{{ project.name }}"
           "（以下简称“本项目”）。甲乙双方本着平等、自愿、公平、诚信的原则，经协商一致，订立本协议。")
    recitals_transfer(b)
    for a in (t_location("流转林地的位置、四至和面积"),
              ("流转方式", "甲方以{{ price.mode }}方式将附件所列林地的经营权流转给乙方。流转后林地的所有权性质和林地用途不变，"
                          "甲方的土地承包权和林权权利人身份不因流转而改变。"),
              t_use(), t_term("流转期限", True), t_price("流转价款及支付方式", "乙方", "甲方"),
              t_rights("双方权利和义务"), t_deadline(), t_carbon(), t_expropriation(), t_expiry(), t_insurance(),
              t_confidentiality(), t_breach(), t_dispute(), t_other()):
        b.article(*a)
    b.signatures()
    b.plot_annex()
    return b


def benefit() -> Builder:
    b = Builder(K.BENEFIT, "甲方", "乙方")
    b.title()
    b.party("甲方", "项目业主", "developer")
    b.party("乙方", "林权权利人", "h", "holders")
    b.several("holders", "乙方")
    b.blank()
    b.para("为明确{{ project.name }}（以下简称“本项目”）碳汇收益的分配，保障林权权利人的合法权益，根据{{ doc.basis }}"
           "等有关规定，甲乙双方经协商一致，订立本协议。")
    project = t_project()
    b.article(project[0], project[1],
              "本项目林地位于{{ project.location }}，共{{ total.count }}个小班，总面积{{ total.area_ha }}公顷"
              "（折合{{ total.area_mu }}亩），详见附件《项目地块清单》。")
    b.article("期限", "本协议期限自{{ term.start }}起至{{ term.end }}止，共{{ term.span }}，与项目林地的流转期限一致。"
                    "期满时已签发但尚未交易或者尚未分配的碳汇资产及其收益，仍按本协议分配完毕。")
    b.article(*t_carbon())
    b.article("收益分配比例", t_shares_intro())
    b.shares_table()
    b.after_table(t_shares_after())
    for a in (t_schedule(), t_accounts(), t_breach(benefit=True), t_dispute(), t_other()):
        b.article(*a)
    b.signatures()
    b.plot_annex()
    return b


def tripartite() -> Builder:
    b = Builder(K.TRIPARTITE, "甲方", "权利人")
    b.title()
    b.party("甲方", "开发方", "developer")
    b.party("乙方", "林权权利人", "h", "holders")
    b.several("holders", "乙方")
    b.party("丙方", "村集体经济组织", "c", "collectives")
    b.blank()
    b.para("根据{{ doc.basis }}等有关规定，为规范{{ project.name }}（以下简称“本项目”）的开发、林业碳汇资源流转和收益分配，"
           "明确各方的责任、权利和利益，保障林权所有者权益，甲、乙、丙三方本着平等、自愿、公平、诚信的原则，经协商一致，"
           "订立本协议。本协议同时作为本项目的项目开发协议、资源流转协议和利益分配协议。")
    b.para("本协议中，附件所列林地的权利人（乙方，以及以集体统一经营林地参与本项目的丙方）以下合称“权利人”。")
    recitals_transfer(b)
    for a in (t_project(), t_location("林地位置、四至和面积"),
              ("流转方式", "权利人以{{ price.mode }}方式将附件所列林地的经营权流转给甲方，用于本项目开发。流转后林地的所有权"
                          "性质和林地用途不变，权利人的土地承包权和林权权利人身份不因流转而改变。"),
              t_use(), t_term("期限", True), t_price("流转价款及支付方式", "甲方", "权利人"),
              t_rights("三方权利和义务", collective=True), t_deadline(), t_carbon()):
        b.article(*a)
    b.article("收益分配比例", t_shares_intro())
    b.shares_table()
    b.after_table(t_shares_after())
    for a in (t_schedule(), t_accounts(), t_insurance(), t_confidentiality(), t_expropriation(), t_expiry(),
              t_breach(), t_dispute(), t_other()):
        b.article(*a)
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
