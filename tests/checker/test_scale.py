"""Large single submissions are judged like the same plots split over projects, run after run,
and submissions over the documented limit are refused by name (issue 11, DESIGN "The engine in
real sizes"). The 50,000-plot × 20 runs version is benchmarks/bench_scale.py."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

from bigsub import big_submission, plot_findings, split  # noqa: E402

from compliance.checker import check  # noqa: E402
from compliance.checker.engine import STATE_FACTS, fact_ids, fnv1_32  # noqa: E402
from compliance.submission import files as loader  # noqa: E402


def test_fact_ids_of_a_state_never_share_durables_message_hash():
    ids = fact_ids(STATE_FACTS)
    assert len(set(ids)) == len(ids) == STATE_FACTS
    assert len({fnv1_32(i) for i in ids}) == STATE_FACTS


def test_a_large_submission_is_judged_like_its_plots_split_over_projects_run_after_run():
    data = big_submission(6_000)
    sub = loader.validate(data)
    whole = [plot_findings(check(sub), data) for _ in range(3)]
    assert whole[0] == whole[1] == whole[2]
    parts = set()
    for part in split(data, 4):
        parts |= plot_findings(check(loader.validate(part)), part)
    assert whole[0] == parts
    rules = {f[0] for f in whole[0]}
    # the injected violations are all found: land outside scope, unfit measure, a right ending early
    assert {"HN-2-scope", "HN-9-measure", "AFF-2-scope"} <= rules
    assert len(whole[0]) > 100


def test_more_plots_than_the_limit_are_refused_naming_the_limit(tmp_path, monkeypatch):
    import json

    from compliance.cli import app

    monkeypatch.setattr(loader, "MAX_PLOTS", 50)
    path = tmp_path / "big.json"
    path.write_text(json.dumps(big_submission(51), ensure_ascii=False, default=str), encoding="utf-8")
    r = CliRunner().invoke(app, ["check", str(path), "--lang", "en", "--no-register"])
    assert r.exit_code == 2
    assert "plots: too many plots: 51, a submission holds at most 50" in r.output
    with pytest.raises(loader.InvalidSubmission) as e:
        loader.load(path)
    assert e.value.problems[0].path == "plots"


def test_the_documented_limit_is_the_one_enforced():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"{loader.MAX_PLOTS:,}" in readme and f"{loader.MAX_BYTES // (1024 * 1024)} MiB" in readme


def test_facts_with_the_same_message_posted_once_match_like_every_fact_posted(monkeypatch):
    """The engine posts each distinct (kind, fields read) message once; posting every fact (several
    states of STATE_FACTS) gives the same findings, on a large submission and on every example."""
    from compliance.checker import engine as engine_mod

    data = big_submission(6_000)
    subs = [loader.validate(data)] + [loader.load(p) for p in sorted((ROOT / "examples").glob("*.yaml"))]
    deduped = [check(s).as_dict("en") for s in subs]
    every = engine_mod.Engine(dedupe=False)
    monkeypatch.setattr(engine_mod, "_ENGINE", every)
    posted = []
    real = every._host.assert_facts
    monkeypatch.setattr(every._host, "assert_facts", lambda name, facts: (posted.append(len(facts)), real(name, facts))[1])
    assert [check(s).as_dict("en") for s in subs] == deduped
    assert max(posted) == STATE_FACTS          # the large one went over several full states
