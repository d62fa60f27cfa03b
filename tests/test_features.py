"""Runs every feature under features/ and checks that each declared rule has one."""
from __future__ import annotations

import re
from pathlib import Path

from pytest_bdd import scenarios

from compliance.checker import all_rules as _single_project_rules
from compliance.rules.portfolio import PORTFOLIO_RULES


def all_rules():
    """Every declared rule: single-project rulesets and the cross-project rules of `batch`."""
    return [*_single_project_rules(), *PORTFOLIO_RULES]

FEATURES = Path(__file__).resolve().parent.parent / "features"

scenarios(str(FEATURES))


def test_every_rule_has_a_feature_with_a_passing_and_a_failing_scenario():
    problems = []
    for r in all_rules():
        f = FEATURES / f"{r.id}.feature"
        if not f.exists():
            problems.append(f"{r.id}: no features/{r.id}.feature")
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
    ids = {r.id for r in all_rules()}
    orphans = [f.stem for f in FEATURES.glob("*.feature") if f.stem not in ids]
    assert not orphans, f"features for undeclared rules: {orphans}"
