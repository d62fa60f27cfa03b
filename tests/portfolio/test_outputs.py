"""`compliance batch` never destroys its input or a report, fails cleanly on unwritable outputs,
reports huge numbers as row errors, and names the project that crashes a worker."""
from __future__ import annotations

import errno
import gc
import os
import shutil
import sys
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from compliance.submission import workbook as tabular
from compliance.cli import app
from compliance.portfolio import check_portfolio, runner as runner_mod

from .support import EXAMPLE_DIR, EXAMPLE_XLSX, read_rows, set_cell, write_rows

cli = CliRunner()
BAD = "HN-PJ-2026-003"


def batch(*args):
    return cli.invoke(app, ["batch", *map(str, args), "--no-register", "--workers", "1"])


def no_work(monkeypatch):
    """Make any attempt to check the portfolio fail the test: refusals come before the work."""
    import compliance.portfolio as portfolio

    def boom(*a, **k):
        raise AssertionError("the portfolio was checked although the options were refused")

    monkeypatch.setattr(portfolio, "check_portfolio", boom)


# ----------------------------------------------------------------------------- 1. the input is sacred
@pytest.mark.parametrize("lang, words", [("zh", "就是输入文件"), ("en", "is the input file")])
def test_report_over_the_input_workbook_is_refused(tmp_path, monkeypatch, lang, words):
    no_work(monkeypatch)
    wb = tmp_path / "wcopy.xlsx"
    shutil.copyfile(EXAMPLE_XLSX, wb)
    before = wb.read_bytes()
    r = batch(wb, "-o", wb, "--lang", lang)
    assert r.exit_code == 2, r.output
    assert "-o/--out" in r.stderr and words in r.stderr and "Traceback" not in r.output
    r = batch(wb, "-o", tmp_path / "r.xlsx", "--json", wb, "--lang", lang)
    assert r.exit_code == 2 and "--json" in r.stderr
    r = batch(wb, "-o", tmp_path / "." / "wcopy.xlsx")           # another spelling of the same path
    assert r.exit_code == 2 and "-o/--out" in r.stderr
    link = tmp_path / "link.xlsx"
    link.symlink_to(wb)
    r = batch(wb, "-o", link)
    assert r.exit_code == 2 and "-o/--out" in r.stderr
    assert wb.read_bytes() == before and not (tmp_path / "r.xlsx").exists()


def test_report_inside_the_input_folder_is_refused(folder, tmp_path, monkeypatch):
    no_work(monkeypatch)
    before = {f.name: f.read_bytes() for f in folder.iterdir()}
    r = batch(folder, "-o", tmp_path / "r.xlsx", "--json", folder / "projects.csv")
    assert r.exit_code == 2 and "--json" in r.stderr and "输入目录" in r.stderr
    r = batch(folder, "-o", folder / "r.xlsx", "--lang", "en")
    assert r.exit_code == 2 and "-o/--out" in r.stderr and "inside the input folder" in r.stderr
    assert {f.name: f.read_bytes() for f in folder.iterdir()} == before
    assert not (tmp_path / "r.xlsx").exists()


def test_excel_and_json_report_on_the_same_file_is_refused(tmp_path, monkeypatch):
    no_work(monkeypatch)
    out = tmp_path / "r1.xlsx"
    r = batch(EXAMPLE_XLSX, "-o", out, "--json", out)
    assert r.exit_code == 2
    assert "-o/--out" in r.stderr and "--json" in r.stderr and "同一个文件" in r.stderr
    assert not out.exists()


# ----------------------------------------------------------------------------- 3. unwritable outputs
def _unwritable_dir() -> Path | None:
    d = Path("/sys/kernel")
    if not d.is_dir():
        return None
    try:
        (d / "compliance-probe.xlsx").open("w").close()
    except OSError:
        return d
    (d / "compliance-probe.xlsx").unlink()
    return None


@pytest.mark.skipif(_unwritable_dir() is None, reason="needs a directory nobody may write into")
def test_unwritable_output_folder_exit_2_without_noise(tmp_path, monkeypatch):
    no_work(monkeypatch)
    unraisable = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    r = batch(EXAMPLE_XLSX, "-o", _unwritable_dir() / "r.xlsx")
    code, output, stderr = r.exit_code, r.output, r.stderr
    del r
    gc.collect()
    assert code == 2
    assert "-o/--out" in stderr and "无法写入报告" in stderr
    assert "Exception ignored" not in output and "Traceback" not in output and not unraisable
    r = batch(EXAMPLE_XLSX, "-o", tmp_path / "r.xlsx", "--json", _unwritable_dir() / "r.json", "--lang", "en")
    assert r.exit_code == 2 and "--json: cannot write the report" in r.stderr
    assert not (tmp_path / "r.xlsx").exists()


def test_bad_output_names_are_refused_before_the_work(tmp_path, monkeypatch):
    no_work(monkeypatch)
    r = batch(EXAMPLE_XLSX, "-o", tmp_path / ("y" * 300 + ".xlsx"), "--lang", "en")
    assert r.exit_code == 2 and "-o/--out" in r.stderr and "File name too long" in r.stderr
    (tmp_path / "d.xlsx").mkdir()
    r = batch(EXAMPLE_XLSX, "-o", tmp_path / "d.xlsx")
    assert r.exit_code == 2 and "-o/--out" in r.stderr and "是目录" in r.stderr
    r = batch(EXAMPLE_XLSX, "-o", tmp_path / "r.xlsx", "--json", tmp_path / "d.xlsx")
    assert r.exit_code == 2 and "--json" in r.stderr
    assert "Traceback" not in r.output


def test_a_failed_save_keeps_the_old_report_and_prints_no_noise(tmp_path, monkeypatch):
    """The disk fills up while the workbook is written: one clear message, the previous report intact."""
    import openpyxl.writer.excel as excel

    out = tmp_path / "r.xlsx"
    out.write_bytes(b"the previous report")

    def full(*a, **k):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(excel, "ZipFile", full)
    unraisable = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    r = batch(EXAMPLE_XLSX, "-o", out, "--force")
    code, output, stderr = r.exit_code, r.output, r.stderr
    del r                      # the exception kept with the result holds the workbook
    gc.collect()               # the half-written workbook is collected: no "Exception ignored" noise
    assert code == 2, output
    assert "-o/--out：无法写入报告" in stderr and "磁盘空间不足" in stderr
    assert "Exception ignored" not in output and "Traceback" not in output and not unraisable
    assert out.read_bytes() == b"the previous report"
    assert [p.name for p in tmp_path.iterdir()] == ["r.xlsx"]      # no temporary file left behind


# ----------------------------------------------------------------------------- 8. huge numbers
def one_project_folder(src: Path, dst: Path, pid: str = "HN-PJ-2026-001") -> Path:
    shutil.copytree(src, dst)
    for f in dst.glob("*.csv"):
        rows = read_rows(dst, f.stem)
        col = rows[0].index("project_id")
        write_rows(dst, f.stem, [rows[0], *(r for r in rows[1:] if r[col] in ("", pid))])
    return dst


def one_project_workbook(path: Path, pid: str = "HN-PJ-2026-001", area=1e20) -> Path:
    frames = {}
    for name, f in tabular.read_tables(EXAMPLE_XLSX).frames.items():
        if "project_id" in f.columns:
            f = f[(f["project_id"] == pid) | f["project_id"].isna() | (f["project_id"] == "")]
        frames[name] = f.reset_index(drop=True)
    frames["plots"]["area_ha"] = frames["plots"]["area_ha"].astype(object)
    frames["plots"].loc[0, "area_ha"] = area
    tabular.write_workbook(frames, path)
    return path


@pytest.mark.parametrize("form", ["csv", "xlsx"])
@pytest.mark.parametrize("workers", [1, 2])
def test_a_huge_area_is_a_row_error_of_its_project(tmp_path, form, workers):
    if form == "csv":
        src = one_project_folder(EXAMPLE_DIR, tmp_path / "one")
        set_cell(src, "plots", 2, "area_ha", "99999999999999999999")
    else:
        src = one_project_workbook(tmp_path / "one.xlsx")
    out = tmp_path / "r.xlsx"
    r = cli.invoke(app, ["batch", str(src), "-o", str(out), "--no-register", "--workers", str(workers), "--lang", "en"])
    assert r.exit_code == 2, r.output
    assert "Traceback" not in r.output and "check not completed" not in r.output
    assert "plots" in r.stderr and "area_ha" in r.stderr and "HN-PJ-2026-001" in r.stderr
    wb = openpyxl.load_workbook(out, read_only=True)
    errors = list(wb["input errors"].iter_rows(min_row=2, values_only=True))
    assert [(e[0], e[1], e[2], e[3]) for e in errors] == [("plots", 2, "area_ha", "HN-PJ-2026-001")]
    status = [row[8] for row in wb["summary"].iter_rows(min_row=2, values_only=True)]
    assert status == ["invalid input, not checked"]


def test_a_huge_area_leaves_the_other_projects_checked(folder):
    set_cell(folder, "plots", 2, "area_ha", "1e20")              # project 001's first plot
    result = check_portfolio(folder, workers=2, register=False)
    status = {r.project_id: r.status for r in result.projects}
    assert status == {"HN-PJ-2026-001": "invalid", "HN-PJ-2026-002": "pass", "HN-PJ-2026-003": "fail",
                      "HN-PJ-2024-004": "pass"}
    assert [(e.sheet, e.row, e.column) for e in result.errors] == [("plots", 2, "area_ha")]
    assert result.exit_code == 2


# ----------------------------------------------------------------------------- 8. a worker crash
CRASHER = f"""
import os
from compliance.portfolio import runner


def crash_on_bad(items, as_of):
    # stands in for runner.run_chunk in the worker processes: dies (as a crashing engine would)
    # on project {BAD}, checks every other project normally
    if any(pid == "{BAD}" for _, pid, _, _ in items):
        os._exit(70)
    return runner.run_chunk(items, as_of)
"""


@pytest.fixture
def crashing_worker(tmp_path, monkeypatch):
    """Worker processes that die on project BAD (the module is importable in spawned workers:
    they get the parent's sys.path)."""
    import importlib

    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "crashing_worker.py").write_text(CRASHER, encoding="utf-8")
    monkeypatch.syspath_prepend(str(lib))
    mod = importlib.import_module("crashing_worker")
    monkeypatch.setattr(runner_mod, "run_chunk", mod.crash_on_bad)
    yield
    sys.modules.pop("crashing_worker", None)


def test_a_worker_crash_fails_only_the_project_that_crashes_it(folder, crashing_worker):
    result = check_portfolio(folder, workers=2, register=False)
    status = {r.project_id: r.status for r in result.projects}
    assert status["HN-PJ-2026-003"] == "failed"
    assert {k: v for k, v in status.items() if k != BAD} == {"HN-PJ-2026-001": "pass", "HN-PJ-2026-002": "pass",
                                                              "HN-PJ-2024-004": "pass"}
    bad = next(r for r in result.projects if r.project_id == BAD)
    assert "crashed" in bad.failure_text("en") and "工作进程崩溃" in bad.failure_text("zh")
    assert result.exit_code == 3


def test_a_worker_crash_is_reported_by_project(folder, tmp_path, crashing_worker):
    out = tmp_path / "r.xlsx"
    r = cli.invoke(app, ["batch", str(folder), "-o", str(out), "--no-register", "--workers", "2"])
    assert r.exit_code == 3, r.output
    assert f"{BAD}：检查未完成" in r.stderr and "工作进程崩溃" in r.stderr
    assert "HN-PJ-2026-001：" not in r.stderr and "已检查 3/4 个项目" in r.stdout
    wb = openpyxl.load_workbook(out, read_only=True)
    status = {row[1]: row[8] for row in wb["项目汇总"].iter_rows(min_row=2, values_only=True)}
    assert status[BAD] == "检查失败" and list(status.values()).count("检查失败") == 1
    errors = list(wb["输入错误"].iter_rows(min_row=2, values_only=True))
    assert [(e[3], "工作进程崩溃" in e[5]) for e in errors] == [(BAD, True)]
