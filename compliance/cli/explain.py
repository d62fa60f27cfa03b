"""`compliance explain RULE FILE`: for each case of a rule, whether it applies to the file and why."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from compliance.cli.common import AS_OF, EXIT_OK, LANG_OPT, Fmt, H, Lang, command, parse_date, resolve_lang


def explain(
    rule: str = typer.Argument(..., help=H("规则编号，如 HN-15-benefit（见 compliance rules）",
                                           "rule id, e.g. HN-15-benefit (see compliance rules)")),
    file: Path = typer.Argument(..., help=H("提交文件（YAML、JSON 或单个项目的 .xlsx）",
                                            "submission file (YAML, JSON or a one-project .xlsx)")),
    as_of: Optional[str] = AS_OF,
    format: Fmt = typer.Option(Fmt.table, "--format", "-f", help=H("输出格式（table 或 json）", "output format (table or json)")),
    lang: Optional[Lang] = LANG_OPT,
    db: Optional[str] = typer.Option(None, "--db", help=H("惩戒名录数据库 URL", "sanctions register URL")),
    no_register: bool = typer.Option(False, "--no-register", help=H("不查询惩戒名录", "do not consult the sanctions register")),
) -> None:
    import json

    from compliance.checker import trace
    from compliance.cli.check import _load, _sanctions_lookup
    from compliance.cli.checkrun import large_input_host

    lang_code = resolve_lang(lang)
    when = parse_date(as_of, lang_code)
    trace.find_rule(rule)                       # an unknown rule is reported before the file is read
    sub = _load(file)
    with large_input_host(sub, lang_code, db=db, register=not no_register) as host:
        if host is not None:                    # large input: the explanation (it re-runs the check) in a worker
            [doc] = host.explain(sub, [rule], when, lang=lang_code, source=str(file))
            text = doc.pop("text")
        else:
            e = trace.explain_rule(sub, rule, when, sanctions=None if no_register else _sanctions_lookup(db, lang_code))
            doc, text = e.as_dict(lang_code), trace.render(e, lang_code)
    if format is Fmt.json:
        typer.echo(json.dumps(doc, ensure_ascii=False, indent=2, default=str))
    else:
        typer.echo(text)
    raise typer.Exit(EXIT_OK)


def mount(app: typer.Typer) -> None:
    app.command(help=H("解释一条规则对一个文件为何触发或未触发：逐个情形列出比较的事实值、参数值和未满足的条件。",
                       "Explain why a rule fired or not for a file: per case, the fact and parameter values "
                       "compared and the condition that failed."))(command(explain))
