"""Batch checks: the same findings as `check`, cross-project rules, invalid rows do not stop the others."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path


from compliance import checker
from compliance.submission import files as loader
from compliance.portfolio import PORTFOLIO_RULES, check_portfolio
from compliance.portfolio.cross import double_claims, enclosure
from compliance.rules.portfolio import X_DOUBLE_CLAIM, Extract, months_started
from compliance.rules.base import Finding, Rule

from .support import EXAMPLE_DIR, EXAMPLE_XLSX, PROJECTS, append_row, set_cell

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import synth  # noqa: E402


def single_project_findings(report) -> list[dict]:
    return [f.as_dict("zh") for f in report.findings if not f.rule.startswith("X-")]


def assert_same_as_check(result, as_of=None):
    """Every checked project has exactly the findings `compliance.checker.check` gives for the same Submission."""
    pf = result.portfolio
    assert result.checked
    for r in result.checked:
        pi = pf.project(r.index)
        sub = loader.validate(pi.data)
        expected = checker.check(sub, as_of)
        assert single_project_findings(r.report) == [f.as_dict("zh") for f in expected.findings], r.project_id
        assert r.report.as_of == expected.as_of


def test_batch_equals_check_in_process():
    result = check_portfolio(EXAMPLE_XLSX, workers=1, register=False)
    assert [r.project_id for r in result.projects] == PROJECTS
    assert result.errors == [] and len(result.checked) == 4
    assert_same_as_check(result)


def test_batch_equals_check_with_worker_processes(tmp_path):
    syn = synth.generate(24, 300, violations=0.5, double_claims=3, seed=11)
    path = synth.write(syn, tmp_path / "syn")
    result = check_portfolio(path, dt.date(2026, 6, 1), workers=2, register=False)
    assert len(result.checked) == 24 and not result.errors and result.workers == 2
    assert_same_as_check(result, dt.date(2026, 6, 1))
    # the injected violations show up as findings of their rules
    rules = {r.project_id: r.report.rules_hit() for r in result.checked}
    expect = {"shares": "HN-15-benefit", "land": "HN-2-scope", "measure": "HN-9-measure",
              "consent": "LAW-collective-consent", "stale": "HN-14-enclosure"}
    for pid, kind in syn.violators.items():
        assert expect[kind] in rules[pid], (pid, kind)


def test_the_yaml_example_and_its_workbook_row_agree():
    """Project 001 of the workbook is examples/hunan-ccer-afforestation.yaml (party ids aside)."""
    result = check_portfolio(EXAMPLE_DIR, workers=1, register=False)
    from_book = result.projects[0].report
    from_yaml = checker.check(loader.load(EXAMPLE_DIR.parent.parent / "hunan-ccer-afforestation.yaml"))
    key = lambda f: (f.rule, f.case, f.severity.value, f.path)  # noqa: E731
    assert {key(f) for f in from_book.findings if not f.rule.startswith("X-")} == {key(f) for f in from_yaml.findings}


def test_example_cross_project_findings():
    result = check_portfolio(EXAMPLE_DIR, workers=1, register=False)
    by = {r.project_id: r.report for r in result.checked}
    dc = {pid: [f for f in rep.findings if f.rule == "X-double-claim"] for pid, rep in by.items()}
    assert {pid for pid, fs in dc.items() if fs} == {"HN-PJ-2026-001", "HN-PJ-2026-003"}
    one, three = dc["HN-PJ-2026-001"][0], dc["HN-PJ-2026-003"][0]
    assert one.severity.value == "error" and one.path == "plots[1].id" and three.path == "plots[0].id"
    assert "HN-PJ-2026-003" in one.message_zh and "湘林碳票" in one.message_zh       # names the other project and mechanism
    assert "HN-PJ-2026-001" in three.message_en
    assert one.citation.text() == "温室气体自愿减排交易管理办法（试行） 第四十八条"
    enc = {pid: [f for f in rep.findings if f.rule == "X-enclosure"] for pid, rep in by.items()}
    assert {pid for pid, fs in enc.items() if fs} == {"HN-PJ-2026-003", "HN-PJ-2024-004"}
    f = enc["HN-PJ-2024-004"][0]
    assert f.severity.value == "warning" and f.path == "developer"
    assert "125.3" in f.message_zh and "湖南湘林碳汇开发有限公司" in f.message_zh
    assert f.params == {"HN.enclosure_months": 24}
    assert by["HN-PJ-2026-002"].verdict == "pass"
    assert result.exit_code == 1


def test_injected_double_claims_are_all_found_and_none_else(tmp_path):
    syn = synth.generate(80, 1600, violations=0.1, double_claims=12, cert_claims=6, seed=5)
    result = check_portfolio(synth.write(syn, tmp_path / "syn"), workers=1, register=False)
    found = set()
    certs = set()
    for r in result.checked:
        for f in r.report.findings:
            if f.rule == "X-double-claim" and f.case == "plot":
                found.add((r.project_id, f.facts["county"], r.extract.plots[int(f.path[6:f.path.index("]")])][1]))
            elif f.rule == "X-double-claim" and f.case == "certificate":
                certs.add((r.project_id, r.extract.plots[int(f.path[6:f.path.index("]")])][1]))
    assert len(syn.truth) >= 20
    assert found == syn.truth
    assert syn.cert_truth and certs == syn.cert_truth


def ex(pid, plots, mechanism="CCER", regs=(), agreements=(), stage=0, dev="DEV", as_of=dt.date(2026, 6, 1)):
    return Extract(pid, pid, "43", mechanism, "", stage, as_of, dev, f"开发商{dev}", list(plots), list(regs), list(agreements))


def test_declared_registration_naming_another_project_is_a_double_claim_on_both():
    a = ex("A", [("430626", "P1", "C1", 1.0)])
    b = ex("B", [("430626", "P9", "C9", 2.0)], mechanism="XLTP", regs=[("CCER", "A", "registered", [0])])
    claims = double_claims([a, b])[1]
    by = {c.owner: c for c in claims}
    assert set(by) == {"A", "B"}
    assert by["B"].case == "plot" and by["B"].path == "plots[0]" and by["B"].others == [("A", "CCER", True)]
    assert by["A"].case == "declared" and by["A"].path == "project" and by["A"].others == [("B", "XLTP", True)]


def test_outside_registrations_alone_and_cancelled_ones_are_not_cross_project():
    a = ex("A", [("430626", "P1", "C1", 1.0)], regs=[("VCS", "VCS-881", "registered", [0])])
    b = ex("B", [("430626", "P2", "C2", 1.0)], regs=[("CCER", "A", "cancelled", [0])])
    assert double_claims([a, b])[1] == []
    c = ex("C", [("430626", "P1", "", 1.0)], mechanism="XLTP")      # now a second project claims P1
    claims = double_claims([a, b, c])[1]
    assert {x.owner for x in claims} == {"A", "C"}
    others_of_c = next(x for x in claims if x.owner == "C").others
    assert others_of_c == [("A", "CCER", True), ("VCS:VCS-881", "VCS", False)]


def test_certificate_shared_across_projects_but_not_within_one():
    a = ex("A", [("430626", "P1", "CERT", 1.0), ("430626", "P2", "CERT", 1.0)])
    assert double_claims([a])[1] == []
    b = ex("B", [("430181", "Q1", "CERT", 1.0)])
    claims = double_claims([a, b])[1]
    assert {(c.owner, c.plot_id, c.case) for c in claims} == {("A", "P1", "certificate"), ("A", "P2", "certificate"),
                                                              ("B", "Q1", "certificate")}
    assert next(c for c in claims if c.owner == "B").other_plots == ["P1", "P2"]


def test_enclosure_threshold_and_window():
    assert months_started(dt.date(2024, 6, 1), dt.date(2026, 6, 1)) == 24
    assert months_started(dt.date(2024, 5, 31), dt.date(2026, 6, 1)) == 25
    exactly = ex("A", [("430626", "P1", "", 3.0)], agreements=[(0, "development", "2024-06-01", 24)])
    over = ex("B", [("430626", "P2", "", 4.0)], agreements=[(0, "transfer", "2024-05-31", 25)])
    over2 = ex("C", [("430626", "P3", "", 5.0)], agreements=[(0, "development", "2024-01-31", 29)])
    assert set(enclosure([exactly, over])) == set()            # 24 months is not more than 24
    assert set(enclosure([exactly, over, over2])) == {"B", "C"}
    designed = ex("C", [("430626", "P3", "", 5.0)], agreements=[(0, "development", "2024-01-31", 29)], stage=1)
    assert set(enclosure([over, designed])) == set()           # design reached
    other_dev = ex("C", [("430626", "P3", "", 5.0)], agreements=[(0, "development", "2024-01-31", 29)], dev="OTHER")
    assert set(enclosure([over, other_dev])) == set()
    early = [ex(p, [("430626", p, "", 1.0)], agreements=[(0, "development", "2023-01-01", 30)], as_of=dt.date(2025, 6, 1))
             for p in ("D", "E")]
    assert enclosure(early) == {}                               # Hunan measures not yet in force


def test_portfolio_rules_are_declared_rules():
    assert [r.id for r in PORTFOLIO_RULES] == ["X-double-claim", "X-enclosure", "X-overlap"]
    for r in PORTFOLIO_RULES:
        assert isinstance(r, Rule) and r.fact.startswith("x.") and r.citation.text()
        for c in r.cases:
            assert c.zh and c.en and c.fix_zh and c.fix_en
    assert [c.text() for c in X_DOUBLE_CLAIM.also_cites] == ["川林发〔2024〕3号 六(四)", "湘林基〔2025〕5号 第十四条"]
    # not picked up by the single-project checker
    assert not {r.id for r in checker.all_rules()} & {"X-double-claim", "X-enclosure"}
    assert "HN.enclosure_months" in PORTFOLIO_RULES[1].params()


def test_findings_are_finding_objects():
    result = check_portfolio(EXAMPLE_DIR, workers=1, register=False)
    xs = [f for r in result.checked for f in r.report.findings if f.rule.startswith("X-")]
    assert xs and all(isinstance(f, Finding) for f in xs)
    d = xs[0].as_dict("en")
    assert set(d) >= {"rule", "severity", "citation", "path", "message", "fix", "facts"}


def test_invalid_rows_leave_the_other_projects_checked(folder):
    set_cell(folder, "plots", 5, "area_ha", "-3")                 # project 002
    append_row(folder, "agreements", {"project_id": "HN-PJ-2099-404", "kind": "benefit"})
    result = check_portfolio(folder, workers=1, register=False)
    status = {r.project_id: r.status for r in result.projects}
    assert status == {"HN-PJ-2026-001": "fail", "HN-PJ-2026-002": "invalid", "HN-PJ-2026-003": "fail",
                      "HN-PJ-2024-004": "pass"}
    assert {(e.sheet, e.row, e.column) for e in result.errors} == {("plots", 5, "area_ha"), ("agreements", 12, "project_id")}
    assert result.exit_code == 2


def test_an_invalid_project_still_takes_part_in_cross_project_checks(folder):
    # issue 18: the partner of an invalid project must not pass on a plot both claim
    set_cell(folder, "plots", 7, "area_ha", "-3")        # project 003's copy of 430626-LY-012-07, also in 001
    set_cell(folder, "projects", 4, "stage", "nonsense")  # and 003's project row
    result = check_portfolio(folder, workers=1, register=False)
    status = {r.project_id: r.status for r in result.projects}
    assert status["HN-PJ-2026-003"] == "invalid"
    first = next(r for r in result.checked if r.project_id == "HN-PJ-2026-001")
    claims = [f for f in first.report.findings if f.rule == "X-double-claim"]
    assert claims and any("430626-LY-012-07" in f.message_zh for f in claims)
    assert first.status == "fail"
