"""Fixtures for the sanctions-register tests.

A register holds a Hunan province authority (HN, self-enrolled), the Huaihua prefecture (HH,
4312), two of its counties (HC 鹤城区 431202, ZF 中方县 431221) and Sichuan's province
authority (SC). Key files are written next to the database for CLI and subprocess tests.
"""
from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from compliance.reference import ids

HERE = Path(__file__).resolve().parent

from tests.penalties.support import (AUTHORITIES, PYTHON, World, build_world, id_number, sanction,  # noqa: E402,F401
                                     uscc)


@pytest.fixture(autouse=True)
def _isolated_trust(tmp_path, monkeypatch):
    """Checkpoints of database registers and the deployment configuration stay in the test's
    directory (never the user's data or config directory)."""
    monkeypatch.setenv("COMPLIANCE_CHECKPOINTS", str(tmp_path / "checkpoints"))
    monkeypatch.setenv("COMPLIANCE_CONFIG", str(tmp_path / "config.toml"))


@pytest.fixture
def world(tmp_path) -> World:
    w = build_world(tmp_path / "register.sqlite3")
    yield w
    w.reg.close()


@pytest.fixture
def python_env():
    """Environment for subprocesses: the package importable, the same reference data."""
    env = dict(os.environ)
    root = str(HERE.parent.parent)
    env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env



@pytest.fixture
def h():
    """Helpers for tests (conftest modules are not imported by name: tests/ may hold several)."""
    from types import SimpleNamespace

    return SimpleNamespace(uscc=uscc, id_number=id_number, sanction=sanction, build_world=build_world,
                           python=PYTHON)


PG_URL = os.environ.get("COMPLIANCE_TEST_PG_URL")


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request, tmp_path, monkeypatch):
    """(url, --db value) of a new register: a SQLite file, and a fresh PostgreSQL schema when
    COMPLIANCE_TEST_PG_URL is set (else that case skips, saying how to start a server)."""
    monkeypatch.setenv("COMPLIANCE_CHECKPOINTS", str(tmp_path / "checkpoints"))
    monkeypatch.setenv("COMPLIANCE_CONFIG", str(tmp_path / "none.toml"))
    if request.param == "sqlite":
        yield str(tmp_path / "reg.sqlite3"), str(tmp_path / "reg.sqlite3")
        return
    if not PG_URL:
        pytest.skip("COMPLIANCE_TEST_PG_URL is not set (eval \"$(bash .ci/postgres.sh)\" starts a server)")
    from compliance.penalties.location import resolve_url

    base = resolve_url(PG_URL)
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base)
    with admin.begin() as conn:
        conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in base else "?"
    url = f"{base}{sep}options=-csearch_path%3D{schema}"
    yield url, url
    with admin.begin() as conn:
        conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()
