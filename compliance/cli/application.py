"""The typer application of the `compliance` command line (see ``compliance.cli``).

Each sub-command lives in its own module (check, new, explain, draft, batch, sanctions, serve) and is
mounted lazily: `compliance check` imports neither the agreement drafter nor the sanctions register
nor the portfolio code (``LazyGroup``); `compliance --help` loads them all to list them. rich is
imported only when a table is printed.
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
    "new": "compliance.cli.new",
    "explain": "compliance.cli.explain",
    "draft": "compliance.cli.draft",
    "templates": "compliance.cli.draft",
    "sanctions": "compliance.cli.sanctions",
    "batch": "compliance.cli.batch",
    "serve": "compliance.cli.serve",
    "users": "compliance.cli.serve",
}


class _Commands(dict):
    """The group's commands: looking one up builds only its module; listing them builds all."""

    def __init__(self, load, initial):
        super().__init__(initial)
        self._load = load

    def _need(self, name) -> None:
        if not dict.__contains__(self, name) and name in _LAZY:
            self._load(_LAZY[name])

    def _all(self) -> None:
        for module in dict.fromkeys(_LAZY.values()):
            self._load(module)

    def get(self, name, default=None):
        self._need(name)
        return dict.get(self, name, default)

    def __contains__(self, name) -> bool:
        self._need(name)
        return dict.__contains__(self, name)

    def __getitem__(self, name):
        self._need(name)
        return dict.__getitem__(self, name)

    def keys(self):
        self._all()
        return dict.keys(self)

    def values(self):
        self._all()
        return dict.values(self)

    def items(self):
        self._all()
        return dict.items(self)

    def __iter__(self):
        self._all()
        return dict.__iter__(self)

    def __len__(self) -> int:
        self._all()
        return dict.__len__(self)


class LazyGroup(TyperGroup):
    """A typer group whose sub-commands are built from their module on first use."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._loaded: set[str] = set()
        self.commands = _Commands(self._load, self.commands)

    def list_commands(self, ctx) -> list[str]:
        names = list(self.commands.keys())
        return [n for n in _LAZY if n in names] + [n for n in names if n not in _LAZY]

    def _load(self, module_name: str) -> None:
        if module_name in self._loaded:
            return
        self._loaded.add(module_name)
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
            dict.setdefault(self.commands, name, cmd)


def _fold_help_text(rich_utils) -> None:
    """Fold long help lines instead of cutting them with "…".

    Rich's table columns (typer's help panels) default to ``overflow="ellipsis"``, and a Chinese
    sentence has no spaces to wrap at, so at 80 columns it would be cut. A Text's own ``overflow``
    wins over the column's, so every help text typer builds is made to fold (break between
    characters, as Chinese typesetting does)."""
    from rich.text import Text

    original = getattr(rich_utils, "_make_rich_text", None)
    if original is None or getattr(original, "_folds", False):
        return

    def make(*args, **kwargs):
        out = original(*args, **kwargs)
        if isinstance(out, Text):
            out.overflow = "fold"
        return out

    make._folds = True
    rich_utils._make_rich_text = make


def _when_imported(name: str, patch) -> None:
    """Run ``patch(module)`` once ``name`` is imported (now, if it is already): typer loads rich only
    when it renders help or an error, and the CLI must not load rich before that."""
    import importlib.abc
    import importlib.util

    if name in sys.modules:
        patch(sys.modules[name])
        return

    class Finder(importlib.abc.MetaPathFinder):
        def find_spec(self, fullname, path, target=None):
            if fullname != name:
                return None
            sys.meta_path.remove(self)
            spec = importlib.util.find_spec(fullname)
            if spec is None or spec.loader is None:
                return spec
            run = spec.loader.exec_module

            def exec_module(module):
                run(module)
                patch(module)

            spec.loader.exec_module = exec_module
            return spec

    sys.meta_path.insert(0, Finder())

# typer's and click's own words (help panels, usage errors) in Chinese; the regexes map click's
# English error messages, anything else keeps its text behind "参数错误："
_ZH_PANELS = {"ARGUMENTS_PANEL_TITLE": "参数", "OPTIONS_PANEL_TITLE": "选项", "COMMANDS_PANEL_TITLE": "命令",
              "ERRORS_PANEL_TITLE": "错误", "ABORTED_TEXT": "已中止。", "DEFAULT_STRING": "[默认：{}]",
              "ENVVAR_STRING": "[环境变量：{}]", "REQUIRED_LONG_STRING": "[必填]",
              "RICH_HELP": "帮助：[blue]{command_path} {help_option}[/]"}
_ZH_TEXTS = {"Show this message and exit.": "显示本帮助并退出。"}
_ZH_ERRORS = [
    (r"^Missing (?:argument|parameter|option) '?([^'.]+)'?\.(.*)$", r"缺少参数 \1。\2"),
    (r"^Missing command\.$", "缺少命令。"),
    (r"^No such option: (\S+)(?: \(Possible options: (.*)\))?$", r"没有这个选项：\1"),
    (r"^No such command '([^']+)'\.$", r"没有这个命令：\1"),
    (r"^Got unexpected extra arguments? \((.*)\)$", r"多余的参数：\1"),
    (r"^Option '([^']+)' requires an argument\.$", r"选项 \1 需要一个值"),
    (r"^Invalid value for (.+?): (?:Value error, )?'([^']*)' is not one of (.*)\.$", r"\1 的取值 \2 无效，应为：\3"),
    (r"^Invalid value for (.+?): (?:Value error, )?(.*)$", r"\1 的取值无效：\2"),
]


def zh_error(message: str) -> str:
    """A click usage-error message in Chinese (the option names and values kept as typed)."""
    import re

    for pattern, repl in _ZH_ERRORS:
        if re.match(pattern, message, flags=re.S):
            out = re.sub(pattern, repl, message, flags=re.S).strip()
            m = re.search(r"Possible options: (.*)\)", message)
            return out + (f"（可能是：{m.group(1)}）" if m else "")
    return "参数错误：" + message


def _localise_rich_utils(rich_utils) -> None:
    for name, value in _ZH_PANELS.items():
        if hasattr(rich_utils, name):
            setattr(rich_utils, name, value)
    make = rich_utils._make_rich_text

    def make_zh(*args, text: str = "", **kwargs):
        return make(*args, text=_ZH_TEXTS.get(text, text), **kwargs)

    make_zh._folds = True
    rich_utils._make_rich_text = make_zh
    format_error = rich_utils.rich_format_error

    def rich_format_error_zh(self):
        english = self.format_message
        self.format_message = lambda: zh_error(english())
        try:
            return format_error(self)
        finally:
            self.format_message = english

    rich_utils.rich_format_error = rich_format_error_zh


def _localise_usage() -> None:
    from typer._click import formatting

    write_usage = formatting.HelpFormatter.write_usage

    def write_usage_zh(self, prog, args="", prefix=None):
        args = args.replace("[OPTIONS]", "[选项]").replace("COMMAND [ARGS]...", "命令 [参数]...")
        return write_usage(self, prog, args, "用法：" if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = write_usage_zh


def _patch_rich_utils(rich_utils) -> None:
    try:
        _fold_help_text(rich_utils)
        if H("zh", "en") == "zh":
            _localise_rich_utils(rich_utils)
    except AttributeError:          # another typer: its own rendering stays
        pass


_when_imported("typer.rich_utils", _patch_rich_utils)
if H("zh", "en") == "zh":
    try:
        _localise_usage()
    except (ImportError, AttributeError):
        pass

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


