"""On large input (``COMPLIANCE_ISOLATE_ABOVE`` plots or more) `compliance explain` and `compliance
draft` use the engine in a worker process, and `compliance check` checks the drafting readiness
there too: the same output as in-process, and a worker that dies is exit 3 with a message."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from compliance.checker.isolate import CheckHost, WorkerCrashed
from compliance.cli import app

ROOT = Path(__file__).resolve().parents[2]
EX = str(ROOT / "examples" / "hunan-missing-benefit.yaml")


def _run(monkeypatch, threshold: str | None, *args: str):
    if threshold is None:
        monkeypatch.delenv("COMPLIANCE_ISOLATE_ABOVE", raising=False)
    else:
        monkeypatch.setenv("COMPLIANCE_ISOLATE_ABOVE", threshold)
    return CliRunner().invoke(app, list(args))


def _crashing(self, *args, **kwargs):
    raise WorkerCrashed("x.yaml", "signal SIGSEGV", 2)


def test_explain_in_a_worker_says_what_it_says_in_process(monkeypatch):
    args = ("explain", "HN-15-benefit", EX, "--format", "json", "--no-register", "--lang", "en")
    here = _run(monkeypatch, None, *args)
    there = _run(monkeypatch, "0", *args)
    assert here.exit_code == there.exit_code == 0, there.output
    assert json.loads(there.output) == json.loads(here.output)
    text = ("explain", "HN-15-benefit", EX, "--no-register")
    assert _run(monkeypatch, "0", *text).output == _run(monkeypatch, None, *text).output
    monkeypatch.setattr(CheckHost, "explain", _crashing)
    r = _run(monkeypatch, "0", *args)
    assert r.exit_code == 3 and "the checking process died (signal SIGSEGV)" in r.output and "Traceback" not in r.output


def test_draft_in_a_worker_drafts_and_refuses_as_in_process(monkeypatch, tmp_path):
    ok = str(ROOT / "examples" / "hunan-ccer-afforestation.yaml")
    r = _run(monkeypatch, "0", "draft", "all", ok, "-o", str(tmp_path / "a"), "--lang", "en")
    assert r.exit_code == 0, r.output
    assert _run(monkeypatch, None, "draft", "all", ok, "-o", str(tmp_path / "b")).exit_code == 0
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == sorted(p.name for p in (tmp_path / "b").iterdir())
    refused = _run(monkeypatch, "0", "draft", "benefit", EX, "-o", str(tmp_path / "c"), "--lang", "en")
    assert refused.exit_code == 2 and "agreements.shares" in refused.output
    monkeypatch.setattr(CheckHost, "check", _crashing)
    r = _run(monkeypatch, "0", "draft", "all", ok, "-o", str(tmp_path / "d"), "--lang", "en")
    assert r.exit_code == 3 and "nothing drafted" in r.output and "the checking process died" in r.output
    assert not (tmp_path / "d").exists() or not list((tmp_path / "d").iterdir())


@pytest.mark.parametrize("name", ["hunan-missing-benefit", "hunan-transfer-no-consent"])
def test_check_of_large_input_gives_the_readiness_of_the_check_in_process(monkeypatch, name):
    f = str(ROOT / "examples" / f"{name}.yaml")
    args = ("check", f, "--format", "json", "--no-register", "--lang", "en")
    here = _run(monkeypatch, None, *args)
    there = _run(monkeypatch, "0", *args)
    assert here.exit_code == there.exit_code
    assert json.loads(there.output)["readiness"] == json.loads(here.output)["readiness"]
    assert json.loads(there.output)["findings"] == json.loads(here.output)["findings"]
    monkeypatch.setattr(CheckHost, "run", _crashing)          # it was the worker that judged
    r = _run(monkeypatch, "0", *args)
    assert r.exit_code == 3 and "the checking process died" in r.output
