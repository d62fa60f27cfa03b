"""入库 checks plot geometry against every stored project: X-overlap names the stored project."""
from __future__ import annotations

from tests.support import EXAMPLES


def test_overlapping_project_is_reported_on_entry_against_the_stored_one(tmp_path):
    from compliance.library import Library
    from compliance.library.decide import new_decision_id, rulebase_version, run_check
    from compliance.submission import files

    with Library(f"sqlite:///{tmp_path / 'lib.sqlite3'}") as lib:
        _, t1 = lib.add_user("dev-a", "developer")
        _, t2 = lib.add_user("dev-b", "developer")
        a = files.load(EXAMPLES / "overlap" / "project-a.yaml")
        ra = run_check(a)
        lib.submit(a, ra, lib.authenticate(t1), decision_id=new_decision_id(), rulebase_version=rulebase_version())
        assert not [f for f in ra.findings if f.rule == "X-overlap"]
        b = files.load(EXAMPLES / "overlap" / "project-b.yaml")
        rb = run_check(b)
        lib.submit(b, rb, lib.authenticate(t2), decision_id=new_decision_id(), rulebase_version=rulebase_version())
        hits = [f for f in rb.findings if f.rule == "X-overlap"]
        assert [f.path for f in hits] == ["plots[0].geometry"]
        assert "HN-PJ-2026-001" in hits[0].message("zh") and "m²" in hits[0].message("zh")
        # a project far away (no shared county) is not a candidate and gets no X-overlap
        c = files.load(EXAMPLES / "hunan-undesignated-venue.yaml")
        rc = run_check(c)
        lib.submit(c, rc, lib.authenticate(t2), decision_id=new_decision_id(), rulebase_version=rulebase_version())
        assert not [f for f in rc.findings if f.rule == "X-overlap"]
