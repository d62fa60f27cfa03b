"""The batch report's Excel cells never run as formulas (a project named "=HYPERLINK(…)")."""
from __future__ import annotations

import openpyxl
from typer.testing import CliRunner

from compliance.cli import app

from .support import set_cell


def test_formula_leading_text_is_written_as_text(folder, tmp_path):
    evil = '=HYPERLINK("http://127.0.0.1/x","点击")'
    set_cell(folder, "projects", 2, "name", evil)
    out = tmp_path / "r.xlsx"
    r = CliRunner().invoke(app, ["batch", str(folder), "-o", str(out), "--no-register"])
    assert out.exists(), r.output
    wb = openpyxl.load_workbook(out)
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert any(c.value == "'" + evil for c in cells)
