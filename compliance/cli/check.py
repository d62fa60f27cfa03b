"""`compliance check`, `rules` and `schema`: the pre-submission check and what it is checked against.

The body of `check` is ``compliance.cli.checkrun.run`` (typer-free), which the start-up fast path
(``compliance.cli.fast``) runs too."""
from __future__ import annotations

from pathlib import Path
from enum import Enum
from typing import List, Optional

import typer

from compliance.cli.common import (AS_OF, LANG_OPT, Fmt, H, Lang, command, fail, parse_date, resolve_lang, OUT_OPT,
                                   FORCE_OPT, write_output)

_COMMANDS = []


class Purpose(str, Enum):
    draft = "draft"


def command_of(**kw):
    """Collect a command with its typer options; ``mount`` adds them to the app, each under ``@command``."""

    def deco(fn):
        _COMMANDS.append((fn, kw))
        return fn

    return deco


@command_of(help=H("检查一个或多个提交文件，列出每条问题及其依据条款。",
                    "Check one or more submission files and list every finding with its article."))
def check(
    files: List[Path] = typer.Argument(..., help=H("提交文件（YAML、JSON，或单个项目的 .xlsx）",
                                                             "submission files (YAML, JSON, or a one-project .xlsx)")),
    as_of: Optional[str] = AS_OF,
    format: Fmt = typer.Option(Fmt.table, "--format", "-f", help=H("输出格式", "output format")),
    lang: Optional[Lang] = LANG_OPT,
    db: Optional[str] = typer.Option(None, "--db", help=H("惩戒名录数据库 URL（默认 COMPLIANCE_DB 或用户数据目录）",
                                                          "sanctions register URL (default: COMPLIANCE_DB or the user data dir)")),
    no_register: bool = typer.Option(False, "--no-register", help=H("不查询惩戒名录", "do not consult the sanctions register")),
    for_: Optional[Purpose] = typer.Option(None, "--for", help=H("按用途检查是否就绪：draft 列出起草协议还缺的信息，缺则退出码 1",
                                                                 "check readiness for a purpose: draft lists what drafting still "
                                                                 "needs; exit 1 if anything is missing")),
    isolate_above: Optional[int] = typer.Option(
        None, "--isolate-above", min=0,
        help=H("地块数达到该值的提交在独立工作进程中检查（引擎崩溃时报错并重试一次；0 = 全部；默认 COMPLIANCE_ISOLATE_ABOVE 或 2000）",
               "check submissions with at least this many plots in a separate worker process (an engine crash is "
               "reported and retried once; 0 = all; default COMPLIANCE_ISOLATE_ABOVE, else 2000)")),
) -> None:
    from compliance.cli import checkrun

    try:
        checkrun.run(files, as_of, format.value, lang.value if lang is not None else None, db, no_register,
                     for_.value if for_ is not None else None, isolate_above, echo=typer.echo)
    except checkrun.Exit as e:
        raise typer.Exit(e.code) from None


def _load(path: Path):
    """A YAML/JSON file, or a workbook of one project (`compliance new FILE.xlsx`)."""
    from compliance.cli import checkrun

    return checkrun._load(path)


def _sanctions_lookup(db: Optional[str], lang: str):
    """The register lookup for checks (``checkrun._sanctions_lookup``) for typer commands: its refusals
    exit through typer."""
    from compliance.cli import checkrun

    try:
        lookup = checkrun._sanctions_lookup(db, lang, typer.echo)
    except checkrun.Exit as e:
        raise typer.Exit(e.code) from None
    return lookup   # its failures during derivation are InternalFailure for ``@command``


@command_of(help=H("列出规则目录（由规则声明生成），含依据条款和依据可信度。",
                    "Print the rule catalogue generated from the declarations, with citations and basis."))
def rules(
    jurisdiction: Optional[str] = typer.Option(None, "--jurisdiction", "-j",
                                               help=H("按规则集筛选：hunan / sichuan / ccer / tenure … 或省份名称",
                                                      "filter by ruleset: hunan / sichuan / ccer / tenure … or a province")),
    as_of: Optional[str] = typer.Option(None, "--as-of", help=H("只列出该日有效的规则", "only rules in force on this date")),
    format: Fmt = typer.Option(Fmt.table, "--format", "-f", help=H("输出格式", "output format")),
    lang: Optional[Lang] = LANG_OPT,
) -> None:
    from compliance.checker import catalogue

    lang_code = resolve_lang(lang)
    when = parse_date(as_of, lang_code)
    try:
        entries = catalogue.entries(jurisdiction, when)
    except catalogue.UnknownJurisdiction as e:
        fail(("未知规则集或地区：" if lang_code == "zh" else "unknown ruleset or region: ") + f"{e}; "
             + ("可选：" if lang_code == "zh" else "choose from: ") + ", ".join(catalogue.jurisdiction_names()))
    if format is Fmt.json:
        typer.echo(catalogue.to_json(entries, lang_code))
    elif format is Fmt.markdown:
        typer.echo(catalogue.to_markdown(entries, lang_code))
    else:
        catalogue.print_table(entries, lang_code)


@command_of(help=H("输出提交文件格式（forest-carbon-submission/1）的 JSON Schema（2020-12），由数据模型生成。",
                    "Print the JSON Schema (2020-12) of the submission format, generated from the model."))
def schema(
    out: Optional[Path] = OUT_OPT,
    force: bool = FORCE_OPT,
    lang: Optional[Lang] = LANG_OPT,
) -> None:
    import json

    from compliance.submission.schema import schema as build

    text = json.dumps(build(), ensure_ascii=False, indent=2)
    if out is None:
        typer.echo(text)
        return
    write_output(out, force, resolve_lang(lang), lambda p: p.write_text(text + "\n", encoding="utf-8"))


def mount(app: typer.Typer) -> None:
    for fn, kw in _COMMANDS:
        app.command(**kw)(command(fn))
