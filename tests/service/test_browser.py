"""Real-browser tests: pytest-playwright driving Debian's chromium against `compliance serve`.

The server is the real command (uvicorn on 127.0.0.1, a free port); chromium is the Debian
package (`.ci/chromium.sh` installs it; `playwright install` cannot download browsers here).
Skipped, saying why, when /usr/bin/chromium is absent.
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.service.support import EXAMPLE, ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed (bash .ci/chromium.sh installs it)"),
]
pytest.importorskip("playwright", reason="playwright is not installed (pip install -e '.[test]')")


@pytest.fixture(scope="session")
def browser_type_launch_args():
    return {"executable_path": CHROMIUM, "headless": True,
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run"]}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _cli(*args) -> str:
    r = subprocess.run([sys.executable, "-m", "compliance.cli", *args], capture_output=True, text=True, cwd=ROOT, check=True)
    return r.stdout.strip()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    d = tmp_path_factory.mktemp("serve")
    library = str(d / "library.sqlite3")
    token = _cli("users", "add", "--name", "平江县林业局", "--role", "county", "--division", "430626", "--library", library)
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "compliance.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
                             "--library", library, "--db", str(d / "register.sqlite3")], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if urllib.request.urlopen(base + "/healthz", timeout=1).status == 200:
                    break
            except OSError:
                if proc.poll() is not None:
                    raise RuntimeError("compliance serve exited: " + proc.stderr.read().decode(errors="replace"))
                time.sleep(0.1)
        else:
            raise RuntimeError("compliance serve did not answer /healthz")
        yield base, token
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_upload_the_example_see_the_verdict_a_named_finding_and_its_rule(page, server):
    base, _ = server
    page.goto(base + "/")
    assert page.locator("h1").inner_text() == "提交前检查"
    page.set_input_files("#file", str(EXAMPLE))
    page.click("#do-check")
    verdict = page.locator("#verdict")
    verdict.wait_for()
    assert "通过" in verdict.inner_text()
    # the findings the CLI reports for the example, each named by rule with its article
    expected = json.loads(subprocess.run([sys.executable, "-m", "compliance.cli", "check", str(EXAMPLE), "--format", "json",
                                          "--no-register"], capture_output=True, text=True, cwd=ROOT).stdout)["findings"]
    assert expected
    first = expected[0]
    row = page.locator(f"tr.finding[data-rule='{first['rule']}']").first
    assert first["citation"] in row.inner_text() and first["message"] in row.inner_text()
    assert page.locator("tr.finding").count() == len(expected)
    row.locator("a").click()
    page.wait_for_url(f"**/rules/{first['rule']}")
    assert page.locator("#rule-id").inner_text() == first["rule"]
    citation = page.locator("#citation").inner_text()
    assert citation and (citation in first["citation"] or first["citation"] in citation)
    # the cited article's text (or why there is none) under the rule
    articles = page.locator("#articles").inner_text()
    assert "来源" in articles or "无原文" in articles
    # the English switch
    page.click("#lang-switch")
    page.wait_for_url("**lang=en")
    assert "Rules" in page.locator("header").inner_text()


def test_invalid_upload_names_the_field(page, server, tmp_path):
    base, _ = server
    bad = tmp_path / "bad.yaml"
    bad.write_text(EXAMPLE.read_text(encoding="utf-8").replace("area_ha: 35.2", "area_ha: many", 1), encoding="utf-8")
    page.goto(base + "/")
    page.set_input_files("#file", str(bad))
    page.click("#do-check")
    page.locator("#verdict").wait_for()
    assert "未进行检查" in page.locator("#verdict").inner_text()
    assert "area_ha" in page.locator("table.problems").inner_text()


def test_an_official_signs_in_stores_the_example_and_records_library_entry(page, server):
    base, token = server
    page.goto(base + "/projects")
    assert page.locator("#token").is_visible()
    page.fill("#token", token)
    page.click("#do-signin")
    page.wait_for_url("**/projects")
    assert "平江县林业局" in page.locator("#whoami").inner_text()
    page.goto(base + "/")
    page.set_input_files("#file", str(EXAMPLE))
    page.click("#do-store")
    page.locator("#stored a").wait_for()
    assert "第 1 版" in page.locator("#stored").inner_text()
    page.click("#stored a")
    page.wait_for_url("**/projects/HN-PJ-2026-001")
    # the plots drawn from their polygons (inline SVG), one path per plot
    plots = page.locator("#plot-map svg.plot-map path[fill='#9ccc65']")
    assert plots.count() == 2 and page.locator("#plot-map svg").is_visible()
    page.select_option("#stage", "library")
    page.fill("#stage-date", "2026-06-10")
    page.fill("#stage-note", "准予入库")
    page.click("#do-stage")
    page.wait_for_url("**/projects/HN-PJ-2026-001")
    assert page.locator("#project-stage").inner_text() == "入库"
    lifecycle = page.locator("#lifecycle").inner_text()
    assert "2026-06-10" in lifecycle and "准予入库" in lifecycle
    page.goto(base + "/projects")
    assert "HN-PJ-2026-001" in page.locator("#projects").inner_text()
