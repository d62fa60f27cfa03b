"""The durable_rules adapter's guardrails (DESIGN.md "The engine adapter"), each proven."""
from __future__ import annotations

import datetime as dt
import threading

import pytest

from compliance.submission import files as loader
from compliance.checker import check
from compliance.checker.engine import EngineError, FactError, get_engine
from compliance.rules.base import Citation, F, rule
from compliance.reference.vocab import Severity

CITE = Citation("测试", "第一条")
R_BIG = rule("T-big", ("测试", "test"), CITE, "t.item", source="T", when=F.size > 10, severity=Severity.ERROR,
             message=("{name} 太大", "{name} too big"))
R_OR = rule("T-or", ("测试", "test"), CITE, "t.item", source="T", when=(F.size > 10) | (F.flag == True),
            severity=Severity.WARNING, message=("{name}", "{name}"))


@pytest.fixture
def engine():
    return get_engine()


def test_five_thousand_consecutive_checks_never_hit_the_state_limit(engine, compliant):
    sub = loader.validate(compliant)
    for _ in range(5000):      # the engine holds at most 1,024 live states
        report = check(sub)
    assert report.verdict == "pass"


def test_an_exception_inside_a_rule_action_surfaces(engine, monkeypatch):
    compiled = engine.compile([R_BIG], {})

    def boom(sid, action, fact):
        raise ValueError("action failed")

    monkeypatch.setattr(engine, "_on_match", boom)
    with pytest.raises(EngineError, match="action failed"):
        engine.run(compiled, [{"kind": "t.item", "name": "a", "size": 11}])


def test_duplicate_facts_do_not_raise_and_each_is_judged(engine):
    compiled = engine.compile([R_BIG], {})
    fact = {"kind": "t.item", "name": "a", "size": 11}
    matches = engine.run(compiled, [fact, dict(fact), dict(fact)])
    assert len(matches) == 3


def test_a_fact_matching_no_rule_does_not_raise(engine):
    compiled = engine.compile([R_BIG], {})
    assert engine.run(compiled, [{"kind": "t.other", "x": 1}, {"kind": "t.item", "name": "b", "size": 1}]) == []


def test_dates_never_reach_the_engine(engine):
    compiled = engine.compile([R_BIG], {})
    with pytest.raises(FactError, match="date"):
        engine.run(compiled, [{"kind": "t.item", "name": "a", "size": dt.date(2026, 1, 1)}])


def test_only_what_rules_read_is_posted_and_findings_still_show_every_field(engine, monkeypatch):
    compiled = engine.compile([R_BIG], {})
    posted = []
    real = engine._host.assert_facts
    monkeypatch.setattr(engine._host, "assert_facts", lambda name, facts: (posted.extend(facts), real(name, facts))[1])
    facts = [{"kind": "t.item", "name": "a", "size": 11, "note": "not read"}, {"kind": "t.unread", "x": 1}]
    matches = engine.run(compiled, facts)
    assert [sorted(f) for f in posted] == [["id", "kind", "sid", "size"]]
    assert matches == [("T-big:main", facts[0])]


def test_a_missing_field_that_a_rule_reads_is_an_error_not_a_silent_pass(engine):
    compiled = engine.compile([R_BIG], {})
    with pytest.raises(FactError, match="size"):
        engine.run(compiled, [{"kind": "t.item", "name": "a"}])


def test_or_conditions_fire_once_per_fact(engine):
    compiled = engine.compile([R_OR], {})
    matches = engine.run(compiled, [{"kind": "t.item", "name": "a", "size": 11, "flag": True}])
    assert len(matches) == 1


def test_thread_count_stays_constant_over_many_checks(compliant):
    sub = loader.validate(compliant)
    check(sub)
    before = threading.active_count()
    for _ in range(500):
        check(sub)
    assert threading.active_count() == before


def test_real_check_facts_are_flat_scalars(compliant):
    from compliance.checker import applicable, resolve_params
    from compliance.rules.facts import Context, core_facts

    sub = loader.validate(compliant)
    as_of = dt.date(2026, 6, 1)
    sets, rules = applicable("43", "CCER", "CCER-14-001-V01", as_of)
    ctx = Context(sub, as_of, resolve_params(sets, rules, as_of))
    facts = core_facts(ctx) + [f for rs in sets if rs.derive for f in rs.derive(ctx)]
    for f in facts:
        for k, v in f.items():
            assert v is None or isinstance(v, (str, int, float, bool)), (f["kind"], k, type(v))


@pytest.mark.parametrize("value", [1e16, 5e17, 3e-05])
def test_floats_durable_would_misread_are_refused_not_crashed_on(engine, value):
    compiled = engine.compile([R_BIG], {})
    with pytest.raises(FactError, match="range"):
        engine.run(compiled, [{"kind": "t.item", "name": "a", "size": value}])


@pytest.mark.parametrize("area", [99999999999999999999, 5e17, 0.00001, True])
def test_absurd_areas_are_input_problems_named_by_field(compliant, area):
    from compliance.submission import files as loader

    compliant["plots"][0]["area_ha"] = area
    with pytest.raises(loader.InvalidSubmission) as e:
        loader.validate(compliant)
    assert [p.path for p in e.value.problems] == ["plots[0].area_ha"]
