"""Rule declarations: dated parameters, exceptions, conflicts, jurisdiction, catalogue."""
from __future__ import annotations

import datetime as dt

import pytest

from compliance.checker import catalogue
from compliance.submission import files as loader
from compliance.checker import all_params, all_rules, check, resolve_exceptions
from compliance.rules.base import Citation, F, Finding, RuleConflict, param, rule
from compliance.reference.vocab import Severity


def test_every_rule_is_cited_and_explained_in_both_languages():
    for r in all_rules():
        assert r.citation.document and r.citation.basis in ("primary", "secondary"), r.id
        assert r.title_zh and r.title_en, r.id
        for c in r.cases:
            assert c.zh and c.en, f"{r.id}:{c.key}"


def test_parameters_pick_the_value_in_force_on_the_date():
    p = param("T.min_m2", 667, dt.date(2013, 1, 1), Citation("测试", "§2"), "面积", "area", "m²",
              later=[(dt.date(2020, 1, 1), 400)])
    assert p.at(dt.date(2019, 12, 31)) == 667
    assert p.at(dt.date(2020, 1, 1)) == 400
    with pytest.raises(LookupError):
        p.at(dt.date(2012, 12, 31))


def test_every_threshold_parameter_cites_its_article():
    for name, p in all_params().items():
        assert p.citation.text() and p.zh and p.en, name


def _finding(rule_id, case, path="project"):
    return Finding(rule_id, case, Severity.ERROR, Citation("测试"), path, "x", "x", "", "")


def test_two_unlinked_outcomes_on_one_point_fail_loudly():
    a = rule("T-a", ("a", "a"), Citation("测试"), "t", source="T", decides="T-point",
             when=F.x == 1, severity=Severity.ERROR, message=("a", "a"))
    b = rule("T-b", ("b", "b"), Citation("测试"), "t", source="T", decides="T-point",
             when=F.x == 1, severity=Severity.INFO, message=("b", "b"))
    with pytest.raises(RuleConflict):
        resolve_exceptions([_finding("T-a", "main"), _finding("T-b", "main")], {"T-a": a, "T-b": b})


def test_an_exception_overrides_the_rule_it_names():
    base = rule("T-a", ("a", "a"), Citation("测试"), "t", source="T", decides="T-point",
                when=F.x == 1, severity=Severity.WARNING, message=("a", "a"))
    exc = rule("T-b", ("b", "b"), Citation("测试"), "t", source="T", decides="T-point", exception_to="T-a",
               when=F.x == 1, severity=Severity.ERROR, message=("b", "b"))
    kept = resolve_exceptions([_finding("T-a", "main"), _finding("T-b", "main")], {"T-a": base, "T-b": exc})
    assert [f.rule for f in kept] == ["T-b"]


def test_hunan_rules_do_not_apply_outside_their_window(compliant):
    sub = loader.validate(compliant)
    before = check(sub, dt.date(2026, 1, 31))
    assert {f.rule for f in before.findings if f.rule.startswith("HN-")} == {"HN-24-in-force"}
    on_first_day = check(sub, dt.date(2026, 2, 1)).rules_hit()
    first = check(sub, dt.date(2026, 2, 1))
    assert "hunan" in first.rulesets and "HN-24-in-force" not in on_first_day


def test_catalogue_lists_every_hunan_rule_with_citation_and_basis():
    entries = catalogue.entries("hunan")
    ids = {e.rule.id for e in entries}
    expected = {"HN-2-scope", "HN-4-review", "HN-9-measure", "HN-11-insurance", "HN-12-priority",
                "HN-12-xltp-scope", "HN-13-lifecycle", "HN-14-venue", "HN-14-enclosure", "HN-14-milestones",
                "HN-15-agreements", "HN-15-parties", "HN-15-benefit", "HN-20-confidentiality", "HN-24-in-force"}
    assert expected <= ids
    xltp = next(e for e in entries if e.rule.id == "HN-12-xltp-scope")
    assert catalogue.as_dict(xltp, "zh")["basis"] == "secondary"
    md = catalogue.to_markdown(entries, "zh")
    assert "湘林基〔2025〕5号 第十五条" in md and "二手" in md


def test_catalogue_as_of_filters_by_window():
    ids = {e.rule.id for e in catalogue.entries("hunan", dt.date(2025, 6, 1))}
    assert ids == {"HN-24-in-force"}


# Every catalogued ruleset declares the facts it reads, the cross-project X-rules (rules/portfolio.py,
# PORTFOLIO_FACTS) included.
NOT_YET_DECLARED: set[str] = set()


def _catalogued():
    from compliance.checker import catalogue

    return [rs for rs in catalogue.catalogue_rulesets() if rs.id not in NOT_YET_DECLARED or rs.facts]


def test_every_fact_field_a_rule_reads_is_declared_with_its_meaning_and_article():
    """Every field a condition, a finding's reported facts (``show``) or the choice of citation
    (``cite``) reads is declared beside the rules with a one-line meaning and its article."""
    sets = _catalogued()
    assert {"hunan", "sichuan", "ccer", "afforestation", "tenure", "location", "register", "spatial"} <= {rs.id for rs in sets}
    missing = {rs.id: rs.undeclared_fields() for rs in sets if rs.undeclared_fields()}
    assert not missing, missing
    for rs in sets:
        for kind in rs.facts:
            for f in kind.fields.values():
                assert f.zh and f.en, f"{rs.id} {kind.kind}.{f.name} has no meaning"
                assert f.article, f"{rs.id} {kind.kind}.{f.name} names no article"


def test_every_condition_of_every_rule_is_printed_in_words():
    """`compliance rules --format markdown`: each comparison of each case carries its field's meaning
    and article ("not in_hunan — 地块的县级区划代码属湖南省（第二条）")."""
    from compliance.checker import catalogue
    from compliance.rules.base import All, Any_, describe_condition

    def comparisons(expr):
        return [c for p in expr.parts for c in comparisons(p)] if isinstance(expr, (All, Any_)) else [expr]

    for rs in _catalogued():
        for r in rs.rules:
            for c in r.cases:
                kind = rs.fact_kind(r.fact_of(c))
                for cmp in comparisons(c.when):
                    for lang in ("zh", "en"):
                        words = describe_condition(cmp, kind, lang)
                        assert " — " in words and words.rstrip().endswith(("）", ")")), (r.id, c.key, words)
    md = catalogue.to_markdown(catalogue.entries(), "en")
    assert "not in_hunan — the plot's county code lies in Hunan (第二条)" in md


def test_the_catalogue_states_each_condition_in_words():
    from compliance.checker import catalogue

    entries = catalogue.entries("hunan")
    scope = next(e for e in entries if e.rule.id == "HN-2-scope")
    words = [c["condition"] for c in catalogue.as_dict(scope, "zh")["cases"]]
    assert any(w.startswith("not ") and " — " in w for w in words), words
    md = catalogue.to_markdown(entries, "zh")
    assert " — " in md and "HN-2-scope" in md


def test_no_literal_share_or_period_outside_the_declared_parameters():
    """Issue 10 "done when": the numbers the law sets (the 2/3 consent, year and month counts) live in
    the declared, dated parameters only. In code: no ``2 / 3`` outside a ``param(...)`` declaration and
    no ``params.get("X.name", <number>)`` fallback; in every case's message and fix: no share or count
    of years or months written out (they are ``{p[NAME]}`` or a fact derived from the parameter)."""
    import io
    import re
    import tokenize
    from pathlib import Path

    from compliance.checker import catalogue

    root = Path(__file__).resolve().parents[2] / "compliance"
    found = []
    for path in sorted(root.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        toks = [t for t in tokenize.generate_tokens(io.StringIO(text).readline)
                if t.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT)]
        lines = text.splitlines()
        for a, op, b in zip(toks, toks[1:], toks[2:]):
            if a.string == "2" and op.string == "/" and b.string == "3" \
                    and "param(" not in lines[a.start[0] - 1]:
                found.append(f"{path.relative_to(root)}:{a.start[0]}: 2 / 3")
        for n, line in enumerate(lines, 1):
            if re.search(r'\.get\(\s*"[A-Z]+\.[A-Za-z0-9_]+"\s*,\s*-?\d', line):
                found.append(f"{path.relative_to(root)}:{n}: literal fallback for a parameter")
    counted = re.compile(r"三分之二|two[- ]thirds|\b2/3\b|[一二两三四五六七八九十]+个?(?:年|月)(?!份)"
                         r"|(?<![\d.\-])\d{1,2} ?(?:个月|年|years?\b|months?\b)")
    for rs in catalogue.catalogue_rulesets():
        for r in rs.rules:
            for c in r.cases:
                for t in (c.zh, c.en, c.fix_zh, c.fix_en):
                    found += [f"{r.id}:{c.key}: {m.group()!r} in {t!r}" for m in counted.finditer(t or "")]
    assert not found, "\n".join(found)
