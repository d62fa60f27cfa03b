"""What every command shares: exit codes, the language and format options, dates, and the one
``@command`` wrapper that turns a ``ComplianceError`` (or anything unexpected) into a message and
an exit code -- never a traceback."""
from __future__ import annotations

import functools
from enum import Enum
from typing import Optional

import typer

from compliance.cli.failure import report
from compliance.errors import ComplianceError, InternalFailure, InvalidInput, Refused
from compliance.i18n import HELP_LANG, H, Lang, pick, resolve_lang  # noqa: F401  (re-exported for commands)

EXIT_OK, EXIT_BLOCKING, EXIT_INVALID, EXIT_INTERNAL = 0, 1, 2, 3


class Fmt(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"


AS_OF = typer.Option(None, "--as-of", help=H("判定日期 YYYY-MM-DD（默认：文件中的 as_of，否则今天）",
                                              "date to judge on, YYYY-MM-DD (default: the file's as_of, else today)"))
LANG_OPT = typer.Option(None, "--lang", help=H("输出语言（默认：环境变量 COMPLIANCE_LANG，否则 zh）",
                                               "output language (default: COMPLIANCE_LANG, else zh)"))


OUT_OPT = typer.Option(None, "--out", "-o", help=H("输出文件（已存在时须加 --force）",
                                                  "output file (an existing one needs --force)"))
FORCE_OPT = typer.Option(False, "--force", help=H("覆盖已存在的输出文件", "overwrite an existing output file"))


def write_output(path, force: bool, lang: str, write) -> None:
    """The one output convention (``-o/--out`` with ``--force``): refuse to overwrite without --force,
    name a missing folder, then ``write(path)``."""
    from pathlib import Path

    path = Path(path)
    if path.is_dir():
        raise InvalidInput(zh=f"--out：{path} 是目录，请给出文件名", en=f"--out: {path} is a directory; give a file name")
    if path.exists() and not force:
        raise InvalidInput(zh=f"--out：{path} 已存在；加 --force 覆盖", en=f"--out: {path} exists; add --force to overwrite")
    if not path.parent.exists():
        raise InvalidInput(zh=f"--out：目录 {path.parent} 不存在", en=f"--out: folder {path.parent} does not exist")
    write(path)


def fail(message: str, code: int = EXIT_INVALID) -> None:
    """Stop the command: ``message`` (already in the output language) and exit ``code``, reported by the
    one ``@command`` wrapper like every other failure (InvalidInput 2, Refused 1, InternalFailure 3)."""
    kind = {EXIT_BLOCKING: Refused, EXIT_INVALID: InvalidInput, EXIT_INTERNAL: InternalFailure}.get(code)
    if kind is None:
        error = ComplianceError(zh=message, en=message)
        error.exit_code = code
        raise error
    raise kind(zh=message, en=message)


from compliance.cli.checkrun import parse_date  # noqa: E402,F401 - the one strict date parser of the CLI (typer-free)


def command(fn=None, *, context=None, lines=None):
    """The one wrapper of every CLI command: ComplianceError → its message and exit code
    (``compliance/errors.py``); anything else → an ``UnexpectedFailure`` (exit 3); never a traceback.
    The mapping itself is ``cli.failure.report`` (typer-free, for a command run without typer).

    The output language is the command's ``lang`` argument resolved by ``resolve_lang`` (``--lang``,
    then COMPLIANCE_LANG, then zh), so even an internal failure is reported in the chosen language.

    A command group may adapt two things and nothing else (``cli/sanctions.py`` does):

    - ``context(lang)`` builds an object passed as the command's first argument (hidden from typer);
    - ``lines(error, lang, ctx)`` renders a ComplianceError as the lines printed to stderr (default:
      ``error.lines(lang)``), e.g. to name a field by the option the user typed.

    Use as ``@command`` or ``@command(context=..., lines=...)``.
    """
    if fn is None:
        return functools.partial(command, context=context, lines=lines)

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        lang = resolve_lang(kwargs.get("lang"))
        ctx = None
        try:
            if context is None:
                return fn(*args, **kwargs)
            ctx = context(lang)
            return fn(ctx, *args, **kwargs)
        except (typer.Exit, typer.Abort):
            raise
        except (KeyboardInterrupt, Exception) as e:  # noqa: BLE001 - the user gets a line, not a traceback
            if type(e).__module__.startswith(("sqlalchemy", "sqlite3", "psycopg")):
                from compliance.penalties.messages import database_problem   # a register missing a table or row

                e = database_problem(e) or e
            adapt = (lambda err: lines(err, lang, ctx)) if lines is not None and (ctx is not None or context is None) else None
            raise typer.Exit(report(e, lang, typer.echo, adapt)) from None

    if context is not None:       # typer reads the signature: hide the injected context parameter
        import inspect

        sig = inspect.signature(fn)
        wrapper.__signature__ = sig.replace(parameters=list(sig.parameters.values())[1:])
        del wrapper.__wrapped__
    wrapper.compliance_command = True     # tests check that every command goes through here
    return wrapper

