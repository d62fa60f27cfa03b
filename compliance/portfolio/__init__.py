"""Portfolio checks: many projects from one workbook, checked in parallel, plus cross-project rules.

``check_portfolio(path)`` reads a workbook or CSV folder (``compliance.submission.workbook``), checks every
valid project exactly as ``compliance check`` would (``compliance.checker.check``) in worker
processes, adds the cross-project findings (``compliance.portfolio.cross`` finds the conflicts, the rules declared in
``compliance.rules.portfolio`` decide: X-double-claim, X-enclosure, X-overlap) and returns a ``BatchResult``; ``compliance.portfolio.report`` writes it as an
Excel workbook and JSON. The CLI is ``compliance batch`` (``compliance/batch.py``).
"""
from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

from compliance.rules.portfolio import PORTFOLIO_RULES, extract_unchecked
from .cross import DoubleClaim
from .runner import Checked, Failed, Invalid, ProjectResult

__all__ = ["BatchResult", "PORTFOLIO_RULES", "check_portfolio", "ProjectResult"]


@dataclass
class BatchResult:
    source: str
    as_of: Optional[dt.date]
    projects: list[ProjectResult]               # in the order of the projects sheet
    errors: list                                # every input problem (compliance.submission.workbook.RowError)
    double_claims: list[DoubleClaim] = field(default_factory=list)
    elapsed: float = 0.0
    workers: int = 1
    portfolio: object = None                    # compliance.submission.workbook.Portfolio (to locate findings)
    register_head: Optional[tuple] = None       # (url, seq, hash) of the sanctions register consulted, if any

    @property
    def checked(self) -> list[ProjectResult]:
        return [p for p in self.projects if p.report is not None]

    @property
    def invalid(self) -> list[ProjectResult]:
        return [p for p in self.projects if p.report is None and not p.failure]

    @property
    def failed(self) -> list[ProjectResult]:
        return [p for p in self.projects if p.failure]

    @property
    def plots(self) -> int:
        return sum(len(p.extract.plots) for p in self.checked if p.extract)

    @property
    def blocking(self) -> bool:
        return any(p.report.blocking for p in self.checked)

    @property
    def exit_code(self) -> int:
        if self.failed:
            return 3
        if self.errors:
            return 2
        return 1 if self.blocking else 0


def _sort_key(f):
    return (f.severity.rank, f.rule, f.path, f.message_zh)


def check_portfolio(path: str | Path, as_of: Optional[dt.date] = None, *, workers: Optional[int] = None,
                    db: Optional[str] = None, register: bool = True, isolate: bool = False,
                    scheduler: Optional[str] = None,
                    on_start: Callable[[int, int], None] | None = None,
                    on_done: Callable[[int], None] | None = None) -> BatchResult:
    """Check every project of a workbook / CSV folder / folder of YAML or JSON files / folder of
    Parquet partitions; raises InvalidSubmission only when nothing can be read (no such file, a
    required sheet missing). ``scheduler`` (tcp://HOST:PORT): run on that Dask cluster
    (``backends.dask``), with the same result as the local worker processes; it raises
    ``backends.dask.ClusterUnavailable`` when the cluster cannot be used."""
    from compliance.submission import folder
    from compliance.submission import workbook as tabular

    from . import partitions
    from .backends import open_backend

    from compliance.submission.files import paused_gc

    started = time.perf_counter()
    if not Path(path).exists():
        tabular.read(path)          # raises the usual "file not found" before any worker starts
    partitioned = partitions.is_partitioned(path)
    # The cyclic GC paused for the batch: reading holds millions of cell strings, and each full
    # collection while the outcomes arrive would walk them all (~2 s of this process's 6 s CPU for
    # 10,000 projects). What the batch builds is freed by reference counting.
    with paused_gc(), open_backend(scheduler, workers, db, register, isolate) as pool:
        if partitioned:
            source = partitions.read(path)
            return _check(source, source.parts(), pool, as_of, started, on_start, on_done)
        portfolio = folder.read(path) or tabular.read(path)    # a folder of YAML/JSON files, or sheets
        return _check(portfolio, [portfolio], pool, as_of, started, on_start, on_done)


def _check(source, parts, pool, as_of, started, on_start, on_done) -> BatchResult:
    """``source``: the Portfolio, or the Partitioned folder whose ``parts`` (read lazily, one at
    a time) are Portfolios; project indexes run on across parts."""
    from compliance.submission import workbook as tabular

    from .partitions import Partitioned

    workers = pool.workers
    results: list[ProjectResult] = []
    unchecked: dict[int, object] = {}
    part_errors: list = []
    partitioned = isinstance(source, Partitioned)
    if partitioned:
        n, total_plots, header = source.projects, source.plots, source.header
    else:
        n, total_plots = len(source), sum(source.plot_count(pid) for pid in source.order)
        header = getattr(source, "sheets", {})
    own_row_errors = None if partitioned else getattr(source, "row_errors", None)   # a YAML/JSON folder's own
    if on_start:
        on_start(n, total_plots)
    if n >= WARM_PROJECTS:
        import threading

        threading.Thread(target=_warm_imports, name="compliance-warm-imports", daemon=True).start()

    def items():
        from compliance.submission.folder import SubmissionFolder

        from .runner import Source

        seen: set[str] = set()
        for part in parts:
            base = len(results)
            # data already inspected (parsed files; workbook cells checked by the reader): not walked again
            inspected = isinstance(part, SubmissionFolder) or getattr(part, "inspected", False) is True
            for pi in part.projects():
                res = ProjectResult(base + pi.index, pi.project_id, pi.origin)
                results.append(res)
                if pi.project_id in seen:       # the same project id in two partitions
                    pi.row_errors.append(tabular.RowError("projects", pi.origin.project_row, tabular.KEY, pi.project_id,
                                                          tabular.TabularProblem("", "duplicate_project", {}, pi.project_id)))
                seen.add(pi.project_id)
                if not pi.readable:     # bad cells: report every problem of the project, do not check it
                    own = getattr(part, "validate_project", None)
                    res.errors = (own(pi) if own else tabular.validate_project(part, pi))[1]
                    unchecked[res.index] = extract_unchecked(pi.project_id, pi.data)
                    if on_done:
                        on_done(1)
                    continue
                yield res.index, pi.project_id, pi.data, Source.of(f"{part.source}#{pi.project_id}", inspected), pi.plot_count
            part_errors.extend(e for e in part.errors if e not in part_errors)

    for outcome in pool.run(items(), as_of=as_of, total_plots=total_plots, on_done=on_done):
        res = results[outcome.index]
        if isinstance(outcome, Checked):
            res.report = outcome.report
            res.extract = outcome.extract
        elif isinstance(outcome, Invalid):
            res.errors.extend(own_row_errors(res.project_id, res.origin, outcome.problems) if own_row_errors
                              else tabular.row_errors(header, res.project_id, res.origin, outcome.problems))
            if outcome.extract is not None:
                unchecked[res.index] = outcome.extract
        elif isinstance(outcome, Failed):
            res.failure = outcome.message
            res.failure_zh = outcome.message_zh

    checked = [r for r in results if r.report is not None]
    cross, claims = pool.cross([r.extract for r in checked], [unchecked[i] for i in sorted(unchecked)])
    checked_ids = {r.project_id for r in checked}
    claims = [c for c in claims if c.owner in checked_ids]
    for r in checked:
        extra = cross.get(r.project_id)
        if extra:
            r.report.findings = sorted([*r.report.findings, *extra], key=_sort_key)
            if "portfolio" not in r.report.rulesets:
                r.report.rulesets = [*r.report.rulesets, "portfolio"]
    order = {name: i for i, name in enumerate(tabular.sheet_names())}
    errors = [*part_errors, *(e for r in results for e in r.errors)]
    errors.sort(key=lambda e: (order.get(e.sheet, 99), str(e.sheet), str(e.row), e.column))
    located = _Located(source.source, header) if partitioned else source
    return BatchResult(source.source, as_of, results, errors, claims, time.perf_counter() - started, workers, located)


WARM_PROJECTS = 500


def _warm_imports() -> None:
    """What the cross-project step and the report import, imported while the workers check (this
    process mostly waits then) instead of after them."""
    try:
        import numpy  # noqa: F401
        import pandas  # noqa: F401
        import openpyxl  # noqa: F401
        from openpyxl.cell import WriteOnlyCell  # noqa: F401

        from compliance.checker.catalogue import rulebase_version

        rulebase_version()
    except Exception:   # noqa: BLE001 - an optimisation only: the step imports what it needs itself
        pass


@dataclass
class _Located:
    """What the report needs to locate findings in partitioned input: the sheets' columns."""

    source: str
    sheets: dict
