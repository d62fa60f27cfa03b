"""What `compliance check` does, without typer: the command's body, shared by the typer command
(``compliance.cli.check``) and the start-up fast path (``compliance.cli.fast``), so both behave
the same by construction. Output goes through ``echo`` (typer's, or ``plain_echo``); the exit code
is raised as ``Exit``."""
from __future__ import annotations

import contextlib
import os
import re
import sys
from pathlib import Path
from typing import Callable, Optional

EXIT_OK, EXIT_BLOCKING, EXIT_INVALID, EXIT_INTERNAL = 0, 1, 2, 3


class Exit(Exception):
    def __init__(self, code: int = 0):
        super().__init__(code)
        self.code = code


_ANSI = re.compile(r"\033\[[;?0-9]*[a-zA-Z]")    # click.echo's: styles are stripped when not a terminal


def plain_echo(message: str = "", err: bool = False) -> None:
    """click.echo for text (what typer.echo does): one line, ANSI styles dropped off a terminal, flushed."""
    stream = sys.stderr if err else sys.stdout
    if "\x1b" in message and not stream.isatty():
        message = _ANSI.sub("", message)
    stream.write(message + "\n")
    stream.flush()


def run(files: list[Path], as_of: Optional[str], fmt: str, lang: Optional[str], db: Optional[str],
        no_register: bool, for_: Optional[str], isolate_above: Optional[int],
        echo: Callable[..., None] = plain_echo) -> None:
    """Check the files; raises ``Exit`` with the command's exit code."""
    from compliance.agreements.readiness import draft_readiness
    from compliance.i18n import resolve_lang
    from compliance.submission import files as loader

    lang_code = resolve_lang(lang)
    when = parse_date(as_of, lang_code)
    threshold = _isolate_threshold(isolate_above, lang_code, echo)
    reports, rejected, readiness = [], [], []
    sanctions = None if no_register else _sanctions_lookup(db, lang_code, echo)
    host = None
    try:
        for f in files:
            try:
                sub = _load(f)
            except loader.InvalidSubmission as e:
                rejected.append(e)
                echo(e.render(lang_code), err=True)
                continue
            if len(sub.plots) >= threshold:
                # large input: durable runs in a worker process (a crash is retried once, then exit 3) --
                # the check and the readiness's check of the composed agreements, in one message
                from compliance.agreements.readiness import check_and_readiness

                if host is None:
                    host = worker_host(db, not no_register)
                report, ready = host.run(check_and_readiness, sub, when, str(f), True, source=str(f))
                reports.append(report)
                readiness.append(ready)
            else:
                reports.append(_run_check(sub, when, sanctions, str(f)))
                readiness.append(draft_readiness(sub, when, report=reports[-1]))   # in every report: a pass says what it means
    finally:
        if host is not None:
            host.close()
    if fmt == "json":
        # machines get JSON on stdout for every file, a rejected one as verdict "invalid"
        from compliance.checker import report

        payload = [{**r.as_dict(lang_code), **({"readiness": ready.as_dict(lang_code)} if ready is not None else {})}
                   for r, ready in zip(reports, readiness)] + [
            {"source": e.source, "verdict": "invalid", "problems": [p.as_dict(lang_code) for p in e.problems]}
            for e in rejected]
        echo(report.dumps(payload[0] if len(payload) == 1 else payload))
    elif reports:
        _emit(reports, fmt, lang_code, readiness, echo, full=for_ is not None)
    if rejected:
        raise Exit(EXIT_INVALID)
    not_ready = for_ is not None and any(r is not None and not r.ready for r in readiness)
    raise Exit(EXIT_BLOCKING if any(r.blocking for r in reports) or not_ready else EXIT_OK)


def parse_date(value: Optional[str], lang: str, option: str = "--as-of"):
    """A strict ISO date (YYYY-MM-DD) from an option; InvalidInput naming the option otherwise
    (``compliance.cli.common.parse_date`` is this one)."""
    import datetime as dt

    from compliance.errors import InvalidInput

    if value is None:
        return None
    text = value.strip()
    try:
        if len(text) != 10:
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(zh=f"{option}：日期应为 YYYY-MM-DD 格式，实际为 {value!r}",
                           en=f"{option}: a date is YYYY-MM-DD, got {value!r}") from None


def _fail(echo, message: str, code: int = EXIT_INVALID) -> None:
    echo(message, err=True)
    raise Exit(code)


def _load(path: Path):
    """A YAML/JSON file, or a workbook of one project (`compliance new FILE.xlsx`)."""
    from compliance.submission import files

    if path.suffix.lower() in (".xlsx", ".xlsm") and path.is_file():   # workbook.is_workbook, without its import
        from compliance.submission import workbook

        return workbook.load_one(path)
    return files.load(path)


def worker_host(db: Optional[str], register: bool):
    """A ``CheckHost`` whose worker consults the register at ``db`` (none when not ``register``)."""
    import functools

    from compliance.checker.isolate import CheckHost
    from compliance.penalties.provider import checker_provider

    return CheckHost(functools.partial(checker_provider, db) if register else None)


@contextlib.contextmanager
def large_input_host(sub, lang: str, *, db: Optional[str] = None, register: bool = True, echo=plain_echo):
    """For a submission of ``COMPLIANCE_ISOLATE_ABOVE`` plots or more (default ``ISOLATE_PLOTS``) a
    ``CheckHost`` (durable in a worker: `compliance explain` and `draft` on large input), else None
    (this process); closed on leaving."""
    if len(sub.plots) < _isolate_threshold(None, lang, echo):
        yield None
        return
    host = worker_host(db, register)
    try:
        yield host
    finally:
        host.close()


def _isolate_threshold(option: Optional[int], lang: str, echo) -> int:
    if option is not None:
        return option
    env = os.environ.get("COMPLIANCE_ISOLATE_ABOVE")
    if env is None or env.strip() == "":
        from compliance.checker import isolate

        return isolate.ISOLATE_PLOTS
    try:
        value = int(env)
        if value < 0:
            raise ValueError(env)
        return value
    except ValueError:
        _fail(echo, ("COMPLIANCE_ISOLATE_ABOVE：应为非负整数，实际为 " if lang == "zh" else
                     "COMPLIANCE_ISOLATE_ABOVE: a non-negative integer, got ") + repr(env))


def _sanctions_lookup(db: Optional[str], lang: str, echo):
    """The register lookup for checks; None when no register exists (nothing to consult)."""
    from compliance.penalties.location import resolve_url, sqlite_missing
    from compliance.penalties.messages import RegisterError
    from compliance.penalties.provider import checker_provider

    named = db or os.environ.get("COMPLIANCE_DB")
    if named and sqlite_missing(resolve_url(named, create_dir=False)):
        # a register the user named but that does not exist: never read it as "no sanction"
        _fail(echo, ("--db：惩戒名录不存在：" if lang == "zh" else "--db: no sanctions register at ") + named)
    provider = checker_provider(db)
    if provider is None:
        return None

    def guarded(*args):
        # a register that does not verify, or cannot be read, must not look like "no sanction": an internal
        # failure (exit 3) reported by the one failure mapping -- never an exit in the middle of fact derivation
        from compliance.errors import InternalFailure

        try:
            return provider(*args)
        except RegisterError as e:
            raise InternalFailure(zh=e.render("zh"), en=e.render("en")) from e
        except Exception as e:  # noqa: BLE001
            from compliance.penalties.messages import database_problem

            db_error = database_problem(e, named or resolve_url(None, create_dir=False))
            if db_error is not None:
                raise InternalFailure(zh=db_error.render("zh"), en=db_error.render("en")) from e
            raise InternalFailure(zh=f"无法读取惩戒名录：{e}", en=f"cannot read the sanctions register: {e}") from e

    guarded.consulted = provider.consulted
    return guarded


def _run_check(sub, when, sanctions, source: str):
    from compliance.checker import check as run_one
    from compliance.checker.engine import EngineError
    from compliance.rules.base import RuleConflict

    try:
        return run_one(sub, when, sanctions=sanctions, source=source)
    except (EngineError, RuleConflict) as e:
        e.detail = f"{source}: {e.detail}"
        raise


def _emit(reports, fmt: str, lang: str, readiness, echo, full: bool = False) -> None:
    from compliance.agreements import readiness as ready_mod
    from compliance.checker import report

    if fmt == "markdown":
        for r, ready in zip(reports, readiness):
            echo(report.to_markdown([r], lang))
            echo("\n".join(ready_mod.render(ready, lang, full)) + "\n")
        return
    from rich.console import Console

    console = Console()
    for r, ready in zip(reports, readiness):
        report.print_table([r], lang, console=console)
        for line in ready_mod.render(ready, lang, full):
            console.print(line, markup=False, highlight=False, soft_wrap=True)
        console.print()
