"""Template lint: a lawyer-edited template with typos, a dropped clause or escaping switched off."""
from __future__ import annotations

import shutil
from pathlib import Path

from docx import Document

from compliance.agreements import lint
from compliance.agreements.drafter import shipped_templates
from compliance.agreements.linter import lint_file
from compliance.reference.vocab import AgreementKind


def copy_templates(target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for f in shipped_templates().glob("*.docx"):
        shutil.copyfile(f, target / f.name)
    return target


def edit(path: Path, change) -> None:
    doc = Document(str(path))
    change(doc)
    doc.save(str(path))


def rename_heading(doc, old: str, new: str) -> None:
    for p in doc.paragraphs:
        if p.text.startswith("第") and old in p.text:
            for r in p.runs:
                r.text = r.text.replace(old, new)


def test_shipped_templates_are_clean():
    report = lint(shipped_templates())
    assert report.ok, [p.render() for p in report.problems]
    assert len(report.files) == 4


def test_broken_template_lists_every_problem(tmp_path):
    d = copy_templates(tmp_path / "tpl")

    def break_transfer(doc):
        rename_heading(doc, "违约责任", "责任")               # a mandatory clause loses its heading
        rename_heading(doc, "碳汇资源数据保密", "其他约定")
        doc.add_paragraph("联系人：{{ pary.name }}，{{ collectives }}")   # a typo and a variable of another kind
    edit(d / "transfer.docx", break_transfer)

    report = lint(d)
    assert not report.ok
    msgs = "\n".join(p.render("zh") for p in report.problems)
    assert "transfer.docx" in msgs
    assert "未知变量 pary" in msgs
    assert "collectives" in msgs and "不提供" in msgs
    assert "违约责任" in msgs and "碳汇资源数据保密" in msgs
    assert all(p.path == "transfer.docx" for p in report.problems)
    en = "\n".join(p.render("en") for p in report.problems)
    assert "unknown variable pary" in en and "breach liability" in en


def test_attribute_typo_is_caught_by_the_trial_render(tmp_path):
    d = copy_templates(tmp_path / "tpl")
    edit(d / "benefit.docx", lambda doc: doc.add_paragraph("{{ developer.nmae }}"))
    problems = lint_file(d / "benefit.docx", AgreementKind.BENEFIT)
    assert problems and "nmae" in problems[0].render("zh")


def test_dropped_value_is_caught_by_the_trial_read_back(tmp_path):
    d = copy_templates(tmp_path / "tpl")

    def drop_certificates(doc):
        for t in doc.tables:
            for row in t.rows:
                for cell in row.cells:
                    for p in cell.paragraphs:
                        for r in p.runs:
                            r.text = r.text.replace("{{ p.certificate }}", "")
    edit(d / "development.docx", drop_certificates)
    problems = lint_file(d / "development.docx", AgreementKind.DEVELOPMENT)
    assert any("证书号" in p.render("zh") for p in problems)


def test_syntax_error_and_unsafe_escaping(tmp_path):
    d = copy_templates(tmp_path / "tpl")
    edit(d / "tripartite.docx", lambda doc: doc.add_paragraph("{% if project.name %}未闭合"))
    edit(d / "benefit.docx", lambda doc: doc.add_paragraph("{{ project.name|safe }}"))
    report = lint(d)
    msgs = "\n".join(p.render("zh") for p in report.problems)
    assert "tripartite.docx" in msgs and "语法错误" in msgs
    assert "benefit.docx" in msgs and "转义" in msgs


def test_not_a_docx_and_empty_directory(tmp_path):
    d = tmp_path / "tpl"
    d.mkdir()
    report = lint(d)
    assert not report.ok and "没有模板" in report.problems[0].render("zh")
    (d / "transfer.docx").write_text("not a zip")
    (d / "合同(1).docx").write_text("ignored")
    report = lint(d)
    assert not report.ok and "无法作为 Word 模板打开" in report.problems[0].render("zh")
    assert report.notes and "合同(1).docx" in report.notes[0][0]


def test_shipped_templates_are_what_the_tool_builds(tmp_path):
    """The committed .docx files carry exactly the text tools/make_agreement_templates.py writes."""
    import importlib.util

    from compliance.agreements.drafter import shipped_templates
    from compliance.agreements.render import paragraphs

    root = Path(__file__).resolve().parents[2]
    spec = importlib.util.spec_from_file_location("make_agreement_templates", root / "tools" / "make_agreement_templates.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    for path in tool.build_all(tmp_path):
        assert paragraphs(path) == paragraphs(shipped_templates() / path.name), path.name
