"""Runs every feature under features/ and checks that each declared rule has one."""
from __future__ import annotations

import re
from pathlib import Path

from pytest_bdd import scenarios

from compliance.checker import all_rulesets
from compliance.rules.portfolio import PORTFOLIO_RULES


def rules_by_ruleset():
    """Every declared rule with the ruleset (folder under features/) it belongs to."""
    pairs = [(rs.id, r) for rs in all_rulesets() for r in rs.rules]
    return pairs + [("portfolio", r) for r in PORTFOLIO_RULES]


def all_rules():
    return [r for _, r in rules_by_ruleset()]

FEATURES = Path(__file__).resolve().parents[2] / "features"

scenarios(str(FEATURES))


def test_every_rule_has_a_feature_with_a_passing_and_a_failing_scenario():
    problems = []
    for ruleset, r in rules_by_ruleset():
        f = FEATURES / ruleset / f"{r.id}.feature"
        if not f.exists():
            problems.append(f"{r.id}: no features/{ruleset}/{r.id}.feature")
            continue
        text = f.read_text(encoding="utf-8")
        if not text.startswith("# language: zh-CN"):
            problems.append(f"{r.id}: feature is not in Chinese Gherkin (# language: zh-CN)")
        if not re.search(rf'应有 "{re.escape(r.id)}" (错误|警告|提示)', text):
            problems.append(f"{r.id}: no failing scenario (应有 \"{r.id}\" …)")
        if f'不应有 "{r.id}"' not in text:
            problems.append(f"{r.id}: no passing scenario (不应有 \"{r.id}\")")
    assert not problems, "\n".join(problems)


def test_no_feature_without_a_rule():
    where = {r.id: ruleset for ruleset, r in rules_by_ruleset()}
    orphans = [str(f.relative_to(FEATURES)) for f in FEATURES.rglob("*.feature")
               if where.get(f.stem) != f.parent.name]
    assert not orphans, f"features for undeclared rules or in the wrong ruleset folder: {orphans}"
