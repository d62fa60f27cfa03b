"""Checks in a crash-isolated worker process: durable_rules is C code that can abort or segfault
the process it runs in (DESIGN.md "The engine in real sizes"), so large or untrusted input is
judged in a child process. A crash of the child becomes ``WorkerCrashed`` (an ``InternalFailure``,
exit 3) with a clear message after one retry in a fresh child -- never a dead caller.

    host = CheckHost(sanctions=factory)        # one worker, started on first use, reused
    report = host.check(sub, as_of, source="x.yaml")
    host.close()

    report = isolated_check(sub, as_of, sanctions=factory)   # the same through a module-level host

Beside the check, the host runs the other operations that use the engine, so that a caller (the
HTTP service above all) never creates a durable ruleset in its own process:

    steps = host.explain(sub, ["HN-15-agreements"], as_of, lang="en")  # `compliance explain`, per rule a dict
    pairs = host.match(rule, params, facts)      # one rule's cases matched over facts (cross-project rules)
    out = host.run(fn, sub, *args)               # fn(sub, *args, sanctions=…) of a higher layer, in one message
    out = host.call(fn, *args)                   # fn(*args, sanctions=…): input that is not yet a submission

Each is a ``_Call`` message answered by the function of ``OPERATIONS`` with the same crash handling
as the check (one retry in a fresh worker, then ``WorkerCrashed``).

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
import gc
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
    """A ComplianceError raised in the worker, carried back with its texts and exit code, and the
    module of its class (``origin``: e.g. ``compliance.penalties.messages`` for the register's)."""

    def __init__(self, key: str, exit_code: int, zh: str, en: str, origin: str = ""):
        self.key, self.exit_code, self.origin = key, exit_code, origin
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
class _Call:
    """A request other than the check: the operation ``op`` of ``OPERATIONS`` with its arguments
    (``resolved``: the parent's resolved plot polygons of the submission in ``args[0]``, if any)."""

    __slots__ = ("op", "args", "resolved")

    def __init__(self, op: str, args: tuple, resolved=None):
        self.op, self.args, self.resolved = op, args, resolved

    def __getstate__(self):
        return (self.op, self.args, self.resolved)

    def __setstate__(self, state):
        self.op, self.args, self.resolved = state


def explain_rules(sub, rule_ids: list, as_of: Optional[dt.date], lang: str, *, sanctions=None) -> list[dict]:
    """``compliance explain RULE`` of each rule of ``rule_ids`` for ``sub``: per rule the
    explanation's dict with its rendered text (``text``)."""
    from compliance.checker.trace import explain_rule, render

    out = []
    for rid in rule_ids:
        e = explain_rule(sub, rid, as_of, sanctions=sanctions)
        out.append({**e.as_dict(lang), "text": render(e, lang)})
    return out


def match_facts(rule_id: str, params: dict, facts: list) -> list[tuple[str, int]]:
    """The engine's matches of one rule (by id: a rule of the rule base or a cross-project rule)
    over ``facts`` with ``params``: (rule case action, index of the fact), in fact order. What a
    cross-project step asks the engine (``compliance.portfolio.cross.judge``); run in a worker."""
    from compliance.checker.engine import get_engine
    from compliance.checker.trace import find_rule

    rule = find_rule(rule_id)
    engine = get_engine()
    at = {id(f): i for i, f in enumerate(facts)}
    return [(action, at[id(fact)]) for action, fact in engine.run(engine.compile([rule], params), facts)]


def _explain_op(sanctions, sub, rule_ids, as_of, lang):
    return explain_rules(sub, rule_ids, as_of, lang, sanctions=sanctions)


def _match_op(sanctions, rule_id, params, facts):
    return match_facts(rule_id, params, facts)


def _run_op(sanctions, sub, fn, args):
    return fn(sub, *args, sanctions=sanctions)


def _call_op(sanctions, fn, args):
    return fn(*args, sanctions=sanctions)


# what a _Call may ask, beside the check
OPERATIONS = {"explain": _explain_op, "match": _match_op, "run": _run_op, "call": _call_op}


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
        # no cyclic-GC pass while a request runs: what it builds stays alive until its answer, so a
        # pass would only walk it (again and again); between requests, once it is freed, one is cheap
        # (bench_service: ~5-15 % of a distinct 50-plot check's CPU)
        gc.disable()
        modules = len(sys.modules)
        try:
            _answer(conn, request, sanctions, check)
        finally:
            if len(sys.modules) != modules:
                # what this request loaded (modules, their schemas and caches) lives as long as the worker:
                # out of the full collections' sight (one took 20-60 ms over the ~75,000 objects of a
                # check's modules; a few ms after), as the server process does after its start
                gc.collect()
                gc.freeze()
            gc.enable()


def _answer(conn, request, sanctions, check) -> None:
    """Answer one request of ``_serve``."""
    try:
        if isinstance(request, _Call):
            if request.resolved is not None:
                from compliance.submission import geometry

                geometry.adopt(request.args[0], request.resolved)
            conn.send(("ok", OPERATIONS[request.op](sanctions, *request.args)))
            return
        sub, as_of, source, resolved = request
        if resolved is not None:
            from compliance.submission import geometry

            geometry.adopt(sub, resolved)      # the parent's resolved polygons: not read a second time
        conn.send(("ok", check(sub, as_of, sanctions=sanctions, source=source)))
    except ComplianceError as e:
        conn.send(("failure", (e.key, e.exit_code, e.render("zh"), e.render("en"), type(e).__module__)))
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
            if proc.is_alive():                # it hangs at start: not left behind
                proc.kill()
            proc.join(5)
            parent.close()
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

    def _once(self, message):
        if self._proc is None or not self._proc.is_alive():
            if self._proc is not None:
                self._kill()
            try:
                self._start()
            except WorkerCrashed as e:      # died while starting: an attempt like any other (retried)
                return None, e.how
        self.busy = True
        try:
            self._conn.send(message)
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
        return self._ask((sub, as_of, source, _resolved_geometry(sub)), source)

    def explain(self, sub, rule_ids: list, as_of: Optional[dt.date] = None, *, lang: str = "zh", source: str = ""):
        """``explain_rules`` in the worker (the explanation re-runs the check: it uses the engine)."""
        return self._ask(_Call("explain", (sub, list(rule_ids), as_of, lang), _resolved_geometry(sub)), source)

    def run(self, fn, sub, *args, source: str = ""):
        """``fn(sub, *args, sanctions=<the worker's register lookup>)`` in the worker: an operation of
        a higher layer made of engine uses, in one message (``fn``: a module-level function, sent by
        name), e.g. the service's check with its drafting readiness."""
        return self._ask(_Call("run", (sub, fn, args), _resolved_geometry(sub)), source)

    def call(self, fn, *args, source: str = ""):
        """``fn(*args, sanctions=<the worker's register lookup>)`` in the worker, for input that is
        not a validated submission yet (``fn``: a module-level function, sent by name), e.g. the
        service's anonymous check of a request body, read and judged there: the body goes over,
        the documents come back, and the caller never builds (nor pickles) the submission."""
        return self._ask(_Call("call", (fn, args)), source)

    def match(self, rule, params: dict, facts: list) -> list:
        """``engine.run`` of one rule over ``facts`` in the worker: [(action, fact)] in fact order."""
        pairs = self._ask(_Call("match", (rule.id, params, facts)), rule.id)
        return [(action, facts[i]) for action, i in pairs]

    def _ask(self, message, source: str):
        """Send ``message`` to the worker and answer its reply: one retry in a fresh worker when it dies."""
        with self._lock:
            attempts, how = 0, ""
            while attempts <= self.retries:
                attempts += 1
                answer, how = self._once(message)
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
