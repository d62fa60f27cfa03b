"""Check every project of a portfolio in worker processes, one engine host per worker.

The durable_rules engine holds the GIL, so parallelism is by processes (spawned, so that no
worker inherits a half-used engine). Projects travel in chunks of about ``CHUNK_PLOTS`` plots
to amortise IPC; at most a few chunks are in flight, so memory stays flat however big the
workbook. Each worker validates a project's dict with ``compliance.submission.files.validate`` and judges
it with ``compliance.checker.check`` — exactly what ``compliance check`` does — and returns the
report plus the few fields the cross-project rules need.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Optional

from compliance.rules.portfolio import Extract, extract

CHUNK_PLOTS = 2000
CHUNK_PROJECTS = 100
INFLIGHT_PER_WORKER = 3
MAX_RESTARTS = 10        # fresh pools after worker crashes before giving up on the rest

CRASHED = ("检查该项目时工作进程崩溃（单独重新检查时再次崩溃），检查未完成",
           "the worker process crashed while checking this project (it crashed again when re-checked alone); "
           "check not completed")
NO_WORKERS = ("工作进程多次崩溃且无法重新启动，未检查",
              "worker processes kept crashing and could not be restarted; not checked")


@dataclass
class Checked:
    index: int
    report: object            # compliance.checker.Report
    extract: Extract


@dataclass
class Invalid:
    index: int
    project_id: str
    problems: list            # compliance.submission.files.Problem
    extract: Optional[Extract] = None     # its plots as far as they could be read (they still count as claims)


@dataclass
class Failed:
    index: int
    project_id: str
    message: str              # English (technical detail: exception text)
    message_zh: str = ""      # Chinese, when the failure is the batch's own (e.g. a worker crash)


Outcome = Checked | Invalid | Failed

_LOOKUP = None
_READY = False


def sanctions_lookup(db: Optional[str], enabled: bool = True):
    """The register lookup `compliance check` uses (None when disabled or no register exists)."""
    if not enabled:
        return None
    from ..penalties.provider import checker_provider

    return checker_provider(db)


def init_worker(db: Optional[str], register: bool) -> None:
    """Per process: one engine host, the rule base discovered once, the register opened once."""
    global _LOOKUP, _READY
    import signal
    import multiprocessing as mp

    if mp.parent_process() is not None:       # a worker: Ctrl-C is the parent's to handle
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    from ..checker import all_rulesets
    from compliance.checker.engine import get_engine

    all_rulesets()
    get_engine()
    _LOOKUP = sanctions_lookup(db, register)
    _READY = True


class Source(str):
    """Where a project's data came from (``workbook#project``); ``inspected``: the data already
    meets ``files.inspect``'s bounds (a YAML/JSON file parsed by ``files.parse_text``, workbook cells
    checked by the reader), so the worker does not walk it a second time."""

    inspected = False

    @classmethod
    def of(cls, name: str, inspected: bool) -> "Source":
        s = cls(name)
        s.inspected = bool(inspected)
        return s


def check_one(index: int, project_id: str, data: dict, as_of: Optional[dt.date], source: str) -> Outcome:
    from ..checker import check
    from compliance.checker.engine import EngineError
    from compliance.submission.files import InvalidSubmission, validate
    from ..penalties.messages import RegisterError
    from ..rules.base import RuleConflict

    inspected = getattr(source, "inspected", False)
    source = str(source)
    try:
        sub = validate(data, source, inspected=inspected)
    except InvalidSubmission as e:
        from compliance.rules.portfolio import extract_unchecked

        return Invalid(index, project_id, e.problems, extract_unchecked(project_id, data))
    try:
        report = check(sub, as_of, sanctions=_LOOKUP, source=source)
        return Checked(index, report, extract(sub, report.as_of))
    except (EngineError, RuleConflict) as e:
        return Failed(index, project_id, str(e))
    except RegisterError as e:   # a register that does not verify: never "no sanction"
        return Failed(index, project_id, e.render("en"), e.render("zh"))
    except Exception as e:   # a bug must surface as a failure, never as "no finding"
        return Failed(index, project_id, f"{type(e).__name__}: {e}")


def run_chunk(items: list[tuple[int, str, dict, str]], as_of: Optional[dt.date]) -> list[Outcome]:
    from compliance.submission.files import paused_gc

    with paused_gc():        # a chunk's objects are freed by reference counting once it is sent back
        return [check_one(i, pid, data, as_of, source) for i, pid, data, source in items]


def chunks(items: Iterable[tuple[int, str, dict, str, int]], plots: int = CHUNK_PLOTS,
           projects: int = CHUNK_PROJECTS) -> Iterator[list[tuple[int, str, dict, str]]]:
    """Group (index, id, data, source, plot count) into chunks of about ``plots`` plots."""
    chunk: list = []
    size = 0
    for index, pid, data, source, n in items:
        chunk.append((index, pid, data, source))
        size += n + 1
        if size >= plots or len(chunk) >= projects:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def chunk_plots(total_plots: int, workers: int) -> int:
    """Chunks small enough that every worker gets several (a smooth progress bar), big enough to amortise IPC."""
    return max(50, min(CHUNK_PLOTS, total_plots // max(1, workers * 8) or 50))


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:   # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _ready() -> int:
    return os.getpid()


class Workers:
    """The worker processes of one batch, started before the input is read: spawning is cheapest
    while the parent is small, and the workers import the rule base while the parent reads.
    ``workers <= 1`` checks in this process (one engine host here).

    A worker that dies (the engine crashing on some input) breaks the whole pool, and with it
    every chunk in flight. Those chunks' projects are then re-run one by one in a fresh pool, so
    that healthy projects are reported as checked and only the project that crashes a worker again
    on its own is reported as failed, by name."""

    def __init__(self, workers: int, db: Optional[str] = None, register: bool = True, isolate: bool = False):
        self.workers = max(1, workers)
        self.db, self.register = db, register
        self.isolate = isolate      # one worker process even for workers=1 (`compliance batch` always isolates)
        self.pool = None
        self.restarts = 0
        self.dead = False           # the pool could not be restarted: the rest is reported as failed

    def _start(self) -> None:
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        self.pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=mp.get_context("spawn"),
                                        initializer=init_worker, initargs=(self.db, self.register))
        for _ in range(self.workers):       # one task each makes the pool start every worker now
            self.pool.submit(_ready)

    def _restart(self) -> bool:
        """A fresh pool after a worker died; False when none can be had (too many crashes, or the
        new workers die before checking anything)."""
        from concurrent.futures.process import BrokenProcessPool

        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
        self.restarts += 1
        if self.restarts > MAX_RESTARTS:
            self.dead = True
            return False
        try:
            self._start()
            self.pool.submit(_ready).result()
        except (BrokenProcessPool, OSError):
            self.dead = True
            return False
        return True

    def __enter__(self) -> "Workers":
        if self.workers > 1 or self.isolate:
            self._start()
        elif not _READY:
            init_worker(self.db, self.register)
        return self

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def match(self, rule, params: dict, facts: list) -> list:
        """The cross-project steps' engine calls (``cross.run_steps``'s ``match``) in a worker of
        the pool: a worker that dies on them is retried once in a fresh pool, then the batch fails
        with ``WorkerCrashed`` (exit 3) -- never a dead parent. Without a pool (``workers <= 1``
        and not isolated) the engine of this process matches."""
        from concurrent.futures.process import BrokenProcessPool

        from compliance.checker.isolate import RETRIES, WorkerCrashed, match_facts

        if self.pool is None and not self.dead:
            from .cross import local_match

            return local_match(rule, params, facts)
        attempts = 0
        while True:
            attempts += 1
            try:
                if self.pool is None:
                    raise BrokenProcessPool("no worker pool")
                pairs = self.pool.submit(match_facts, rule.id, params, facts).result()
                return [(action, facts[i]) for action, i in pairs]
            except BrokenProcessPool:
                if attempts > RETRIES or not self._restart():
                    raise WorkerCrashed(f"{rule.id} (cross-project)", "a worker process died", attempts) from None

    def run(self, items: Iterable[tuple[int, str, dict, str, int]], *, as_of: Optional[dt.date],
            total_plots: int = 0, on_done: Callable[[int], None] | None = None) -> Iterator[Outcome]:
        """Check the projects; yields outcomes as they finish (not in input order)."""
        plots = chunk_plots(total_plots, self.workers)
        if self.pool is None and not self.dead:
            for chunk in chunks(items, plots):
                outcomes = run_chunk(chunk, as_of)
                yield from outcomes
                if on_done:
                    on_done(len(outcomes))
            return

        from concurrent.futures import FIRST_COMPLETED, wait
        from concurrent.futures.process import BrokenProcessPool

        def report(outcomes: list[Outcome]) -> Iterator[Outcome]:
            yield from outcomes
            if on_done:
                on_done(len(outcomes))

        source = chunks(items, plots)
        pending: dict = {}
        try:
            while True:
                lost: list = []
                while not self.dead and len(pending) < self.workers * INFLIGHT_PER_WORKER:
                    chunk = next(source, None)
                    if chunk is None:
                        break
                    try:
                        pending[self.pool.submit(run_chunk, chunk, as_of)] = chunk
                    except BrokenProcessPool:
                        lost += chunk
                        break
                if self.dead:            # no workers left: everything not yet checked is reported as failed
                    for chunk in source:
                        yield from report(_failed(chunk, NO_WORKERS))
                if not pending and not lost:
                    return
                if pending:
                    done, _ = wait(list(pending), return_when=FIRST_COMPLETED)
                    if any(_broken(f) for f in done):
                        done, _ = wait(list(pending))      # a dead worker fails every chunk in flight
                    for fut in done:
                        chunk = pending.pop(fut)
                        if _broken(fut):
                            lost += chunk
                        else:
                            yield from report(fut.result())
                if lost:
                    yield from self._isolate(lost, as_of, report)
        finally:
            for fut in pending:
                fut.cancel()

    def _isolate(self, lost: list, as_of, report) -> Iterator[Outcome]:
        """Re-run the projects of the chunks a dead worker took down, each on its own in a fresh
        pool: in parallel first; those in flight when a worker dies again are re-run one at a time,
        and a project that crashes its worker alone is the culprit."""
        from collections import deque
        from concurrent.futures import FIRST_COMPLETED, wait

        if not self._restart():
            yield from report(_failed(lost, NO_WORKERS))
            return
        queue, suspects, inflight = deque(lost), [], {}
        while queue or inflight:
            while queue and len(inflight) < self.workers * INFLIGHT_PER_WORKER:
                item = queue.popleft()
                try:
                    inflight[self.pool.submit(run_chunk, [item], as_of)] = item
                except Exception:         # BrokenProcessPool: the pool died meanwhile
                    queue.appendleft(item)
                    break
            if inflight:
                done, _ = wait(list(inflight), return_when=FIRST_COMPLETED)
                if not any(_broken(f) for f in done):
                    for fut in done:
                        yield from report(fut.result())
                        del inflight[fut]
                    continue
                done, _ = wait(list(inflight))
                broken = [inflight[f] for f in done if _broken(f)]
                for fut in done:
                    if not _broken(fut):
                        yield from report(fut.result())
                if len(broken) == 1 and len(inflight) == 1:       # it was alone: the culprit
                    yield from report(_failed(broken, CRASHED))
                else:
                    suspects += broken
                inflight.clear()
            if not self._restart():
                yield from report(_failed([*suspects, *queue], NO_WORKERS))
                return
        for n, item in enumerate(suspects):
            fut = self.pool.submit(run_chunk, [item], as_of)
            wait([fut])
            if not _broken(fut):
                yield from report(fut.result())
                continue
            yield from report(_failed([item], CRASHED))
            if not self._restart():
                yield from report(_failed(suspects[n + 1:], NO_WORKERS))
                return


def _broken(fut) -> bool:
    from concurrent.futures.process import BrokenProcessPool

    return isinstance(fut.exception(), BrokenProcessPool)


def _failed(items: list, message: tuple[str, str]) -> list[Outcome]:
    return [Failed(i, pid, message[1], message[0]) for i, pid, _, _ in items]


def run(items: Iterable[tuple[int, str, dict, str, int]], *, as_of: Optional[dt.date], workers: int,
        total_plots: int = 0, db: Optional[str] = None, register: bool = True,
        on_done: Callable[[int], None] | None = None) -> Iterator[Outcome]:
    """Check the projects in ``workers`` processes (see ``Workers``)."""
    with Workers(workers, db, register) as w:
        yield from w.run(items, as_of=as_of, total_plots=total_plots, on_done=on_done)


@dataclass
class ProjectResult:
    """One project of the portfolio: its report (with cross-project findings) or its input errors."""

    index: int
    project_id: str
    origin: object                          # compliance.submission.workbook.Origin
    report: object = None                   # compliance.checker.Report, None if not checked
    extract: Optional[Extract] = None
    errors: list = field(default_factory=list)     # compliance.submission.workbook.RowError
    failure: str = ""
    failure_zh: str = ""

    def failure_text(self, lang: str = "zh") -> str:
        return self.failure_zh if lang == "zh" and self.failure_zh else self.failure

    @property
    def status(self) -> str:
        if self.failure:
            return "failed"
        if self.report is None:
            return "invalid"
        return self.report.verdict
