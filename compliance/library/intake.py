"""Reading a submission sent over HTTP: JSON, YAML or an uploaded file (yaml/json/xlsx/csv).

The same loader the CLI uses (``compliance.submission.files``; workbooks through
``compliance.submission.workbook``): the problems, with their field paths, are the CLI's.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from compliance.submission import files as loader
from compliance.submission.files import InvalidSubmission, Problem

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".csv")


def from_data(data: Any, source: str = "<request>"):
    """A parsed JSON body → validated submission (InvalidSubmission lists every problem)."""
    return loader.validate(data, source)


def from_text(raw: bytes, source: str, suffix: str):
    """YAML or JSON bytes → validated submission."""
    if len(raw) > loader.MAX_BYTES:
        raise InvalidSubmission(source, [Problem("", "file_too_large", {"size": len(raw), "max": loader.MAX_BYTES})])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError:
            raise InvalidSubmission(source, [Problem("", "encoding", {})]) from None
    return loader.validate(loader.parse_text(text, source, suffix), source, inspected=True)   # parse_text inspected it


def submissions(raw: bytes, name: str) -> list:
    """The validated submissions of a request body: ``name`` says how to read it (``request.json``,
    ``request.yaml``: the body itself; else an uploaded file of that name, see ``from_upload``)."""
    if name in ("request.yaml", "request.json"):
        return [from_text(raw, name, ".yaml" if name.endswith("yaml") else ".json")]
    return from_upload(raw, name)


def source_of(name: str, subs: list, sub) -> str:
    """The ``source`` of a check document: the upload's name (``NAME#PROJECT`` inside a workbook)."""
    return name if len(subs) == 1 else f"{name}#{sub.project.id}"


def from_upload(raw: bytes, filename: str) -> list:
    """An uploaded file → its submissions: one for YAML/JSON, every project of a workbook.

    A workbook with invalid rows raises InvalidSubmission with the problems of every project
    (sheet/row/column in the message, as ``compliance batch`` reports them)."""
    name = Path(filename or "upload.yaml").name
    suffix = Path(name).suffix.lower()
    if suffix in WORKBOOK_SUFFIXES or raw[:4] == b"PK\x03\x04":
        return _workbook(raw, name, suffix if suffix in WORKBOOK_SUFFIXES else ".xlsx")
    return [from_text(raw, name, ".json" if suffix == ".json" else ".yaml")]


def _workbook(raw: bytes, name: str, suffix: str) -> list:
    from compliance.submission import workbook

    if len(raw) > loader.MAX_BYTES:
        raise InvalidSubmission(name, [Problem("", "file_too_large", {"size": len(raw), "max": loader.MAX_BYTES})])
    fd, tmp = tempfile.mkstemp(suffix=suffix)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(raw)
        try:
            portfolio = workbook.read(tmp)
        except InvalidSubmission as e:
            raise InvalidSubmission(name, e.problems) from None
        except Exception as e:  # noqa: BLE001 - a file that is not a workbook at all
            raise InvalidSubmission(name, [Problem("", "unreadable", {"msg": f"{type(e).__name__}: {e}"[:200]})]) from None
        subs, problems = [], []
        for err in portfolio.errors:
            problems.append(_row_problem(err))
        for pi in portfolio.projects():
            sub, errors = workbook.validate_project(portfolio, pi)
            problems.extend(_row_problem(e) for e in errors)
            if sub is not None:
                subs.append(sub)
        if problems:
            raise InvalidSubmission(name, problems)
        if not subs:
            raise InvalidSubmission(name, [Problem("projects", "too_short", {"min_length": 1})])
        return subs
    finally:
        os.unlink(tmp)


class _RowProblem(Problem):
    """A workbook problem, located by sheet, row and column as ``compliance batch`` reports it."""

    def __init__(self, err):
        super().__init__(err.path or err.where("en"), getattr(err.problem, "type", "workbook_cell"))
        self._err = err

    def message(self, lang: str = "zh") -> str:
        return self._err.render(lang)

    def as_dict(self, lang: str = "zh") -> dict:
        return {**self._err.as_dict(lang), "message": self._err.render(lang)}


def _row_problem(err) -> Problem:
    return _RowProblem(err)
