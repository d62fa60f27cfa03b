"""What the user reads when a command fails, and its exit status: the one mapping, without typer.

``cli.common.command`` (every typer command) calls it; a command run without typer (a start-up fast
path) calls it too, so every surface of the CLI reports a failure the same way. A ComplianceError
gives its own lines and exit code (``compliance/errors.py``: InvalidInput 2, Refused 1,
InternalFailure 3); Ctrl-C gives 130; anything else is an ``UnexpectedFailure`` (exit 3, one line in the
user's language) -- or, with COMPLIANCE_DEBUG set, the traceback.
"""
from __future__ import annotations

import os
from typing import Callable, Optional

from compliance.errors import ComplianceError, UnexpectedFailure

INTERRUPTED = 130


def report(error: BaseException, lang: str, echo: Callable[..., None],
           lines: Optional[Callable[[ComplianceError], list[str]]] = None) -> int:
    """Print ``error`` for the user with ``echo(text, err=True)`` and return the exit status.

    ``lines(error)`` may render a ComplianceError differently (the sanctions commands name a field by
    the option typed); by default ``error.lines(lang)``. Call it from an ``except`` block: with
    COMPLIANCE_DEBUG an unexpected exception is re-raised with its traceback."""
    if isinstance(error, KeyboardInterrupt):
        return INTERRUPTED
    if not isinstance(error, ComplianceError):
        if os.environ.get("COMPLIANCE_DEBUG"):
            raise error
        error = UnexpectedFailure(error)
    for line in (lines(error) if lines is not None else error.lines(lang)):
        echo(line, err=True)
    return error.exit_code
