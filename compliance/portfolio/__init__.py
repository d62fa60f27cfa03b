"""Portfolio checks: many projects from one workbook, checked in parallel, plus cross-project rules.

``check_portfolio(path)`` reads a workbook or CSV folder (``compliance.submission.workbook``), checks every
valid project exactly as ``compliance check`` would (``compliance.checker.check``) in worker
processes, adds the cross-project findings (``compliance.rules.portfolio``: X-double-claim,
X-enclosure) and returns a ``BatchResult``; ``compliance.portfolio.report`` writes it as an
Excel workbook and JSON. The CLI is ``compliance batch`` (``compliance/batch.py``).
"""
from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

from compliance.rules.portfolio import PORTFOLIO_RULES, DoubleClaim, extract_unchecked, portfolio_findings
from .runner import Checked, Failed, Invalid, ProjectResult, Workers, default_workers

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
                    on_start: Callable[[int, int], None] | None = None,
                    on_done: Callable[[int], None] | None = None) -> BatchResult:
    """Check every project of a workbook / CSV folder; raises loader.InvalidSubmission only when
    nothing can be read (no such file, a required sheet missing)."""
    from compliance.submission import workbook as tabular

    started = time.perf_counter()
    workers = workers or default_workers()
    from compliance.submission import folder

    if not Path(path).exists():
        tabular.read(path)          # raises the usual "file not found" before any worker starts
    with Workers(workers, db, register, isolate) as pool:
        portfolio = folder.read(path) or tabular.read(path)    # a folder of YAML/JSON files, or sheets
        return _check(portfolio, pool, as_of, started, on_start, on_done)


def _check(portfolio, pool: Workers, as_of, started, on_start, on_done) -> BatchResult:
    from compliance.submission import workbook as tabular

    workers = pool.workers
    n = len(portfolio)
    results: list[ProjectResult] = [None] * n        # type: ignore[list-item]
    total_plots = sum(portfolio.plot_count(pid) for pid in portfolio.order)
    if on_start:
        on_start(n, total_plots)

    def items():
        for pi in portfolio.projects():
            res = ProjectResult(pi.index, pi.project_id, pi.origin)
            results[pi.index] = res
            if not pi.readable:     # bad cells: report every problem of the project, do not check it
                own = getattr(portfolio, "validate_project", None)
                res.errors = (own(pi) if own else tabular.validate_project(portfolio, pi))[1]
                if on_done:
                    on_done(1)
                continue
            yield pi.index, pi.project_id, pi.data, f"{portfolio.source}#{pi.project_id}", pi.plot_count

    for outcome in pool.run(items(), as_of=as_of, total_plots=total_plots, on_done=on_done):
        res = results[outcome.index]
        if isinstance(outcome, Checked):
            res.report = outcome.report
            res.extract = outcome.extract
        elif isinstance(outcome, Invalid):
            own = getattr(portfolio, "row_errors", None)
            res.errors.extend(own(res.project_id, res.origin, outcome.problems) if own
                              else tabular.row_errors(portfolio.sheets, res.project_id, res.origin, outcome.problems))
        elif isinstance(outcome, Failed):
            res.failure = outcome.message
            res.failure_zh = outcome.message_zh

    checked = [r for r in results if r.report is not None]
    unchecked = [extract_unchecked(r.project_id, portfolio.project(r.index).data)
                 for r in results if r.report is None and not r.failure]
    cross, claims = portfolio_findings([r.extract for r in checked], unchecked)
    claims = [c for c in claims if c.owner in {r.project_id for r in checked}]
    for r in checked:
        extra = cross.get(r.project_id)
        if extra:
            r.report.findings = sorted([*r.report.findings, *extra], key=_sort_key)
            if "portfolio" not in r.report.rulesets:
                r.report.rulesets = [*r.report.rulesets, "portfolio"]
    order = {name: i for i, name in enumerate(tabular.sheet_names())}
    errors = [*portfolio.errors, *(e for r in results for e in r.errors)]
    errors.sort(key=lambda e: (order.get(e.sheet, 99), str(e.sheet), str(e.row), e.column))
    return BatchResult(portfolio.source, as_of, results, errors, claims, time.perf_counter() - started, workers, portfolio)
