"""Hostile input is refused by field (exit 2) or printed literally, never a traceback or a hang."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from compliance.checker import check
from compliance.checker import report as report_mod
from compliance.cli import app
from compliance.submission import files as loader

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "hunan-ccer-afforestation.yaml"


def _json(data) -> str:
    return json.dumps(data, ensure_ascii=False, default=str)


def _cli(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8", errors="surrogatepass")
    return CliRunner().invoke(app, ["check", str(p), "--lang", "en", "--no-register"])


@pytest.fixture
def example_json():
    return _json(yaml.safe_load(EXAMPLE.read_text(encoding="utf-8")))


@pytest.mark.parametrize("escape,shown", [("\\ud800", "\\ud800"), ("\\udfff", "\\udfff"), ("\\u0000", "\\x00"),
                                           ("\\u0007", "\\x07"), ("\\u001b[31m", "\\x1b"), ("\\u009b", "\\x9b")])
def test_json_escapes_of_surrogates_nul_and_control_characters_are_refused_by_field(tmp_path, example_json,
                                                                                    escape, shown):
    r = _cli(tmp_path, "x.json", example_json.replace('"name": "平江县', f'"name": "{escape}平江县', 1))
    assert r.exit_code == 2, r.output
    assert "project.name: text holds a character that is not allowed" in r.output and shown in r.output
    assert "Traceback" not in r.output


def test_raw_control_characters_in_json_are_refused_by_field(tmp_path, example_json):
    r = _cli(tmp_path, "x.json", example_json.replace('"name": "平江县', '"name": "\x01平江县', 1))
    assert r.exit_code == 2 and "project.name" in r.output


def test_yaml_escapes_of_control_characters_are_refused_by_field(tmp_path):
    text = EXAMPLE.read_text(encoding="utf-8").replace("holder: RH1", 'holder: "RH\\x1b[2J1"', 1)
    r = _cli(tmp_path, "x.yaml", text)
    assert r.exit_code == 2 and "plots[0].holder: text holds a character" in r.output
    assert "\x1b" not in r.output


def test_nested_aliases_are_refused_under_the_budget_quickly(tmp_path):
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        lines.append(f"{chr(97 + i)}: &{chr(97 + i)} [" + ", ".join([f"*{chr(96 + i)}"] * 9) + "]")
    text = "\n".join(lines) + "\n" + EXAMPLE.read_text(encoding="utf-8").replace("land_type: forest ", "land_type: *j ", 1)
    assert len(text) < 8000
    r = _cli(tmp_path, "laughs.yaml", text)
    assert r.exit_code == 2 and "too many YAML aliases" in r.output and "plots[0].land_type" in r.output


def test_a_few_aliases_are_still_fine(tmp_path):
    text = EXAMPLE.read_text(encoding="utf-8").replace("boundaries: {east: 山脊, south: 龙源溪, west: 林道, north: 村界}",
                                                       "boundaries: &b {east: 山脊, south: 龙源溪, west: 林道, north: 村界}")
    text = text.replace("boundaries: {east: 李姓林地, south: 山脚水田, west: 龙源溪, north: 山脊}", "boundaries: *b")
    assert "*b" in text
    assert loader.loads(text).plots[1].boundaries == loader.loads(text).plots[0].boundaries


def test_deep_nesting_is_refused(tmp_path):
    text = EXAMPLE.read_text(encoding="utf-8") + "\nextra: " + "[" * 100 + "]" * 100 + "\n"
    r = _cli(tmp_path, "deep.yaml", text)
    assert r.exit_code == 2 and "nested too deeply (limit 32 levels)" in r.output
    r = _cli(tmp_path, "deep.json", '{"a": ' + "[" * 5000 + "]" * 5000 + "}")
    assert r.exit_code == 2 and "Traceback" not in r.output
    # deeper than Python's parser recurses: the same words, not the parser's "maximum recursion depth"
    r = _cli(tmp_path, "deeper.json", "[" * 100_000 + "]" * 100_000)
    assert r.exit_code == 2 and "nested too deeply (limit 32 levels)" in r.output and "recursion" not in r.output


def test_documents_over_the_size_limit_are_refused_before_parsing(tmp_path, monkeypatch):
    monkeypatch.setattr(loader, "MAX_BYTES", 1000)
    r = _cli(tmp_path, "x.yaml", EXAMPLE.read_text(encoding="utf-8"))
    assert r.exit_code == 2 and "limit 1000" in r.output
    with pytest.raises(loader.InvalidSubmission, match="1 problem"):
        loader.loads("a: " + "x" * 2000)


def test_huge_integer_keys_and_values_are_not_turned_into_text(tmp_path):
    big = "9" * 6000
    r = _cli(tmp_path, "x.yaml", EXAMPLE.read_text(encoding="utf-8") + f"\n{big}: 1\n")
    assert r.exit_code == 2 and "Traceback" not in r.output
    r = _cli(tmp_path, "x.json", '{"project": {"%s": 1}}' % ("x" * 10))
    assert r.exit_code == 2


def _hostile_report():
    sub = loader.load(EXAMPLE)
    rep = check(sub, dt.date(2026, 6, 1))
    rep.project_name = "[/][bold red]名称\x1b[2J\u202eevil"
    rep.project_id = "ID[/]"
    f = rep.findings[0]
    f.message_zh = f.message_en = "消息 [/] \x1b]0;title\x07 \u202e末尾 | pipe *star*"
    return rep


def test_markup_escapes_and_bidi_overrides_print_literally_in_the_table():
    from rich.console import Console

    console = Console(record=True, width=200, force_terminal=False)
    report_mod.print_table([_hostile_report()], "en", console=console)
    out = console.export_text()
    assert "[/][bold red]名称\\x1b[2J\\u202eevil" in out and "ID[/]" in out
    assert "\\x1b]0;title\\x07" in out and "\\u202e末尾" in out
    assert "\x1b" not in out and "\u202e" not in out


def test_markup_escapes_and_bidi_overrides_print_literally_in_markdown():
    md = report_mod.to_markdown([_hostile_report()], "en")
    assert "\x1b" not in md and "\u202e" not in md and "\x07" not in md
    assert "\\[/\\]\\[bold red\\]名称\\\\x1b\\[2J\\\\u202eevil" in md
    assert "\\| pipe \\*star\\*" in md
