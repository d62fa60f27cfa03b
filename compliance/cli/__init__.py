"""The `compliance` command line (typer + rich): the only package that imports typer.

Exit status: 0 no blocking finding, 1 blocking findings, 2 invalid input or usage,
3 internal failure (never silently "no finding"). Help is Chinese; COMPLIANCE_LANG=en switches
help and output to English; ``--lang`` overrides for one command's output. Each sub-command lives in
its own module (check, draft, batch, sanctions) and is mounted here; heavy libraries load lazily.
"""
from __future__ import annotations

import sys

import typer

from compliance.cli import batch, check, draft, sanctions
from compliance.i18n import H

app = typer.Typer(
    help=H("林业碳汇项目合规工作台：提交前检查、协议起草、惩戒名录。",
           "Compliance workbench for forestry carbon-sink projects: pre-submission checks, agreements, sanctions register."),
    add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

check.mount(app)
draft.mount(app)
app.add_typer(sanctions.app, name="sanctions")
batch.mount(app)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
