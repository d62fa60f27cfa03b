"""`compliance draft` and `compliance templates` as a user meets them, and the round trip
draft all → --write-agreements → load → check."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from compliance.checker import check
from compliance.cli import app
from compliance.submission.files import load

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "hunan-ccer-afforestation.yaml"
runner = CliRunner()


def run(*args, env=None):
    return runner.invoke(app, [str(a) for a in args], env=env)


def write_yaml(path: Path, data: dict) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def example_data() -> dict:
    return yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))


AGREEMENT_RULES = ("HN-15-benefit", "HN-15-parties", "HN-20-confidentiality", "HN-14-milestones", "LAW-clauses")


@pytest.mark.parametrize("what", ["all", "tripartite"])
def test_round_trip_draft_write_load_check(tmp_path, what):
    out, recorded = tmp_path / "out", tmp_path / "recorded.yaml"
    r = run("draft", what, EXAMPLE, "-o", out, "--write-agreements", recorded)
    assert r.exit_code == 0, r.output
    assert "已起草并通过读回核验" in r.output and "signed: null" in r.output
    sub = load(recorded)                                  # the copy is a valid submission
    kinds = [a.kind.value for a in sub.agreements]
    assert kinds == ["development", "transfer", "benefit", "tripartite"]
    assert all(a.signed is None for a in sub.agreements[-1:])
    report = check(sub)
    hit = {f.rule for f in report.findings if f.severity.value in ("error", "warning")}
    assert not hit & set(AGREEMENT_RULES), [f.message() for f in report.findings]
    # what remains is the honest part: the drafts are not signed yet
    unsigned = [f for f in report.findings if f.rule == "HN-15-agreements"]
    assert unsigned and all(f.case == "unsigned" for f in unsigned)
    # the rest of the file (comments included) is kept as written
    text = recorded.read_text(encoding="utf-8")
    assert "# 项目业主 / 开发主体" in text
    # the recorded clauses are the ones the template carries
    if what == "all":
        assert "confidentiality" in [c.value for c in sub.agreements[0].clauses]


def test_pdf_missing_libreoffice_says_how_to_install(tmp_path):
    r = run("draft", "benefit", EXAMPLE, "-o", tmp_path / "out", "--pdf", env={"COMPLIANCE_SOFFICE": ""})
    assert r.exit_code == 2
    assert "apt-get install" in r.output and "libreoffice-writer-nogui" in r.output and "fonts-noto-cjk" in r.output
    assert not (tmp_path / "out").exists()


def test_invalid_input_exit_2_with_the_loaders_messages(tmp_path):
    data = example_data()
    data["plots"][0]["area_ha"] = -1
    r = run("draft", "all", write_yaml(tmp_path / "bad.yaml", data), "-o", tmp_path / "out")
    assert r.exit_code == 2
    assert "plots[0].area_ha" in r.output and "Traceback" not in r.output
    r = run("draft", "all", tmp_path / "missing.yaml", "-o", tmp_path / "out")
    assert r.exit_code == 2 and "文件不存在" in r.output


def test_refusal_exit_1_lists_findings_in_english(tmp_path):
    data = example_data()
    data["agreements"][2]["shares"] = {"DEV": 0.6, "RH1": 0.4, "RH2": 0.0}
    r = run("draft", "benefit", write_yaml(tmp_path / "bad.yaml", data), "-o", tmp_path / "out", "--lang", "en")
    assert r.exit_code == 1, r.output
    assert "drafting refused" in r.output and "HN-15-benefit" in r.output and "zero share" in r.output
    assert "Traceback" not in r.output and not (tmp_path / "out").exists()


def test_usage_errors(tmp_path):
    r = run("draft", "lease", EXAMPLE, "-o", tmp_path)
    assert r.exit_code == 2 and "development" in r.output
    r = run("draft", "all", EXAMPLE, "-o", tmp_path, "--as-of", "2026-13-01")
    assert r.exit_code == 2 and "YYYY-MM-DD" in r.output
    r = run("draft", "all", EXAMPLE, "-o", tmp_path, "--write-agreements", EXAMPLE)
    assert r.exit_code == 2 and "不能覆盖" in r.output


def test_chinese_kind_alias_and_custom_templates(tmp_path):
    tpl = tmp_path / "tpl"
    r = run("templates", "copy", tpl)
    assert r.exit_code == 0 and (tpl / "transfer.docx").exists()
    (tpl / "benefit.docx").unlink()          # a missing one falls back to the built-in template
    r = run("draft", "利益分配协议", EXAMPLE, "-o", tmp_path / "out", "--templates", tpl)
    assert r.exit_code == 0, r.output
    assert "使用内置模板" in r.output
    assert (tmp_path / "out" / "HN-PJ-2026-001-benefit.docx").exists()


def test_templates_lint_cli(tmp_path):
    r = run("templates", "lint")
    assert r.exit_code == 0 and "模板检查通过" in r.output
    tpl = tmp_path / "tpl"
    tpl.mkdir()
    shutil.copyfile(ROOT / "compliance" / "agreements" / "templates" / "transfer.docx", tpl / "transfer.docx")
    from docx import Document

    doc = Document(str(tpl / "transfer.docx"))
    doc.add_paragraph("{{ transfere.name }}")
    doc.save(str(tpl / "transfer.docx"))
    r = run("templates", "lint", tpl, "--lang", "en")
    assert r.exit_code == 1 and "unknown variable transfere" in r.output
    r = run("draft", "transfer", EXAMPLE, "-o", tmp_path / "out", "--templates", tpl)
    assert r.exit_code == 1 and "transfere" in r.output
    r = run("templates", "vars")
    assert r.exit_code == 0 and "plots" in r.output and "违约责任" in r.output


def test_draft_all_says_which_kind_it_did_not_draft_and_why(tmp_path):
    import yaml

    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    for p in data["plots"]:
        p["holder"] = "RH2"                        # only the household holds plots: no 丙方 for a tripartite agreement
        p["tenure"] = "household_contracted"
    data["agreements"][1].pop("consent")
    data["agreements"][1]["transferors"] = ["RH2"]
    for a in data["agreements"]:
        if "parties" in a:
            a["parties"] = ["DEV", "RH2"]
    data["agreements"][2]["shares"] = {"DEV": 0.4, "RH2": 0.6}
    src = tmp_path / "s.yaml"
    src.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    r = run("draft", "all", src, "-o", tmp_path / "out")
    assert r.exit_code == 0, r.output
    assert "未起草三方协议" in r.output and "村集体经济组织" in r.output
    assert len(list((tmp_path / "out").glob("*.docx"))) == 3
