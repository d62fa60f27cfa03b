"""Rule pages carry the text of the articles each rule cites (reference data articles.yaml): every
citation of the rule base resolves to article texts, or its document is listed as unavailable
with the reason."""
from __future__ import annotations

import re

from compliance.reference import articles


def _citations():
    from compliance.checker import all_params
    from compliance.checker.pipeline import all_rules
    from compliance.rules.portfolio import PORTFOLIO_RULES

    for r in [*all_rules(), *PORTFOLIO_RULES]:
        for c in [r.citation, *r.also_cites, *[c for _, c in r.cites_by_fact]]:
            yield r.id, c
    for p in all_params().values():
        yield p.name, p.citation


def test_every_citation_resolves_to_article_texts_or_a_stated_reason():
    unresolved = []
    for who, c in _citations():
        got = articles.for_citation(c.document, c.article)
        if got.unavailable:
            assert len(got.unavailable) > 20, (who, c.text())
            continue
        if not got.texts or got.missing:
            unresolved.append((who, c.text(), got.missing))
        for t in got.texts:
            assert t.source and t.title, (who, c.text())
            # the text is the article itself: it opens with its own number (a Sichuan section: its heading)
            assert (t.text.startswith(t.unit) or t.unit in articles.NAMED
                    or re.match(r"^[（一二三四五六七八九十]", t.text)), (who, t.unit, t.text[:30])
    assert not unresolved, unresolved


def test_citation_units_as_the_rules_write_them():
    assert articles.units("温室气体自愿减排交易管理办法（试行）", "第十条第一款第（一）项、第四十八条") == ["第十条", "第四十八条"]
    assert articles.units("温室气体自愿减排交易管理办法（试行）", "第十四条至第二十五条")[::11] == ["第十四条", "第二十五条"]
    assert articles.units("民法典", "第一千二百五十九条") == ["第一千二百五十九条"]
    assert articles.units("川林发〔2024〕3号", "二(二)、四(二)(三)") == ["二(二)", "四(二)", "四(三)"]
    assert articles.units("川林发〔2024〕3号", "三(一) 唯一性") == ["三(一)"]
    for n in (1, 10, 15, 20, 105, 110, 165, 470, 705, 1010, 1259):
        assert articles.cn_to_int(articles.int_to_cn(n)) == n


def test_known_texts_are_verbatim():
    t = articles.lookup("湘林基〔2025〕5号", "第十五条")
    assert t.text == "第十五条 林业碳汇项目开发应按照相关规定的要求签订项目开发、资源流转、利益分配等协议，明确各参与方的责、权、利，保障林权所有者权益。"
    t = articles.lookup("农村土地承包法", "第三十八条")
    assert "（三）流转期限不得超过承包期的剩余期限；" in t.text.splitlines()
    t = articles.lookup("川林发〔2024〕3号", "六(四)")
    assert t.text.startswith("（四）加强风险防控\n") and "暂停、限制或取消参与林草碳汇资源开发资格" in t.text
    assert articles.for_citation("GB/T 26424-2010 森林资源规划设计调查技术规程", "小班区划与面积求算").unavailable


def test_the_api_and_the_pages_show_the_article_texts(world):
    one = world.client.get("/api/v1/rules/HN-15-benefit").json()
    [a] = [a for a in one["articles"] if a["citation"] == "湘林基〔2025〕5号 第十五条"]
    assert a["texts"][0]["text"].startswith("第十五条 林业碳汇项目开发应按照相关规定") and "policy/" in a["texts"][0]["source"]
    listed = {r["id"]: r for r in world.client.get("/api/v1/rules").json()}
    assert listed["HN-15-benefit"]["articles"] == one["articles"]
    assert listed["GEO-area"]["articles"][0]["unavailable"]
    page = world.client.get("/rules/HN-15-benefit").text
    assert "条文原文" in page and "保障林权所有者权益" in page
    assert "保障林权所有者权益" in world.client.get("/rules").text
    assert "Text of the cited articles" in world.client.get("/rules/LAW-term?lang=en").text


def _rules_json(*args: str) -> str:
    from typer.testing import CliRunner

    from compliance.cli import app

    r = CliRunner().invoke(app, ["rules", *args, "--format", "json"])
    assert r.exit_code == 0, r.output
    return r.output


def test_the_json_catalogue_carries_the_article_texts_the_api_serves():
    import json

    from fastapi.testclient import TestClient

    from compliance.service.app import Settings, create_app

    cli = json.loads(_rules_json("-j", "hunan"))
    benefit = next(d for d in cli if d["id"] == "HN-15-benefit")
    [article] = benefit["articles"]
    assert article["citation"] == "湘林基〔2025〕5号 第十五条" and article["texts"][0]["text"].startswith("第十五条 ")
    app = create_app(Settings(library="sqlite:///:memory:", isolate=False))
    with TestClient(app) as client:
        assert client.get("/api/v1/rules", params={"jurisdiction": "hunan"}).json() == cli
