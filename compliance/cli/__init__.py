"""The `compliance` command line (typer + rich): the only package that imports typer.

Exit status: 0 no blocking finding, 1 blocking findings, 2 invalid input or usage,
3 internal failure (never silently "no finding"). Help is Chinese; COMPLIANCE_LANG=en switches
help and output to English; ``--lang`` overrides for one command's output.

The typer application is ``compliance.cli.application.app``, importable as ``from compliance.cli
import app`` (tests, embedding) without loading typer before it is asked for. ``main`` first tries
the start-up fast path of a plain `compliance check` (``compliance.cli.fast``: the same command body
without importing typer); everything else, and anything unusual on a check's command line, goes
to typer.
"""
from __future__ import annotations

import os
import sys

# pydantic looks for plugins through importlib.metadata at the first model (~20 ms per command);
# the CLI uses none (set PYDANTIC_DISABLE_PLUGINS yourself to change this)
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
# numpy's OpenBLAS starts one spinning thread per core at import (~100 ms CPU per command on 2 cores);
# the product does no linear algebra where threads would pay (set OPENBLAS_NUM_THREADS to change this)
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

_FROM_APP = ("app", "LazyGroup", "zh_error", "_ZH_TEXTS", "_ZH_PANELS", "_ZH_ERRORS", "_LAZY")


def __getattr__(name: str):
    """``from compliance.cli import app`` (and the app module's other names) without importing typer
    for the fast path."""
    if name in _FROM_APP:
        import importlib

        return getattr(importlib.import_module("compliance.cli.application"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    try:
        from compliance.cli import fast

        code = fast.run(sys.argv[1:])
        if code is not None:
            sys.exit(code)
        from compliance.cli.application import app

        app()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
