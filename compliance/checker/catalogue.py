"""The rule catalogue, generated from the rule declarations (never kept by hand)."""
from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import dataclass

from compliance.checker import all_rulesets
from compliance.i18n import text
from compliance.rules.base import OPEN_END, Rule, Ruleset, describe_condition

# words a user may type for a region, mapped to ruleset jurisdictions' province codes
_REGION_WORDS = {"hunan": "43", "湖南": "43", "湖南省": "43", "43": "43",
                 "sichuan": "51", "四川": "51", "四川省": "51", "51": "51"}


class UnknownJurisdiction(ValueError):
    pass


@dataclass
class Entry:
    ruleset: Ruleset
    rule: Rule


def jurisdiction_names() -> list[str]:
    return sorted({rs.id for rs in catalogue_rulesets()} | {"hunan", "sichuan", "national"})


def _selected(rs: Ruleset, wanted: str | None) -> bool:
    if not wanted:
        return True
    w = wanted.strip().lower()
    if w in (rs.id.lower(), rs.source.lower()):
        return True
    if w in ("national", "全国", "国家"):
        return rs.jurisdiction.provinces is None
    code = _REGION_WORDS.get(w) or _REGION_WORDS.get(wanted.strip())
    if code:
        return rs.jurisdiction.provinces is not None and any(code.startswith(p) or p.startswith(code)
                                                              for p in rs.jurisdiction.provinces)
    return False


def catalogue_rulesets() -> list[Ruleset]:
    """The single-project rulesets and the cross-project (portfolio) rules of `compliance batch`."""
    from compliance.rules.portfolio import PORTFOLIO_FACTS, PORTFOLIO_RULES
    from compliance.rules.base import Jurisdiction

    portfolio = Ruleset(id="portfolio", title_zh="跨项目检查（compliance batch）", title_en="Across a portfolio (compliance batch)",
                        source="X", jurisdiction=Jurisdiction(), window=(dt.date.min, OPEN_END), rules=PORTFOLIO_RULES,
                        facts=PORTFOLIO_FACTS)
    return [*all_rulesets(), portfolio]


def entries(jurisdiction: str | None = None, as_of: dt.date | None = None) -> list[Entry]:
    sets = catalogue_rulesets()
    if jurisdiction:
        known = {rs.id.lower() for rs in sets} | {rs.source.lower() for rs in sets} | set(_REGION_WORDS) | {
            "national", "全国", "国家"}
        if jurisdiction.strip().lower() not in known and jurisdiction.strip() not in known:
            raise UnknownJurisdiction(jurisdiction)
    out = []
    for rs in sets:
        if not _selected(rs, jurisdiction):
            continue
        for r in rs.rules:
            if as_of is None or r.in_force(as_of):
                out.append(Entry(rs, r))
    return out


def _window(r: Rule, lang: str) -> str:
    start = "" if r.window[0] == dt.date.min else r.window[0].isoformat()
    end = text("open_end", lang) if r.window[1] == OPEN_END else r.window[1].isoformat()
    return f"{start or '—'} ~ {end}"


def articles(rule: Rule) -> list[dict]:
    """The article texts of a rule's citations (reference data ``articles.yaml``): per citation the
    texts with their source, or why the cited document has no text here."""
    from compliance.reference.articles import of_citations

    return of_citations([rule.citation, *rule.also_cites, *[c for _, c in rule.cites_by_fact]])


def as_dict(e: Entry, lang: str) -> dict:
    """One catalogue entry (`compliance rules --format json`, ``/api/v1/rules``), with the texts of
    the articles it cites (``articles``)."""
    r = e.rule
    return {
        "id": r.id, "ruleset": e.ruleset.id, "source": r.source,
        "title": r.title_zh if lang == "zh" else r.title_en,
        "citation": r.citation.text(), "basis": r.citation.basis, "basis_note": r.citation.source_note,
        "basis_text": _basis(r, lang),
        "reading": r.reading, "products_reading": bool(r.reading) or r.citation.basis == "secondary",
        "also_cites": [c.text() for c in r.also_cites],
        "cites_by_case": {k: c.text() for k, c in r.cites_by_fact},
        "severities": [s.value for s in r.severities()],
        "jurisdiction": (r.jurisdiction if r.jurisdiction.provinces or r.jurisdiction.mechanisms
                         or r.jurisdiction.methodologies else e.ruleset.jurisdiction).describe(lang),
        "window": _window(r, lang),
        "cases": [{"case": c.key, "severity": c.severity.value, "when": str(c.when),
                   "condition": describe_condition(c.when, e.ruleset.fact_kind(r.fact_of(c)), lang),
                   "exception_to": c.exception_to} for c in r.cases],
        "articles": articles(r),
    }


def to_json(entries: list[Entry], lang: str = "zh") -> str:
    return json.dumps([as_dict(e, lang) for e in entries], ensure_ascii=False, indent=2)


def _basis(r: Rule, lang: str) -> str:
    """The basis confidence, its note, and where the rule is the product's reading rather than the text's words."""
    b = text("basis_primary" if r.citation.basis == "primary" else "basis_secondary", lang)
    sep = "：" if lang == "zh" else ": "
    out = f"{b}{sep}{r.citation.source_note}" if r.citation.source_note else b
    if r.reading:
        out += ("；产品读法（非原文）：" if lang == "zh" else "; the product's reading, not the text's words: ") + r.reading
    elif r.citation.basis == "secondary" and not r.citation.source_note:
        out += "；产品读法（非原文）" if lang == "zh" else "; the product's reading, not the text's words"
    return out


def _md(text: str) -> str:
    """Table-cell safe: pipes and line breaks in declared words do not break the table."""
    return text.replace("|", "\\|").replace("\n", " ")


def _quoted(body: str) -> str:
    """A Markdown block quote of ``body``: each line of the text its own paragraph (an article's
    items stay apart), literal (control and bidi characters as escapes), Markdown punctuation escaped."""
    from compliance.checker.report import _md as inert

    return "\n>\n".join(f"> {inert(line.strip())}" for line in body.splitlines() if line.strip())


def _articles_md(dicts: list[dict], lang: str) -> list[str]:
    """The ruleset's section of article texts: per rule its citations, each text quoted with its source."""
    from compliance.checker.report import _md as inert

    sep = "：" if lang == "zh" else ": "
    out = [f"\n### {text('article_texts', lang)}\n"]
    for d in dicts:
        out.append(f"\n#### {d['id']} — {inert(d['title'])}\n")
        for a in d["articles"]:
            out.append(f"\n**{inert(a['citation'])}**\n")
            if a["unavailable"]:
                out.append(f"\n{text('article_unavailable', lang)}{sep}{inert(a['unavailable'])}\n")
                continue
            for t in a["texts"]:
                out.append(f"\n{_quoted(t['text'])}\n\n{text('article_source', lang)}{sep}"
                           f"{inert(t['title'] or t['document'])} — {inert(t['source'])}\n")
            if a["missing"]:
                out.append(f"\n{text('article_missing', lang)}{sep}{inert('、'.join(a['missing']))}\n")
    return out


def to_markdown(entries: list[Entry], lang: str = "zh") -> str:
    """The catalogue as Markdown: per ruleset a table of its rules (each case's condition in words
    beside its rule), then the texts of the articles its rules cite, quoted, with their sources."""
    out, current, group = [], None, []
    for e in entries:
        if e.ruleset.id != current:
            if group:
                out += _articles_md(group, lang)
            current, group = e.ruleset.id, []
            title = e.ruleset.title_zh if lang == "zh" else e.ruleset.title_en
            out.append(f"\n## {e.ruleset.source} — {title}\n\n| id | {text('citation', lang)} | "
                       f"{'标题' if lang == 'zh' else 'title'} | {text('severity', lang)} | {text('window', lang)} | "
                       f"{'依据可信度' if lang == 'zh' else 'basis'} |\n|---|---|---|---|---|---|\n")
        d = as_dict(e, lang)
        group.append(d)
        out.append(f"| {d['id']} | {d['citation']} | {d['title']} | {' / '.join(d['severities'])} | {d['window']} | "
                   f"{_basis(e.rule, lang)} |\n")
        for c in d["cases"]:   # each case's condition in words, beside its rule
            out.append(f"| | {c['case']} | {_md(c['condition'])} | {c['severity']} | | |\n")
    if group:
        out += _articles_md(group, lang)
    return "".join(out).lstrip()


def print_table(entries: list[Entry], lang: str = "zh") -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    groups: dict[str, list[Entry]] = {}
    for e in entries:
        groups.setdefault(e.ruleset.id, []).append(e)
    for rid, group in groups.items():
        rs = group[0].ruleset
        table = Table(title=f"{rs.source} — {rs.title_zh if lang == 'zh' else rs.title_en}", title_justify="left",
                      show_lines=False, expand=True)
        table.add_column("id", no_wrap=True, style="bold")
        for col, ratio in ((text("citation", lang), 2), ("标题" if lang == "zh" else "title", 4),
                           (text("severity", lang), 2), (text("window", lang), 2),
                           ("依据可信度" if lang == "zh" else "basis", 3)):
            table.add_column(col, overflow="fold", ratio=ratio)
        for e in group:
            d = as_dict(e, lang)
            table.add_row(d["id"], d["citation"], d["title"], " / ".join(d["severities"]), d["window"], _basis(e.rule, lang))
        console.print(table)
    console.print(("共 {n} 条规则" if lang == "zh" else "{n} rules").format(n=len(entries)))


def rulebase_version() -> str:
    """``<package version>+<12 hex>``: a digest of every rule declaration and dated parameter, so a
    report (the batch cover sheet) or a stored decision (the platform) names the exact rule base
    that made it."""
    return _rulebase_version()


@functools.lru_cache(maxsize=1)
def _rulebase_version() -> str:
    import hashlib

    from compliance import __version__
    from compliance.checker import all_params
    from compliance.rules.portfolio import PORTFOLIO_RULES

    def key(r) -> list:
        return [r.id, r.citation.text(), r.window[0].isoformat(), r.window[1].isoformat(),
                [[c.key, c.severity.value, str(c.when), c.zh, c.en, c.fix_zh, c.fix_en, c.exception_to] for c in r.cases]]

    parts = [key(r) for rs in all_rulesets() for r in rs.rules]
    parts.extend(key(r) for r in PORTFOLIO_RULES)
    for name, p in sorted(all_params().items()):
        parts.append([name, [[d.isoformat(), repr(v)] for d, v in p.versions], p.citation.text()])
    digest = hashlib.sha256(json.dumps(parts, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:12]
    return f"{__version__}+{digest}"
