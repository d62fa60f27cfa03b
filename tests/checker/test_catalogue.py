"""The rule base's version, as the batch report's cover and the platform state it."""
from __future__ import annotations

import pytest


def test_batch_cover_names_the_same_rule_base_version_as_the_platform():
    from compliance.checker.catalogue import rulebase_version

    decide = pytest.importorskip("compliance.library.decide")
    assert rulebase_version() == decide.rulebase_version()


def _cli(*args: str) -> str:
    from typer.testing import CliRunner

    from compliance.cli import app

    r = CliRunner().invoke(app, ["rules", *args])
    assert r.exit_code == 0, r.output
    return r.output


def test_the_markdown_catalogue_quotes_each_rules_article_texts_with_their_source():
    md = _cli("-j", "hunan", "--format", "markdown")
    assert "### 条文原文" in md and "#### HN-15-benefit — " in md
    assert "> 第十五条 林业碳汇项目开发应按照相关规定的要求签订项目开发、资源流转、利益分配等协议" in md
    assert "来源：湖南省林业碳汇资源管理办法（试行） — 湖南省林业局" in md
    # an article's items stay apart (one quoted paragraph each)
    assert "> （一）应通过人工造林（更新）" in md and ">\n> （二）应通过人工种草" in md
    en = _cli("-j", "afforestation", "--format", "markdown", "--lang", "en")
    assert "### Text of the cited articles" in en
    # a document without a text here says why, in place of its text
    assert "no text available: " in en and "CCER-14-001-V01" in en


def test_article_texts_print_literally_in_markdown(monkeypatch):
    """Markdown punctuation and terminal escapes in a text are escaped, never markup or control."""
    from compliance.checker import catalogue

    hostile = {"citation": "X 第一条", "unavailable": None, "missing": [],
               "texts": [{"document": "X", "unit": "第一条", "title": "[t](http://x) *b*", "source": "s\x1b[31m",
                          "text": "第一条 <script>|a|\n# not a heading"}]}
    out = "".join(catalogue._articles_md([{"id": "R", "title": "t", "articles": [hostile]}], "en"))
    assert "\x1b" not in out and "\\x1b" in out
    assert "\\<script\\>\\|a\\|" in out and "> \\# not a heading" in out and "\\[t\\](http://x) \\*b\\*" in out
