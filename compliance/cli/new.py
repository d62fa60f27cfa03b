"""`compliance new`: start a submission -- a fill-in workbook for one project, or a commented YAML skeleton."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from compliance.cli.common import FORCE_OPT, LANG_OPT, H, InvalidInput, Lang, command, resolve_lang, write_output


def new(
    file: Path = typer.Argument(..., help=H("要写的文件：.xlsx 填报工作簿，或 .yaml 带注释的骨架",
                                            "file to write: .xlsx fill-in workbook or .yaml commented skeleton")),
    province: str = typer.Option("43", "--province", "-p", help=H("省份：43 湖南、51 四川（决定示例内容）",
                                                                  "province: 43 Hunan, 51 Sichuan (picks the example)")),
    mechanism: Optional[str] = typer.Option(None, "--mechanism", "-m", help=H("减排机制：CCER、XLTP 湘林碳票、SCPH 林草碳普惠 …",
                                                                             "mechanism: CCER, XLTP, SCPH …")),
    force: bool = FORCE_OPT,
    lang: Optional[Lang] = LANG_OPT,
) -> None:
    from compliance.reference.vocab import Mechanism, Province
    from compliance.submission import template

    lang_code = resolve_lang(lang)
    prov = Province.lookup(province.strip())
    if prov is None or prov.value not in template.PROVINCES:
        raise InvalidInput(zh=f"--province：应为 43（湖南）或 51（四川），实际为 {province}",
                           en=f"--province: 43 (Hunan) or 51 (Sichuan), got {province}")
    mech = None
    if mechanism is not None:
        member = Mechanism.lookup(mechanism)
        if member is None:
            raise InvalidInput(zh=f"--mechanism：未知机制 {mechanism}，应为：{Mechanism.choices()}",
                               en=f"--mechanism: unknown mechanism {mechanism}; choose from {', '.join(m.value for m in Mechanism)}")
        mech = member.value
    suffix = file.suffix.lower()
    if suffix in (".xlsx",):
        write_output(file, force, lang_code, lambda p: template.write_workbook(p, prov.value, mech, lang_code))
    elif suffix in (".yaml", ".yml"):
        write_output(file, force, lang_code, lambda p: template.write_yaml(p, prov.value, mech, lang_code))
    else:
        raise InvalidInput(zh=f"{file}：文件名应以 .xlsx 或 .yaml 结尾", en=f"{file}: the name must end in .xlsx or .yaml")
    typer.echo((f"已写入 {file}；填写后运行：compliance check {file}" if lang_code == "zh"
                else f"wrote {file}; fill it in, then run: compliance check {file}"), err=True)


def mount(app: typer.Typer) -> None:
    app.command(help=H("新建一个项目的提交文件：.xlsx 填报工作簿（下拉列表、填写提示、示例行）或带注释的 .yaml 骨架。",
                       "Start a submission: a fill-in .xlsx workbook (drop-downs, hints, example rows) "
                       "or a commented .yaml skeleton."))(command(new))
