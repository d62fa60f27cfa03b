"""Render a Word template safely and read the result back.

Rendering: docxtpl with a Jinja environment that autoescapes (a party called ``A&B <公司>``
is XML-escaped, so it appears literally) and is strict (a missing value raises, naming it;
``None`` is never printed). Values are inserted once and never re-evaluated, so a party named
``{{x}}`` stays ``{{x}}``.

Read-back: the saved .docx is opened again with python-docx and the text of every paragraph
(body, tables, text boxes, headers, footers) is searched for each value the document must
carry, and for template tags left over once the document's own literal values are removed.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from .problems import Problem

TAG_RE = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")
_TAGGY = re.compile(r"[{}%#]")


def _finalize(value):
    if value is None:
        from jinja2 import UndefinedError

        raise UndefinedError("a value in the template is None (missing)")
    return value


@lru_cache(maxsize=1)
def jinja_env():
    from jinja2 import Environment, StrictUndefined

    return Environment(autoescape=True, undefined=StrictUndefined, finalize=_finalize)


class RenderFailure(Exception):
    def __init__(self, zh: str, en: str):
        self.zh, self.en = zh, en
        super().__init__(en)


def render(template: Path, context: dict, out: Path, image: bytes | None = None) -> None:
    """Render ``template`` with ``context`` into ``out``; RenderFailure says what went wrong.

    ``image``: the PNG of the plot map; when given, ``plot_map`` becomes an inline picture
    (docxtpl InlineImage, 19 cm wide: with its heading and note it fits one landscape page)."""
    from docxtpl import DocxTemplate
    from jinja2 import TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import TemplateError

    name = template.name
    try:
        tpl = DocxTemplate(str(template))
        if image is not None and "plot_map" in context:
            import io

            from docx.shared import Mm
            from docxtpl import InlineImage

            context = {**context, "plot_map": InlineImage(tpl, io.BytesIO(image), width=Mm(190))}
        tpl.render(context, jinja_env=jinja_env())
        tpl.save(str(out))
    except UndefinedError as e:
        raise RenderFailure(f"模板 {name} 引用的值缺失（不会留空输出）：{e}",
                            f"template {name} refers to a missing value (never printed blank): {e}") from None
    except TemplateSyntaxError as e:
        near = " / ".join(x.strip() for x in getattr(e, "docx_context", []) if x.strip())[:200]
        raise RenderFailure(f"模板 {name} 的标记语法错误：{e.message}" + (f"（附近文字：{near}）" if near else ""),
                            f"template {name} has a tag syntax error: {e.message}" + (f" (near: {near})" if near else "")) from None
    except TemplateError as e:
        raise RenderFailure(f"模板 {name} 渲染失败：{e}", f"template {name} failed to render: {e}") from None
    except Exception as e:   # a broken .docx, or tags that cut through Word's XML structure
        raise RenderFailure(f"模板 {name} 无法生成文档：{type(e).__name__}: {e}",
                            f"template {name} could not produce a document: {type(e).__name__}: {e}") from None


def paragraphs(path: Path | str) -> list[str]:
    """The text of every paragraph of a .docx: body (tables included), headers and footers."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    doc = Document(str(path))
    roots = [doc.element.body]
    for rel in doc.part.rels.values():
        if rel.reltype in (RT.HEADER, RT.FOOTER) and not rel.is_external:
            roots.append(rel.target_part.element)
    W_P, W_T, W_TAB, W_BR = qn("w:p"), qn("w:t"), qn("w:tab"), qn("w:br")
    out: list[str] = []
    for root in roots:
        for p in root.iter(W_P):
            parts = []
            for el in p.iter(W_T, W_TAB, W_BR):
                if el.tag == W_T:
                    parts.append(el.text or "")
                elif el.tag == W_TAB:
                    parts.append("\t")
                else:
                    parts.append("\n")
            out.append("".join(parts))
    return out


def verify(path: Path | str, expected: list[tuple[str, str, str]], literals: list[str]) -> list[Problem]:
    """Every expected value is present and no template tag is left over."""
    try:
        text = "\n".join(paragraphs(path))
    except Exception as e:
        return [Problem(Path(path).name, f"生成的文档无法读回：{e}", f"the document cannot be read back: {e}", "verify")]
    problems: list[Problem] = []
    missing = [(zh, en, v) for zh, en, v in expected if v not in text]
    for zh, en, v in missing[:20]:
        problems.append(Problem(Path(path).name, f"读回核验：文档中找不到{zh}“{v}”（模板可能删去了对应字段）",
                                f"read-back: {en} '{v}' is not in the document (the template may have dropped its field)", "verify"))
    if len(missing) > 20:
        problems.append(Problem(Path(path).name, f"……另有 {len(missing) - 20} 个值缺失", f"… and {len(missing) - 20} more values missing",
                                "verify"))
    scrubbed = text
    for lit in literals:               # longest first, so a value containing another goes whole
        if _TAGGY.search(lit):
            scrubbed = scrubbed.replace(lit, "\x00")
    for m in list(TAG_RE.finditer(scrubbed))[:5]:
        near = scrubbed[max(0, m.start() - 30):m.end() + 30].replace("\x00", "…").replace("\n", " ")
        problems.append(Problem(Path(path).name, f"读回核验：文档中残留模板标记“{m.group(0)}”（附近文字：{near}）",
                                f"read-back: a template tag '{m.group(0)}' is left in the document (near: {near})", "verify"))
    return problems
