"""Reading portfolios in tabular form: workbook and CSV folder, row/column errors, good projects still read."""
from __future__ import annotations

import datetime as dt

import pytest

from compliance.submission import files as loader, workbook as tabular

from .support import EXAMPLE_DIR, EXAMPLE_XLSX, PROJECTS, append_row, read_rows, set_cell, write_rows


def projects_of(path) -> dict[str, tabular.ProjectInput]:
    pf = tabular.read(path)
    return {p.project_id: p for p in pf.projects()}


def errors_of(path) -> list[tabular.RowError]:
    """Row errors from reading plus those from validating each project's dict."""
    pf = tabular.read(path)
    out = list(pf.errors)
    for p in pf.projects():
        out.extend(tabular.validate_project(pf, p)[1])
    return out


def where(errors) -> set[tuple[str, int, str]]:
    return {(e.sheet, e.row, e.column) for e in errors}


def test_workbook_and_csv_folder_read_the_same_projects():
    xlsx, csv = projects_of(EXAMPLE_XLSX), projects_of(EXAMPLE_DIR)
    assert list(xlsx) == list(csv) == PROJECTS
    for pid in PROJECTS:
        a = loader.validate(xlsx[pid].data, pid)
        b = loader.validate(csv[pid].data, pid)
        assert a == b
    sub = loader.validate(csv["HN-PJ-2026-001"].data)
    assert sub.as_of == dt.date(2026, 6, 1)
    assert sub.developer.name == "湖南幕阜碳汇科技有限公司"        # a shared party (no project_id)
    assert [p.id for p in sub.rights_holders] == ["RH1", "RH2"]
    assert sub.project.crediting_period.end == dt.date(2046, 2, 28)    # dotted columns
    assert sub.agreements[2].shares == {"DEV-MF": 0.35, "RH1": 0.5, "RH2": 0.15}   # key:value pairs
    assert sub.agreements[1].consent.in_favour == 31
    assert sub.agreements[1].plots == ["430626-LY-012-03", "430626-LY-012-07"]   # semicolon list
    assert sub.project.reviews[0].division == "4306"                    # optional sheet reviews
    assert sub.plots[0].economic_forest is False                        # 否
    # Chinese labels are accepted as in YAML
    two = loader.validate(csv["HN-PJ-2026-002"].data)
    assert two.project.mechanism.value == "XLTP" and two.agreements[0].kind.value == "tripartite"


def test_the_example_matches_the_yaml_example():
    sub = loader.validate(projects_of(EXAMPLE_DIR)["HN-PJ-2026-001"].data)
    yaml_sub = loader.load(EXAMPLE_DIR.parent.parent / "hunan-ccer-afforestation.yaml")
    assert [p.model_dump() for p in sub.plots] == [p.model_dump() for p in yaml_sub.plots]
    assert sub.project.milestones == yaml_sub.project.milestones


def test_a_bad_cell_names_sheet_row_and_column(folder):
    set_cell(folder, "plots", 5, "area_ha", "很大")             # project 002's second plot
    set_cell(folder, "agreements", 7, "consent.in_favour", "全体")   # project 003's transfer agreement
    set_cell(folder, "parties", 10, "uscc", "N2430923MF0031203X")    # project 004's collective: wrong check digit
    errs = errors_of(folder)
    assert where(errs) == {("plots", 5, "area_ha"), ("agreements", 7, "consent.in_favour"), ("parties", 10, "uscc")}
    by = {e.sheet: e for e in errs}
    assert by["plots"].project == "HN-PJ-2026-002"
    assert "应为数字" in by["plots"].message("zh") and "很大" in by["plots"].message("zh")
    assert by["plots"].where("zh") == "plots 表第 5 行 area_ha 列"
    assert by["plots"].where("en") == "sheet plots, row 5, column area_ha"
    assert "校验位" in by["parties"].message("zh")


def test_list_and_pair_cells(folder):
    set_cell(folder, "agreements", 4, "shares", "DEV-MF 0.35, RH1 0.65")      # no key:value
    set_cell(folder, "agreements", 3, "transferors", "RH1；RH9")               # full-width semicolon, unknown party
    errs = errors_of(folder)
    assert ("agreements", 4, "shares") in where(errs)
    assert ("agreements", 3, "transferors") in where(errs)
    bad = next(e for e in errs if e.column == "transferors")
    assert "RH9" in bad.message("zh") and bad.path == "agreements[1].transferors[1]"


def test_unknown_column_is_reported_on_the_header_row_and_notes_are_ignored(folder):
    set_cell(folder, "plots", 2, "aera_ha", "3")
    set_cell(folder, "plots", 2, "备注", "权属待核实")
    set_cell(folder, "plots", 2, "#内部编号", "17")
    errs = errors_of(folder)
    assert where(errs) == {("plots", 1, "aera_ha")}
    assert "未知列" in errs[0].message("zh")


def test_project_level_problems(folder):
    set_cell(folder, "projects", 3, "developer", "DEV-NOBODY")
    set_cell(folder, "projects", 4, "stage", "已完成")
    row = append_row(folder, "plots", {"project_id": "HN-PJ-2099-999", "id": "430626-X-1", "county": "430626"})
    errs = errors_of(folder)
    assert ("projects", 3, "developer") in where(errs)
    assert ("projects", 4, "stage") in where(errs)
    orphan = next(e for e in errs if e.sheet == "plots")
    assert (orphan.row, orphan.column, orphan.project) == (row, "project_id", "")
    assert "不在 projects 表中" in orphan.message("zh")


def test_duplicate_project_and_missing_key(folder):
    rows = read_rows(folder, "projects")
    rows.append(list(rows[1]))          # project 001 twice
    rows.append([""] + rows[2][1:])     # a row without project_id
    write_rows(folder, "projects", rows)
    errs = errors_of(folder)
    assert ("projects", 6, "project_id") in where(errs)
    assert ("projects", 7, "project_id") in where(errs)
    dup = next(e for e in errs if e.row == 6)
    assert dup.project == "HN-PJ-2026-001"


def test_missing_field_points_at_its_column(folder):
    set_cell(folder, "plots", 2, "holder", "")
    set_cell(folder, "agreements", 2, "kind", "")
    errs = errors_of(folder)
    assert ("plots", 2, "holder") in where(errs)
    assert any(e.sheet == "agreements" and e.row == 2 for e in errs)


def test_missing_sheet_and_unreadable_input(tmp_path, folder):
    (folder / "agreements.csv").unlink()
    with pytest.raises(loader.InvalidSubmission) as e:
        tabular.read(folder)
    assert "agreements" in e.value.render("zh")
    with pytest.raises(loader.InvalidSubmission):
        tabular.read(tmp_path / "nothing.xlsx")
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(loader.InvalidSubmission) as e:
        tabular.read(bad)
    assert "无法读取工作簿" in e.value.render("zh")
    with pytest.raises(loader.InvalidSubmission):
        tabular.read(tmp_path / "bad.txt")


@pytest.fixture(params=["calamine", "openpyxl"])
def excel_engine(request, monkeypatch):
    """Both workbook readers give the same cells (calamine only when installed)."""
    if request.param == "calamine":
        pytest.importorskip("python_calamine")
    monkeypatch.setattr(tabular, "excel_engine", lambda: request.param)
    return request.param


def test_xlsx_cells_dates_numbers_and_blank_rows(tmp_path, excel_engine):
    """Excel gives dates and numbers, not text; a blank row keeps the row numbers the user sees."""
    import pandas as pd

    frames = {name: tabular.read_tables(EXAMPLE_XLSX).frames[name] for name in ("projects", "parties", "plots", "agreements", "reviews")}
    plots = frames["plots"]
    blank = pd.DataFrame([[None] * len(plots.columns)], columns=plots.columns)
    plots = pd.concat([plots.iloc[:2], blank, plots.iloc[2:]], ignore_index=True)
    plots.loc[4, "right_term_end"] = "2080-13-45"      # project 002's second plot, now on row 6
    frames["plots"] = plots
    path = tmp_path / "p.xlsx"
    tabular.write_workbook(frames, path)
    errs = errors_of(path)
    assert where(errs) == {("plots", 6, "right_term_end")}
    assert errs[0].project == "HN-PJ-2026-002"
    ok = projects_of(path)["HN-PJ-2026-001"]
    sub = loader.validate(ok.data)
    assert sub.plots[1].right_term_end == dt.date(2076, 6, 30)


def test_path_mapping():
    origin = tabular.Origin(project_row=4, developer=3, rights_holders=[8, 9], plots=[7, 8], agreements=[6, 7, 8],
                            lists={"reviews": [2]})
    sheets = tabular.read(EXAMPLE_DIR).sheets
    assert tabular.locate(sheets, origin, "plots[1].boundaries.east") == ("plots", 8, "boundaries.east")
    assert tabular.locate(sheets, origin, "agreements[2].shares.RH1") == ("agreements", 8, "shares")
    assert tabular.locate(sheets, origin, "agreements[1].consent.notice.end") == ("agreements", 7, "consent.notice.end")
    assert tabular.locate(sheets, origin, "rights_holders[1].id_number") == ("parties", 9, "id_number")
    assert tabular.locate(sheets, origin, "developer.uscc") == ("parties", 3, "uscc")
    assert tabular.locate(sheets, origin, "project.reviews[0].division") == ("reviews", 2, "division")
    assert tabular.locate(sheets, origin, "project.id") == ("projects", 4, "project_id")
    assert tabular.locate(sheets, origin, "project.crediting_period") == ("projects", 4, "crediting_period.start, crediting_period.end")
    assert tabular.locate(sheets, origin, "as_of") == ("projects", 4, "as_of")
