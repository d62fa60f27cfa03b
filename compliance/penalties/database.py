"""The register's database: engines for SQLite (WAL, BEGIN IMMEDIATE, files 0600) and PostgreSQL."""
from __future__ import annotations

from compliance.storage import sqlite_engine

import sqlite3
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event as sa_event

from .messages import RegisterError
from .schema import VERSION_TABLE


def _safe_url(url: str) -> str:
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - only for a message
        return url


def _first_line(exc: Exception) -> str:
    orig = getattr(exc, "orig", None) or exc
    return str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__


def _sqlite_holds_register(url: str) -> None:
    """For an existing SQLite file opened without ``create``: refuse one that holds no register
    before the engine switches it to WAL (so a mistyped --db naming some other file is left as it was)."""
    u = sa.engine.make_url(url)
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return
    from urllib.parse import quote

    try:
        con = sqlite3.connect(f"file:{quote(u.database)}?mode=rw", uri=True, timeout=60)
    except sqlite3.Error as exc:
        raise RegisterError("db_open_failed", "db", url=_safe_url(url), detail=str(exc)) from None
    try:
        found = con.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                            (VERSION_TABLE,)).fetchone()
    except sqlite3.Error as exc:
        raise RegisterError("db_open_failed", "db", url=_safe_url(url), detail=str(exc)) from None
    finally:
        con.close()
    if found is None:
        raise RegisterError("db_missing", "db", path=u.database)


def _create_private(path: Path) -> None:
    """Create a new register file 0600 (it holds ID numbers); SQLite gives its -wal and -shm
    files the same mode. An existing file is left as it is."""
    import os

    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    except OSError as exc:
        raise RegisterError("db_open_failed", "db", url=str(path), detail=exc.strerror or type(exc).__name__) from None
    os.close(fd)


def _make_engine(url: str):
    u = sa.engine.make_url(url)
    if u.get_backend_name() == "sqlite":
        if u.database and u.database != ":memory:":
            parent = Path(u.database).parent
            if not parent.is_dir():
                raise RegisterError("db_open_failed", "db", url=url, detail=f"no such directory: {parent}")
            _create_private(Path(u.database))
        engine = sqlite_engine(url)

        @sa_event.listens_for(engine, "begin")
        def _begin(conn):
            opts = conn.get_execution_options()
            if opts.get("sanctions_write"):
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            elif not opts.get("sanctions_autocommit"):  # a one-statement read needs no transaction
                conn.exec_driver_sql("BEGIN")
        return engine
    try:
        # no pre-ping: it would add a round trip to every lookup; a dropped connection is
        # invalidated by the error it causes and replaced on the next checkout
        return sa.create_engine(url, pool_recycle=1800)
    except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError, ImportError) as exc:
        raise RegisterError("db_open_failed", "db", url=_safe_url(url), detail=str(exc)) from None
