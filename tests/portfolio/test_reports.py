"""Writing the workbook and the JSON at once (large reports) gives the files written one after the other."""
from __future__ import annotations

import errno
import json
import os

import openpyxl
import pytest

from compliance.portfolio import check_portfolio, report

from .support import EXAMPLE_DIR


@pytest.fixture(scope="module")
def result():
    return check_portfolio(EXAMPLE_DIR, workers=1, register=False)


def cells(path):
    wb = openpyxl.load_workbook(path, read_only=True)
    return {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in wb.worksheets}


def without_time(path):
    d = json.loads(path.read_text(encoding="utf-8"))
    d.pop("generated")
    d["cover"].pop("generated", None)
    return d


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_parallel_write_gives_the_same_files(result, tmp_path, monkeypatch):
    tables = report.build_tables(result, "zh")
    report.write_xlsx(result, tmp_path / "a.xlsx", "zh", tables)
    report.write_json(result, tmp_path / "a.json", "zh", tables)
    monkeypatch.setattr(report, "PARALLEL_ROWS", 0)
    assert report.write_reports(result, tmp_path / "b.xlsx", tmp_path / "b.json", "zh", tables) == {"xlsx": None, "json": None}

    def sheets(p):
        return {k: [r for r in v if r[:1] != ["生成时间"]] for k, v in cells(p).items()}

    assert sheets(tmp_path / "b.xlsx") == sheets(tmp_path / "a.xlsx")
    assert without_time(tmp_path / "b.json") == without_time(tmp_path / "a.json")


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_a_workbook_that_cannot_be_written_in_the_child_is_reported(result, tmp_path, monkeypatch):
    import openpyxl.writer.excel as excel

    def full(*a, **k):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(excel, "ZipFile", full)
    monkeypatch.setattr(report, "PARALLEL_ROWS", 0)
    old = tmp_path / "r.xlsx"
    old.write_bytes(b"the previous report")
    out = report.write_reports(result, old, tmp_path / "r.json", "en")
    assert isinstance(out["xlsx"], OSError) and out["xlsx"].errno == errno.ENOSPC and out["json"] is None
    assert old.read_bytes() == b"the previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.json", "r.xlsx"]
