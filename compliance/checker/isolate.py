"""Checks in a crash-isolated worker process: durable_rules is C code that can abort or segfault
the process it runs in (DESIGN.md "The engine in real sizes"), so large or untrusted input is
judged in a child process. A crash of the child becomes ``WorkerCrashed`` (an ``InternalFailure``,
exit 3) with a clear message after one retry in a fresh child -- never a dead caller.

    host = CheckHost(sanctions=factory)        # one worker, started on first use, reused
    report = host.check(sub, as_of, source="x.yaml")
    host.close()

    report = isolated_check(sub, as_of, sanctions=factory)   # the same through a module-level host

``sanctions`` is a picklable callable run once in the worker that returns the register lookup (or
None), e.g. ``functools.partial(compliance.penalties.provider.checker_provider, db)``: the checker
does not import the register (layer contract), its callers pass the factory.

``compliance check`` uses it for submissions of ``ISOLATE_PLOTS`` plots or more (``--isolate-above``,
``COMPLIANCE_ISOLATE_ABOVE``; 0 isolates every check), ``compliance batch`` always checks in worker
processes (``compliance.portfolio.runner``), and the HTTP service calls ``isolated_check`` (or keeps
its own ``CheckHost``) for every submission it judges.
"""
from __future__ import annotations

import datetime as dt
import os
import signal
import sys
import threading
from typing import Optional

from compliance.errors import ComplianceError, InternalFailure
from compliance.i18n import pick

ISOLATE_PLOTS = 2_000        # `compliance check` judges submissions of this many plots or more in a worker
RETRIES = 1                  # a crashed check is re-run once in a fresh worker


class WorkerCrashed(InternalFailure):
    """The worker process died while checking (a crash inside the rule engine); nothing was judged."""

    key = "worker_crashed"

    def __init__(self, source: str, how: str, attempts: int):
        self.source, self.how, self.attempts = source, how, attempts
        super().__init__(f"{source}: worker process {how} ({attempts} attempts)")

    def render(self, lang: str = "zh") -> str:
        where = f"{self.source}：" if self.source else ""
        return pick(lang,
                    f"{where}检查进程异常退出（{self.how}），已在新进程中重试 {self.attempts - 1} 次仍失败；检查未完成，"
                    "结果不可视为“无问题”。请保留该文件并报告此错误。",
                    f"{self.source + ': ' if self.source else ''}the checking process died ({self.how}) and "
                    f"{self.attempts - 1} retry in a fresh process failed too; the check was not completed and must "
                    "not be read as 'no finding'. Keep the file and report this error.")


class RemoteFailure(ComplianceError):
    """A ComplianceError raised in the worker, carried back with its texts and exit code."""

    def __init__(self, key: str, exit_code: int, zh: str, en: str):
        self.key, self.exit_code = key, exit_code
        super().__init__(en, zh=zh, en=en)


def _how(exitcode: Optional[int]) -> str:
    if exitcode is None:
        return "no exit status"
    if exitcode < 0:
        try:
            return f"signal {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"signal {-exitcode}"
    return f"exit status {exitcode}"


# --------------------------------------------------------------------------- the worker side
def _resolved_geometry(sub):
    """The plots' polygons the parent has already resolved (sent with the submission), else None."""
    geometry = sys.modules.get("compliance.submission.geometry")   # not imported here: nothing resolved
    return geometry.resolved_state(sub) if geometry is not None and geometry.has_geometry(sub) else None


def _serve(conn, sanctions_factory) -> None:
    """The worker's loop: one request at a time, until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)     # Ctrl-C is the parent's to handle
    from compliance.checker import all_rulesets, check
    from compliance.checker.engine import get_engine

    all_rulesets()
    get_engine()
    sanctions = sanctions_factory() if sanctions_factory is not None else None
    conn.send(("ready", os.getpid()))
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        sub, as_of, source, resolved = request
        if resolved is not None:
            from compliance.submission import geometry

            geometry.adopt(sub, resolved)      # the parent's resolved polygons: not read a second time
        try:
            conn.send(("ok", check(sub, as_of, sanctions=sanctions, source=source)))
        except ComplianceError as e:
            conn.send(("failure", (e.key, e.exit_code, e.render("zh"), e.render("en"))))
        except Exception as e:  # noqa: BLE001 - a bug is reported to the caller, never swallowed
            conn.send(("bug", f"{type(e).__name__}: {e}"[:2000]))


# --------------------------------------------------------------------------- the caller side
class CheckHost:
    """One reusable worker process for checks (started on first use, restarted after a crash).

    Thread-safe: concurrent callers are served one at a time (a service wanting parallel checks
    keeps one host per worker). ``timeout`` (seconds per check, None: no limit) kills a worker that
    hangs; that counts as a crash."""

    def __init__(self, sanctions=None, *, timeout: Optional[float] = None, retries: int = RETRIES):
        self.sanctions, self.timeout, self.retries = sanctions, timeout, retries
        self._proc = None
        self._conn = None
        self._lock = threading.Lock()
        self.busy = False            # a check is in the worker (tests use it to kill the worker on purpose)
        self.restarts = 0

    @property
    def pid(self) -> Optional[int]:
        return self._proc.pid if self._proc is not None else None

    def _start(self) -> None:
        import multiprocessing as mp

        ctx = mp.get_context("spawn")          # a fresh interpreter: nothing of the caller's engine state
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_serve, args=(child, self.sanctions), daemon=True,
                           name="compliance-check-worker")
        proc.start()
        child.close()
        try:
            if not parent.poll(120):
                raise EOFError("worker did not start")
            parent.recv()
        except (EOFError, OSError):
            proc.join(5)
            raise WorkerCrashed("", f"failed to start, {_how(proc.exitcode)}", 1) from None
        self._proc, self._conn = proc, parent

    def _stop(self) -> None:
        proc, conn = self._proc, self._conn
        self._proc = self._conn = None
        if conn is not None:
            try:
                conn.send(None)
            except (OSError, ValueError):
                pass
            conn.close()
        if proc is not None:
            proc.join(2)
            if proc.is_alive():
                proc.kill()
                proc.join(5)

    def _kill(self) -> str:
        proc = self._proc
        if proc is not None and proc.is_alive():
            proc.kill()
        if proc is not None:
            proc.join(5)
        how = _how(proc.exitcode if proc is not None else None)
        if self._conn is not None:
            self._conn.close()
        self._proc = self._conn = None
        return how

    def _once(self, sub, as_of, source):
        if self._proc is None or not self._proc.is_alive():
            if self._proc is not None:
                self._kill()
            self._start()
        self.busy = True
        try:
            self._conn.send((sub, as_of, source, _resolved_geometry(sub)))
            if self.timeout is not None and not self._conn.poll(self.timeout):
                self._kill()
                return None, f"no answer within {self.timeout:g} s"
            return self._conn.recv(), ""
        except (EOFError, OSError, BrokenPipeError):
            return None, self._kill()
        finally:
            self.busy = False

    def check(self, sub, as_of: Optional[dt.date] = None, *, source: str = ""):
        """Judge a validated submission in the worker; the Report, or the same ComplianceError the
        check would raise in-process, or WorkerCrashed after ``retries`` fresh attempts."""
        with self._lock:
            attempts, how = 0, ""
            while attempts <= self.retries:
                attempts += 1
                answer, how = self._once(sub, as_of, source)
                if answer is None:
                    self.restarts += 1
                    continue
                kind, value = answer
                if kind == "ok":
                    return value
                if kind == "failure":
                    raise RemoteFailure(*value)
                raise InternalFailure(value)
            raise WorkerCrashed(source, how, attempts)

    def close(self) -> None:
        with self._lock:
            self._stop()

    def __enter__(self) -> "CheckHost":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


_HOSTS: dict[tuple, CheckHost] = {}


def isolated_check(sub, as_of: Optional[dt.date] = None, *, sanctions=None, source: str = "",
                   timeout: Optional[float] = None):
    """Judge ``sub`` in a crash-isolated worker (one reusable host per sanctions factory and timeout)."""
    key = (sanctions, timeout)
    host = _HOSTS.get(key)
    if host is None:
        host = _HOSTS[key] = CheckHost(sanctions, timeout=timeout)
    return host.check(sub, as_of, source=source)


def close_all() -> None:
    for host in list(_HOSTS.values()):
        host.close()
    _HOSTS.clear()
