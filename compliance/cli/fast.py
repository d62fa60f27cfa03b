"""The start-up fast path of `compliance check`: the command run without importing typer.

typer (0.29) costs ~60 ms at every start: its import and the pydantic adapters it builds for each
option. A plain `compliance check FILE… [options]` does not need them: ``run`` takes the usual
forms of the command line itself and runs the command's body (``checkrun.run``, the same code the
typer command runs) under the same error handling as ``common.command``. Anything else -- help,
an unknown or repeated option, ``--opt=value``, a value that is not one of the choices, ``--`` --
returns None and the typer application handles it, so help texts and usage errors stay typer's.
``COMPLIANCE_NO_FAST=1`` turns the fast path off (tests compare the two).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional

# option -> (parameter, accepted values or None for free text / a flag)
_VALUED = {
    "--as-of": ("as_of", None),
    "--format": ("fmt", ("table", "json", "markdown")),
    "-f": ("fmt", ("table", "json", "markdown")),
    "--lang": ("lang", ("zh", "en")),
    "--db": ("db", None),
    "--for": ("for_", ("draft",)),
    "--isolate-above": ("isolate_above", None),
}
_FLAGS = {"--no-register": "no_register"}


def parse(argv: list[str]) -> Optional[dict]:
    """The check's parameters from ``argv`` (after the program name), or None to leave it to typer."""
    if not argv or argv[0] != "check":
        return None
    params: dict = {"files": [], "as_of": None, "fmt": "table", "lang": None, "db": None,
                    "no_register": False, "for_": None, "isolate_above": None}
    seen: set[str] = set()
    args = argv[1:]
    i = 0
    while i < len(args):
        a = args[i]
        if a.startswith("-"):
            if a in _FLAGS:
                name = _FLAGS[a]
                if name in seen:
                    return None
                seen.add(name)
                params[name] = True
                i += 1
                continue
            if a not in _VALUED or i + 1 >= len(args):
                return None              # help, unknown options, --opt=value, "--", "-": typer's
            name, choices = _VALUED[a]
            value = args[i + 1]
            if name in seen or value.startswith("-") or (choices is not None and value not in choices):
                return None
            if name == "isolate_above":
                if not (value.isdigit() and value.isascii() and (value == "0" or not value.startswith("0"))):
                    return None
                value = int(value)
            seen.add(name)
            params[name] = value
            i += 2
            continue
        params["files"].append(Path(a))
        i += 1
    if not params["files"]:
        return None                      # "missing argument" is typer's message
    return params


def run(argv: list[str]) -> Optional[int]:
    """Run `compliance check` without typer when ``argv`` is a plain check; its exit code, else None."""
    if os.environ.get("COMPLIANCE_NO_FAST"):
        return None
    for stream in (sys.stdout, sys.stderr):      # click adapts other encodings: leave those to it
        if (getattr(stream, "encoding", None) or "").lower().replace("-", "") != "utf8":
            return None
    params = parse(argv)
    if params is None:
        return None
    from compliance.cli import checkrun
    from compliance.cli.failure import report
    from compliance.i18n import resolve_lang

    lang = resolve_lang(params["lang"])
    echo = checkrun.plain_echo
    try:                                 # the one failure mapping (as common.command), then click's for a closed pipe
        try:
            checkrun.run(params.pop("files"), echo=echo, **params)
            return 0
        except checkrun.Exit as e:
            return e.code
        except (KeyboardInterrupt, Exception) as e:  # noqa: BLE001 - the user gets a line, not a traceback
            return report(e, lang, echo)
    except BrokenPipeError:
        _pacify()
        return 1


def _pacify() -> None:
    """After a closed pipe, as click does: no second error while Python flushes at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
