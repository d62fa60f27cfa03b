"""Workers validate workbook rows without walking them a second time only when the reader's checks
already give every bound ``files.inspect`` enforces; an overlong cell still meets the documented limit."""
from __future__ import annotations

from compliance.portfolio import check_portfolio
from compliance.submission import workbook as tabular
from compliance.submission.files import MAX_STRING

from .support import EXAMPLE_DIR


def test_example_workbook_counts_as_inspected(folder):
    assert tabular.read(EXAMPLE_DIR).inspected
    tabular_cell = "说明" * (tabular.INSPECTED_TEXT // 2 + 1)         # a long, harmless text cell
    from .support import set_cell

    set_cell(folder, "projects", 2, "name", tabular_cell)
    assert not tabular.read(folder).inspected
    result = check_portfolio(folder, workers=1, register=False)
    assert result.projects[0].status in ("pass", "fail") and not result.errors


def test_a_cell_over_the_text_limit_is_a_row_error_of_its_project(folder):
    from .support import set_cell

    set_cell(folder, "projects", 3, "name", "林" * (MAX_STRING + 1))     # project 002
    result = check_portfolio(folder, workers=1, register=False)
    status = {r.project_id: r.status for r in result.projects}
    assert status["HN-PJ-2026-002"] == "invalid"
    assert [s for p, s in status.items() if p != "HN-PJ-2026-002"] == ["fail", "fail", "pass"]
    (err,) = result.errors
    assert (err.sheet, err.row, err.column) == ("projects", 3, "name")
