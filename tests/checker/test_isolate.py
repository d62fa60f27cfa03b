"""Crash isolation: durable runs in a worker process whose death is a clear exit-3 failure after
one retry, never a dead caller. The worker is killed on purpose while it checks."""
from __future__ import annotations

import os
import signal
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

from bigsub import big_submission  # noqa: E402

from compliance.checker import check  # noqa: E402
from compliance.checker.isolate import CheckHost, WorkerCrashed  # noqa: E402
from compliance.errors import InternalFailure  # noqa: E402
from compliance.submission import files as loader  # noqa: E402


@pytest.fixture(scope="module")
def host():
    h = CheckHost()
    yield h
    h.close()


@pytest.fixture(scope="module")
def large():
    return loader.validate(big_submission(8_000))


def _killer(host: CheckHost, times: int, seen: list) -> threading.Thread:
    """Kill the worker ``times`` times, each while it is checking."""

    def run():
        deadline = time.monotonic() + 60
        while len(seen) < times and time.monotonic() < deadline:
            pid = host.pid
            if host.busy and pid is not None and pid not in seen:
                time.sleep(0.15)          # well inside the check (it takes > 0.5 s)
                try:
                    os.kill(pid, signal.SIGKILL)
                    seen.append(pid)
                except ProcessLookupError:
                    pass
            time.sleep(0.01)

    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t


def test_the_worker_judges_like_the_caller(host, compliant):
    sub = loader.validate(compliant)
    assert [f.as_dict() for f in host.check(sub).findings] == [f.as_dict() for f in check(sub).findings]


def test_plot_polygons_resolved_by_the_caller_are_judged_alike_in_the_worker(host):
    """The caller's resolved polygons travel with the submission (the worker does not read them a
    second time); GEO and AFF findings from the polygons are the same as in-process."""
    from compliance.submission import geometry

    example = Path(__file__).resolve().parents[2] / "examples" / "hunan-ccer-afforestation.yaml"
    sub = loader.load(example)
    local = check(sub)
    assert geometry.resolved_state(sub) is not None, "the in-process check resolved the example's polygons"
    remote = host.check(sub)
    assert [f.as_dict() for f in remote.findings] == [f.as_dict() for f in local.findings]
    assert geometry.of(sub).plots and all(g.area_m2 > 0 for g in geometry.of(sub).plots.values())


def test_the_check_and_its_drafting_readiness_in_one_message_are_the_callers(host):
    """``CheckHost.run`` of the service's check with readiness: the same findings and the same
    readiness (whose composed agreements are checked in the worker) as in this process."""
    from compliance.agreements.readiness import check_and_readiness

    for name, gaps, blocking in (("hunan-missing-benefit", 1, 0), ("hunan-transfer-no-consent", 0, 2)):
        sub = loader.load(Path(__file__).resolve().parents[2] / "examples" / f"{name}.yaml")
        local_report, local_ready = check_and_readiness(sub, None, "x.yaml")
        report, ready = host.run(check_and_readiness, sub, None, "x.yaml", True, source="x.yaml")
        assert [f.as_dict() for f in report.findings] == [f.as_dict() for f in local_report.findings]
        assert ready.as_dict("en") == local_ready.as_dict("en") and ready.as_dict("zh") == local_ready.as_dict("zh")
        assert (len(ready.gaps), ready.blocked_by_findings) == (gaps, blocking), name
        assert host.run(check_and_readiness, sub, None, "x.yaml", False)[1] is None


def test_a_worker_killed_once_is_retried_in_a_fresh_process(host, large):
    seen: list = []
    t = _killer(host, 1, seen)
    report = host.check(large, source="big.yaml")
    t.join()
    assert len(seen) == 1 and host.pid not in seen
    assert [f.as_dict() for f in report.findings] == [f.as_dict() for f in check(large).findings]


def test_a_worker_that_dies_on_the_retry_too_is_an_internal_failure_naming_the_signal(host, large, compliant):
    seen: list = []
    t = _killer(host, 2, seen)
    with pytest.raises(WorkerCrashed) as e:
        host.check(large, source="big.yaml")
    t.join()
    assert isinstance(e.value, InternalFailure) and e.value.exit_code == 3
    assert "SIGKILL" in e.value.render("en") and "big.yaml" in e.value.render("en")
    assert "检查未完成" in e.value.render("zh")
    # the caller lives on, and so does the host: the next check gets a fresh worker
    assert host.check(loader.validate(compliant)).verdict == "pass"


def test_a_check_crashing_the_worker_makes_the_cli_exit_3_with_a_message(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from compliance.checker import isolate
    from compliance.cli import app

    def crashing(self, message, source=""):        # every request to the worker (the check and its readiness)
        raise WorkerCrashed(source, "signal SIGSEGV", 2)

    monkeypatch.setattr(isolate.CheckHost, "_ask", crashing)
    r = CliRunner().invoke(app, ["check", str(ROOT / "examples" / "hunan-ccer-afforestation.yaml"),
                                 "--isolate-above", "0", "--lang", "en", "--no-register"])
    assert r.exit_code == 3
    assert "the checking process died (signal SIGSEGV)" in r.output and "Traceback" not in r.output


def test_a_worker_killed_while_explaining_is_retried_and_explains_like_the_caller(host, large):
    """``CheckHost.explain`` (the service's decision trace) runs the check again in the worker:
    killed there once, the explanation is made in a fresh worker, the same as in-process."""
    from compliance.checker import applicable
    from compliance.checker.isolate import explain_rules

    pr = large.project
    _, rules = applicable(pr.province.value, pr.mechanism.value, pr.methodology, large.as_of)
    ids = [r.id for r in rules][:2]
    here = explain_rules(large, ids, None, "en")
    seen: list = []
    t = _killer(host, 1, seen)
    there = host.explain(large, ids, lang="en", source="big.yaml")
    t.join()
    assert len(seen) == 1 and host.pid not in seen
    assert there == here and [s["rule"] for s in there] == ids


def test_a_worker_that_dies_while_starting_is_retried_like_one_that_dies_while_checking(tmp_path, compliant):
    """A worker killed before it is ready (a server's first request after a crash starts a fresh
    one) is one attempt: the check is retried in another fresh worker, not refused at once."""
    import functools

    from tests.support import dying_once_at_start

    marker = tmp_path / "died"
    with CheckHost(functools.partial(dying_once_at_start, str(marker))) as h:
        report = h.check(loader.validate(compliant))
        assert marker.exists() and h.restarts == 1
    assert report.verdict == "pass"
