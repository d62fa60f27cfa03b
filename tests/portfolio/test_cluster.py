"""`compliance batch --scheduler`: the same report on a real Dask cluster, faults included.

The cluster is the one CI starts (``.ci/dask.sh``: a `dask scheduler` and two `dask worker`
processes on 127.0.0.1, address in COMPLIANCE_TEST_DASK_SCHEDULER); without it the tests start
their own LocalCluster (worker processes on 127.0.0.1), and skip when dask is not installed.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from compliance.cli import app
from compliance.portfolio import check_portfolio, partitions, runner as runner_mod
from compliance.portfolio.report import build_tables

from .support import EXAMPLE_DIR, EXAMPLE_XLSX, PROJECTS

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
import synth  # noqa: E402

AS_OF = dt.date(2026, 6, 1)
cli = CliRunner()


@pytest.fixture(scope="module")
def scheduler():
    """The address of a running scheduler with two single-threaded worker processes."""
    pytest.importorskip("distributed", reason="dask[distributed] is not installed (pip install -e '.[cluster]')")
    address = os.environ.get("COMPLIANCE_TEST_DASK_SCHEDULER")
    if address:
        yield address
        return
    import dask
    from distributed import LocalCluster

    # a task lost with one killed worker is re-run once by the scheduler; a chunk lost twice is split by the backend
    with dask.config.set({"distributed.scheduler.allowed-failures": 1}):
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                               dashboard_address=None, memory_limit="2GB")
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()


@pytest.fixture
def client(scheduler):
    from distributed import Client

    c = Client(scheduler, set_as_default=False)
    c.wait_for_workers(2, timeout=300)      # a worker killed by the test before is being restarted by its nanny
    yield c
    c.close()


def tables(result) -> dict:
    return {lang: build_tables(result, lang) for lang in ("zh", "en")}


def report_json(path: Path) -> dict:
    d = json.loads(path.read_text(encoding="utf-8"))
    d.pop("generated", None)
    d.get("cover", {}).pop("generated", None)        # the time of writing
    return d


def sheets(path: Path) -> dict:
    wb = openpyxl.load_workbook(path, read_only=True)
    out = {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}
    out["封面"] = [row for row in out.get("封面", []) if row[0] != "生成时间"]     # the time of writing
    return out


# --------------------------------------------------------------------------- no dask unless asked
def test_without_scheduler_nothing_imports_dask(tmp_path):
    """The CLI process and its worker processes import neither dask nor distributed."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    r = subprocess.run([sys.executable, "-X", "importtime", "-m", "compliance.cli", "batch", str(EXAMPLE_XLSX),
                        "-o", str(tmp_path / "r.xlsx"), "--no-register", "--workers", "2"],
                       capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 1, r.stderr[-2000:]
    imported = {line.rsplit("|", 1)[-1].strip() for line in r.stderr.splitlines() if line.startswith("import time:")}
    assert "compliance.portfolio.runner" in imported          # the listing is real
    assert not {m for m in imported if m.split(".")[0] in ("dask", "distributed")}


# --------------------------------------------------------------------------- identity
def test_shipped_portfolio_same_report_on_the_cluster(scheduler, tmp_path):
    outs = {}
    for name, extra in (("local", ["--workers", "2"]), ("cluster", ["--scheduler", scheduler])):
        r = cli.invoke(app, ["batch", str(EXAMPLE_XLSX), "-o", str(tmp_path / f"{name}.xlsx"),
                             "--json", str(tmp_path / f"{name}.json"), "--no-register", *extra])
        assert r.exit_code == 1, r.output
        outs[name] = r
    assert report_json(tmp_path / "local.json") == report_json(tmp_path / "cluster.json")
    assert sheets(tmp_path / "local.xlsx") == sheets(tmp_path / "cluster.xlsx")
    findings = sheets(tmp_path / "cluster.xlsx")["问题明细"]
    assert sum(1 for row in findings if row[5] == "X-double-claim") >= 2
    assert "已检查 4/4 个项目" in outs["cluster"].stdout


def test_synthetic_portfolio_same_report_on_the_cluster_and_from_parquet(scheduler, tmp_path):
    syn = synth.generate(60, 1500, violations=0.3, double_claims=15, seed=23)
    csv = synth.write(syn, tmp_path / "syn")
    local = check_portfolio(csv, AS_OF, workers=1, register=False)
    on_cluster = check_portfolio(csv, AS_OF, register=False, scheduler=scheduler)
    assert tables(on_cluster) == tables(local)
    assert on_cluster.workers == 2 and len(local.checked) == 60
    truth = {(d.owner, d.county, d.plot_id) for d in local.double_claims if d.case == "plot"}
    assert truth == syn.truth

    # the same portfolio as Parquet partitions: the same findings (rows are numbered per folder)
    pq = partitions.write(syn.frames, tmp_path / "pq", rows_per_part=300)
    assert len(list((pq / "plots").glob("*.parquet"))) >= 4
    from_pq = check_portfolio(pq, AS_OF, register=False, scheduler=scheduler)
    assert tables(from_pq) == tables(check_portfolio(pq, AS_OF, workers=1, register=False))

    def without_rows(t):
        return [row[:11] + row[12:] for row in t["en"]["findings"]]

    assert without_rows(tables(from_pq)) == without_rows(tables(local))


def test_partitioned_join_equals_the_local_join(client, tmp_path):
    from compliance.portfolio.backends.dask import DaskJoin
    from compliance.portfolio.cross import claim_pairs, claims_frame
    from compliance.rules.portfolio import extract

    syn = synth.generate(40, 1200, violations=0.0, double_claims=25, seed=3)
    from compliance.submission import workbook as tabular

    folder = synth.write(syn, tmp_path / "syn")
    pf = tabular.read(folder)
    from compliance.submission.files import validate

    claims = claims_frame([extract(validate(pi.data), AS_OF) for pi in pf.projects()])
    for keys in (["county", "plot_id"], ["cert"]):
        local = claim_pairs(claims, keys)
        assert len(local) > 0
        for n in (1, 3, 8):
            remote = claim_pairs(claims, keys, DaskJoin(client, 2, rows_per_partition=len(claims) // n + 1))
            assert remote.astype(str).values.tolist() == local.astype(str).values.tolist()


# --------------------------------------------------------------------------- Parquet input
def test_parquet_partitions_bad_cell_located_by_folder_row(tmp_path):
    import pandas as pd

    frames = {f.stem: pd.read_csv(f, dtype=object, keep_default_na=False) for f in EXAMPLE_DIR.glob("*.csv")}
    frames["plots"].loc[0, "area_ha"] = "很大"
    pq = partitions.write(frames, tmp_path / "pq", rows_per_part=3)
    assert len(list((pq / "projects").glob("*.parquet"))) >= 2
    result = check_portfolio(pq, register=False, workers=1)
    assert [r.project_id for r in result.projects] == PROJECTS
    first = next(p for p in frames["plots"]["project_id"])
    assert [(e.sheet, e.row, e.column, e.project) for e in result.errors] == [("plots", 2, "area_ha", first)]
    assert result.exit_code == 2
    out = tmp_path / "r.xlsx"
    r = cli.invoke(app, ["batch", str(pq), "-o", str(out), "--no-register", "--workers", "1"])
    assert r.exit_code == 2 and "plots 表第 2 行 area_ha 列" in r.stderr


def test_parquet_folder_without_a_required_table_exit_2(tmp_path):
    import pandas as pd

    frames = {f.stem: pd.read_csv(f, dtype=object, keep_default_na=False) for f in EXAMPLE_DIR.glob("*.csv")}
    pq = partitions.write({k: v for k, v in frames.items() if k != "agreements"}, tmp_path / "pq")
    r = cli.invoke(app, ["batch", str(pq), "-o", str(tmp_path / "r.xlsx"), "--no-register", "--workers", "1"])
    assert r.exit_code == 2 and "agreements" in r.stderr and "Traceback" not in r.output


# --------------------------------------------------------------------------- faults
def test_worker_killed_mid_run_the_report_is_complete_and_identical(scheduler, client, tmp_path):
    syn = synth.generate(80, 2400, violations=0.3, double_claims=10, seed=31)
    csv = synth.write(syn, tmp_path / "syn")
    expected = check_portfolio(csv, AS_OF, workers=1, register=False)
    killed = []

    def kill_a_busy_worker(n: int) -> None:
        if killed:
            return
        pids = client.run(os.getpid)
        busy = [addr for addr, keys in client.processing().items() if keys and addr in pids]
        if busy:
            os.kill(pids[busy[0]], signal.SIGKILL)
            killed.append(pids[busy[0]])

    result = check_portfolio(csv, AS_OF, register=False, scheduler=scheduler, on_done=kill_a_busy_worker)
    assert killed, "no worker was busy when the first chunk finished"
    assert not result.failed and len(result.checked) == 80
    assert tables(result) == tables(expected)
    assert killed[0] not in client.run(os.getpid).values()


BAD = "HN-PJ-2026-003"
CRASHER = f"""
import os
from compliance.portfolio import runner

ORIGINAL = runner.run_chunk


def crash_on_bad(items, as_of):
    # stands in for runner.run_chunk on the workers: dies (as a crashing engine would) on {BAD}
    if any(pid == "{BAD}" for _, pid, _, _ in items):
        os._exit(70)
    return ORIGINAL(items, as_of)
"""


def test_a_project_that_kills_its_worker_is_failed_by_name_exit_3(scheduler, client, tmp_path, monkeypatch):
    import importlib

    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "cluster_crasher.py").write_text(CRASHER, encoding="utf-8")
    monkeypatch.syspath_prepend(str(lib))
    mod = importlib.import_module("cluster_crasher")
    client.upload_file(str(lib / "cluster_crasher.py"))     # the workers import it too (restarted ones as well)
    try:
        monkeypatch.setattr(runner_mod, "run_chunk", mod.crash_on_bad)
        out = tmp_path / "r.xlsx"
        r = cli.invoke(app, ["batch", str(EXAMPLE_XLSX), "-o", str(out), "--no-register", "--scheduler", scheduler])
    finally:
        sys.modules.pop("cluster_crasher", None)
    assert r.exit_code == 3, r.output
    assert f"{BAD}：检查未完成" in r.stderr and "工作进程崩溃" in r.stderr
    assert "HN-PJ-2026-001：" not in r.stderr and "已检查 3/4 个项目" in r.stdout
    status = {row[1]: row[8] for row in sheets(out)["项目汇总"][1:]}
    assert status[BAD] == "检查失败" and list(status.values()).count("检查失败") == 1


def test_scheduler_address_problems_exit_2(tmp_path):
    pytest.importorskip("distributed", reason="dask[distributed] is not installed")
    out = tmp_path / "r.xlsx"
    r = cli.invoke(app, ["batch", str(EXAMPLE_XLSX), "-o", str(out), "--no-register", "--scheduler", "127.0.0.1:8786"])
    assert r.exit_code == 2 and "tcp://" in r.stderr and "Traceback" not in r.output
    r = cli.invoke(app, ["batch", str(EXAMPLE_XLSX), "-o", str(out), "--no-register", "--lang", "en",
                         "--scheduler", "tcp://127.0.0.1:9"])
    assert r.exit_code == 2 and "cannot connect to the Dask scheduler at tcp://127.0.0.1:9" in r.stderr
    assert not out.exists()
