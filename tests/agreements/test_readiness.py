"""A pass says what it means: `check --for draft` (and the JSON report's readiness section) lists what
the drafter still needs; the list is what `compliance draft all` would refuse for."""
from __future__ import annotations

import json
from pathlib import Path

import yaml
from typer.testing import CliRunner

from compliance.agreements import DraftError, draft
from compliance.cli import app
from compliance.submission.files import load

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


def gappy(tmp_path) -> Path:
    d = yaml.safe_load((ROOT / "examples" / "hunan-ccer-afforestation.yaml").read_text(encoding="utf-8"))
    del d["developer"]["address"]
    d["plots"][0].pop("boundaries")
    d["plots"][1].pop("certificate")
    f = tmp_path / "gaps.yaml"
    f.write_text(yaml.safe_dump(d, allow_unicode=True), encoding="utf-8")
    return f


def test_a_passing_file_with_drafting_gaps_is_not_ready_for_draft(tmp_path):
    f = gappy(tmp_path)
    plain = runner.invoke(app, ["check", "--no-register", str(f)])
    assert plain.exit_code == 0 and "compliance check --for draft" in plain.output     # a pointer, not silence
    r = runner.invoke(app, ["check", "--no-register", "--for", "draft", str(f)])
    assert r.exit_code == 1
    for path in ("developer.address", "plots[0].boundaries", "plots[1].certificate"):
        assert path in r.output


def test_json_report_has_a_readiness_section_matching_what_draft_refuses(tmp_path):
    f = gappy(tmp_path)
    r = runner.invoke(app, ["check", "--no-register", "-f", "json", "--for", "draft", str(f)])
    assert r.exit_code == 1
    d = json.loads(r.output)
    assert d["verdict"] == "pass" and d["readiness"]["ready"] is False
    missing = {m["path"] for m in d["readiness"]["missing"]}
    try:
        draft(load(f), "all", tmp_path / "out")
        refused = set()
    except DraftError as e:
        refused = {p.path for p in e.problems}
    assert missing == refused and missing


def test_the_shipped_passing_example_is_ready(tmp_path):
    r = runner.invoke(app, ["check", "--no-register", "--for", "draft", "-f", "json",
                            str(ROOT / "examples" / "hunan-ccer-afforestation.yaml")])
    assert r.exit_code == 0
    assert json.loads(r.output)["readiness"] == {"for": "draft", "ready": True, "blocking_findings": 0, "missing": []}


def test_every_json_report_carries_readiness():
    r = runner.invoke(app, ["check", "--no-register", "-f", "json", str(ROOT / "examples" / "hunan-ccer-afforestation.yaml")])
    assert json.loads(r.output)["readiness"]["ready"] is True


def test_the_composed_agreements_are_judged_on_the_plots_polygons_resolved_once():
    """Readiness checks the submission with its composed agreements appended: the same plots, so
    the same resolved polygons (and the same geometry findings) as the check of the file itself."""
    from compliance.agreements import context as ctxmod
    from compliance.agreements.plan import compose, plan
    from compliance.submission import geometry

    sub = load(Path(__file__).resolve().parents[2] / "examples" / "hunan-ccer-afforestation.yaml")
    resolved = [(p, ctxmod.resolve(sub, p)[0]) for p in plan(sub, "all").documents]
    composed, where = compose(sub, resolved)
    assert where, "the example has agreements the drafts compose"
    assert len(composed.agreements) == len(sub.agreements) + len(where)
    assert geometry.of(composed) is geometry.of(sub) is not None
