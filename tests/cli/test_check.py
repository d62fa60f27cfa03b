"""The command line as a user meets it: exit codes, languages, formats, no tracebacks."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from compliance.cli import app

ROOT = Path(__file__).resolve().parents[2]
EX = ROOT / "examples"
runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_compliant_example_passes_with_exit_0():
    r = run("check", EX / "hunan-ccer-afforestation.yaml")
    assert r.exit_code == 0, r.output
    assert "通过" in r.output and "LAW-lease-20y" in r.output and "HN-12-priority" not in r.output


def test_blocking_findings_exit_1_and_cite_the_article():
    r = run("check", EX / "hunan-missing-benefit.yaml")
    assert r.exit_code == 1
    assert "HN-15-agreements" in r.output and "第十五条" in r.output


def test_json_is_a_stable_contract():
    r = run("check", EX / "hunan-undesignated-venue.yaml", "--format", "json")
    d = json.loads(r.output)
    assert {"project", "as_of", "verdict", "findings"} <= d.keys()
    f = next(x for x in d["findings"] if x["rule"] == "HN-14-venue")
    assert {"rule", "severity", "citation", "path", "message", "fix", "facts"} <= f.keys()
    assert f == {**f, "severity": "error", "citation": "湘林基〔2025〕5号 第十四条第二款", "path": "project.trading_venue"}
    assert d["verdict"] == "fail"


def test_english_output():
    r = run("check", EX / "hunan-missing-benefit.yaml", "--lang", "en", "--format", "markdown")
    assert "no benefit distribution agreement" in r.output
    assert "fail" in r.output


def test_as_of_overrides_the_file_date():
    r = run("check", EX / "hunan-ccer-afforestation.yaml", "--as-of", "2028-02-01", "--format", "json")
    assert any(f["rule"] == "HN-24-in-force" for f in json.loads(r.output)["findings"])


def test_several_files_one_invalid_exit_2_and_the_others_still_reported(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text((EX / "hunan-ccer-afforestation.yaml").read_text(encoding="utf-8").replace("area_ha: 8.6", "area_ha: 八点六"),
                   encoding="utf-8")
    r = run("check", EX / "hunan-ccer-afforestation.yaml", bad, "--format", "json")
    assert r.exit_code == 2
    assert "plots[1].area_ha" in r.output and "HN-PJ-2026-001" in r.output


@pytest.mark.parametrize("args, words", [
    (["check", "nope.yaml"], "文件不存在"),
    (["check", "{ex}", "--as-of", "2026-02-30"], "--as-of"),
    (["rules", "--jurisdiction", "火星"], "未知规则集"),
])
def test_usage_and_input_errors_exit_2_with_a_message(args, words):
    args = [a.replace("{ex}", str(EX / "hunan-ccer-afforestation.yaml")) for a in args]
    r = run(*args)
    assert r.exit_code == 2
    assert words in r.output
    assert "Traceback" not in r.output


def test_rules_catalogue():
    r = run("rules", "--jurisdiction", "hunan", "--format", "json")
    rules = json.loads(r.output)
    assert r.exit_code == 0
    ids = {x["id"] for x in rules}
    assert "HN-15-benefit" in ids and all(x["citation"] and x["basis"] for x in rules)


def test_real_process_has_no_traceback_on_a_broken_file(tmp_path):
    bad = tmp_path / "broken.yaml"
    bad.write_text("project: {id: [\n", encoding="utf-8")
    exe = Path(sys.executable).parent / "compliance"
    p = subprocess.run([str(exe), "check", str(bad), "--lang", "en"], capture_output=True, text=True)
    assert p.returncode == 2
    assert "YAML syntax error" in p.stderr and "Traceback" not in p.stderr + p.stdout


def test_a_workbook_given_to_check_points_to_batch():
    r = run("check", EX / "portfolio" / "hunan-portfolio.xlsx")
    assert r.exit_code == 2 and "compliance batch" in r.output


def test_schema_is_generated_from_the_model():
    r = run("schema")
    d = json.loads(r.output)
    assert r.exit_code == 0
    assert {"project", "plots", "agreements"} <= set(d["properties"])
    assert "reduction_batches" in json.dumps(d)     # fields added after SUBMISSION.md are documented


def test_json_mode_reports_an_invalid_file_as_json_on_stdout(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("project: [", encoding="utf-8")
    r = runner.invoke(app, ["check", str(bad), "--format", "json"])
    assert r.exit_code == 2
    out = r.stdout if hasattr(r, "stdout") else r.output
    d = json.loads(out[out.index("{"):])
    assert d["verdict"] == "invalid" and d["problems"][0]["type"] == "yaml_syntax"
