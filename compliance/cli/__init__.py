"""The `compliance` command line (typer + rich): the only package that imports typer.

Exit status: 0 no blocking finding, 1 blocking findings, 2 invalid input or usage,
3 internal failure (never silently "no finding"). Help is Chinese; COMPLIANCE_LANG=en switches
help and output to English; ``--lang`` overrides for one command's output. Each sub-command lives in
its own module (check, draft, batch, sanctions) and is mounted lazily: `compliance check` imports
neither the agreement drafter nor the sanctions register nor the portfolio code (``LazyGroup``);
`compliance --help` loads them all to list them. rich is imported only when a table is printed.
"""
from __future__ import annotations

import importlib
import os
import sys

# pydantic looks for plugins through importlib.metadata at the first model (~20 ms per command);
# the CLI uses none (set PYDANTIC_DISABLE_PLUGINS yourself to change this)
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

import typer  # noqa: E402
from typer.core import TyperGroup  # noqa: E402

from compliance.i18n import H  # noqa: E402

# command name -> the module that mounts it (``mount(app)``, or ``app`` for a sub-app), in help order
_LAZY = {
    "check": "compliance.cli.check",
    "rules": "compliance.cli.check",
    "schema": "compliance.cli.check",
    "draft": "compliance.cli.draft",
    "templates": "compliance.cli.draft",
    "sanctions": "compliance.cli.sanctions",
    "batch": "compliance.cli.batch",
}


class LazyGroup(TyperGroup):
    """A typer group whose sub-commands are built from their module on first use."""

    def list_commands(self, ctx) -> list[str]:
        return list(dict.fromkeys([*_LAZY, *self.commands]))

    def get_command(self, ctx, cmd_name: str):
        if cmd_name not in self.commands and cmd_name in _LAZY:
            self._load(_LAZY[cmd_name])
        return self.commands.get(cmd_name)

    def resolve_command(self, ctx, args):
        if args and args[0] not in self.commands and args[0] not in _LAZY and not args[0].startswith("-"):
            for module in dict.fromkeys(_LAZY.values()):     # an unknown name: load all, for suggestions
                self._load(module)
        return super().resolve_command(ctx, args)

    def _load(self, module_name: str) -> None:
        module = importlib.import_module(module_name)
        sub = typer.Typer(add_completion=False)
        if hasattr(module, "mount"):
            module.mount(sub)
        else:
            sub.add_typer(module.app, name=module_name.rsplit(".", 1)[1])

        @sub.callback()
        def _group() -> None:      # makes typer build a group even for a single command
            pass

        for name, cmd in typer.main.get_group(sub).commands.items():
            self.commands.setdefault(name, cmd)


app = typer.Typer(
    cls=LazyGroup,
    help=H("林业碳汇项目合规工作台：提交前检查、协议起草、惩戒名录。",
           "Compliance workbench for forestry carbon-sink projects: pre-submission checks, agreements, sanctions register."),
    add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def _root() -> None:
    """The root group (its help is the app's)."""


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
