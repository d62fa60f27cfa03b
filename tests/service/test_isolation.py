"""The service judges in a crash-isolated worker process: the same document as in-process, and a
worker that dies on a submission is a 503 naming the failure while the server lives on."""
from __future__ import annotations

import functools
import json
from pathlib import Path

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


EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.yaml"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_is_answered_with_the_cli_json_document(isolated, path):
    """The contract of the anonymous check: the worker reads, judges and documents the body, and
    the answer is `compliance check --format json` of the same file (plus decision_id and
    rulebase_version; ``source`` names the request), readiness included, in zh and en."""
    import subprocess
    import sys

    client, _ = isolated
    for lang in ("zh", "en"):
        cli = subprocess.run([sys.executable, "-m", "compliance.cli", "check", str(path), "--format", "json",
                              "--no-register", "--lang", lang], capture_output=True, text=True, cwd=path.parents[1])
        expected = json.loads(cli.stdout)
        r = client.post("/api/v1/check", content=path.read_bytes(), headers=YAML, params={"lang": lang})
        assert r.status_code == 200, r.text
        doc = r.json()
        assert {k: v for k, v in doc.items() if k not in ("decision_id", "rulebase_version", "source")} == \
            {k: v for k, v in expected.items() if k != "source"}
        assert doc["source"] == "request.yaml" and "readiness" in doc


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


def _token(platform) -> str:
    return platform.library.add_user("湖南省林业局", "province", "43")[1]


def _swap(platform, factory):
    """Replace the platform's check host by one whose worker runs the sanctions factory ``factory``."""
    from compliance.checker.isolate import CheckHost

    good = platform._host
    platform._host = CheckHost(factory, timeout=60)
    return good


def _restore(platform, good):
    platform._host.close()
    platform._host = good


def test_a_worker_killed_during_a_trace_is_retried_and_a_second_death_is_a_503(isolated, tmp_path):
    """The decision trace explains rules in the worker: a worker that dies while explaining is
    retried once in a fresh worker (the same trace), and one that dies again is a 503 naming the
    failure in zh and en; the server lives on and traces again."""
    from tests.service.support import crashing_provider

    client, platform = isolated
    auth = {"Authorization": f"Bearer {_token(platform)}"}
    data = example_data()
    data["as_of"] = "2026-06-01"
    stored = client.post("/api/v1/projects", content=as_yaml(data), headers={**YAML, **auth})
    assert stored.status_code == 201, stored.text
    url = f"/api/v1/decisions/{stored.json()['decision_id']}"
    expected = client.get(url, headers=auth)
    assert expected.status_code == 200 and expected.json()["trace"]

    good = _swap(platform, functools.partial(crashing_provider, "explain_rule", str(tmp_path / "crashed-once")))
    try:
        again = client.get(url, headers=auth)
        assert (tmp_path / "crashed-once").exists(), "the worker died while explaining"
        assert again.status_code == 200 and platform._host.restarts == 1
        assert again.json()["trace"] == expected.json()["trace"]
    finally:
        _restore(platform, good)

    good = _swap(platform, functools.partial(crashing_provider, "explain_rule"))
    try:
        r = client.get(url, headers=auth)
        assert r.status_code == 503, r.text
        assert r.json()["error"] == "check_crashed" and "SIGSEGV" in r.json()["message"] and "检查未完成" in r.json()["message"]
        r_en = client.get(url, params={"lang": "en"}, headers=auth)
        assert r_en.status_code == 503 and "not be read as 'no finding'" in r_en.json()["message"]
    finally:
        _restore(platform, good)
    assert client.get(url, headers=auth).json()["trace"] == expected.json()["trace"]


def test_a_worker_killed_during_a_draft_is_retried_and_a_second_death_is_a_503(isolated, tmp_path):
    """The drafter's check of the composed agreements runs in the worker: killed once, the draft
    is made in a fresh worker; killed again, a 503 naming the failure (no document, no 409)."""
    from tests.service.support import crashing_checks

    client, platform = isolated
    body = as_yaml(example_data())
    good = _swap(platform, functools.partial(crashing_checks, str(tmp_path / "crashed-once")))
    try:
        r = client.post("/api/v1/draft/development", content=body, headers=YAML)
        assert (tmp_path / "crashed-once").exists()
        assert r.status_code == 200, r.text[:500]
        assert r.content[:2] == b"PK" and platform._host.restarts == 1
    finally:
        _restore(platform, good)

    good = _swap(platform, crashing_checks)
    try:
        for kind in ("development", "all"):
            r = client.post(f"/api/v1/draft/{kind}", content=body, headers=YAML)
            assert r.status_code == 503, r.text[:500]
            doc = r.json()
            assert doc["error"] == "check_crashed" and "SIGSEGV" in doc["message"] and "未起草" in doc["message"]
        r_en = client.post("/api/v1/draft/development?lang=en", content=body, headers=YAML)
        assert r_en.status_code == 503 and "nothing drafted" in r_en.json()["message"]
    finally:
        _restore(platform, good)
    r = client.post("/api/v1/draft/development", content=body, headers=YAML)
    assert r.status_code == 200 and r.content[:2] == b"PK"


@pytest.mark.parametrize("isolate", [True, False])
def test_a_register_the_server_cannot_read_is_a_503_not_the_submitters_422(tmp_path, isolate):
    """The sanctions register is the server's configuration: one it cannot open makes the check
    incomplete (503, naming the register's own message), in the worker as in-process."""
    from fastapi.testclient import TestClient

    from compliance.service.app import Settings, create_app

    bad = tmp_path / "register.sqlite3"
    bad.write_text("not a database")
    app = create_app(Settings(library=f"sqlite:///{tmp_path / 'l.sqlite3'}", db=str(bad), isolate=isolate, cache_size=0))
    with TestClient(app) as client:
        r = client.post("/api/v1/check", content=as_yaml(example_data()), headers=YAML)
        assert r.status_code == 503, r.text
        doc = r.json()
        assert doc["error"] == "register_unreadable" and "惩戒名录无法读取或核验，检查未完成" in doc["message"]
        assert "file is not a database" in doc["message"]
        en = client.post("/api/v1/check?lang=en", content=as_yaml(example_data()), headers=YAML).json()
        assert en["message"].startswith("the sanctions register cannot be read or verified")
    app.state.platform.close()
