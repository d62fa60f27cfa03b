"""`compliance batch` through the real CLI app: report sheets, JSON, exit codes, no tracebacks."""
from __future__ import annotations

import json

import openpyxl
import pytest
from typer.testing import CliRunner

from compliance.cli import app

from .support import EXAMPLE_DIR, EXAMPLE_XLSX, PROJECTS, set_cell

runner = CliRunner()


def batch(*args):
    return runner.invoke(app, ["batch", *map(str, args), "--no-register"])


def test_batch_writes_the_excel_report_and_json(tmp_path):
    out, js = tmp_path / "报告.xlsx", tmp_path / "report.json"
    r = batch(EXAMPLE_XLSX, "-o", out, "--json", js, "--workers", "1")
    assert r.exit_code == 1, r.output
    assert "已检查 4/4 个项目" in r.stdout and "不通过 2" in r.stdout
    wb = openpyxl.load_workbook(out, read_only=True)
    assert wb.sheetnames == ["封面", "项目汇总", "问题明细", "按规则统计", "按县统计", "输入错误"]
    cover = {row[0]: row[1] for row in wb["封面"].iter_rows(values_only=True)}
    assert cover["判定日期"] and cover["规则库版本"].startswith("0.") and cover["项目数"] == 4
    assert cover["通过"] == 2 and cover["不通过"] == 2 and cover["惩戒名录"].startswith("未查询")
    summary = list(wb["项目汇总"].iter_rows(values_only=True))
    assert summary[0][:3] == ("序号", "项目编号", "项目名称")
    assert [row[1] for row in summary[1:]] == PROJECTS
    assert {row[1]: row[8] for row in summary[1:]}["HN-PJ-2026-002"] == "通过"
    findings = list(wb["问题明细"].iter_rows(values_only=True))
    head = findings[0]
    double = [dict(zip(head, row)) for row in findings[1:] if row[head.index("规则")] == "X-double-claim"]
    assert len(double) == 2
    assert {d["工作表"] for d in double} == {"plots"} and {d["列"] for d in double} == {"id"}
    assert all(d["依据"] == "温室气体自愿减排交易管理办法（试行） 第四十八条" for d in double)
    rules = {row[0]: row for row in wb["按规则统计"].iter_rows(min_row=2, values_only=True)}
    assert rules["X-double-claim"][3] == 2 and rules["X-enclosure"][4] == 2
    counties = {row[0]: row for row in wb["按县统计"].iter_rows(min_row=2, values_only=True)}
    assert set(counties) == {"430181", "430626", "430923"}
    assert counties["430626"][3] == 2 and counties["430626"][6] == 2     # two projects there, both failing
    assert list(wb["输入错误"].iter_rows(min_row=2, values_only=True)) == []
    data = json.loads(js.read_text(encoding="utf-8"))
    assert data["summary"]["checked"] == 4 and data["summary"]["exit_code"] == 1
    p1 = data["projects"][0]
    assert p1["project"] == "HN-PJ-2026-001" and p1["verdict"] == "fail"
    assert {"rule", "severity", "citation", "path", "message", "fix"} <= set(p1["findings"][0])


def test_english_report_and_csv_folder_with_worker_processes(tmp_path):
    out = tmp_path / "report.xlsx"
    r = batch(EXAMPLE_DIR, "-o", out, "--lang", "en", "--workers", "2", "--as-of", "2026-06-01")
    assert r.exit_code == 1, r.output
    assert "checked 4/4 projects" in r.stdout
    wb = openpyxl.load_workbook(out, read_only=True)
    assert wb.sheetnames == ["cover", "summary", "findings", "by rule", "by county", "input errors"]
    messages = [row[13] for row in wb["findings"].iter_rows(min_row=2, values_only=True)]
    assert any("is also claimed by project HN-PJ-2026-003" in m for m in messages)


def test_invalid_rows_exit_2_after_reporting_the_good_projects(folder, tmp_path):
    set_cell(folder, "plots", 5, "county", "439999")
    set_cell(folder, "agreements", 4, "shares", "DEV-MF=0.35; RH1")
    out = tmp_path / "r.xlsx"
    r = batch(folder, "-o", out, "--workers", "1")
    assert r.exit_code == 2, r.output
    assert "Traceback" not in r.output
    assert "plots 表第 5 行 county 列" in r.stderr and "439999" in r.stderr
    assert "agreements 表第 4 行 shares 列" in r.stderr
    assert "其余项目已照常检查并写入报告" in r.stdout
    wb = openpyxl.load_workbook(out, read_only=True)
    status = {row[1]: row[8] for row in wb["项目汇总"].iter_rows(min_row=2, values_only=True)}
    assert status == {"HN-PJ-2026-001": "输入有误，未检查", "HN-PJ-2026-002": "输入有误，未检查",
                      "HN-PJ-2026-003": "不通过", "HN-PJ-2024-004": "通过"}
    # project 001 is not checked, but its plots still count: 003 is told of the double claim
    rows = list(wb["问题明细"].iter_rows(values_only=True))
    double = [r for r in rows[1:] if r[5] == "X-double-claim"]
    assert [(r[0], "HN-PJ-2026-001" in r[13]) for r in double] == [("HN-PJ-2026-003", True)]
    errors = list(wb["输入错误"].iter_rows(min_row=2, values_only=True))
    assert {(e[0], e[1], e[2]) for e in errors} == {("plots", 5, "county"), ("agreements", 4, "shares")}


@pytest.mark.parametrize("make, words", [
    (lambda d: (d / "plots.csv").unlink(), "缺少工作表 plots"),
    (lambda d: None, "文件不存在"),
])
def test_unreadable_input_exit_2_without_traceback(tmp_path, folder, make, words):
    target = folder
    if words == "文件不存在":
        target = tmp_path / "missing.xlsx"
    make(folder)
    r = batch(target, "-o", tmp_path / "r.xlsx")
    assert r.exit_code == 2
    assert words in r.stderr and "Traceback" not in r.output
    assert not (tmp_path / "r.xlsx").exists()


def test_usage_errors(tmp_path):
    r = batch(EXAMPLE_XLSX, "-o", tmp_path / "r.csv")
    assert r.exit_code == 2 and ".xlsx" in r.stderr
    r = batch(EXAMPLE_XLSX, "-o", tmp_path / "r.xlsx", "--as-of", "2026/06/01")
    assert r.exit_code == 2 and "YYYY-MM-DD" in r.stderr
    r = batch(EXAMPLE_XLSX, "-o", tmp_path / "nowhere" / "r.xlsx")
    assert r.exit_code == 2 and "输出目录不存在" in r.stderr
    r = runner.invoke(app, ["batch", "--help"])
    assert r.exit_code == 0 and "--workers" in r.stdout


def test_progress_lines_not_a_bar_when_not_a_terminal(tmp_path):
    # issue 18: a pipe gets one plain progress line per 5 % on stderr, never a bar, never on stdout
    r = batch(EXAMPLE_XLSX, "-o", tmp_path / "r.xlsx", "--workers", "1")
    assert "━" not in r.output and "检查 4 个项目" in r.stderr and "检查 4 个项目" not in r.stdout
    shown = [int(line.split()[0].rstrip("%")) for line in r.stderr.splitlines() if "%" in line and "个项目" in line]
    assert shown and shown[-1] == 100 and shown == sorted(set(shown)) and all(n % 5 == 0 for n in shown)


def test_progress_is_one_line_per_5_percent(capsys):
    from compliance.cli.batch import _Lines

    p = _Lines("en")
    p.start(2000, 9000)
    for _ in range(2000):
        p.advance(1)
    lines = capsys.readouterr().err.splitlines()
    assert lines[0].startswith("checking 2000 projects")
    assert [line.split()[0] for line in lines[1:]] == [f"{n}%" for n in range(5, 101, 5)]


def test_batch_refuses_to_overwrite_without_force_and_keeps_output_alias(tmp_path):
    out = tmp_path / "r.xlsx"
    assert batch(EXAMPLE_XLSX, "--out", out, "--workers", "1").exit_code == 1
    r = batch(EXAMPLE_XLSX, "-o", out, "--workers", "1")
    assert r.exit_code == 2 and "--force" in r.stderr
    assert batch(EXAMPLE_XLSX, "--output", out, "--force", "--workers", "1").exit_code == 1   # hidden alias
    assert "--output" not in runner.invoke(app, ["batch", "--help"]).stdout.replace("--out ", "")
