"""The drafter's check of composed agreements judges the agreement rules only (the readiness of
every check runs it): it finds exactly the agreement findings a check of the whole rule base finds,
on every shipped example and on composed agreements that fail."""
from __future__ import annotations

import copy
from pathlib import Path

import pytest

from compliance.agreements import context as ctxmod
from compliance.agreements import plan as P
from compliance.checker import check, rule_by_id
from compliance.rules.base import AGREEMENT
from compliance.submission import files as loader

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
FILES = sorted(EXAMPLES.glob("*.yaml")) + sorted((EXAMPLES / "overlap").glob("*.yaml"))


def composed_of(sub):
    pl = P.plan(sub, "all")
    return P.compose(sub, [(p, ctxmod.resolve(sub, p)[0]) for p in pl.documents])[0]


def agreement_findings(report) -> list[dict]:
    return [f.as_dict(lang) for f in report.findings if AGREEMENT in rule_by_id(f.rule).tags for lang in ("zh", "en")]


def variants():
    """The examples, and the Hunan example with its agreements thinned so that the drafter composes
    the missing ones from the submission's data (some of which then fail their rules)."""
    for f in FILES:
        yield f.stem, loader.load(f)
    data = loader.read_file(EXAMPLES / "hunan-ccer-afforestation.yaml")
    for keep in ("development", "transfer", "benefit"):
        d = copy.deepcopy(data)
        d["agreements"] = [a for a in d["agreements"] if a.get("kind") == keep]
        yield f"only-{keep}", loader.validate(d, "x.yaml")


@pytest.mark.parametrize("name,sub", list(variants()), ids=lambda v: v if isinstance(v, str) else "")
def test_the_agreement_check_finds_what_the_full_check_finds(name, sub):
    composed = composed_of(sub)
    for as_of in (None, sub.as_of):
        full = check(composed, as_of)
        assert agreement_findings(P.agreement_check(composed, as_of)) == agreement_findings(full)


def test_some_variant_composes_failing_agreements():
    """The comparison above is not vacuous: composed agreements do fail agreement rules."""
    hits = {name for name, sub in variants() if agreement_findings(check(composed_of(sub)))}
    assert {"hunan-missing-benefit", "hunan-transfer-no-consent", "only-development", "only-transfer"} <= hits


def test_the_agreement_check_builds_only_facts_its_rules_read():
    """What the agreement check is given holds no fact of a kind its rules do not read (the plots'
    and the project's own facts are not built for it), while the full check's facts do."""
    from compliance.checker.pipeline import prepare

    composed = composed_of(loader.load(EXAMPLES / "hunan-ccer-afforestation.yaml"))
    _, _, rules, _, facts = prepare(composed, None, tag=AGREEMENT)
    read = {r.fact_of(c) for r in rules for c in r.cases}
    built = {f["kind"] for f in facts}
    assert built and built <= read
    _, _, _, _, every = prepare(composed, None)
    assert {"hn.plot", "hn.project"} <= {f["kind"] for f in every} - built
