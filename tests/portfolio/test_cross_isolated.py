"""A batch's cross-project rules ask the engine in its worker pool, never in the parent: the same
findings as in-process, a worker killed on purpose is retried once in a fresh pool, a second death
is an exit-3 failure (``WorkerCrashed``) -- and `compliance batch` never imports durable_rules in
the process that reads the portfolio and writes the report."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from compliance.checker.isolate import WorkerCrashed
from compliance.portfolio import cross
from compliance.portfolio.runner import Workers
from tests.portfolio.test_cross import synthetic_extracts

ROOT = Path(__file__).resolve().parents[2]


def _plain(found: dict) -> dict:
    return {pid: sorted((f.rule, f.case, f.path, f.message_zh) for f in fs) for pid, fs in found.items()}


def _kill_workers(w: Workers) -> None:
    procs = list(w.pool._processes.values())       # noqa: SLF001 - the test kills the pool's processes on purpose
    for p in procs:
        os.kill(p.pid, signal.SIGKILL)
    for p in procs:
        p.join(10)


@pytest.fixture(scope="module")
def extracts(tmp_path_factory):
    return synthetic_extracts(tmp_path_factory.mktemp("cross"))


def test_the_pool_matches_like_this_process_and_a_killed_pool_is_retried(extracts):
    local, claims = cross.run_steps(extracts, [])
    assert local and claims
    with Workers(2, register=False, isolate=True) as w:
        there, claims_there = cross.run_steps(extracts, [], match=w.match)
        assert _plain(there) == _plain(local) and claims_there == claims
        _kill_workers(w)                  # the next engine call finds its workers dead
        again, _ = cross.run_steps(extracts, [], match=w.match)
        assert w.restarts == 1
        assert _plain(again) == _plain(local)


class _Doomed(Workers):
    """Every fresh pool's workers are killed as soon as it has started."""

    def _restart(self) -> bool:
        ok = super()._restart()
        if ok:
            _kill_workers(self)
        return ok


def test_a_pool_that_dies_again_on_the_retry_is_an_exit_3_failure(extracts):
    with _Doomed(1, register=False, isolate=True) as w:
        _kill_workers(w)
        with pytest.raises(WorkerCrashed) as e:
            cross.run_steps(extracts, [], match=w.match)
    assert e.value.exit_code == 3 and "cross-project" in e.value.render("en") and "检查未完成" in e.value.render("zh")


def test_compliance_batch_never_imports_the_engine_in_its_own_process(tmp_path):
    script = r'''
import json, sys
sys.path.insert(0, "benchmarks")
import synth
from compliance.portfolio import check_portfolio
path = synth.write(synth.generate(20, 300, violations=0.1, double_claims=5, seed=3), sys.argv[1])
result = check_portfolio(path, workers=2, register=False, isolate=True)
rules = sorted({f.rule for r in result.projects if r.report for f in r.report.findings if f.rule.startswith("X-")})
print(json.dumps({"cross": rules, "durable": sorted(m for m in sys.modules if m.split(".")[0] == "durable")}))
'''
    out = subprocess.run([sys.executable, "-c", script, str(tmp_path / "syn")], capture_output=True, text=True,
                         cwd=ROOT, timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    doc = json.loads(out.stdout.strip().splitlines()[-1])
    assert "X-double-claim" in doc["cross"]            # the cross-project rules were judged (in the workers)
    assert doc["durable"] == []


def test_a_cross_project_crash_makes_compliance_batch_exit_3_with_the_message(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from compliance.cli import app

    sys.path.insert(0, str(ROOT / "benchmarks"))
    import synth

    path = synth.write(synth.generate(8, 120, violations=0.0, double_claims=3, seed=5), tmp_path / "syn")

    def crashing(self, rule, params, facts):
        raise WorkerCrashed(f"{rule.id} (cross-project)", "a worker process died", 2)

    monkeypatch.setattr(Workers, "match", crashing)
    r = CliRunner().invoke(app, ["batch", str(path), "-o", str(tmp_path / "out.xlsx"), "--workers", "1",
                                 "--no-register", "--lang", "en"])
    assert r.exit_code == 3, r.output
    assert "X-double-claim (cross-project)" in r.output and "the checking process died" in r.output
    assert "Traceback" not in r.output and not (tmp_path / "out.xlsx").exists()
