"""Fixtures of the platform tests (helpers are in tests/service/support.py)."""
from __future__ import annotations

import pytest

from tests.service.support import USERS, World


@pytest.fixture
def world(tmp_path):
    from fastapi.testclient import TestClient

    from compliance.library import Library
    from compliance.service.app import Settings, create_app

    url = f"sqlite:///{tmp_path / 'library.sqlite3'}"
    tokens = {}
    with Library(url) as lib:
        for key, name, role, division in USERS:
            tokens[key] = lib.add_user(name, role, division)[1]
    # checks in-process here (a worker process per test would cost a start each); the isolated path
    # is what test_isolation.py, test_fuzz.py and the server-subprocess tests run
    app = create_app(Settings(library=url, db=str(tmp_path / "no-register.sqlite3"), isolate=False))
    with TestClient(app) as client:
        yield World(client, url, tokens)
