"""Agreement drafting (湘林基〔2025〕5号 第十五条): development, resource-transfer, benefit-distribution
and tripartite agreements as Word documents rendered from editable templates, read back and
verified before they are handed out.

    from compliance.agreements import draft
    paths = draft(submission, "all", "out/")

Heavy libraries (docxtpl, python-docx, cn2an) load only when a document is drafted.
"""
from __future__ import annotations

from .problems import DraftError, Problem
from .spec import KINDS, REQUIRED, SPECS, TEMPLATE_FILES


def draft(sub, kind, out_dir, templates=None, pdf=False, *, as_of=None):
    """Draft ``kind`` (development | transfer | benefit | tripartite | all) into ``out_dir``.

    Returns the written paths (.docx, and .pdf with ``pdf=True``). Raises DraftError, listing
    the blocking findings or problems each with its field, when drafting is refused or fails;
    nothing of a failed run is left in ``out_dir``.
    """
    from .drafter import draft as _draft

    return _draft(sub, kind, out_dir, templates, pdf, as_of=as_of)


def lint(directory):
    """Lint the templates in ``directory``; returns a LintReport (``.ok``, ``.problems``)."""
    from .linter import lint_dir

    return lint_dir(directory)


__all__ = ["draft", "lint", "DraftError", "Problem", "KINDS", "REQUIRED", "SPECS", "TEMPLATE_FILES"]
