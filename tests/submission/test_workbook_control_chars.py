"""Control characters in portfolio cells are row errors of their project, not a crashed batch."""
from __future__ import annotations

import csv
import sys
from pathlib import Path

from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

import synth  # noqa: E402

from compliance.cli import app  # noqa: E402


def _edit(path: Path, row: int, column: str, suffix: str) -> None:
    rows = list(csv.DictReader(path.open(encoding="utf-8-sig")))
    rows[row][column] = rows[row][column] + suffix
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def test_control_characters_in_cells_are_row_errors_and_the_report_is_written(tmp_path):
    folder = synth.write(synth.generate(8, 60, violations=0, double_claims=5), tmp_path / "pf")
    _edit(folder / "projects.csv", 0, "developer", "\x1b[31m\x00")
    _edit(folder / "plots.csv", 2, "id", "\x07")
    _edit(folder / "projects.csv", 1, "name", "[/]\u202e")
    out = tmp_path / "report.xlsx"
    r = CliRunner().invoke(app, ["batch", str(folder), "-o", str(out), "--json", str(tmp_path / "r.json"),
                                 "--lang", "en", "--no-register", "--workers", "1"])
    assert r.exit_code == 2, r.output
    assert "sheet projects, row 2, column developer" in r.output and "\\x1b" in r.output
    assert "sheet plots, row 4, column id" in r.output and "\\x07" in r.output
    assert "\x1b" not in r.output and "\x00" not in r.output and "\u202e" not in r.output
    assert out.exists() and (tmp_path / "r.json").exists()
    from openpyxl import load_workbook

    wb = load_workbook(out, read_only=True)
    assert any("control character" in str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True)
               for c in row if c)


def test_a_workbook_that_expands_beyond_the_limit_is_refused_before_it_is_parsed(tmp_path, monkeypatch):
    """A 1 MB .xlsx whose sheet inflates to hundreds of MB (a zip bomb) took 13 s and 1.4 GB to be
    told a sheet is missing: the inflated size is read from the zip directory and refused first."""
    import zipfile

    import pandas as pd
    import pytest

    from compliance.submission import workbook
    from compliance.submission.files import InvalidSubmission

    p = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            chunk = b"<row><c t='inlineStr'><is><t>x</t></is></c></row>" * 100_000
            for _ in range(int(workbook.MAX_UNZIPPED_BYTES / len(chunk)) + 1):
                f.write(chunk)
    assert p.stat().st_size < 5_000_000
    monkeypatch.setattr(pd, "read_excel", lambda *a, **k: pytest.fail("the bomb was parsed"))
    with pytest.raises(InvalidSubmission) as info:
        workbook.read(p)
    assert [q.type for q in info.value.problems] == ["workbook_expands"]
