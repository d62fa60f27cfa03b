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


def test_formulas_after_spaces_in_full_width_forms_and_in_the_input_name_are_text(folder, tmp_path, monkeypatch):
    """Leading spaces or an RTL mark before ``=``, a full-width ＝/＠, and an input folder whose
    name starts with ``=`` (it is shown on the cover sheet): none runs as a formula."""
    names = {2: '  =HYPERLINK("http://127.0.0.1/x","点击")', 3: "＝1+1", 4: "\u200f@SUM(A1)"}
    for row, v in names.items():
        set_cell(folder, "projects", row, "name", v)
    folder.rename(tmp_path / "=cmd")
    monkeypatch.chdir(tmp_path)
    evil, out = "=cmd", tmp_path / "r.xlsx"
    r = CliRunner().invoke(app, ["batch", evil, "-o", str(out), "--no-register"])
    assert out.exists(), r.output
    wb = openpyxl.load_workbook(out)
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = [c.value for c in cells if isinstance(c.value, str)]
    from compliance.submission.workbook import formula_leading

    assert not [t for t in texts if formula_leading(t)], [t for t in texts if formula_leading(t)]
    assert "'" + evil in texts
