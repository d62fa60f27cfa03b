"""Schemathesis fuzzes every endpoint of /openapi.json (ASGI, in process): never a 5xx.

Bounded: a few examples per operation (the whole module stays well under 30 s). A sanctions
register exists so the sanctions endpoints answer rather than 503 (no register configured).
"""
from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402

from tests.service.support import USERS, penalties_world  # noqa: E402

import atexit  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402


def _app():
    from compliance.library import Library
    from compliance.service.app import Settings, create_app

    d = Path(tempfile.mkdtemp(prefix="compliance-fuzz-"))
    atexit.register(shutil.rmtree, d, True)
    url = f"sqlite:///{d / 'library.sqlite3'}"
    with Library(url) as lib:
        token = lib.add_user(*USERS[-1][1:])[1]       # the province: every endpoint is reachable
    world = penalties_world(d).build_world(d / "register.sqlite3")
    world.record()
    world.reg.close()
    app = create_app(Settings(library=url, db=str(d / "register.sqlite3")))
    return app, token


APP, TOKEN = _app()
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_server_error(case):
    from schemathesis.checks import not_a_server_error

    response = case.call(headers={"Authorization": f"Bearer {TOKEN}"})
    case.validate_response(response, checks=[not_a_server_error])
