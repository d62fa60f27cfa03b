"""Rule order does not matter: the findings of every example are identical whatever order the
rules are declared in and whatever order durable receives them in; correlated rules, which crash
durable depending on their order (jruizgit/rules#381), are refused."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from compliance.checker import all_rulesets, check
from compliance.checker import engine as engine_mod
from compliance.checker.engine import Engine, EngineError, _single_fact
from compliance.rules.base import Citation, F, rule
from compliance.reference.vocab import Severity
from compliance.submission import files as loader

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def _findings():
    return {p.name: [f.as_dict("en") for f in check(loader.load(p)).findings] for p in EXAMPLES}


@pytest.mark.parametrize("seed", [1, 7, 42, 2026])
def test_shuffled_rule_declarations_give_identical_findings_on_every_example(seed, monkeypatch):
    assert len(EXAMPLES) >= 9
    baseline = _findings()
    rng = random.Random(seed)
    for rs in all_rulesets():
        shuffled = list(rs.rules)
        rng.shuffle(shuffled)
        monkeypatch.setattr(rs, "rules", shuffled)
    # an engine that registers the rules in the shuffled order (the product sorts them by id)
    monkeypatch.setattr(engine_mod, "_ENGINE", Engine(canonical_order=False))
    assert _findings() == baseline


def test_a_rule_comparing_two_fact_fields_is_refused():
    r = rule("T-corr", ("测试", "test"), Citation("测试", "第一条"), "t.item", source="T",
             when=F.amount > F.limit, severity=Severity.ERROR, message=("x", "x"))
    with pytest.raises(EngineError, match="381"):
        engine_mod.get_engine().compile([r], {})


def test_a_definition_joining_facts_never_reaches_durable():
    joined = {"all": [{"first": {"metric": "met-A"}}, {"second": {"$gt": {"amount": {"first": "amount"}}}}]}
    with pytest.raises(EngineError, match="joins 2 facts"):
        _single_fact("T-join", joined)
    with pytest.raises(EngineError, match="381"):
        _single_fact("T-ref", {"all": [{"m": {"$gt": {"amount": {"$m": "limit"}}}}]})


def test_a_single_pattern_comparing_with_another_fact_is_refused():
    with pytest.raises(EngineError, match="381"):
        _single_fact("T-ref2", {"all": [{"m": {"$gt": {"amount": {"first": "amount"}}}}]})
