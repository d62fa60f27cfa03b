"""What the API and the pages share: settings, the open platform, tokens, language, dates, bodies."""
from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import tempfile
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from fastapi import Request
from fastapi.responses import Response

from compliance.errors import ComplianceError, InvalidInput
from compliance.i18n import resolve_lang

HERE = Path(__file__).parent


@dataclass
class Settings:
    library: Optional[str] = None      # project library URL (None: COMPLIANCE_LIBRARY or the user data dir)
    db: Optional[str] = None           # sanctions register URL (None: COMPLIANCE_DB or the user data dir)
    isolate: bool = True               # checks in a crash-isolated worker process (COMPLIANCE_ISOLATE=0: in-process)
    check_timeout: Optional[float] = 120.0   # seconds one check may take in the worker before it counts as a crash
    cache_size: int = 256              # anonymous check documents kept by content (COMPLIANCE_CHECK_CACHE=0: none)
    freeze_gc: bool = False            # gc.freeze() after the start (`compliance serve` sets COMPLIANCE_GC_FREEZE=1)
    # no rule engine may be created in the server process (`compliance serve` sets COMPLIANCE_ENGINE_GUARD=1;
    # only with isolate): every engine use is the worker's, one made here would be a bug (a 500, not a crash risk)
    engine_guard: bool = False
    # check worker processes this server process shares out, first come first served (COMPLIANCE_CHECK_WORKERS;
    # `compliance serve` runs one server process with one per core: every request waits in one queue)
    check_workers: int = 1

    @classmethod
    def from_env(cls) -> "Settings":
        import os

        timeout = os.environ.get("COMPLIANCE_CHECK_TIMEOUT")
        return cls(library=os.environ.get("COMPLIANCE_LIBRARY"), db=os.environ.get("COMPLIANCE_DB"),
                   isolate=os.environ.get("COMPLIANCE_ISOLATE", "1") not in ("0", "false", "no"),
                   check_timeout=(float(timeout) or None) if timeout else 120.0,
                   cache_size=int(os.environ.get("COMPLIANCE_CHECK_CACHE", "256") or 0),
                   freeze_gc=os.environ.get("COMPLIANCE_GC_FREEZE", "0") == "1",
                   engine_guard=os.environ.get("COMPLIANCE_ENGINE_GUARD", "0") == "1",
                   check_workers=max(1, min(64, int(os.environ.get("COMPLIANCE_CHECK_WORKERS", "1") or 1))))


class Platform:
    """What every request needs: the open library, the check host and the sanctions lookup.

    Checks run on a small thread pool per server process, first come first served, and the engine
    itself runs in a ``CheckHost`` worker process (one request at a time): the check, the drafting
    readiness and the drafter's checks of composed agreements, the decision trace's explanations
    and the cross-project rules of 入库 -- no engine is created in the server process. A crash
    there is a 503 naming the failure, the server lives on and the next request gets a fresh worker.
    The anonymous check's documents are kept by content (the request bytes, as_of, the day, lang,
    the register head and the rule-base version): posting the same submission again answers the
    same findings under a new decision id without judging it again."""

    def __init__(self, settings: Settings):
        from collections import OrderedDict
        from concurrent.futures import ThreadPoolExecutor

        from compliance.library import Library

        from compliance.library import decide

        self.settings = settings
        self.library = Library(settings.library, match=decide.host_matcher(self.host) if settings.isolate else None)
        self._provider = None
        self._register = None           # the register read for its head (event-loop thread only)
        self._register_seen = None      # whether a register existed when the host was started
        self._host = None
        # in-process the engine judges one check at a time (its host is not re-entrant): one thread, first
        # come first served; with the worker process a second thread hands the next request over (the
        # anonymous check is read and judged in the worker; 入库 parses here) while the worker judges
        pool = settings.check_workers if settings.isolate else 1
        self._checks = ThreadPoolExecutor(max_workers=pool + 1 if settings.isolate else 1, thread_name_prefix="check")
        import collections

        # the pool's hosts not judging a request now, and the requests waiting for one, oldest first: a
        # freed host goes straight to the oldest waiter (a queue.Queue lets the thread that frees a host
        # take it back for a newer request before the waiter wakes: under load some requests were
        # overtaken ten times, p99 1.6x the median)
        self._free: list = []
        self._waiting: "collections.deque[list]" = collections.deque()
        self._free_lock = threading.Lock()
        self._pool: list = []
        self._cache: "OrderedDict[tuple, list]" = OrderedDict()
        # with isolate off every engine use runs in this process and takes this lock (``engine``):
        # the in-process engine judges one submission at a time
        self.engine_lock = threading.Lock()
        self._host_lock = threading.Lock()

    async def run(self, fn, *args):
        """Run a check (or anything that calls the engine) on the check thread."""
        import asyncio

        return await asyncio.get_running_loop().run_in_executor(self._checks, fn, *args)

    # ------------------------------------------------------------------ the register
    def _register_url(self) -> Optional[str]:
        from compliance.penalties.location import resolve_url, sqlite_missing

        url = resolve_url(self.settings.db, create_dir=False)
        return None if sqlite_missing(url) else url

    def register_head(self):
        """(seq, hash, file stamp) of the sanctions register, or None while there is none (part of the
        cache key). The stamp -- a SQLite file's and its WAL's modification times and sizes -- changes
        with any write, also a plain SQL edit that leaves the head row alone: the check then reads
        (and verifies) the register again instead of answering from before the edit."""
        url = self._register_url()
        if url is None:
            return None
        if self._register is None:
            from compliance.penalties.store import Register

            self._register = Register(url, create=False)
        return (*self._register.head(), _file_stamp(url))

    def sanctions(self):
        """The register lookup the CLI's check uses (None while no register exists: looked for again
        on the next check, so a register created after the start is consulted without a restart)."""
        if self._provider is None:
            from compliance.penalties.provider import checker_provider

            self._provider = checker_provider(self.settings.db)
        return self._provider

    # ------------------------------------------------------------------ checks
    def host(self):
        """The crash-isolated check host of this server process (None: checks in-process). A worker
        started before the register existed is replaced once it does."""
        if not self.settings.isolate:
            return None
        if self.settings.check_workers > 1:   # a pool: its first worker also takes these (serialised by its lock)
            self._fill()
            return self._pool[0]
        present = self._register_url() is not None
        with self._host_lock:          # the check thread and the request threads (入库's project page) ask
            if self._host is not None and self._register_seen != present:
                self._host.close()
                self._host = None
            if self._host is None:
                import functools

                from compliance.checker.isolate import CheckHost
                from compliance.penalties.provider import checker_provider

                self._host = CheckHost(functools.partial(checker_provider, self.settings.db), timeout=self.settings.check_timeout)
                self._register_seen = present
            return self._host

    def _new_host(self):
        import functools

        from compliance.checker.isolate import CheckHost
        from compliance.penalties.provider import checker_provider

        host = CheckHost(functools.partial(checker_provider, self.settings.db), timeout=self.settings.check_timeout)
        host.register_seen = self._register_url() is not None
        return host

    def _fill(self) -> None:
        with self._host_lock:
            while len(self._pool) < self.settings.check_workers:
                host = self._new_host()
                self._pool.append(host)
                self._give(host)

    def _take(self):
        """A free host of the pool (waiting for one: first come first served); one started before the
        register existed is replaced once it does."""
        self._fill()
        with self._free_lock:
            if self._free:
                host, slot = self._free.pop(), None
            else:
                slot = [threading.Event(), None]      # (set when handed a host, the host)
                self._waiting.append(slot)
        if slot is not None:
            slot[0].wait()
            host = slot[1]
        if host.register_seen != (self._register_url() is not None):
            host.close()
            fresh = self._new_host()
            with self._host_lock:
                self._pool[self._pool.index(host)] = fresh
            host = fresh
        return host

    def _give(self, host) -> None:
        """A host back to the pool: to the oldest waiting request if there is one."""
        with self._free_lock:
            if self._waiting:
                slot = self._waiting.popleft()
                slot[1] = host
                slot[0].set()
            else:
                self._free.append(host)

    def warm_up(self) -> None:
        """Load the rule base and start the check worker(s) (the server's start, before serving)."""
        from compliance.library import decide

        decide.rulebase_version()
        host = self.host()
        for h in (self._pool if self.settings.check_workers > 1 else [host]) if host is not None else []:
            if h.pid is None:
                h._start()           # noqa: SLF001 - CheckHost starts lazily; the server wants it ready at start
        if host is not None and self.settings.engine_guard:
            from compliance.checker.engine import forbid_here

            forbid_here("the HTTP server process: the engine runs in its check worker")

    @contextlib.contextmanager
    def engine(self):
        """The host every engine use of a request goes through (None with isolate off: the engine
        of this process, held under ``engine_lock`` meanwhile). Run on the check thread."""
        if self.settings.isolate and self.settings.check_workers > 1:
            host = self._take()
            try:
                yield host
            finally:
                self._give(host)
            return
        host = self.host()
        if host is not None:
            yield host
            return
        with self.engine_lock:
            yield None

    def check(self, sub, when: Optional[dt.date], source: str, *, readiness: bool = True):
        """(report, Readiness or None): the check of ``sub`` and its drafting readiness, in one
        message to the host; run on the check thread."""
        from compliance.library import decide

        with self.engine() as host:
            return decide.check_with_readiness(sub, when, source=source, readiness=readiness, host=host,
                                               sanctions=None if host else self.sanctions())

    def check_documents(self, raw: bytes, name: str, when: Optional[dt.date], lang: str, *, readiness: bool = True) -> list:
        """The anonymous check's documents of a request body (``decide.check_documents``): read,
        judged and documented in the host, one message; run on the check thread."""
        from compliance.library import decide

        with self.engine() as host:
            return decide.check_documents(raw, name, when, lang, readiness=readiness, host=host,
                                          sanctions=None if host else self.sanctions())

    @staticmethod
    def document(report, lang: str, decision: Optional[str] = None, *, readiness=None) -> dict:
        from compliance.library import decide

        return decide.document(report, lang, decision, readiness=readiness)

    def trace(self, sub, as_of: dt.date, findings: list, rules, lang: str) -> dict:
        """``decide.trace`` of a stored decision, its check and explanations in the host."""
        from compliance.library import decide

        with self.engine() as host:
            return decide.trace(sub, as_of, findings, rules, lang=lang, sanctions=None if host else self.sanctions(), host=host)

    def draft(self, sub, kind: str, as_of: Optional[dt.date]) -> Response:
        """``draft_response``: the drafter's checks of the composed agreements in the host."""
        from compliance.library import decide

        with self.engine() as host:
            return draft_response(sub, kind, as_of, checker=decide.host_checker(host))

    def cached(self, key: tuple) -> Optional[list]:
        docs = self._cache.get(key)
        if docs is None:
            return None
        self._cache.move_to_end(key)
        from compliance.library import decide

        return [{**d, "decision_id": decide.new_decision_id()} for d in docs]

    def keep(self, key: tuple, docs: list) -> None:
        if self.settings.cache_size <= 0:
            return
        self._cache[key] = docs
        while len(self._cache) > self.settings.cache_size:
            self._cache.popitem(last=False)

    def check_key(self, raw: bytes, name: str, *extra) -> Optional[tuple]:
        """The content key of an anonymous check (None: not cached)."""
        if self.settings.cache_size <= 0:
            return None
        import hashlib

        from compliance.library import decide

        return (hashlib.sha256(raw).digest(), name, dt.date.today(), self.register_head(), decide.rulebase_version(), *extra)

    def close(self) -> None:
        """Stop the check worker (started again on the next check)."""
        if self._host is not None:
            self._host.close()
            self._host = None
        with self._host_lock:
            for h in self._pool:
                h.close()

    def user(self, request: Request, *, required: bool = False):
        token = bearer(request)
        if token is None:
            if required:
                from compliance.library.errors import Unauthenticated

                raise Unauthenticated()
            return None
        return self.library.authenticate(token)


def bearer(request: Request) -> Optional[str]:
    auth = request.headers.get("authorization") or ""
    if auth.lower().startswith("bearer "):
        return auth[7:].strip() or None
    return request.cookies.get("token") or None


def lang_of(request: Request) -> str:
    return resolve_lang(request.query_params.get("lang") or request.cookies.get("lang") or "zh")


def parse_date(value: Optional[str], field: str, *, required: bool = False) -> Optional[dt.date]:
    """``value`` (YYYY-MM-DD) as a date; None when absent, unless ``required`` (then a 422 naming ``field``)."""
    if value is None or value.strip() == "":
        if required:
            raise InvalidInput(zh=f"{field}：必须填写日期（YYYY-MM-DD）", en=f"{field}: a date (YYYY-MM-DD) is required")
        return None
    try:
        if len(value.strip()) != 10:
            raise ValueError(value)
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(zh=f"{field}：日期应为 YYYY-MM-DD 格式，实际为 {value!r}",
                           en=f"{field}: a date is YYYY-MM-DD, got {value!r}") from None


def _file_stamp(url: str):
    """(mtime_ns, size) of a SQLite register and its WAL file; None for a database server."""
    import sqlalchemy as sa

    u = sa.engine.make_url(url)
    if u.get_backend_name() != "sqlite" or not u.database:
        return None
    out = []
    for suffix in ("", "-wal"):
        try:
            st = os.stat(u.database + suffix)
            out.append((st.st_mtime_ns, st.st_size))
        except OSError:
            out.append(None)
    return tuple(out)


async def read_body(request: Request) -> tuple[bytes, str]:
    """The submission bytes of a request and a file name saying how to read them: a JSON body, YAML
    (Content-Type: application/yaml), or a multipart upload in field ``file``."""
    from compliance.submission.files import InvalidSubmission, Problem

    ctype = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    if ctype in ("multipart/form-data", *YAML_TYPES, *JSON_TYPES):
        # bounded: the loader's own limit (plus the multipart framing), never a whole 1 GiB body in memory;
        # request.form() below then parses these bytes
        request._body = await _bounded(request, MAX_BODY)
    if ctype == "multipart/form-data":
        form = await request.form()
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise InvalidSubmission("file", [Problem("file", "missing")])
        return await upload.read(), upload.filename or "upload.yaml"
    if ctype in YAML_TYPES:
        return await request.body(), "request.yaml"
    if ctype in JSON_TYPES:
        return await request.body(), "request.json"
    raise UnsupportedMediaType(
        zh=f"Content-Type：应为 application/json、application/yaml 或 multipart/form-data（文件字段 file），实际为 {ctype}",
        en=f"Content-Type: application/json, application/yaml or multipart/form-data (file field `file`), got {ctype}")


def _max_body() -> int:
    from compliance.submission.files import MAX_BYTES

    return MAX_BYTES + 1024 * 1024


MAX_BODY = _max_body()


async def _bounded(request: Request, limit: int) -> bytes:
    """The request body, refused as "file too large" (the loader's problem) once it passes ``limit``
    -- at once when Content-Length says so."""
    from compliance.submission.files import MAX_BYTES, InvalidSubmission, Problem

    def too_large(size: int):
        return InvalidSubmission("request", [Problem("", "file_too_large", {"size": size, "max": MAX_BYTES})])

    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large(int(declared))
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large(size)
        chunks.append(chunk)
    return b"".join(chunks)


YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml")
# JSON, and what a client sends when it does not say (curl -d: application/x-www-form-urlencoded)
JSON_TYPES = ("application/json", "", "application/x-www-form-urlencoded")


class UnsupportedMediaType(InvalidInput):
    """A submission body of a type the service does not read (text/plain, XML …): 415 naming the header."""

    key = "unsupported_media_type"
    http_status = 415


def submissions(raw: bytes, name: str) -> list:
    """Parse and validate (the CLI's loader, ``intake.submissions``); run on the check thread, not the event loop."""
    from compliance.library import intake

    return intake.submissions(raw, name)


def source_of(name: str, subs: list, sub) -> str:
    from compliance.library import intake

    return intake.source_of(name, subs, sub)


def validation_body(errors: list, lang: str) -> dict:
    """FastAPI's own request validation (query, path, JSON body of /stage) in the shape of ours:
    every problem with its field path and the CLI's message words."""
    from compliance.i18n import validation_message

    problems = []
    for err in errors:
        loc = [str(x) for x in err.get("loc", ()) if x not in ("body", "query", "path")]
        if err.get("type") == "json_invalid" or (not loc and err.get("loc", ("",))[0] == "body"):
            loc = ["body"]          # the body as a whole (a JSON syntax error's position is in its message)
        problems.append({"path": ".".join(loc), "type": err.get("type", ""),
                         "message": validation_message(err.get("type", ""), err.get("ctx") or {}, err.get("input"), lang)})
    head = "请求有误：" if lang == "zh" else "invalid request: "
    return {"error": "invalid_input", "status": 422, "message": head + "; ".join(f"{p['path']}: {p['message']}" for p in problems),
            "problems": problems}


def error_body(e: ComplianceError, lang: str) -> dict:
    """The JSON problem of a ComplianceError: key, status, message; an invalid submission's problems
    (field paths, as the CLI lists them); a refused draft's problems and blocking findings."""
    from compliance.submission.files import InvalidSubmission

    body = {"error": e.key, "status": e.http_status, "message": e.render(lang)}
    problems = getattr(e, "problems", None)
    if isinstance(e, InvalidSubmission):
        body.update(source=e.source, verdict="invalid")
    if problems is not None:
        body["problems"] = [p.as_dict(lang) for p in problems]
    findings = getattr(e, "findings", None)
    if findings:
        body["findings"] = [f.as_dict(lang) for f in findings]
    return body


def draft_response(sub, kind: str, as_of: Optional[dt.date], *, checker=None) -> Response:
    """Draft ``kind`` in a scratch directory; the .docx, or a zip of all of them (``checker``: see
    ``agreements.drafter.draft_set``)."""
    from compliance.agreements.drafter import draft

    with tempfile.TemporaryDirectory() as tmp:
        paths = draft(sub, kind, Path(tmp) / "out", as_of=as_of, checker=checker)
        if len(paths) == 1 and kind != "all":
            data = paths[0].read_bytes()
            return Response(data, media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                            headers={"Content-Disposition": _disposition(paths[0].name)})
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for p in paths:
                z.write(p, p.name)
        return Response(buf.getvalue(), media_type="application/zip",
                        headers={"Content-Disposition": _disposition(f"{sub.project.id}-agreements.zip")})


def _disposition(name: str) -> str:
    from urllib.parse import quote

    ascii_name = name.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"


def dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, default=str)


def catalogue_entries(jurisdiction: Optional[str], as_of: Optional[dt.date] = None) -> list:
    """The catalogue's entries for ``jurisdiction`` (None: all); an unknown one is a 422 naming it
    and the choices (the API and the /rules page alike)."""
    from compliance.checker import catalogue

    try:
        return catalogue.entries(jurisdiction, as_of)
    except catalogue.UnknownJurisdiction:
        names = ", ".join(catalogue.jurisdiction_names())
        raise InvalidInput(zh=f"jurisdiction：未知规则集或地区 {jurisdiction!r}；可选：{names}",
                           en=f"jurisdiction: unknown ruleset or region {jurisdiction!r}; choose from {names}") from None


def rule_view(rule_id: str, lang: str) -> dict:
    """A catalogue entry with what the rule says: title, article, its cases' messages and fixes, parameters."""
    from compliance.checker import all_params, catalogue
    from compliance.library.errors import NotFound

    for e in catalogue.entries(None):
        if e.rule.id == rule_id:
            d = catalogue.as_dict(e, lang)
            r = e.rule
            en = lang == "en"
            d["cases"] = [{**c, "message": (case.en if en else case.zh), "fix": (case.fix_en if en else case.fix_zh)}
                          for c, case in zip(d["cases"], r.cases)]
            declared = all_params()
            d["params"] = [{"name": n, "meaning": (declared[n].en if en else declared[n].zh),
                            "citation": declared[n].citation.text(), "unit": declared[n].unit,
                            "versions": [[s.isoformat(), v] for s, v in declared[n].versions]}
                           for n in sorted(r.params()) if n in declared]
            return d
    raise NotFound(zh=f"没有规则 {rule_id}", en=f"no rule {rule_id}")
