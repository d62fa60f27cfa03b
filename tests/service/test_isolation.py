"""The service judges in a crash-isolated worker process: the same document as in-process, and a
worker that dies on a submission is a 503 naming the failure while the server lives on."""
from __future__ import annotations

import json

import pytest

from tests.service.support import as_yaml, example_data

YAML = {"Content-Type": "application/yaml"}


@pytest.fixture(scope="module")
def isolated(tmp_path_factory):
    from fastapi.testclient import TestClient

    from compliance.service.app import Settings, create_app

    d = tmp_path_factory.mktemp("isolated")
    app = create_app(Settings(library=f"sqlite:///{d / 'library.sqlite3'}", db=str(d / "none.sqlite3"), cache_size=0))
    with TestClient(app) as client:
        yield client, app.state.platform
    app.state.platform.close()


def _plain(doc: dict) -> dict:
    return {k: v for k, v in doc.items() if k != "decision_id"}


def test_the_worker_answers_the_in_process_document(isolated, tmp_path):
    from fastapi.testclient import TestClient

    from compliance.service.app import Settings, create_app

    client, platform = isolated
    assert platform.host() is not None and platform.host().pid is not None     # started with the server
    body = as_yaml(example_data())
    there = client.post("/api/v1/check", content=body, headers=YAML)
    here_app = create_app(Settings(library=f"sqlite:///{tmp_path / 'l.sqlite3'}", db=str(tmp_path / "none.sqlite3"), isolate=False))
    with TestClient(here_app) as here_client:
        here = here_client.post("/api/v1/check", content=body, headers=YAML)
    assert there.status_code == here.status_code == 200
    assert _plain(there.json()) == _plain(here.json())
    assert there.json()["readiness"] == here.json()["readiness"]


def test_a_crashing_check_is_a_503_with_the_reason_and_the_server_lives_on(isolated):
    from compliance.checker.isolate import CheckHost

    from tests.service.support import segfaulting_provider

    client, platform = isolated
    good = platform.host()
    platform._host = CheckHost(segfaulting_provider, timeout=60)     # the next checks crash their worker
    try:
        body = as_yaml(example_data())
        r = client.post("/api/v1/check", content=body, headers=YAML)
        assert r.status_code == 503
        doc = r.json()
        assert doc["error"] == "check_crashed"
        assert "SIGSEGV" in doc["message"] and "检查未完成" in doc["message"]
        r_en = client.post("/api/v1/check?lang=en", content=body, headers=YAML)
        assert r_en.status_code == 503 and "not be read as 'no finding'" in r_en.json()["message"]
        assert platform._host.restarts >= 2        # retried in a fresh worker each time
    finally:
        platform._host.close()
        platform._host = good
    # the server process lived on: the same submission is judged again
    r = client.post("/api/v1/check", content=body, headers=YAML)
    assert r.status_code == 200 and r.json()["verdict"] in ("pass", "fail")
    assert json.loads(r.content)["findings"] == client.post("/api/v1/check", content=body, headers=YAML).json()["findings"]


def test_invalid_input_is_still_a_422_with_the_field(isolated):
    client, _ = isolated
    data = example_data()
    data["plots"][0]["area_ha"] = "lots"
    r = client.post("/api/v1/check", content=as_yaml(data), headers=YAML)
    assert r.status_code == 422
    assert any(p["path"] == "plots[0].area_ha" for p in r.json()["problems"])
