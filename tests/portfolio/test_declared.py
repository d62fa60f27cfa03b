"""The cross-project rules are decided by their declarations (compliance.rules.portfolio), not by the
step that finds the conflicts: change a declared condition or parameter and the outcome changes."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from compliance.portfolio import cross
from compliance.rules import portfolio as declared
from compliance.rules.base import F, Param

AS_OF = dt.date(2026, 6, 1)


def ex(pid, plots=(), mechanism="CCER", regs=(), agreements=(), stage=0, dev="DEV", as_of=AS_OF, deadlines=()):
    plots = list(plots) or [("430626", f"{pid}-1", "", 2.0)]
    return declared.Extract(pid, pid, "43", mechanism, "", stage, as_of, dev, f"开发商{dev}", plots, list(regs),
                            list(agreements), [], list(deadlines))


def with_case(rule, key, when):
    """``rule`` with case ``key`` declared with another condition."""
    return dataclasses.replace(rule, cases=tuple(dataclasses.replace(c, when=when) if c.key == key else c for c in rule.cases))


def with_param(monkeypatch, name, value):
    """The rule base with parameter ``name`` declared at ``value`` from the start of its first version."""
    from compliance import checker

    real = checker.all_params

    def params():
        out = dict(real())
        p = out[name]
        out[name] = dataclasses.replace(p, versions=((p.versions[0][0], value),))
        return out

    monkeypatch.setattr(checker, "all_params", params)


def stale_pair():
    a = ex("A", agreements=[(0, "development", "2024-05-31", 25)])
    b = ex("B", agreements=[(0, "transfer", "2024-03-31", 27)])
    return [a, b]


def test_enclosure_follows_the_declared_parameter(monkeypatch):
    found = cross.enclosure(stale_pair())
    assert set(found) == {"A", "B"}
    assert found["A"][0].params == {"HN.enclosure_months": 24} and "超过 24 个月" in found["A"][0].message_zh
    with_param(monkeypatch, "HN.enclosure_months", 25)      # A (25 months) is no longer stale: B alone is no enclosure
    assert cross.enclosure(stale_pair()) == {}
    with_param(monkeypatch, "HN.enclosure_months", 12)
    found = cross.enclosure(stale_pair())
    assert set(found) == {"A", "B"} and "超过 12 个月" in found["B"][0].message_zh


def test_enclosure_follows_the_declared_condition(monkeypatch):
    three = with_case(declared.X_ENCLOSURE, "main",
                      declared.STALE_BY_MONTHS & (F.stale_projects >= 3) & (F.deadline_projects == 0))
    monkeypatch.setattr(declared, "X_ENCLOSURE", three)
    assert cross.enclosure(stale_pair()) == {}
    c = ex("C", agreements=[(0, "development", "2024-01-31", 29)])
    assert set(cross.enclosure([*stale_pair(), c])) == {"A", "B", "C"}


def test_what_counts_as_stale_is_the_declared_expression(monkeypatch):
    monkeypatch.setattr(declared, "STALE_BY_MONTHS", (F.oldest_months > 26) & (F.reached_design == False))  # noqa: E712
    # A (25 months) no longer counts towards the developer's stale projects: B is alone
    assert cross.enclosure(stale_pair()) == {}


def test_enclosure_deadline_missed():
    # agreements signed 5 months ago (not stale by months), development deadlines passed
    a = ex("A", agreements=[(0, "development", "2026-01-01", 5)], deadlines=[(0, "2026-03-01")])
    b = ex("B", agreements=[(0, "transfer", "2026-01-01", 5)], deadlines=[(0, "2026-05-31")])
    later = ex("L", agreements=[(0, "transfer", "2026-01-01", 5)], deadlines=[(0, "2026-06-01")])   # not yet passed
    found = cross.enclosure([a, b, later])
    assert set(found) == {"A", "B"}
    f = found["A"][0]
    assert f.case == "deadline_missed" and f.severity.value == "warning" and f.path == "developer"
    assert f.facts["stale_projects"] == 2 and f.facts["deadline_projects"] == 2 and f.facts["deadline"] == "2026-03-01"
    assert "A（开发期限 2026-03-01 已届满，2 公顷）、B（开发期限 2026-05-31 已届满，2 公顷）" in f.message_zh
    assert "development deadline 2026-05-31 passed" in f.message_en
    # one stale by months, one by its deadline: both are the developer's stale claims
    old = ex("O", agreements=[(0, "development", "2024-01-31", 29)])
    found = cross.enclosure([a, old])
    assert {pid: [x.case for x in fs] for pid, fs in found.items()} == {"A": ["deadline_missed"], "O": ["deadline_missed"]}
    assert "O（29 个月，2 公顷）" in found["O"][0].message_zh
    # design reached: neither counts
    assert cross.enclosure([ex("A", agreements=[(0, "development", "2026-01-01", 5)], deadlines=[(0, "2026-03-01")],
                               stage=1), old]) == {}
    # only months-stale projects: the original case and text
    assert [x.case for x in cross.enclosure(stale_pair())["A"]] == ["main"]


def test_double_claim_follows_the_declared_condition(monkeypatch):
    # a CCER project's own outside registration is CCER-48-unique's: no X-double-claim ...
    a = ex("A", [("430626", "P1", "C1", 1.0)], regs=[("VCS", "VCS-881", "registered", [0])])
    assert cross.double_claims([a]) == ({}, [])
    # ... because the declared plot case requires the claim to count; declared without that, it is one
    monkeypatch.setattr(declared, "X_DOUBLE_CLAIM", with_case(declared.X_DOUBLE_CLAIM, "plot", F.same_plot_claims > 0))
    found, claims = cross.double_claims([a])
    assert [(f.case, f.path) for f in found["A"]] == [("plot", "plots[0].id")]
    assert [c.others for c in claims] == [[("VCS:VCS-881", "VCS", False)]]


def test_double_claim_mechanisms_judged_elsewhere_are_declared(monkeypatch):
    xltp = ex("X", [("430626", "P1", "C1", 1.0)], mechanism="XLTP", regs=[("CCER", "CCER-43-1", "registered", [0])])
    assert set(cross.double_claims([xltp])[0]) == {"X"}
    # declare that 湘林碳票 also judges its own outside registrations: the finding goes
    counted = (F.portfolio_claims > 0) | ((F.other_mechanism_claims > 0) & (F.mechanism != "CCER")
                                          & (F.mechanism != "SCPH") & (F.mechanism != "XLTP"))
    monkeypatch.setattr(declared, "X_DOUBLE_CLAIM",
                        with_case(declared.X_DOUBLE_CLAIM, "plot", (F.same_plot_claims > 0) & counted))
    assert cross.double_claims([xltp]) == ({}, [])


def test_overlap_follows_the_declared_parameters(monkeypatch):
    from compliance.submission import files as loader

    from .support import ROOT

    subs = [loader.load(ROOT / "examples" / "overlap" / f"project-{x}.yaml") for x in "ab"]
    extracts = [declared.extract(s, s.as_of or AS_OF) for s in subs]
    found = cross.overlaps(extracts)
    polygon = [f for fs in found.values() for f in fs if f.case == "polygon"]
    assert polygon, found
    share = min(f.facts["share_pct"] for f in polygon)
    with_param(monkeypatch, "GEO.overlap_min_pct", float(share) + 1)
    assert not [f for fs in cross.overlaps(extracts).values() for f in fs if f.case == "polygon" and f.facts["share_pct"] <= share]


def test_every_field_the_x_rules_read_is_declared():
    from compliance.checker.catalogue import catalogue_rulesets

    portfolio = next(rs for rs in catalogue_rulesets() if rs.id == "portfolio")
    assert portfolio.undeclared_fields() == []
    kind = portfolio.fact_kind("x.enclosure")
    assert kind.field("stale_projects").article == "第十四条第一款"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_catalogue_states_the_x_conditions_in_words(lang):
    from compliance.checker import catalogue

    md = catalogue.to_markdown(catalogue.entries("portfolio"), lang)
    assert "deadline_missed" in md and "stale_projects >= 2" in md
    assert ("同一开发主体名下疑似圈占的项目数" if lang == "zh" else "projects of the same developer") in md
