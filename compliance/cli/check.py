"""`compliance check`, `rules` and `schema`: the pre-submission check and what it is checked against."""
from __future__ import annotations

import os
from pathlib import Path
from enum import Enum
from typing import List, Optional

import typer

from compliance.cli.common import (AS_OF, EXIT_BLOCKING, EXIT_INVALID, EXIT_OK, LANG_OPT, Fmt, H,
                                   Lang, command, fail, parse_date, resolve_lang, OUT_OPT, FORCE_OPT,
                                   write_output)
from compliance.errors import InternalFailure

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
    from compliance.agreements.readiness import draft_readiness
    from compliance.submission import files as loader

    lang_code = resolve_lang(lang)
    when = parse_date(as_of, lang_code)
    threshold = _isolate_threshold(isolate_above, lang_code)
    reports, rejected, readiness = [], [], []
    sanctions = None if no_register else _sanctions_lookup(db, lang_code)
    host = None
    try:
        for f in files:
            try:
                sub = _load(f)
            except loader.InvalidSubmission as e:
                rejected.append(e)
                typer.echo(e.render(lang_code), err=True)
                continue
            if len(sub.plots) >= threshold:
                # large input: durable runs in a worker process (a crash is retried once, then exit 3)
                from compliance.checker.isolate import CheckHost

                if host is None:
                    import functools

                    from compliance.penalties.provider import checker_provider

                    host = CheckHost(None if no_register else functools.partial(checker_provider, db))
                reports.append(host.check(sub, when, source=str(f)))
            else:
                reports.append(_run_check(sub, when, sanctions, str(f)))
            readiness.append(draft_readiness(sub, when))   # in every report: a pass says what it means
    finally:
        if host is not None:
            host.close()
    if format is Fmt.json:
        # machines get JSON on stdout for every file, a rejected one as verdict "invalid"
        from compliance.checker import report

        payload = [{**r.as_dict(lang_code), **({"readiness": ready.as_dict(lang_code)} if ready is not None else {})}
                   for r, ready in zip(reports, readiness)] + [
            {"source": e.source, "verdict": "invalid", "problems": [p.as_dict(lang_code) for p in e.problems]}
            for e in rejected]
        typer.echo(report.dumps(payload[0] if len(payload) == 1 else payload))
    elif reports:
        _emit(reports, format, lang_code, readiness, full=for_ is not None)
    invalid = bool(rejected)
    if invalid:
        raise typer.Exit(EXIT_INVALID)
    not_ready = for_ is not None and any(r is not None and not r.ready for r in readiness)
    raise typer.Exit(EXIT_BLOCKING if any(r.blocking for r in reports) or not_ready else EXIT_OK)


def _load(path: Path):
    """A YAML/JSON file, or a workbook of one project (`compliance new FILE.xlsx`)."""
    from compliance.submission import files, workbook

    if workbook.is_workbook(path) and path.is_file():
        return workbook.load_one(path)
    return files.load(path)


def _isolate_threshold(option: Optional[int], lang: str) -> int:
    from compliance.checker.isolate import ISOLATE_PLOTS

    if option is not None:
        return option
    env = os.environ.get("COMPLIANCE_ISOLATE_ABOVE")
    if env is None or env.strip() == "":
        return ISOLATE_PLOTS
    try:
        value = int(env)
        if value < 0:
            raise ValueError(env)
        return value
    except ValueError:
        fail(("COMPLIANCE_ISOLATE_ABOVE：应为非负整数，实际为 " if lang == "zh" else
              "COMPLIANCE_ISOLATE_ABOVE: a non-negative integer, got ") + repr(env))


def _sanctions_lookup(db: Optional[str], lang: str):
    """The register lookup for checks; None when no register exists (nothing to consult)."""
    from compliance.penalties.location import resolve_url, sqlite_missing
    from compliance.penalties.messages import RegisterError
    from compliance.penalties.provider import checker_provider

    named = db or os.environ.get("COMPLIANCE_DB")
    if named and sqlite_missing(resolve_url(named, create_dir=False)):
        # a register the user named but that does not exist: never read it as "no sanction"
        fail(("--db：惩戒名录不存在：" if lang == "zh" else "--db: no sanctions register at ") + named)
    provider = checker_provider(db)
    if provider is None:
        return None

    def guarded(*args):
        # a register that does not verify, or cannot be read, must not look like "no sanction": an internal
        # failure (exit 3) that ``@command`` reports -- never a CLI exit in the middle of fact derivation
        try:
            return provider(*args)
        except RegisterError as e:
            raise InternalFailure(zh=e.render("zh"), en=e.render("en")) from e
        except Exception as e:  # noqa: BLE001
            raise InternalFailure(zh=f"无法读取惩戒名录：{e}", en=f"cannot read the sanctions register: {e}") from e

    guarded.consulted = provider.consulted
    return guarded


def _run_check(sub, when, sanctions, source: str):
    from compliance.checker import check as run
    from compliance.checker.engine import EngineError
    from compliance.rules.base import RuleConflict

    try:
        return run(sub, when, sanctions=sanctions, source=source)
    except (EngineError, RuleConflict) as e:
        e.detail = f"{source}: {e.detail}"
        raise


def _emit(reports, format: Fmt, lang: str, readiness=(), full: bool = False) -> None:
    from compliance.agreements import readiness as ready_mod
    from compliance.checker import report

    if format is Fmt.markdown:
        for r, ready in zip(reports, readiness):
            typer.echo(report.to_markdown([r], lang))
            typer.echo("\n".join(ready_mod.render(ready, lang, full)) + "\n")
        return
    from rich.console import Console

    console = Console()
    for r, ready in zip(reports, readiness):
        report.print_table([r], lang, console=console)
        for line in ready_mod.render(ready, lang, full):
            console.print(line, markup=False, highlight=False, soft_wrap=True)
        console.print()


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
