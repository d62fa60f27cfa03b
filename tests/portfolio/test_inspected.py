"""Workers validate workbook rows without walking them a second time only when the reader's checks
already give every bound ``files.inspect`` enforces; an overlong cell still meets the documented limit."""
from __future__ import annotations

from compliance.portfolio import check_portfolio
from compliance.submission import workbook as tabular
from compliance.submission.files import MAX_STRING

from .support import EXAMPLE_DIR


def test_example_workbook_counts_as_inspected(folder):
    from .support import set_cell

    assert tabular.read(EXAMPLE_DIR).inspected
    set_cell(folder, "projects", 2, "name", "说明" * 240)    # long text (480 of the 500 a name may have): within every bound
    assert tabular.read(folder).inspected
    # a map cell's keys are parts of it: over the key limit, the workers walk the data again
    set_cell(folder, "projects", 2, "milestones", "development: 2026-02-10; " + "x" * tabular.INSPECTED_TEXT + ": 1")
    assert not tabular.read(folder).inspected
    result = check_portfolio(folder, workers=1, register=False)
    first = result.projects[0]
    assert first.status == "invalid" and {e.column for e in result.errors} == {"milestones"}
    assert [r.status for r in result.projects[1:]] == ["pass", "fail", "pass"]


def test_a_cell_over_the_text_limit_is_a_row_error_of_its_project(folder):
    from .support import set_cell

    set_cell(folder, "projects", 3, "name", "林" * (MAX_STRING + 1))     # project 002
    result = check_portfolio(folder, workers=1, register=False)
    status = {r.project_id: r.status for r in result.projects}
    assert status["HN-PJ-2026-002"] == "invalid"
    assert [s for p, s in status.items() if p != "HN-PJ-2026-002"] == ["fail", "fail", "pass"]
    (err,) = result.errors
    assert (err.sheet, err.row, err.column) == ("projects", 3, "name")
