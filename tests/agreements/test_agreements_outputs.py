"""`compliance draft` / `templates` never overwrite without --force, check --write-agreements before
drafting, fail cleanly on bad output paths, and speak the user's language and jurisdiction."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from compliance.agreements.spec import VARIABLES, VARIABLES_EN
from compliance.cli import app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "hunan-ccer-afforestation.yaml"
SICHUAN = ROOT / "examples" / "sichuan-scph-grassland.yaml"
DOCS = [f"HN-PJ-2026-001-{k}.docx" for k in ("development", "transfer", "benefit", "tripartite")]
runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.exists() else {}


# ----------------------------------------------------------------------------- 2. no silent overwrite
def test_existing_documents_are_not_overwritten_without_force(tmp_path):
    out = tmp_path / "out"
    r = run("draft", "all", EXAMPLE, "-o", out)
    assert r.exit_code == 0, r.output
    (out / DOCS[1]).write_bytes(b"a lawyer's edits")
    before = snapshot(out)
    r = run("draft", "all", EXAMPLE, "-o", out)
    assert r.exit_code == 2, r.output
    assert "已存在，未覆盖" in r.stderr and "--force" in r.stderr
    assert all(name in r.stderr for name in DOCS)
    assert "已起草" not in r.stdout and "Traceback" not in r.output
    assert snapshot(out) == before
    r = run("draft", "transfer", EXAMPLE, "-o", out, "--lang", "en")
    assert r.exit_code == 2 and "not overwritten (use --force)" in r.stderr and DOCS[1] in r.stderr
    assert snapshot(out) == before
    r = run("draft", "all", EXAMPLE, "-o", out, "--force")
    assert r.exit_code == 0, r.output
    assert (out / DOCS[1]).read_bytes() != b"a lawyer's edits"
    assert sorted(snapshot(out)) == sorted(DOCS)


def test_an_existing_write_agreements_file_is_refused_before_drafting(tmp_path):
    out, recorded = tmp_path / "out", tmp_path / "recorded.yaml"
    recorded.write_text("# my notes\n", encoding="utf-8")
    r = run("draft", "all", EXAMPLE, "-o", out, "--write-agreements", recorded)
    assert r.exit_code == 2, r.output
    assert "--write-agreements" in r.stderr and "--force" in r.stderr and str(recorded) in r.stderr
    assert not out.exists()                                   # nothing drafted
    assert recorded.read_text(encoding="utf-8") == "# my notes\n"
    r = run("draft", "all", EXAMPLE, "-o", out, "--write-agreements", recorded, "--force")
    assert r.exit_code == 0, r.output
    assert "agreements:" in recorded.read_text(encoding="utf-8") and sorted(snapshot(out)) == sorted(DOCS)


def test_write_agreements_onto_the_input_is_refused_before_drafting(tmp_path):
    src = tmp_path / "sub.yaml"
    shutil.copyfile(EXAMPLE, src)
    before = src.read_bytes()
    out = tmp_path / "out"
    for spelling in (src, tmp_path / "." / "sub.yaml"):
        r = run("draft", "all", src, "-o", out, "--write-agreements", spelling, "--force")
        assert r.exit_code == 2, r.output
        assert "--write-agreements" in r.stderr and "不能覆盖输入文件" in r.stderr
    assert src.read_bytes() == before and not out.exists()


@pytest.mark.parametrize("where", ["under_a_file", "too_long", "a_folder"])
def test_unwritable_write_agreements_is_refused_before_drafting(tmp_path, where):
    out = tmp_path / "out"
    (tmp_path / "afile").write_text("x")
    target = {"under_a_file": tmp_path / "afile" / "rec.yaml",
              "too_long": tmp_path / ("r" * 300 + ".yaml"),
              "a_folder": tmp_path}[where]
    r = run("draft", "all", EXAMPLE, "-o", out, "--write-agreements", target, "--force", "--lang", "en")
    assert r.exit_code == 2, r.output
    assert "--write-agreements" in r.stderr and "Traceback" not in r.output
    assert not out.exists()


def test_a_failed_record_takes_the_drafted_documents_with_it(tmp_path, monkeypatch):
    """All or nothing: when the record cannot be written after all, no document is left behind."""
    from compliance.agreements import record
    from compliance.agreements.problems import DraftError

    def broken(*a, **k):
        raise DraftError(("--write-agreements：无法写入", "--write-agreements: cannot write"), code=2)

    monkeypatch.setattr(record, "write", broken)
    out = tmp_path / "out"
    r = run("draft", "all", EXAMPLE, "-o", out, "--write-agreements", tmp_path / "rec.yaml")
    assert r.exit_code == 2 and "--write-agreements" in r.stderr
    assert snapshot(out) == {}


# ----------------------------------------------------------------------------- 3. bad paths, no tracebacks
@pytest.mark.parametrize("lang, words", [("zh", "文件名过长"), ("en", "File name too long")])
def test_output_directory_name_too_long(tmp_path, lang, words):
    r = run("draft", "all", EXAMPLE, "-o", tmp_path / ("x" * 300), "--lang", lang)
    assert r.exit_code == 2, r.output
    assert "-o/--out" in r.stderr and words in r.stderr
    assert "Traceback" not in r.output and (r.exception is None or isinstance(r.exception, SystemExit))


def test_templates_copy_onto_a_file(tmp_path):
    afile = tmp_path / "afile"
    afile.write_text("keep me")
    r = run("templates", "copy", afile)
    assert r.exit_code == 2
    assert "目标目录" in r.stderr and "不是目录" in r.stderr and "Errno" not in r.output
    r = run("templates", "copy", afile, "--lang", "en")
    assert r.exit_code == 2 and "target directory" in r.stderr and "not a directory" in r.stderr
    assert afile.read_text() == "keep me"


def test_templates_copy_into_an_unwritable_directory(tmp_path, monkeypatch):
    import compliance.cli.draft as acli

    def denied(src, dst, *a, **k):
        raise PermissionError(13, "Permission denied", str(dst))

    monkeypatch.setattr(acli.shutil, "copyfile", denied)
    target = tmp_path / "new" / "tpl"
    for lang, words in (("zh", "权限不足"), ("en", "Permission denied")):
        r = run("templates", "copy", target, "--lang", lang)
        assert r.exit_code == 2, r.output
        assert words in r.stderr and "Traceback" not in r.output and r.stdout == ""
        assert not (tmp_path / "new").exists()            # nothing left behind, not even the folders


@pytest.mark.skipif(not Path("/sys/kernel").is_dir(), reason="needs /sys")
def test_templates_copy_into_sys(tmp_path):
    try:
        (Path("/sys/kernel") / "development.docx").open("wb").close()
        pytest.skip("/sys/kernel is writable here")
    except OSError:
        pass
    r = run("templates", "copy", "/sys/kernel", "--lang", "en")
    assert r.exit_code == 2 and "target directory" in r.stderr and "Traceback" not in r.output


# ----------------------------------------------------------------------------- 4. copy twice
def test_templates_copy_twice_refuses_cleanly(tmp_path):
    tpl = tmp_path / "tplc"
    r = run("templates", "copy", tpl)
    assert r.exit_code == 0 and "已复制内置模板" in r.stdout
    (tpl / "transfer.docx").write_bytes(b"edited in Word")
    r = run("templates", "copy", tpl)
    assert r.exit_code == 2, r.output
    assert r.stdout == "" and "已复制" not in r.output            # no success line
    assert "--force" in r.stderr and "transfer.docx" in r.stderr
    assert (tpl / "transfer.docx").read_bytes() == b"edited in Word"
    r = run("templates", "copy", tpl, "--force", "--lang", "en")
    assert r.exit_code == 0 and "copied the built-in templates" in r.stdout
    assert (tpl / "transfer.docx").read_bytes() != b"edited in Word"


# ----------------------------------------------------------------------------- 5. the rule that applies
def test_sichuan_drafts_do_not_cite_a_hunan_rule(tmp_path):
    for lang in ("zh", "en"):
        r = run("draft", "all", SICHUAN, "-o", tmp_path / lang, "--lang", lang)
        assert r.exit_code == 0, r.output
        assert "HN-" not in r.output
        assert ("未签署" if lang == "zh" else "unsigned") in r.stdout
    r = run("draft", "all", EXAMPLE, "-o", tmp_path / "hunan")
    assert r.exit_code == 0 and "HN-15-agreements" in r.stdout


# ----------------------------------------------------------------------------- 6. vars in English
def test_templates_vars_in_english():
    r = run("templates", "vars", "--lang", "en")
    assert r.exit_code == 0
    head = r.stdout.split("\n\n")[0].splitlines()[1:]
    assert [line.split(":")[0].strip() for line in head] == list(VARIABLES)
    for line in head:
        name, text = line.strip().split(": ", 1)
        assert text == VARIABLES_EN[name]
        # Chinese only where a template's own words are quoted
        assert len(re.findall(r"[\u4e00-\u9fff]", text)) <= 6, line
    assert "文书信息" not in r.stdout and "必备条款" not in r.stdout and "mandatory clauses" in r.stdout
    r = run("templates", "vars")
    assert "文书信息" in r.stdout


# ----------------------------------------------------------------------------- 7. nothing to draft from
@pytest.mark.parametrize("kind", ["all", "tripartite", "development"])
def test_no_agreements_is_invalid_input(tmp_path, kind):
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["agreements"] = []
    src = tmp_path / "noag.yaml"
    src.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    r = run("draft", kind, src, "-o", tmp_path / "out")
    assert r.exit_code == 2, r.output
    assert "agreements" in r.stderr and not (tmp_path / "out").exists()
