"""Render check reports: a rich table grouped by severity, stable JSON, Markdown."""
from __future__ import annotations

import json
from typing import Iterable

from compliance.checker import Report
from compliance.i18n import text
from compliance.reference.vocab import Severity

def _escape(s: str) -> str:
    from rich.markup import escape

    return escape(s)


def _escape_fix(fix: str) -> str:
    # the arrow line carries its own [dim] markup around user text
    if not fix:
        return ""
    from rich.markup import escape

    inner = fix[len("\n[dim]→ "):-len("[/dim]")]
    return "\n[dim]→ " + escape(inner) + "[/dim]"


_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def summary(r: Report, lang: str) -> str:
    return text("summary", lang, errors=r.count(Severity.ERROR), warnings=r.count(Severity.WARNING),
                infos=r.count(Severity.INFO))


def dumps(payload) -> str:
    return json.dumps(payload, ensure_ascii=False, indent=2, default=str)


def to_json(reports: list[Report], lang: str = "zh") -> str:
    payload = [r.as_dict(lang) for r in reports]
    return dumps(payload[0] if len(payload) == 1 else payload)


def to_markdown(reports: Iterable[Report], lang: str = "zh") -> str:
    out: list[str] = []
    for r in reports:
        verdict = text("verdict_pass" if r.verdict == "pass" else "verdict_fail", lang)
        out.append(f"## {r.project_id} {r.project_name}\n")
        out.append(f"- {text('as_of', lang)}: {r.as_of.isoformat()}\n- {verdict}: {summary(r, lang)}\n")
        if r.register is not None:
            out.append(f"- {register_line(r.register, lang)}\n")
        if not r.findings:
            out.append(f"\n{text('no_findings', lang)}\n")
            continue
        for sev in Severity:
            group = [f for f in r.findings if f.severity is sev]
            if not group:
                continue
            out.append(f"\n### {sev.label(lang)}（{len(group)}）\n" if lang == "zh" else f"\n### {sev.label(lang)} ({len(group)})\n")
            out.append(f"\n| {text('rule', lang)} | {text('citation', lang)} | {text('path', lang)} | {text('message', lang)} | {text('fix', lang)} |\n|---|---|---|---|---|\n")
            for f in group:
                cells = [f.rule, f.citation.text(), f"`{f.path}`", f.message(lang), f.fix(lang)]
                out.append("| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |\n")
    return "".join(out)


def register_line(reg: dict, lang: str = "zh") -> str:
    """Which sanctions register a check consulted (verified up to its head)."""
    if lang == "zh":
        return (f"已查询惩戒名录 {reg['register']}：已验证 {reg['events']} 个事件，"
                f"头哈希 {reg['head_hash'][:16]}…")
    return (f"sanctions register consulted: {reg['register']}: {reg['events']} events verified, "
            f"head {reg['head_hash'][:16]}…")


def print_table(reports: Iterable[Report], lang: str = "zh", console=None) -> None:
    from rich.console import Console
    from rich.table import Table

    console = console or Console()
    for r in reports:
        verdict = text("verdict_pass" if r.verdict == "pass" else "verdict_fail", lang)
        colour = "green" if r.verdict == "pass" else "red"
        console.print(f"[bold]{r.project_id}[/bold] {r.project_name}  "
                      f"（{text('as_of', lang)} {r.as_of.isoformat()}）" if lang == "zh" else
                      f"[bold]{r.project_id}[/bold] {r.project_name}  ({text('as_of', lang)} {r.as_of.isoformat()})",
                      markup=True, highlight=False)
        for sev in Severity:
            group = [f for f in r.findings if f.severity is sev]
            if not group:
                continue
            table = Table(title=f"{sev.label(lang)}（{len(group)}）" if lang == "zh" else f"{sev.label(lang)} ({len(group)})",
                          title_style=_STYLE[sev], title_justify="left", show_lines=True, expand=True)
            # rule ids are what users search for: never break them across lines
            table.add_column(f"{text('rule', lang)} / {text('citation', lang)}", overflow="fold",
                             width=max(16, max(len(f.rule) for f in group)))
            table.add_column(text("path", lang), ratio=2, overflow="fold")
            table.add_column(f"{text('message', lang)} / {text('fix', lang)}", ratio=5, overflow="fold")
            for f in group:
                fix = f"\n[dim]→ {f.fix(lang)}[/dim]" if f.fix(lang) else ""
                table.add_row(f"[{_STYLE[sev]}]{f.rule}[/]\n{f.citation.text()}", f.path,
                              _escape(f.message(lang)) + _escape_fix(fix))
            console.print(table)
        console.print(f"[{colour}]{verdict}[/{colour}]：{summary(r, lang)}" if lang == "zh" else
                      f"[{colour}]{verdict}[/{colour}]: {summary(r, lang)}", highlight=False)
        if r.register is not None:
            console.print(_escape(register_line(r.register, lang)), highlight=False)
        console.print()
