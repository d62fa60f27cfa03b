"""A folder of submission files (YAML/JSON, one project each) read as one portfolio.

Projects drafted one by one are checked together by ``compliance batch FOLDER``: every
``*.yaml``, ``*.yml`` and ``*.json`` file of the folder (not its subfolders) is one project,
checked exactly as ``compliance check`` would, and the cross-project rules (X-double-claim,
X-overlap …) run over all of them. A relative ``project.geometry_file`` is read from the
file's own folder. Input problems are reported by file and field path.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

from compliance.submission.files import InvalidSubmission, Problem, read_file

SUFFIXES = (".yaml", ".yml", ".json")


def is_submission_folder(path: Path) -> bool:
    """A folder of submission files (and no CSV sheets, which make it a tabular portfolio)."""
    p = Path(path)
    if not p.is_dir():
        return False
    files = [f for f in p.iterdir() if f.is_file()]
    return any(f.suffix.lower() in SUFFIXES for f in files) and not any(f.suffix.lower() == ".csv" for f in files)


@dataclass
class FileError:
    """One input problem of a submission file (the batch report's input-problems table)."""

    sheet: str          # the file name (the report's "sheet" column)
    row: str
    column: str         # the field path
    project: str
    problem: Problem
    path: str = ""

    def where(self, lang: str = "zh") -> str:
        return f"{self.sheet}" + (f" {self.column}" if self.column else "")

    def message(self, lang: str = "zh") -> str:
        return self.problem.message(lang)

    def render(self, lang: str = "zh") -> str:
        return f"{self.where(lang)}：{self.message(lang)}" if lang == "zh" else f"{self.where(lang)}: {self.message(lang)}"

    def as_dict(self, lang: str = "zh") -> dict:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "project": self.project,
                "type": self.problem.type, "path": self.path, "message": self.message(lang)}


@dataclass
class FileOrigin:
    project_row: str     # the file name stands where a workbook has its row number
    file: str = ""


@dataclass
class FileProject:
    index: int
    project_id: str
    data: dict
    origin: FileOrigin
    row_errors: list
    plot_count: int = 0

    @property
    def readable(self) -> bool:
        return not self.row_errors


class SubmissionFolder:
    """The Portfolio interface (``compliance.portfolio.check_portfolio``) over submission files."""

    def __init__(self, path: Path):
        self.source = str(path)
        self.folder = Path(path)
        self.errors: list = []
        self.sheets: dict = {}
        self._projects: list[FileProject] = []
        seen: dict[str, str] = {}
        files = sorted(f for f in self.folder.iterdir() if f.is_file() and f.suffix.lower() in SUFFIXES)
        for f in files:
            try:
                data = read_file(f)
            except InvalidSubmission as e:
                pid = f.stem
                self._add(pid, {}, f, [FileError(f.name, f.name, p.path, pid, p, p.path) for p in e.problems])
                continue
            head = data.get("project") if isinstance(data, dict) else None
            pid = str(head.get("id")).strip() if isinstance(head, dict) and head.get("id") is not None else f.stem
            errors = []
            if pid in seen:
                errors.append(FileError(f.name, f.name, "project.id", pid, Problem("project.id", "duplicate_id", {"value": pid}), "project.id"))
                pid = f"{pid}@{f.name}"
            seen[pid] = f.name
            if isinstance(head, dict) and isinstance(head.get("geometry_file"), str):
                gf = Path(head["geometry_file"])
                if not gf.is_absolute():
                    head["geometry_file"] = str((f.parent / gf).resolve())
            self._add(pid, data if isinstance(data, dict) else {}, f, errors)
        if not self._projects:
            raise InvalidSubmission(self.source, [Problem("", "file_not_found", {})])

    def _add(self, pid, data, f: Path, errors):
        plots = data.get("plots") if isinstance(data, dict) else None
        n = len(plots) if isinstance(plots, list) else 0
        self._projects.append(FileProject(len(self._projects), pid, data, FileOrigin(f.name, str(f)), errors, n))

    @property
    def order(self) -> list[str]:
        return [p.project_id for p in self._projects]

    def __len__(self) -> int:
        return len(self._projects)

    def plot_count(self, pid: str) -> int:
        return next((p.plot_count for p in self._projects if p.project_id == pid), 0)

    def project(self, index: int) -> FileProject:
        return self._projects[index]

    def projects(self) -> Iterator[FileProject]:
        return iter(self._projects)

    def row_errors(self, pid: str, origin: FileOrigin, problems: list[Problem]) -> list[FileError]:
        return [FileError(origin.project_row, origin.project_row, p.path, pid, p, p.path) for p in problems]

    def validate_project(self, pi: FileProject):
        from compliance.submission.files import validate

        if pi.row_errors:
            return None, list(pi.row_errors)
        try:
            return validate(pi.data, pi.origin.file), []
        except InvalidSubmission as e:
            return None, self.row_errors(pi.project_id, pi.origin, e.problems)

    def locate(self, origin, path: str):
        return origin.project_row, "", path


def read(path: Path) -> Optional[SubmissionFolder]:
    return SubmissionFolder(Path(path)) if is_submission_folder(Path(path)) else None
