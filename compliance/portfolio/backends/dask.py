"""The Dask backend: a portfolio's checks and cross-project joins on a dask.distributed cluster.

Used by ``compliance batch --scheduler tcp://HOST:PORT``; nothing else imports this module, so
without ``--scheduler`` dask is never imported.

- Per-project checks: the client (the machine running ``compliance batch``) reads the input and
  submits chunks of project dicts as tasks, a few per worker in flight, exactly the chunks the
  local backend gives its processes. Each worker process is one engine host: a worker plugin
  discovers the rule base and starts the durable_rules host once, and a lock runs one check at a
  time per process (the engine holds the GIL; start workers with ``--nthreads 1``).
- Faults: a worker that dies (killed, out of memory, the engine crashing) loses its tasks; the
  scheduler re-runs them on another worker (``distributed.scheduler.allowed-failures`` times).
  A chunk that still fails is split and each project re-run alone; a project whose own task
  keeps killing workers is reported as failed with the reason, and the run exits 3.
- Cross-project joins: ``DaskJoin.grouped`` shuffles the claims on the join keys
  (dask.dataframe ``shuffle``, p2p) and runs the pandas step on each hash partition; the step's
  rows carry a claim id, so the report is the local one, finding for finding, in order.

What runs where: the scheduler only schedules; workers need this package (same version) and its
dependencies installed, and reach the sanctions register (``--db``) themselves when it is used.
Nothing of the input is read by the workers from disk: the client ships the data with the tasks.
"""
from __future__ import annotations

import datetime as dt
import threading
import uuid
from typing import Callable, Iterable, Iterator, Optional

from ..runner import CHUNK_PLOTS, CRASHED, INFLIGHT_PER_WORKER, Failed, chunk_plots, chunks

LOST = ("与 Dask 集群的连接中断或任务被取消，检查未完成",
        "the connection to the Dask cluster was lost or the task was cancelled; check not completed")
PLUGIN_NAME = "compliance-engine-host"
JOIN_ROWS_PER_PARTITION = 250_000

_LOCK = threading.Lock()


class ClusterUnavailable(Exception):
    """No usable cluster at the given address (the message names it)."""

    def __init__(self, zh: str, en: str):
        super().__init__(en)
        self.zh, self.en = zh, en

    def text(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


def _engine_host(db: Optional[str], register: bool) -> None:
    """Per worker process: the rule base discovered once, the engine host started, the register opened."""
    from .. import runner
    from compliance.checker import all_rulesets
    from compliance.checker.engine import get_engine

    with _LOCK:
        all_rulesets()
        get_engine()
        runner._LOOKUP = runner.sanctions_lookup(db, register)
        runner._READY = True


def _check_task(fn: Callable, items: list, as_of: Optional[dt.date]) -> list:
    """One chunk of projects on a worker (``fn`` is ``runner.run_chunk``)."""
    from .. import runner

    if not runner._READY:           # a task that reached a worker before the plugin did
        _engine_host(*(_PLUGIN_ARGS or (None, False)))
    with _LOCK:
        return fn(items, as_of)


def _match_task(rule_id: str, params: dict, facts: list) -> list:
    """A cross-project step's engine call on a worker (``compliance.checker.isolate.match_facts``)."""
    from compliance.checker.isolate import match_facts

    with _LOCK:
        return match_facts(rule_id, params, facts)


_PLUGIN_ARGS: Optional[tuple] = None


def _plugin():
    from distributed.diagnostics.plugin import WorkerPlugin

    class EngineHost(WorkerPlugin):
        """Starts one engine host in every worker process, also in workers that join or are
        restarted later (the scheduler hands registered plugins to new workers)."""

        def __init__(self, db: Optional[str], register: bool):
            self.db, self.register = db, register

        def setup(self, worker) -> None:
            global _PLUGIN_ARGS
            _PLUGIN_ARGS = (self.db, self.register)
            _engine_host(self.db, self.register)

    return EngineHost


class DaskJoin:
    """Keyed joins on the cluster: hash-partition a frame on the keys (a shuffle), run the
    pandas step on every partition, gather the (small) results."""

    def __init__(self, client, workers: int = 1, rows_per_partition: int = JOIN_ROWS_PER_PARTITION):
        self.client = client
        self.workers = max(1, workers)
        self.rows_per_partition = rows_per_partition

    def partitions(self, rows: int) -> int:
        return max(2 * self.workers, -(-rows // self.rows_per_partition))

    def grouped(self, frame, keys: list[str], fn, npartitions: Optional[int] = None):
        import dask.dataframe as dd
        import pandas as pd

        if isinstance(frame, pd.DataFrame):
            if frame.empty:
                return fn(frame)
            n = npartitions or self.partitions(len(frame))
            # in the graph, not scattered: a piece lost with a dying worker is rebuilt from the graph
            ddf = dd.from_pandas(frame.reset_index(drop=True), npartitions=min(n, max(1, len(frame))))
        else:
            ddf = frame
            n = npartitions or ddf.npartitions
        meta = fn(ddf._meta)
        out = ddf.shuffle(on=keys, npartitions=n).map_partitions(fn, meta=meta)
        return self.client.compute(out).result()


class DaskBackend:
    """A client of the cluster at ``address`` for one batch (see the module docstring)."""

    name = "dask"

    def __init__(self, address: str, db: Optional[str] = None, register: bool = True, *,
                 connect_timeout: float = 5.0, worker_timeout: float = 60.0):
        self.address = address
        self.db, self.register = db, register
        self.connect_timeout, self.worker_timeout = connect_timeout, worker_timeout
        self.client = None
        self.workers = 1

    def __enter__(self) -> "DaskBackend":
        from distributed import Client

        if "://" not in self.address:
            raise ClusterUnavailable(f"--scheduler：调度器地址应形如 tcp://主机:端口，实际为 {self.address}",
                                     f"--scheduler: the scheduler address must look like tcp://HOST:PORT, got {self.address}")
        try:
            self.client = Client(self.address, timeout=self.connect_timeout, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as e:
            raise ClusterUnavailable(f"--scheduler：无法连接 Dask 调度器 {self.address}：{e}",
                                     f"--scheduler: cannot connect to the Dask scheduler at {self.address}: {e}") from None
        try:
            self.client.wait_for_workers(1, timeout=self.worker_timeout)
        except TimeoutError:
            self.close()
            raise ClusterUnavailable(f"--scheduler：调度器 {self.address} 在 {self.worker_timeout:g} 秒内没有可用的工作进程",
                                     f"--scheduler: the scheduler at {self.address} has no worker "
                                     f"(waited {self.worker_timeout:g} s)") from None
        self.workers = max(1, len(self.client.scheduler_info()["workers"]))
        self.client.register_plugin(_plugin()(self.db, self.register), name=PLUGIN_NAME)
        return self

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
            self.client = None

    def __exit__(self, *exc) -> None:
        self.close()

    # -- per-project checks ---------------------------------------------------------------
    def run(self, items: Iterable[tuple[int, str, dict, str, int]], *, as_of: Optional[dt.date],
            total_plots: int = 0, on_done: Callable[[int], None] | None = None) -> Iterator:
        """Check the projects on the cluster; yields outcomes as they finish (not in input order).

        A task lost with its worker is re-run by the scheduler. One that still fails (the
        scheduler gives up after ``allowed-failures`` worker deaths, and every task queued on a
        dying worker counts one) is split into one task per project; a project whose task fails
        again becomes a suspect, re-run at the end alone on the cluster: only a project that
        kills its worker when nothing else runs is reported as crashed."""
        from distributed.client import _wait
        from distributed.scheduler import KilledWorker

        from .. import runner

        fn = runner.run_chunk           # looked up now: what the local backend would run
        client, run_id = self.client, uuid.uuid4().hex[:12]
        source = chunks(items, chunk_plots(total_plots, self.workers) if total_plots else CHUNK_PLOTS)
        pending: dict = {}              # future -> its chunk
        counter = iter(range(1 << 62))
        suspects: list = []

        def submit(chunk: list) -> None:
            fut = client.submit(_check_task, fn, chunk, as_of, key=f"compliance-check-{run_id}-{next(counter)}", pure=False)
            pending[fut] = chunk

        def fill() -> None:
            while len(pending) < self.workers * INFLIGHT_PER_WORKER:
                chunk = next(source, None)
                if chunk is None:
                    return
                submit(chunk)

        def report(outcomes: list) -> Iterator:
            yield from outcomes
            if on_done:
                on_done(len(outcomes))

        def settle(fut):
            """(outcomes, None) for a finished task, (None, error) for a failed one."""
            try:
                return fut.result(), None
            except Exception as e:       # KilledWorker, CancelledError, a task error
                return None, e

        fill()
        try:
            while pending:
                try:        # the futures' own states, polled: a result lost with its worker is recomputed
                    done, _ = client.sync(_wait, list(pending), timeout=10, return_when="FIRST_COMPLETED")
                except TimeoutError:
                    continue
                for fut in done:
                    chunk = pending.pop(fut)
                    outcomes, error = settle(fut)
                    fut.release()
                    if outcomes is not None:
                        yield from report(outcomes)
                    elif len(chunk) > 1:         # re-run its projects one by one
                        for item in chunk:
                            submit([item])
                    elif isinstance(error, KilledWorker):
                        suspects.append(chunk)
                    else:
                        yield from report(_failed(chunk, _reason(error)))
                fill()
            for chunk in suspects:               # alone on the cluster now
                fut = client.submit(_check_task, fn, chunk, as_of, key=f"compliance-check-{run_id}-{next(counter)}", pure=False)
                pending[fut] = chunk
                outcomes, error = settle(fut)
                del pending[fut]
                fut.release()
                if outcomes is not None:
                    yield from report(outcomes)
                else:
                    yield from report(_failed(chunk, CRASHED if isinstance(error, KilledWorker) else _reason(error)))
        finally:
            for f in pending:
                f.cancel()

    # -- cross-project steps ----------------------------------------------------------------
    def match(self, rule, params: dict, facts: list) -> list:
        """A cross-project step's engine call as a task on the cluster (re-run by the scheduler
        when its worker dies); a task that still fails is ``WorkerCrashed`` (exit 3)."""
        from compliance.checker.isolate import WorkerCrashed

        try:
            pairs = self.client.submit(_match_task, rule.id, params, facts, pure=False).result()
        except Exception as e:       # KilledWorker, a lost connection
            from compliance.errors import ComplianceError

            if isinstance(e, ComplianceError):
                raise
            raise WorkerCrashed(f"{rule.id} (cross-project)", f"{type(e).__name__} on the cluster", 2) from None
        return [(action, facts[i]) for action, i in pairs]

    def cross(self, extracts: list, unchecked: list) -> tuple[dict, list]:
        from ..cross import LOCAL_JOIN, run_steps

        try:
            return run_steps(extracts, unchecked, DaskJoin(self.client, self.workers), self.match)
        except Exception as e:   # the cluster failed the join (workers lost mid-shuffle …): the same join here
            from compliance.errors import ComplianceError

            if isinstance(e, ComplianceError):      # the engine's own failure (a worker crashing on the facts)
                raise
            import warnings

            warnings.warn(f"the cross-project join failed on the cluster ({type(e).__name__}: {e}); "
                          "running it in this process", RuntimeWarning, stacklevel=2)
            return run_steps(extracts, unchecked, LOCAL_JOIN, self.match)


def _reason(error: BaseException) -> tuple[str, str]:
    from distributed.client import FutureCancelledError

    if isinstance(error, (FutureCancelledError,)) or type(error).__name__ == "CancelledError":
        return LOST
    return (f"检查该项目的任务失败：{type(error).__name__}: {error}",
            f"the task checking this project failed: {type(error).__name__}: {error}")


def _failed(items: list, message: tuple[str, str]) -> list:
    return [Failed(i, pid, message[1], message[0]) for i, pid, _, _ in items]
