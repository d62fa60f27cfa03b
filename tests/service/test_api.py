"""The HTTP API: the CLI's check document, 入库 against every stored project, roles and divisions."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.service.support import EXAMPLE, ROOT, as_yaml, example_data


def cli_json(path) -> dict:
    out = subprocess.run([sys.executable, "-m", "compliance.cli", "check", str(path), "--format", "json", "--no-register"],
                         capture_output=True, text=True, cwd=ROOT)
    return json.loads(out.stdout)


def strip(doc: dict) -> dict:
    return {k: v for k, v in doc.items() if k not in ("decision_id", "rulebase_version", "source")}


def test_health_and_openapi_list_every_endpoint(world):
    assert world.client.get("/healthz").json()["status"] == "ok"
    paths = world.client.get("/openapi.json").json()["paths"]
    for p in ("/api/v1/check", "/api/v1/projects", "/api/v1/projects/{project_id}", "/api/v1/projects/{project_id}/stage",
              "/api/v1/rules", "/api/v1/sanctions/screen", "/api/v1/sanctions/feed.json", "/api/v1/sanctions/feed.atom",
              "/api/v1/draft/{kind}"):
        assert p in paths


def test_check_answers_the_cli_document_in_json_yaml_and_multipart(world, tmp_path):
    expected = strip(cli_json(EXAMPLE))
    data = example_data()
    as_json = world.client.post("/api/v1/check", json=data)
    as_yaml_ = world.client.post("/api/v1/check", content=EXAMPLE.read_bytes(), headers={"Content-Type": "application/yaml"})
    upload = world.client.post("/api/v1/check", files={"file": ("example.yaml", EXAMPLE.read_bytes(), "application/yaml")})
    for r in (as_json, as_yaml_, upload):
        assert r.status_code == 200, r.text
        doc = r.json()
        assert strip(doc) == expected
        assert len(doc["decision_id"]) == 32 and doc["rulebase_version"].startswith("0.1.0+")
    assert as_json.json()["decision_id"] != as_yaml_.json()["decision_id"]
    assert "readiness" in as_json.json()
    lean = world.client.post("/api/v1/check", json=data, params={"readiness": "false"}).json()
    assert "readiness" not in lean and lean["findings"] == as_json.json()["findings"]
    # anonymous pre-submission checks store nothing
    assert world.client.get("/api/v1/projects", headers=world.auth("hunan")).json() == []


def test_english_and_as_of(world):
    r = world.client.post("/api/v1/check", json=example_data(), params={"lang": "en", "as_of": "2026-07-01"})
    doc = r.json()
    assert doc["as_of"] == "2026-07-01"
    zh = world.client.post("/api/v1/check", json=example_data(), params={"as_of": "2026-07-01"}).json()
    assert [f["rule"] for f in doc["findings"]] == [f["rule"] for f in zh["findings"]] and doc["findings"]
    for en, cn in zip(doc["findings"], zh["findings"]):
        assert en["message"] != cn["message"] and not any("\u4e00" <= ch <= "\u9fff" for ch in en["message"][:12])


def test_invalid_input_is_422_with_the_cli_problem_list(world, tmp_path):
    data = example_data()
    data["plots"][1]["area_ha"] = "many"
    del data["project"]["name"]
    bad = tmp_path / "bad.yaml"
    bad.write_text(as_yaml(data), encoding="utf-8")
    cli = cli_json(bad)
    r = world.client.post("/api/v1/check", content=bad.read_bytes(), headers={"Content-Type": "application/yaml"})
    assert r.status_code == 422
    body = r.json()
    assert body["verdict"] == "invalid"
    assert body["problems"] == cli["problems"]
    assert {p["path"] for p in body["problems"]} == {"plots[1].area_ha", "project.name"}
    assert world.client.post("/api/v1/check", params={"as_of": "2026-13-01"}, json=example_data()).status_code == 422
    assert world.client.post("/api/v1/check", content=b"{not json", headers={"Content-Type": "application/json"}).status_code == 422
    assert world.client.post("/api/v1/check", files={"nofile": ("a", b"x")}).status_code == 422


def test_a_plot_claimed_again_a_month_later_names_the_first_project(world):
    first = example_data()
    first["as_of"] = "2026-06-01"
    r1 = world.submit("dev", first)
    assert r1.status_code == 201, r1.text
    assert r1.json()["stored"]["version"] == 1
    assert not [f for f in r1.json()["findings"] if f["rule"] == "X-double-claim"]

    second = example_data()
    second["as_of"] = "2026-07-01"
    second["project"]["id"] = "HN-PJ-2026-077"
    second["project"]["name"] = "平江县另一造林碳汇项目"
    second["developer"]["name"] = "湘北林业开发有限公司"
    r2 = world.submit("dev2", second)
    assert r2.status_code == 201, r2.text
    doc = r2.json()
    claims = [f for f in doc["findings"] if f["rule"] == "X-double-claim"]
    assert claims, doc["findings"]
    assert all("HN-PJ-2026-001" in f["message"] for f in claims)
    assert claims[0]["path"] == "plots[0].id"
    assert doc["verdict"] == "fail"
    # the first project's page names the second one as its current double claim
    page = world.client.get("/api/v1/projects/HN-PJ-2026-001", headers=world.auth("pingjiang")).json()
    assert any("HN-PJ-2026-077" in f["message"] for f in page["double_claims"])


def test_versions_lifecycle_and_filters(world):
    data = example_data()
    assert world.submit("dev", data).status_code == 201
    data["project"]["insurance"] = None
    r = world.submit("dev", data)
    assert r.json()["stored"]["version"] == 2
    p = world.client.get("/api/v1/projects/HN-PJ-2026-001", headers=world.auth("dev")).json()
    assert [v["version"] for v in p["versions"]] == [2, 1]
    assert p["versions"][0]["decision_id"] == r.json()["decision_id"]
    assert any(f["rule"] == "HN-11-insurance" for f in p["versions"][0]["findings"])
    r = world.client.post("/api/v1/projects/HN-PJ-2026-001/stage", json={"stage": "review", "date": "2026-06-05"},
                          headers=world.auth("yueyang"))
    assert r.status_code == 201, r.text
    r = world.client.post("/api/v1/projects/HN-PJ-2026-001/stage", json={"stage": "library", "date": "2026-06-10", "note": "准予入库"},
                          headers=world.auth("pingjiang"))
    assert r.status_code == 201
    p = world.client.get("/api/v1/projects/HN-PJ-2026-001", headers=world.auth("hunan")).json()
    assert p["stage"] == "library"
    assert [(s["stage"], s["date"], s["version"]) for s in p["lifecycle"]] == [("review", "2026-06-05", 2), ("library", "2026-06-10", 2)]
    h = world.auth("hunan")
    assert len(world.client.get("/api/v1/projects", params={"stage": "library"}, headers=h).json()) == 1
    assert world.client.get("/api/v1/projects", params={"stage": "filing"}, headers=h).json() == []
    assert len(world.client.get("/api/v1/projects", params={"county": "430626"}, headers=h).json()) == 1
    assert world.client.get("/api/v1/projects", params={"county": "431202"}, headers=h).json() == []
    assert world.client.get("/api/v1/projects", params={"verdict": "maybe"}, headers=h).status_code == 422


def test_roles_and_divisions_are_enforced_and_nothing_changes(world):
    assert world.submit("dev", example_data()).status_code == 201
    c = world.client
    pid = "/api/v1/projects/HN-PJ-2026-001"
    # no token / unknown token
    assert c.get("/api/v1/projects").status_code == 401
    assert c.post("/api/v1/projects", json=example_data()).status_code == 401
    assert c.get(pid, headers={"Authorization": "Bearer cwb_wrong"}).status_code == 401
    # another developer: neither sees nor stores a version of it
    assert c.get(pid, headers=world.auth("dev2")).status_code == 403
    assert c.get("/api/v1/projects", headers=world.auth("dev2")).json() == []
    assert world.submit("dev2", example_data()).status_code == 403
    # officials of another division see nothing of it
    assert c.get(pid, headers=world.auth("hecheng")).status_code == 403
    assert c.get("/api/v1/projects", headers=world.auth("huaihua")).json() == []
    for who in ("yueyang", "pingjiang", "hunan"):
        assert c.get(pid, headers=world.auth(who)).status_code == 200
    # stages: wrong role or wrong division → 403 and nothing recorded
    refused = [("dev", "library"), ("pingjiang", "review"), ("pingjiang", "filing"), ("yueyang", "filing"),
               ("huaihua", "review"), ("hecheng", "library")]
    for who, stage in refused:
        r = c.post(pid + "/stage", json={"stage": stage, "date": "2026-06-05"}, headers=world.auth(who))
        assert r.status_code == 403, (who, stage, r.text)
        assert r.json()["error"] == "forbidden"
    p = c.get(pid, headers=world.auth("hunan")).json()
    assert p["lifecycle"] == [] and p["stage"] == "submitted" and p["latest_version"] == 1
    # an official stores only plots in its division
    assert world.submit("hecheng", example_data()).status_code == 403
    assert c.get(pid, headers=world.auth("hunan")).json()["latest_version"] == 1
    assert c.post(pid + "/stage", json={"stage": "filing", "date": "2026-06-05"}, headers=world.auth("hunan")).status_code == 201
    assert c.post(pid + "/stage", json={"stage": "nonsense", "date": "2026-06-05"}, headers=world.auth("hunan")).status_code == 422
    assert c.post(pid + "/stage", json={"stage": "filing", "date": "2099-01-01"}, headers=world.auth("hunan")).status_code == 422
    assert c.post("/api/v1/projects/NOPE/stage", json={"stage": "filing", "date": "2026-06-05"}, headers=world.auth("hunan")).status_code == 404


def test_sensitive_fields_only_to_officials(world):
    assert world.submit("dev", example_data()).status_code == 201
    holder = lambda who: world.client.get("/api/v1/projects/HN-PJ-2026-001", headers=world.auth(who)).json()["versions"][0]["submission"]["rights_holders"]
    person = [h for h in holder("pingjiang") if h["kind"] == "individual"][0]
    assert person["id_number"].startswith("430626")
    masked = [h for h in holder("dev") if h["kind"] == "individual"][0]
    assert masked["id_number"] == "***"
    prices = json.dumps(world.client.get("/api/v1/projects/HN-PJ-2026-001", headers=world.auth("dev")).json())
    assert '"amount_yuan"' not in prices or '"price": "***"' in prices


def test_catalogue_rules_and_rule(world):
    rules = world.client.get("/api/v1/rules").json()
    ids = {r["id"] for r in rules}
    assert {"HN-15-benefit", "X-double-claim"} <= ids
    assert world.client.get("/api/v1/rules", params={"jurisdiction": "sichuan"}).json()
    assert world.client.get("/api/v1/rules", params={"jurisdiction": "mars"}).status_code == 422
    one = world.client.get("/api/v1/rules/HN-15-benefit").json()
    assert one["citation"].startswith("湘林基〔2025〕5号") and one["cases"][0]["message"]
    assert world.client.get("/api/v1/rules/NOPE").status_code == 404


def test_draft_answers_a_docx_and_a_zip(world):
    r = world.client.post("/api/v1/draft/development", json=example_data())
    assert r.status_code == 200, r.text[:500]
    assert r.content[:2] == b"PK" and "wordprocessingml" in r.headers["content-type"]
    bad = example_data()
    bad["agreements"] = [a for a in bad["agreements"] if a["kind"] != "development"]
    r = world.client.post("/api/v1/draft/nonsense", json=bad)
    assert r.status_code == 422


def test_sanctions_without_a_register_say_so(world):
    r = world.client.get("/api/v1/sanctions/feed.json")
    assert r.status_code == 503 and "惩戒名录" in r.json()["message"]
    assert world.client.get("/api/v1/sanctions/screen").status_code == 422


def test_sanctions_feed_and_screen_from_the_register(tmp_path):
    from fastapi.testclient import TestClient

    from compliance.service.app import Settings, create_app
    from tests.service.support import penalties_world

    pw = penalties_world(tmp_path)
    w = pw.build_world(tmp_path / "register.sqlite3")
    w.record()
    person = pw.id_number(7)
    w.record(entity_name="张三", entity_kind="natural_person", code=person, measure="notice", case_number="鹤林通〔2026〕2号")
    w.reg.close()
    app = create_app(Settings(library=str(tmp_path / "lib.sqlite3"), db=str(tmp_path / "register.sqlite3")))
    with TestClient(app) as c:
        feed = c.get("/api/v1/sanctions/feed.json").json()["entries"]
        assert [e["entity"] for e in feed] == ["张三", "怀化绿源林业有限公司"]
        assert feed[0]["code"] != person and feed[0]["code"].startswith(person[:6]) and feed[0]["code"].endswith(person[-4:])
        assert feed[1]["code"] == pw.uscc(1) and feed[1]["active"] in (True, False)
        atom = c.get("/api/v1/sanctions/feed.atom")
        assert atom.headers["content-type"].startswith("application/atom+xml") and "怀化绿源林业有限公司" in atom.text
        assert person not in atom.text
        hits = c.get("/api/v1/sanctions/screen", params={"code": pw.uscc(1)}).json()
        assert hits[0]["entity"] == "怀化绿源林业有限公司" and hits[0]["reason"] == "code"
        assert c.get("/api/v1/sanctions/screen", params={"name": "怀化绿源林业"}).json()
        page = c.get("/sanctions")
        assert "怀化绿源林业有限公司" in page.text and person not in page.text


def test_a_workbook_upload_checks_every_project(world):
    from tests.service.support import ROOT

    book = ROOT / "examples" / "portfolio" / "hunan-portfolio.xlsx"
    r = world.client.post("/api/v1/check", files={"file": (book.name, book.read_bytes())})
    assert r.status_code == 200, r.text[:300]
    docs = r.json()
    assert len(docs) == 4 and len({d["project"] for d in docs}) == 4
    assert all(len(d["decision_id"]) == 32 and d["verdict"] in ("pass", "fail") for d in docs)
    # one project per 入库: a workbook of four is refused by name, nothing stored
    r = world.client.post("/api/v1/projects", files={"file": (book.name, book.read_bytes())}, headers=world.auth("hunan"))
    assert r.status_code == 422 and "4" in r.json()["message"]
    assert world.client.get("/api/v1/projects", headers=world.auth("hunan")).json() == []


def test_a_repeated_check_is_answered_again_under_a_new_decision_id_until_the_register_changes(tmp_path):
    from fastapi.testclient import TestClient

    from compliance.service.app import Settings, create_app
    from tests.service.support import penalties_world

    pw = penalties_world(tmp_path)
    w = pw.build_world(tmp_path / "register.sqlite3")
    w.record()
    app = create_app(Settings(library=str(tmp_path / "lib.sqlite3"), db=str(tmp_path / "register.sqlite3"), isolate=False))
    body = as_yaml(example_data())
    with TestClient(app) as c:
        post = lambda: c.post("/api/v1/check", content=body, headers={"Content-Type": "application/yaml"}).json()  # noqa: E731
        first, again = post(), post()
        assert first["decision_id"] != again["decision_id"]
        assert {k: v for k, v in first.items() if k != "decision_id"} == {k: v for k, v in again.items() if k != "decision_id"}
        assert first["register"]["head_seq"] == again["register"]["head_seq"]
        w.record(entity_name="张三", entity_kind="natural_person", code=pw.id_number(7), measure="notice",
                 case_number="鹤林通〔2026〕3号")
        after = post()                # the register moved on: judged again against it
        assert after["register"]["head_seq"] > first["register"]["head_seq"]
        english = c.post("/api/v1/check?lang=en", content=body, headers={"Content-Type": "application/yaml"}).json()
        assert english["findings"][0]["message"] != after["findings"][0]["message"]       # lang is part of the key
    w.reg.close()


def test_a_refused_draft_is_a_409_naming_the_fields_or_the_blocking_findings(world):
    """The drafter's refusals reach the API as the CLI states them: the missing data by field, or
    the agreement rules' blocking findings -- a JSON problem, never a 500."""
    missing = world.client.post("/api/v1/draft/all", content=(ROOT / "examples" / "hunan-missing-benefit.yaml").read_bytes(),
                                headers={"Content-Type": "application/yaml"})
    assert missing.status_code == 409, missing.text[:500]
    doc = missing.json()
    assert doc["error"] == "refused" and "verdict" not in doc
    assert any(p["path"] == "agreements.shares" and "shares" in p["message"] for p in doc["problems"])
    blocked = example_data()
    benefit = next(a for a in blocked["agreements"] if a.get("shares"))
    benefit["shares"]["DEV"] = 0.45          # the shares no longer sum to 100 %
    r = world.client.post("/api/v1/draft/benefit", json=blocked, params={"lang": "en"})
    assert r.status_code == 409, r.text[:500]
    assert [f["rule"] for f in r.json()["findings"]] == ["HN-15-benefit"] and "drafting refused" in r.json()["message"]


def test_framework_validation_names_the_field_in_the_users_words(world):
    r = world.client.get("/api/v1/decisions/" + "a" * 100, headers=world.auth("hunan"))
    assert r.status_code == 422 and r.json()["problems"][0]["message"] == "文本过长（上限 64 个字符）"
    r = world.client.post("/api/v1/projects/HN-PJ-2026-001/stage", content=b"{oops", headers={**world.auth("yueyang"),
                          "Content-Type": "application/json"})
    assert r.status_code == 422 and r.json()["problems"][0]["path"] == "body" and "JSON" in r.json()["message"]
    r = world.client.post("/api/v1/projects/HN-PJ-2026-001/stage", json={"stage": "x", "date": "2026-6-1"},
                          headers=world.auth("yueyang"))
    assert r.status_code == 422 and "'review', 'library' 或 'filing'" in r.json()["message"]
    r = world.client.post("/api/v1/projects/HN-PJ-2026-001/stage", json={"stage": "review", "date": "2026-6-1"},
                          headers=world.auth("yueyang"))
    assert r.status_code == 422 and r.json()["message"].startswith("date：日期应为 YYYY-MM-DD")


def test_unknown_paths_and_methods_answer_in_our_shape_and_language(world):
    r = world.client.get("/api/v1/nope")
    assert r.status_code == 404 and r.json() == {"error": "not_found", "status": 404, "message": "没有该页面或接口：/api/v1/nope"}
    r = world.client.delete("/api/v1/check", params={"lang": "en"})
    assert r.status_code == 405 and r.json()["message"] == "/api/v1/check does not take DELETE requests"
    page = world.client.get("/no-such-page")
    assert page.status_code == 404 and "text/html" in page.headers["content-type"] and "没有该页面或接口" in page.text


def test_a_form_sent_without_a_field_is_a_page_naming_it(world):
    r = world.client.post("/check")
    assert r.status_code == 422 and "text/html" in r.headers["content-type"]
    assert "<code>file</code>" in r.text and "缺少必填字段" in r.text
    r = world.client.post("/signin", params={"lang": "en"})
    assert r.status_code == 422 and "<code>token</code>" in r.text and "required field is missing" in r.text


def test_an_unknown_jurisdiction_is_named_on_the_rules_page_as_in_the_api(world):
    api = world.client.get("/api/v1/rules", params={"jurisdiction": "mars"})
    page = world.client.get("/rules", params={"jurisdiction": "mars"})
    assert api.status_code == page.status_code == 422
    assert "未知规则集或地区 'mars'" in api.json()["message"] and "未知规则集或地区 &#39;mars&#39;" in page.text
    assert world.client.get("/rules", params={"jurisdiction": "hunan"}).status_code == 200


def test_a_body_of_a_type_the_service_does_not_read_is_a_415_naming_the_header(world):
    r = world.client.post("/api/v1/check", content=EXAMPLE.read_bytes(), headers={"Content-Type": "text/plain"})
    assert r.status_code == 415 and r.json()["message"].startswith("Content-Type：应为 application/json")
    assert "text/plain" in r.json()["message"]
    # JSON sent without saying so (curl -d) is read as JSON
    r = world.client.post("/api/v1/check", content=json.dumps(example_data()).encode(),
                          headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 200 and r.json()["verdict"] == "pass"


def test_a_bug_behind_a_page_is_an_error_page_without_a_traceback(world, monkeypatch):
    from fastapi.testclient import TestClient

    from compliance.service import pages

    def broken(rule_id, lang):
        raise RuntimeError("boom")

    monkeypatch.setattr(pages, "rule_view", broken)
    client = TestClient(world.client.app, raise_server_exceptions=False)
    r = client.get("/rules/HN-15-benefit")
    assert r.status_code == 500 and "text/html" in r.headers["content-type"]
    assert "内部错误，操作未完成：RuntimeError" in r.text and "Traceback" not in r.text and "boom" not in r.text
    api = client.get("/api/v1/rules/HN-15-benefit")
    assert api.status_code == 200            # the API's own route is not the patched page


@pytest.mark.parametrize("via", ["api", "page"])
@pytest.mark.parametrize("note", ["准予\x00入库", "准予入库\x1b[2J", "长" * 40_000])
def test_a_stage_note_with_nul_control_characters_or_40k_characters_is_refused_and_nothing_recorded(world, via, note):
    """The page's form and the API take the same note, bounded and without NUL (which PostgreSQL
    cannot store) or terminal control characters; refused with 4xx naming the field."""
    assert world.submit("dev", example_data()).status_code == 201
    if via == "api":
        r = world.client.post("/api/v1/projects/HN-PJ-2026-001/stage", headers=world.auth("yueyang"),
                              json={"stage": "review", "date": "2026-06-05", "note": note})
    else:
        r = world.client.post("/projects/HN-PJ-2026-001/stage", headers=world.auth("yueyang"), follow_redirects=False,
                              data={"stage": "review", "date": "2026-06-05", "note": note})
    assert 400 <= r.status_code < 500 and "note" in r.text, (r.status_code, r.text[:300])
    p = world.client.get("/api/v1/projects/HN-PJ-2026-001", headers=world.auth("hunan")).json()
    assert p["lifecycle"] == []


@pytest.mark.parametrize("ctype", ["application/yaml", "application/json", "multipart/form-data; boundary=x"])
def test_an_oversized_body_is_refused_after_the_limit_not_read_whole(ctype):
    """A 1 GiB body (chunked, no Content-Length) is read only up to the submission limit, then
    refused with the loader's "file too large" problem -- not buffered whole in memory."""
    import asyncio

    from starlette.requests import Request

    from compliance.service.common import read_body
    from compliance.submission.files import MAX_BYTES, InvalidSubmission

    chunk, sent = b"x" * (1 << 20), []

    async def receive():
        sent.append(1)
        return {"type": "http.request", "body": chunk, "more_body": len(sent) < 1024}

    scope = {"type": "http", "method": "POST", "path": "/api/v1/check", "headers": [(b"content-type", ctype.encode())],
             "query_string": b""}
    with pytest.raises(InvalidSubmission) as info:
        asyncio.run(read_body(Request(scope, receive)))
    assert [p.type for p in info.value.problems] == ["file_too_large"]
    assert len(sent) <= MAX_BYTES // len(chunk) + 2
    # a Content-Length over the limit is refused before any byte is read
    sent.clear()
    scope["headers"].append((b"content-length", str(10 * MAX_BYTES).encode()))
    with pytest.raises(InvalidSubmission) as info:
        asyncio.run(read_body(Request(scope, receive)))
    assert sent == [] and info.value.problems[0].ctx["size"] == 10 * MAX_BYTES


def test_a_plot_copied_a_month_later_under_another_county_code_names_the_first_project(world):
    """The same plot id, certificate and polygon, declared in a neighbouring county: still the
    first project's plot; the second 入库 names it."""
    first = example_data()
    first["as_of"] = "2026-06-01"
    assert world.submit("dev", first).status_code == 201
    second = example_data()
    second["as_of"] = "2026-07-01"
    second["project"]["id"], second["project"]["name"] = "HN-PJ-2026-070", "平江县另一造林碳汇项目"
    second["developer"]["name"] = "湘北林业开发有限公司"
    second["plots"] = second["plots"][:1]
    pid = second["plots"][0]["id"]
    for a in second.get("agreements", []):
        if a.get("plots"):
            a["plots"] = [pid]
    second["plots"][0]["county"] = "430624"
    r = world.submit("dev2", second)
    assert r.status_code == 201, r.text
    named = [f for f in r.json()["findings"] if f["rule"].startswith("X-") and "HN-PJ-2026-001" in f["message"]]
    assert named, r.json()["findings"]


def test_markup_and_bidi_overrides_in_user_text_are_shown_literally_on_pages(world):
    """A project name with HTML and a right-to-left override: the page shows the markup as text
    and the override as an escape (it would reorder what the official reads), as the CLI does."""
    data = example_data()
    data["project"]["name"] = "项目<img src=x onerror=alert(1)>\u202egpj.exe"
    assert world.submit("dev", data).status_code == 201
    pages = [world.client.get("/projects/HN-PJ-2026-001", headers=world.auth("hunan")).text,
             world.client.get("/projects", headers=world.auth("hunan")).text,
             world.client.post("/check", files={"file": ("x.yaml", as_yaml(data).encode())}).text]
    for text in pages:
        assert "<img src=x" not in text and "&lt;img src=x onerror=alert(1)&gt;" in text
        assert "\u202e" not in text and "\\u202egpj.exe" in text


@pytest.mark.parametrize("path, value", [("project.name", "名" * 501), ("project.id", "HN-" + "9" * 300),
                                         ("developer.name", "司" * 201), ("plots[0].certificate", "证" * 201)])
def test_an_oversized_name_or_id_is_a_422_naming_the_field_not_a_database_error(world, path, value):
    """The library stores these in bounded columns: beyond them the loader refuses, naming the
    field, on SQLite as on PostgreSQL (where the column would refuse with a 5xx)."""
    data = example_data()
    node = data
    *parents, leaf = path.replace("[0]", ".0").split(".")
    for k in parents:
        node = node[int(k)] if k.isdigit() else node[k]
    node[leaf] = value
    r = world.submit("dev", data)
    assert r.status_code == 422 and any(p["path"] == path for p in r.json()["problems"]), r.text[:300]
    assert world.client.get("/api/v1/projects", headers=world.auth("hunan")).json() == []


def test_a_repeated_check_after_an_edit_of_the_register_file_is_judged_again_and_refused(tmp_path):
    """The cache answers the same bytes on the same register; a plain SQL edit of the register
    (its head row untouched) is not the same register: the check reads it again and refuses (503)."""
    import sqlite3

    from fastapi.testclient import TestClient

    from compliance.service.app import Settings, create_app
    from tests.service.support import penalties_world

    pw = penalties_world(tmp_path)
    w = pw.build_world(tmp_path / "register.sqlite3")
    data = example_data()
    w.record("HN", entity_name=data["developer"]["name"], code=data["developer"]["uscc"], region_code="430626")
    sid = w.reg.sanctions()[-1]["id"]
    w.reg.close()
    app = create_app(Settings(library=str(tmp_path / "lib.sqlite3"), db=str(tmp_path / "register.sqlite3"), isolate=False))
    body = as_yaml(data)
    with TestClient(app) as c:
        post = lambda: c.post("/api/v1/check", content=body, params={"as_of": "2026-06-01"},  # noqa: E731
                              headers={"Content-Type": "application/yaml"})
        first = post()
        assert first.status_code == 200 and first.json()["verdict"] == "fail", first.text[:300]
        with sqlite3.connect(tmp_path / "register.sqlite3") as db:
            db.execute("DELETE FROM sanction_state WHERE id = ?", (sid,))
        again = post()
        assert again.status_code == 503 and "未通过验证" in again.json()["message"], again.text[:300]
