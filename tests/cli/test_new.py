"""`compliance new`: a fill-in workbook and a YAML skeleton that `compliance check` reads with the same
findings as the YAML form (round trip through the one workbook reader)."""
from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
import yaml
from typer.testing import CliRunner

from compliance.checker import check as run_check
from compliance.cli import app
from compliance.submission import files, template, workbook

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
runner = CliRunner()


def findings(sub):
    r = run_check(sub, None, sanctions=None, source="x")
    return r.verdict if hasattr(r, "verdict") else None, sorted((f.rule, str(f.severity), f.path) for f in r.findings)


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_example_round_trips_through_the_workbook_with_the_same_findings(tmp_path, path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    out = tmp_path / "one.xlsx"
    template.write_workbook(out, data=data)
    assert findings(workbook.load_one(out)) == findings(files.load(path))


@pytest.mark.parametrize("province", ["43", "51"])
def test_new_workbook_and_skeleton_pass_check_with_the_same_findings(tmp_path, province):
    xlsx, yml = tmp_path / "p.xlsx", tmp_path / "p.yaml"
    assert runner.invoke(app, ["new", str(xlsx), "--province", province]).exit_code == 0
    assert runner.invoke(app, ["new", str(yml), "--province", province]).exit_code == 0
    r1 = runner.invoke(app, ["check", "--no-register", "-f", "json", str(xlsx)])
    r2 = runner.invoke(app, ["check", "--no-register", "-f", "json", str(yml)])
    assert r1.exit_code == 0 and r2.exit_code == 0, r1.output + r2.output
    assert findings(workbook.load_one(xlsx)) == findings(files.load(yml))
    assert "# " in yml.read_text(encoding="utf-8")      # commented


def test_workbook_has_one_sheet_per_part_chinese_headers_dropdowns_hints(tmp_path):
    out = tmp_path / "w.xlsx"
    assert runner.invoke(app, ["new", str(out)]).exit_code == 0
    wb = openpyxl.load_workbook(out)
    assert {"project", "parties", "plots", "agreements", "reviews"} <= set(wb.sheetnames)
    plots = wb["plots"]
    headers = {c.value.splitlines()[-1]: c for c in plots[1] if c.value}
    assert headers["area_ha"].value.startswith("面积")            # Chinese label over the field name
    assert headers["area_ha"].comment is not None                  # a hint on the header
    lists = {}
    for dv in plots.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            lists[plots.cell(row=1, column=rng.min_col).value.splitlines()[-1]] = dv
    for coded in ("land_type", "measure", "tenure", "forest_type", "county", "economic_forest"):
        assert lists[coded].type == "list", coded
        assert lists[coded].prompt                                  # input hint when the cell is selected
    assert lists["area_ha"].type == "decimal" and float(lists["area_ha"].formula2) == 1_000_000
    # every code-list column of every sheet has its drop-down
    for sheet in template.SHEETS:
        ws = wb[sheet]
        cols = [c.value.splitlines()[-1] for c in ws[1] if c.value and "\n" in c.value]
        listed = {ws.cell(row=1, column=r.min_col).value.splitlines()[-1]
                  for dv in ws.data_validations.dataValidation if dv.type == "list" for r in dv.sqref.ranges}
        for col in cols:
            if template.column_info(sheet, col)["codes"]:
                assert col in listed, (sheet, col)
    assert plots.cell(row=2, column=1).value                       # an example row


def test_a_bad_cell_is_reported_by_sheet_row_and_column(tmp_path):
    out = tmp_path / "w.xlsx"
    runner.invoke(app, ["new", str(out)])
    wb = openpyxl.load_workbook(out)
    ws = wb["plots"]
    col = next(c.column for c in ws[1] if c.value and c.value.endswith("\narea_ha"))
    ws.cell(row=3, column=col, value=-5)
    wb.save(out)
    r = runner.invoke(app, ["check", "--no-register", str(out)])
    assert r.exit_code == 2
    assert "plots 表第 3 行 area_ha 列" in r.output


def test_new_refuses_to_overwrite_without_force_and_checks_options(tmp_path):
    out = tmp_path / "w.yaml"
    assert runner.invoke(app, ["new", str(out)]).exit_code == 0
    r = runner.invoke(app, ["new", str(out)])
    assert r.exit_code == 2 and "--force" in r.output
    assert runner.invoke(app, ["new", str(out), "--force", "--mechanism", "湘林碳票"]).exit_code == 0
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["project"]["mechanism"] == "XLTP"
    assert runner.invoke(app, ["new", str(out), "--force", "--province", "99"]).exit_code == 2
    assert runner.invoke(app, ["new", str(tmp_path / "x.txt")]).exit_code == 2


def test_zero_plots_is_invalid_input(tmp_path):
    data = yaml.safe_load((ROOT / "examples" / "hunan-ccer-afforestation.yaml").read_text(encoding="utf-8"))
    data["plots"] = []
    for a in data["agreements"]:
        a.pop("plots", None)
    f = tmp_path / "z.yaml"
    f.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    r = runner.invoke(app, ["check", "--no-register", str(f)])
    assert r.exit_code == 2 and "plots" in r.output
