"""`compliance explain RULE FILE` on every example for every rule: per case whether it applies, the
fact and parameter values compared, and for a non-firing rule the condition that failed -- agreeing
with what `compliance check` reports."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from compliance.checker import all_rules, check
from compliance.checker.trace import explain_rule, render
from compliance.cli import app
from compliance.rules.portfolio import PORTFOLIO_RULES
from compliance.submission.files import load

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
RULES = [*all_rules(), *PORTFOLIO_RULES]


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_explain_every_rule_on_every_example_agrees_with_check(path):
    sub = load(path)
    fired = {f.rule for f in check(sub, None).findings}
    for rule in RULES:
        e = explain_rule(sub, rule.id)
        assert e.fired() == (rule.id in fired), rule.id
        d = e.as_dict("zh")
        assert d["citation"] and d["title"]
        text = render(e, "en")
        assert rule.id in text and "outcome" in text
        if not e.applicable:
            assert d["reason"]
            continue
        for case in d["cases"]:
            for ev in case["facts"]:
                assert ev["compared"], (rule.id, case["case"])
                if not ev["conditions_hold"]:
                    assert ev["failed_conditions"]


def test_explain_names_values_parameters_and_the_failed_condition():
    r = CliRunner().invoke(app, ["explain", "HN-15-benefit", str(ROOT / "examples" / "hunan-ccer-afforestation.yaml"),
                                 "--no-register", "-f", "json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)
    assert d["fired"] is False and "第十五条" in d["citation"]
    share_sum = d["cases"][0]["facts"][0]
    assert share_sum["failed_conditions"][0] == {"field": "shares_exact", "op": "==", "fact_value": True,
                                                 "compared_with": False, "param": None, "holds": False}


def test_explain_a_firing_rule_with_a_parameter():
    hits = []
    for path in EXAMPLES:
        sub = load(path)
        for f in check(sub, None).findings:
            if f.params:
                hits.append((path, f))
    path, finding = hits[0]
    r = CliRunner().invoke(app, ["explain", finding.rule, str(path), "--no-register", "-f", "json"])
    d = json.loads(r.output)
    assert d["fired"] is True and set(finding.params) <= set(d["params"])
    fired = [ev for c in d["cases"] for ev in c["facts"] if ev["fired"]]
    assert any(comp["param"] for ev in fired for comp in ev["compared"])


def test_unknown_rule_is_invalid_input():
    r = CliRunner().invoke(app, ["explain", "HN-15", str(ROOT / "examples" / "hunan-ccer-afforestation.yaml")])
    assert r.exit_code == 2 and "HN-15-benefit" in r.output
