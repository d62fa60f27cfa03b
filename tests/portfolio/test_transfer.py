"""What travels between the parent and the workers arrives as it was sent."""
from __future__ import annotations

import datetime as dt
import pickle

from compliance.rules.portfolio import Extract
from compliance.submission.geometry.overlap import PlotRef


def _extract(refs):
    return Extract("P1", "项目一", "43", "CCER", "AR-CM-001", 2, dt.date(2026, 6, 1), "91430000X", "某公司",
                   [("430626", "430626-01", "湘（2021）第1号", 1.5), ("430626", "430626-02", "湘（2021）第1号", 2.0)],
                   [("XLTP", "R1", "registered", [0])], [(0, "development", "2024-01-01", 29)], refs,
                   [(0, "2027-10-31")])


def test_an_extract_with_plot_refs_round_trips():
    refs = [PlotRef("P1", 0, "430626-01", "430626", "湘（2021）第1号", "U1", "12", "3", None, 0.0, "项目一"),
            PlotRef("P1", 1, "430626-02", "430626", "", "", "12", "4", None, 15000.0, "项目一")]
    e = _extract(refs)
    back = pickle.loads(pickle.dumps(e))
    assert back == e
    assert [type(r) for r in back.refs] == [PlotRef, PlotRef]


def test_refs_of_mixed_projects_or_without_refs_round_trip():
    mixed = [PlotRef("P1", 0, "a", "430626"), PlotRef("P2", 0, "b", "430626")]
    for refs in ([], mixed):
        e = _extract(refs)
        assert pickle.loads(pickle.dumps(e)) == e
