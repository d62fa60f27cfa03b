"""Render check reports: a rich table grouped by severity, stable JSON, Markdown."""
from __future__ import annotations

import json
import re
from typing import Iterable

from compliance.checker import Report
from compliance.i18n import text
from compliance.reference.vocab import Severity

# user text reaches every cell (names, ids, paths): control characters (ESC sequences), lone
# surrogates and bidi overrides are shown as escapes, so nothing of it acts on the terminal or
# reorders the line; rich markup in it ("[/]", "[bold]") is escaped, and Markdown punctuation too
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_MD = re.compile(r"([\\`*_\[\]<>|#~])")


def literal(text) -> str:
    """Text made inert for a terminal: control, surrogate and bidi characters as visible escapes."""
    text = str(text)
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text)


def _escape(s: str) -> str:
    """For a rich cell: literal, and rich markup escaped (a lone backslash before '[' included)."""
    from rich.markup import escape

    return escape(literal(s))


def _md(s: str) -> str:
    """For a Markdown cell: literal, on one line, Markdown punctuation backslash-escaped."""
    return _MD.sub(r"\\\1", literal(s).replace("\r", " ").replace("\n", " "))


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
        out.append(f"## {_md(r.project_id)} {_md(r.project_name)}\n")
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
                path = literal(f.path).replace("`", "'").replace("|", "\\|").replace("\n", " ")
                cells = [_md(f.rule), _md(f.citation.text()), f"`{path}`", _md(f.message(lang)), _md(f.fix(lang))]
                out.append("| " + " | ".join(cells) + " |\n")
    return "".join(out)


def register_line(reg: dict, lang: str = "zh") -> str:
    """Which sanctions register a check consulted (verified up to its head)."""
    if lang == "zh":
        return (f"已查询惩戒名录 {reg['register']}：已验证 {reg['events']} 个事件，"
                f"头哈希 {reg['head_hash'][:16]}…")
    return (f"sanctions register consulted: {reg['register']}: {reg['events']} events verified, "
            f"head {reg['head_hash'][:16]}…")


_SEGMENT = re.compile(r"[^.\[]+\.?|\[[^\]]*\]\.?")


def path_segments(path: str) -> list[str]:
    """'project.reduction_batches[0].period' -> ['project.', 'reduction_batches', '[0].', 'period']."""
    return _SEGMENT.findall(path or "") or [path or ""]


def path_width(paths: list[str], console_width: int, rule_width: int) -> int:
    """A field-path column wide enough for its longest segment, else about 2/7 of what is left."""
    longest_segment = max((len(s) for p in paths for s in path_segments(p)), default=8)
    longest = max((len(p) for p in paths), default=8)
    share = (console_width - rule_width - 10) * 2 // 7
    return max(longest_segment, min(longest, max(share, 12)))


def wrap_path(path: str, width: int) -> str:
    """Break a field path only between its segments (after a dot, before an index)."""
    lines, line = [], ""
    for seg in path_segments(path):
        if line and len(line) + len(seg) > width:
            lines.append(line)
            line = ""
        line += seg
    lines.append(line)
    return "\n".join(lines)


def print_table(reports: Iterable[Report], lang: str = "zh", console=None) -> None:
    from rich.console import Console
    from rich.table import Table

    console = console or Console()
    for r in reports:
        verdict = text("verdict_pass" if r.verdict == "pass" else "verdict_fail", lang)
        colour = "green" if r.verdict == "pass" else "red"
        pid, name = _escape(r.project_id), _escape(r.project_name)
        console.print(f"[bold]{pid}[/bold] {name}  "
                      f"（{text('as_of', lang)} {r.as_of.isoformat()}）" if lang == "zh" else
                      f"[bold]{pid}[/bold] {name}  ({text('as_of', lang)} {r.as_of.isoformat()})",
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
            rule_w = max(16, max(len(f.rule) for f in group))
            path_w = path_width([f.path for f in group], console.width, rule_w)
            table.add_column(text("path", lang), width=path_w, overflow="fold")
            table.add_column(f"{text('message', lang)} / {text('fix', lang)}", ratio=5, overflow="fold")
            for f in group:
                fix = f"\n[dim]→ {_escape(f.fix(lang))}[/dim]" if f.fix(lang) else ""
                table.add_row(f"[{_STYLE[sev]}]{_escape(f.rule)}[/]\n{_escape(f.citation.text())}",
                              _escape(wrap_path(literal(f.path), path_w)), _escape(f.message(lang)) + fix)
            console.print(table)
        console.print(f"[{colour}]{verdict}[/{colour}]：{summary(r, lang)}" if lang == "zh" else
                      f"[{colour}]{verdict}[/{colour}]: {summary(r, lang)}", highlight=False)
        if r.register is not None:
            console.print(_escape(register_line(r.register, lang)), highlight=False)
        console.print()
