"""Lint agreement templates, typically after a lawyer has edited them in Word.

For each template: the tag syntax parses; every variable it uses is one the drafter provides
for that kind of agreement (spec.PROVIDED); escaping is not switched off; every mandatory
clause is there (recognised by its heading, spec.SPECS); and a trial render with a sample
submission succeeds and passes the same read-back verification as a real draft (a misspelt
attribute such as ``{{ p.nmae }}``, or a dropped plot column, shows up here).
"""
from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from compliance.reference.vocab import AgreementKind
from .problems import Problem
from .spec import KINDS, PROVIDED, REQUIRED, SPECS, TEMPLATE_FILES, VARIABLES

_UNSAFE = re.compile(r"\|\s*safe\b|autoescape\s+false", re.I)


@dataclass
class LintReport:
    files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _p(path: Path, zh: str, en: str) -> Problem:
    return Problem(path.name, zh, en, "template")


def lint_file(path: Path, kind: AgreementKind, trial: bool = True) -> list[Problem]:
    from docxtpl import DocxTemplate
    from jinja2 import TemplateSyntaxError

    from .render import jinja_env, paragraphs

    path = Path(path)
    problems: list[Problem] = []
    try:
        texts = paragraphs(path)
        tpl = DocxTemplate(str(path))
        used = tpl.get_undeclared_template_variables(jinja_env())
    except TemplateSyntaxError as e:
        return [_p(path, f"标记语法错误：{e.message}（请检查花括号标记是否成对、完整）",
                   f"tag syntax error: {e.message} (check that every tag is complete and closed)")]
    except Exception as e:
        return [_p(path, f"无法作为 Word 模板打开：{type(e).__name__}: {e}", f"cannot be opened as a Word template: {type(e).__name__}: {e}")]

    provided = set(PROVIDED[kind])
    for name in sorted(used - provided):
        if name in VARIABLES:
            problems.append(_p(path, f"变量 {name} 在{kind.zh}中不提供（可用：{'、'.join(sorted(provided))}）",
                               f"variable {name} is not provided for a {kind.en} (available: {', '.join(sorted(provided))})"))
        else:
            problems.append(_p(path, f"未知变量 {name}（拼写错误？可用：{'、'.join(sorted(provided))}）",
                               f"unknown variable {name} (a typo? available: {', '.join(sorted(provided))})"))
    joined = "\n".join(texts)
    if _UNSAFE.search(joined):
        problems.append(_p(path, "模板关闭了转义（|safe 或 autoescape false）：当事人名称中的 & < > 等字符会破坏文档，请删除",
                           "the template switches escaping off (|safe or autoescape false): names with & < > would break the document; remove it"))
    for clause in REQUIRED[kind]:
        spec = SPECS[clause]
        if not spec.found_in(texts):
            if spec.markers:
                zh = f"缺少必备条款：{clause.zh}（应有甲方、乙方等当事人栏及其住所；依据：{spec.basis}）"
                en = f"mandatory clause missing: {clause.en} (the party blocks 甲方/乙方 … with 住所; basis: {spec.basis})"
            else:
                zh = f"缺少必备条款：{clause.zh}（应有以“第X条　{spec.heading}”为标题的条款；依据：{spec.basis}）"
                en = f"mandatory clause missing: {clause.en} (an article headed '第X条　{spec.heading}'; basis: {spec.basis})"
            problems.append(_p(path, zh, en))
    if trial and not problems:
        problems += _trial(path, kind)
    return problems


def _trial(path: Path, kind: AgreementKind) -> list[Problem]:
    from .render import RenderFailure, render, verify
    from .sample import sample_submission

    sub = sample_submission()
    (p, terms, built), = [x for x in _prepare(sub, kind)]
    with tempfile.TemporaryDirectory(prefix="compliance-lint-") as tmp:
        out = Path(tmp) / "trial.docx"
        try:
            render(path, built.context, out, built.image)
        except RenderFailure as e:
            return [Problem(path.name, "试渲染失败：" + e.zh, "trial render failed: " + e.en, "template")]
        found = verify(out, built.expected, built.literals)
    return [Problem(path.name, "试渲染核验：" + x.zh.removeprefix("读回核验："), "trial render: " + x.en.removeprefix("read-back: "),
                    "template") for x in found]


def _prepare(sub, kind: AgreementKind):
    from .plan import prepare       # not drafter: the drafter imports this module (no cycle)

    return prepare(sub, kind.value, check=False)[:1]


def lint_dir(directory: Path) -> LintReport:
    directory = Path(directory)
    report = LintReport()
    if not directory.is_dir():
        report.problems.append(Problem(str(directory), "目录不存在", "no such directory", "template"))
        return report
    known = {TEMPLATE_FILES[k]: k for k in KINDS}
    for f in sorted(directory.glob("*.docx")):
        if f.name.startswith("~$"):
            continue            # Word's lock file of an open document
        if f.name not in known:
            report.notes.append((f"忽略 {f.name}：模板文件名应为 {'、'.join(known)}",
                                 f"ignored {f.name}: template files are named {', '.join(known)}"))
            continue
        report.files.append(f)
        report.problems += lint_file(f, known[f.name])
    if not report.files:
        report.problems.append(Problem(str(directory), f"目录中没有模板（{'、'.join(known)}）",
                                       f"no templates in the directory ({', '.join(known)})", "template"))
    return report
