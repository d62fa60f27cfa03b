"""Draft agreements from a submission: refuse, resolve, render, read back, (convert).

Order of work, so that nothing non-compliant or unverified is ever left on disk:
1. plan and resolve the documents, and ask the rule base (plan.prepare: the checker judges the
   submission with the drafted documents recorded; the error findings of the rules tagged
   ``agreement`` refuse the draft; data a document needs and the file lacks is listed by field);
3. lint custom templates (mandatory clauses, unknown variables);
4. render each document to a temporary file, read it back and verify it, then move it into
   place; any failure deletes every file of this run;
5. optionally convert to PDF with LibreOffice.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Optional

from compliance.submission.model import Submission
from compliance.reference.vocab import AgreementKind, Clause
from . import context as ctxmod
from .plan import prepare
from .problems import DraftError, Problem, os_reason
from .render import RenderFailure, paragraphs, render, verify
from .spec import KINDS, SPECS, TEMPLATE_FILES



def shipped_templates() -> Path:
    return Path(str(resources.files("compliance.agreements").joinpath("templates")))


@dataclass
class Drafted:
    kind: AgreementKind
    planned: ctxmod.Planned
    terms: ctxmod.Terms
    built: ctxmod.Built
    template: Path
    clauses: list[Clause]
    docx: Path
    pdf: Optional[Path] = None


@dataclass
class DraftResult:
    documents: list[Drafted] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)     # (zh, en) remarks for the user

    @property
    def paths(self) -> list[Path]:
        out: list[Path] = []
        for d in self.documents:
            out.append(d.docx)
            if d.pdf:
                out.append(d.pdf)
        return out


def _applicable_rule_ids(sub: Submission, as_of: dt.date) -> set[str]:
    from ..checker import applicable

    pr = sub.project
    _, rules = applicable(pr.province.value, pr.mechanism.value, pr.methodology, as_of)
    return {r.id for r in rules}


UNSIGNED_RULES = ("HN-15-agreements",)      # the rules that report an agreement without a signing date


def unsigned_rule(sub: Submission, as_of: Optional[dt.date] = None) -> Optional[str]:
    """The rule that reports an agreement without a signing date, if one applies to this submission."""
    try:
        ids = _applicable_rule_ids(sub, as_of or sub.as_of or dt.date.today())
    except Exception:
        return None
    return next((r for r in UNSIGNED_RULES if r in ids), None)


def carried_clauses(template: Path) -> list[Clause]:
    """The clauses a template carries, recognised by their headings (spec.SPECS)."""
    texts = paragraphs(template)
    return [c for c, s in SPECS.items() if s.found_in(texts)]


def template_for(kind: AgreementKind, templates: Optional[Path]) -> tuple[Path, bool]:
    """The template file for a kind and whether it is a custom one."""
    if templates is not None:
        p = Path(templates) / TEMPLATE_FILES[kind]
        if p.is_file():
            return p, True
    return shipped_templates() / TEMPLATE_FILES[kind], False


def _safe_name(text: str) -> str:
    return re.sub(r"[\\/:*?\"<>|\s\x00-\x1f]+", "_", text).strip("._") or "project"


def file_name(sub: Submission, p: ctxmod.Planned) -> str:
    return f"{_safe_name(sub.project.id)}-{p.kind.value}" + (f"-{p.ordinal}" if p.ordinal else "")


def draft_set(sub: Submission, kind: str, out_dir: Path | str, *, templates: Path | str | None = None,
              pdf: bool = False, as_of: Optional[dt.date] = None, check: bool = True,
              overwrite: bool = True, checker=None) -> DraftResult:
    """Draft, verify and (optionally) convert; on failure nothing of this run is left behind.

    ``overwrite=False`` refuses (DraftError, code 2, listing them) when any document of this run
    exists already in ``out_dir`` — what the CLI does unless --force is given. ``checker(sub, as_of)``
    judges the submission with the drafted documents recorded (``plan.judge``; default: the checker
    in this process; the service passes its crash-isolated host's)."""
    from . import linter as lintmod
    from . import pdf as pdfmod

    out_dir = Path(out_dir)
    templates = Path(templates) if templates is not None else None
    try:
        if templates is not None and not templates.is_dir():
            raise DraftError((f"--templates：目录不存在：{templates}", f"--templates: no such directory: {templates}"), code=2)
    except OSError as e:        # e.g. a name too long for the file system
        raise DraftError((f"--templates：无法使用目录 {templates}：{os_reason(e)[0]}",
                          f"--templates: cannot use the directory {templates}: {os_reason(e)[1]}"), code=2)
    try:
        if out_dir.exists() and not out_dir.is_dir():
            raise DraftError((f"-o/--out：输出位置不是目录：{out_dir}", f"-o/--out: the output location is not a directory: {out_dir}"),
                             code=2)
    except OSError as e:
        raise DraftError((f"-o/--out：无法使用输出目录 {out_dir}：{os_reason(e)[0]}",
                          f"-o/--out: cannot use the output directory {out_dir}: {os_reason(e)[1]}"), code=2)
    if pdf and pdfmod.soffice() is None:
        raise DraftError((pdfmod.MISSING[0], pdfmod.MISSING[1]), code=2)

    result = DraftResult()
    docs = prepare(sub, kind, as_of=as_of, check=check, notes=result.notes, checker=checker)
    if not overwrite:        # never replace a document already there unless asked to
        names = [file_name(sub, p) for p, _, _ in docs]
        targets = [out_dir / (n + ext) for n in names for ext in ((".docx", ".pdf") if pdf else (".docx",))]
        existing = [t for t in targets if _exists(t)]
        if existing:
            raise DraftError(("以下文件已存在，未覆盖（使用 --force 覆盖）：", "these files exist; not overwritten (use --force):"),
                             [Problem(str(t), "已存在", "exists", "output") for t in existing], code=2)

    # custom templates are linted before use: a template without a mandatory clause never drafts
    chosen: dict[AgreementKind, tuple[Path, bool]] = {}
    lint_problems: list[Problem] = []
    for p, _, _ in docs:
        if p.kind in chosen:
            continue
        path, custom = template_for(p.kind, templates)
        chosen[p.kind] = (path, custom)
        if custom:
            lint_problems += lintmod.lint_file(path, p.kind, trial=False)
        elif templates is not None:
            result.notes.append((f"{templates} 中没有 {TEMPLATE_FILES[p.kind]}，使用内置模板",
                                 f"{templates} has no {TEMPLATE_FILES[p.kind]}; the built-in template was used"))
    if lint_problems:
        raise DraftError(("自定义模板检查未通过，未起草：", "the custom templates fail the lint; nothing drafted:"), lint_problems)

    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise DraftError((f"-o/--out：无法创建输出目录 {out_dir}：{os_reason(e)[0]}",
                          f"-o/--out: cannot create the output directory {out_dir}: {os_reason(e)[1]}"), code=2)
    written: list[Path] = []
    try:
        for p, terms, built in docs:
            template, _ = chosen[p.kind]
            final = out_dir / (file_name(sub, p) + ".docx")
            fd, tmp_name = tempfile.mkstemp(prefix=f".{final.stem}.", suffix=".docx", dir=out_dir)
            os.close(fd)
            tmp = Path(tmp_name)
            os.chmod(tmp, 0o666 & ~_umask())     # mkstemp makes 0600; a draft is an ordinary file
            written.append(tmp)
            try:
                render(template, built.context, tmp, built.image)
            except RenderFailure as e:
                raise DraftError(("起草失败，已删除本次输出：", "drafting failed; this run's output was deleted:"),
                                 [Problem(template.name, e.zh, e.en, "template")])
            problems = verify(tmp, built.expected, built.literals)
            if problems:
                raise DraftError(("读回核验未通过，已删除本次输出：", "read-back verification failed; this run's output was deleted:"),
                                 problems)
            os.replace(tmp, final)
            written[-1] = final
            result.documents.append(Drafted(p.kind, p, terms, built, template, carried_clauses(template), final))
        if pdf:
            written += [d.docx.with_suffix(".pdf") for d in result.documents]    # removed if conversion fails
            for d in result.documents:         # an old PDF must not pass for a new one
                d.docx.with_suffix(".pdf").unlink(missing_ok=True)
            pdfs = pdfmod.convert([d.docx for d in result.documents], out_dir)
            for d, pth in zip(result.documents, pdfs):
                d.pdf = pth
    except DraftError:
        _remove(written)
        raise
    except pdfmod.PdfFailure as e:
        _remove(written)
        raise DraftError(("PDF 转换失败，已删除本次输出：", "PDF conversion failed; this run's output was deleted:"),
                         [Problem("pdf", e.zh, e.en, "pdf")])
    except OSError as e:          # disk full, permissions: a clear message, never a traceback
        _remove(written)
        raise DraftError((f"-o/--out：无法写入输出目录 {out_dir}：{os_reason(e)[0]}",
                          f"-o/--out: cannot write to the output directory {out_dir}: {os_reason(e)[1]}"), code=2)
    except BaseException:
        _remove(written)
        raise
    return result


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError:
        return False


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _remove(paths: list[Path]) -> None:
    for p in paths:
        try:
            p.unlink()
        except OSError:
            pass


def draft(sub: Submission, kind: str | AgreementKind, out_dir: Path | str, templates: Path | str | None = None,
          pdf: bool = False, *, as_of: Optional[dt.date] = None, checker=None) -> list[Path]:
    """Draft ``kind`` (development | transfer | benefit | tripartite | all) into ``out_dir``.

    Returns the written files (.docx, and .pdf when asked). Raises DraftError — with the
    blocking findings or problems, each naming its field — when drafting is refused or fails.
    ``checker``: see ``draft_set``.
    """
    what = kind.value if isinstance(kind, AgreementKind) else str(kind)
    return draft_set(sub, what, out_dir, templates=templates, pdf=pdf, as_of=as_of, checker=checker).paths


__all__ = ["draft", "draft_set", "prepare", "DraftResult", "Drafted", "carried_clauses", "KINDS"]
