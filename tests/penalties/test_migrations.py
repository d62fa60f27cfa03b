"""The schema is created and versioned by the shipped alembic migrations."""
from __future__ import annotations

import sqlite3

import pytest

from compliance.penalties import store
from compliance.penalties.messages import RegisterError


def test_schema_version_constant_is_the_migrations_head():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(store.MIGRATIONS))
    script = ScriptDirectory.from_config(cfg)
    assert script.get_current_head() == store.SCHEMA_VERSION
    assert {r.revision for r in script.walk_revisions()} == set(store.KNOWN_SCHEMA_VERSIONS)


def test_migrated_schema_matches_the_tables_the_code_uses(tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    reg = store.Register(str(tmp_path / "m.sqlite3"))
    with reg.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"version_table": store.VERSION_TABLE})
        diff = compare_metadata(ctx, store.metadata)
    assert diff == []
    assert reg.schema_version() == store.SCHEMA_VERSION
    assert reg.head() == (0, store.EMPTY_HEAD)


def test_a_newer_database_is_refused_not_damaged(tmp_path):
    path = tmp_path / "future.sqlite3"
    store.Register(str(path)).close()
    with sqlite3.connect(path) as db:
        db.execute(f"UPDATE {store.VERSION_TABLE} SET version_num = '0999'")
    with pytest.raises(RegisterError) as info:
        store.Register(str(path))
    assert info.value.key == "db_newer"
    with sqlite3.connect(path) as db:
        assert db.execute(f"SELECT version_num FROM {store.VERSION_TABLE}").fetchone() == ("0999",)


def test_default_location_and_url_forms(tmp_path, monkeypatch):
    monkeypatch.delenv("COMPLIANCE_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    url = store.resolve_url(None)
    assert url.startswith("sqlite:///") and url.endswith("compliance/sanctions.sqlite3")
    monkeypatch.setenv("COMPLIANCE_DB", str(tmp_path / "env.sqlite3"))
    assert store.resolve_url(None) == f"sqlite:///{tmp_path / 'env.sqlite3'}"
    assert store.resolve_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert store.resolve_url("sqlite:///x.db") == "sqlite:///x.db"


def test_sqlite_runs_in_wal_mode(world):
    with sqlite3.connect(world.path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
