"""A portfolio as a folder of Parquet partitions, read one partition at a time.

Layout (README "Batch checks"): one folder per sheet of the tabular form, each holding
``.parquet`` files with that sheet's columns (``project_id``, ``id``, ``county``, dotted names as
``crediting_period.start`` …)::

    INPUT/projects/part-00000.parquet       one row per project (required)
    INPUT/parties/part-00000.parquet        the parties of those projects (required folder)
    INPUT/parties/shared.parquet            parties shared by every project (project_id empty; optional)
    INPUT/plots/part-00000.parquet          their plots (required folder)
    INPUT/agreements/part-00000.parquet     their agreements (required folder)
    INPUT/reviews|notices|registrations/part-00000.parquet     (optional)

A partition is named by its file in ``projects/``; the file of the same name in every other
folder holds the rows of that partition's projects (a missing file: none). Values are typed
(strings, numbers, dates, booleans; null = empty cell) or text as in a CSV cell. Row numbers in
messages count through a folder's files in name order as if they were one sheet (header = row
1; ``parties/shared.parquet`` first). Only one partition's rows are in memory at a time.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

from compliance.submission import workbook as tabular
from compliance.submission.files import InvalidSubmission, Problem

SHARED = "shared"
SUFFIX = ".parquet"


def is_partitioned(path) -> bool:
    p = Path(path)
    return p.is_dir() and (p / "projects").is_dir() and any((p / "projects").glob("*" + SUFFIX))


def _rows(f: Path) -> int:
    import pyarrow.parquet as pq

    return pq.ParquetFile(f).metadata.num_rows


def _frame(f: Path, source: str):
    import pyarrow.parquet as pq

    try:
        df = pq.read_table(f).to_pandas(date_as_object=True)
    except Exception as e:    # ArrowInvalid, OSError: never a traceback
        raise InvalidSubmission(f"{source}/{f.parent.name}/{f.name}",
                                [tabular.TabularProblem("", "workbook_unreadable", {"msg": str(e)[:200] or type(e).__name__})])
    return df.astype(object)


class PartPortfolio(tabular.Portfolio):
    """One partition, read as a workbook whose row numbers continue those of the partitions before it."""

    def __init__(self, tables: tabular.Tables, rows: dict[str, list[int]]):
        super().__init__(tables)
        # renumber: row i of this partition's frame is rows[sheet][i] of the folder, not i + 2
        for name, sh in self.sheets.items():
            numbers = rows[name]
            sh.rows = list(numbers)

            def renumber(e, name=name, numbers=numbers):
                if e.sheet == name and isinstance(e.row, int) and 2 <= e.row < len(numbers) + 2:
                    e.row = numbers[e.row - 2]

            for e in self.errors:
                renumber(e)
            for errs in getattr(self, "tainted", {}).values():
                for e in errs:
                    renumber(e)


class Partitioned:
    """The partitions of ``path``; ``parts()`` reads them one after another."""

    def __init__(self, path):
        self.path = Path(path)
        self.source = str(path)
        folders = {}
        for d in sorted(self.path.iterdir()):
            if d.is_dir():
                name = tabular._sheet_name(d.name)
                if name in tabular.specs() and name not in folders:
                    folders[name] = d
        missing = [s for s in tabular.REQUIRED_SHEETS if s not in folders]
        if missing:
            raise InvalidSubmission(self.source, [tabular.TabularProblem(s, "missing_sheet", {"sheet": s}) for s in missing])
        self.folders = folders
        self.names = [f.stem for f in sorted(folders["projects"].glob("*" + SUFFIX))]
        self.files = {name: {f.stem: f for f in sorted(d.glob("*" + SUFFIX))} for name, d in folders.items()}
        # where each file's rows start in its folder's numbering (header = row 1)
        self.starts: dict[str, dict[str, int]] = {}
        self.counts: dict[str, dict[str, int]] = {}
        for name, files in self.files.items():
            start, self.starts[name], self.counts[name] = 2, {}, {}
            order = ([SHARED] if name == "parties" and SHARED in files else []) + [s for s in files if s != SHARED]
            for stem in order:
                n = _rows(files[stem])
                self.starts[name][stem], self.counts[name][stem] = start, n
                start += n
        self.header: dict[str, tabular.Sheet] = {}       # the union of the partitions' columns, for locating

    @property
    def projects(self) -> int:
        return sum(self.counts["projects"].get(s, 0) for s in self.names)

    @property
    def plots(self) -> int:
        return sum(self.counts["plots"].values())

    def _rows_of(self, name: str, stem: str) -> list[int]:
        n, start = self.counts[name].get(stem, 0), self.starts[name].get(stem, 2)
        return list(range(start, start + n))

    def part(self, stem: str) -> PartPortfolio:
        import pandas as pd

        frames, rows = {}, {}
        for name, files in self.files.items():
            parts, numbers = [], []
            if name == "parties" and SHARED in files:
                parts.append(_frame(files[SHARED], self.source))
                numbers += self._rows_of(name, SHARED)
            if stem in files:
                parts.append(_frame(files[stem], self.source))
                numbers += self._rows_of(name, stem)
            if not parts:
                parts.append(pd.DataFrame({tabular.KEY: pd.Series(dtype=object)}))
            frames[name] = parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)
            frames[name].columns = [str(c).strip() for c in frames[name].columns]
            rows[name] = numbers
        part = PartPortfolio(tabular.Tables(f"{self.source}/{stem}", frames), rows)
        for name, sh in part.sheets.items():
            head = self.header.get(name)
            if head is None:
                self.header[name] = tabular.Sheet(name, sh.spec, list(sh.columns), {}, [], [], [])
            else:
                head.columns.extend(c for c in sh.columns if c not in head.columns)
        return part

    def parts(self) -> Iterator[PartPortfolio]:
        for stem in self.names:
            yield self.part(stem)


def read(path) -> Partitioned:
    p = Path(path)
    if not p.exists():
        raise InvalidSubmission(str(path), [Problem("", "file_not_found", {})])
    return Partitioned(p)


def write(frames: dict, folder, rows_per_part: int = 100_000) -> Path:
    """Write sheets (DataFrames keyed by sheet name, as ``benchmarks/synth.py`` makes them) as
    partitions: projects split into groups of about ``rows_per_part`` plots, every sheet's rows
    following their project; parties without project_id go to ``parties/shared.parquet``."""
    import pandas as pd

    folder = Path(folder)
    frames = {k: (v if isinstance(v, pd.DataFrame) else pd.DataFrame(v)) for k, v in frames.items()}
    projects = frames["projects"]
    plots_per = frames["plots"].groupby(tabular.KEY, sort=False).size() if len(frames["plots"]) else pd.Series(dtype=int)
    part_of, part, size = {}, 0, 0
    for pid in projects[tabular.KEY]:
        part_of[pid] = part
        size += int(plots_per.get(pid, 0)) + 1
        if size >= rows_per_part:
            part, size = part + 1, 0
    for name, df in frames.items():
        d = folder / name
        d.mkdir(parents=True, exist_ok=True)
        df = df.astype(object).where(df.notna(), None)
        key = df[tabular.KEY] if tabular.KEY in df else pd.Series([None] * len(df))
        shared = key.isna() | (key.astype(str).str.strip() == "")
        if name == "parties" and shared.any():
            _write_part(df[shared], d / f"{SHARED}{SUFFIX}")
        df = df[~shared]
        groups = key[~shared].map(part_of)
        for n in sorted(set(part_of.values())):
            _write_part(df[(groups == n).to_numpy()], d / f"part-{n:05d}{SUFFIX}")
    return folder


def _write_part(df, path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    cols = {}
    for c in df.columns:
        values = [None if v is None else v if isinstance(v, (int, float, bool, str)) else str(v) for v in df[c]]
        try:
            cols[c] = pa.array(values)
        except (pa.ArrowInvalid, pa.ArrowTypeError):      # mixed kinds: as text, as a CSV cell
            cols[c] = pa.array([None if v is None else str(v) for v in values], type=pa.string())
    pq.write_table(pa.table(cols), path)
