"""How every SQLite database of the product is opened (the sanctions register, the project library):
WAL journal, full fsync, BEGIN issued by the caller, and a retry of the WAL switch."""
from __future__ import annotations

import sqlite3
import time

import sqlalchemy as sa
from sqlalchemy import event as sa_event


def sqlite_engine(url: str, *, threads: bool = False, foreign_keys: bool = False) -> sa.engine.Engine:
    """An engine for a SQLite URL; ``threads``: connections may move between threads (the service)."""
    args = {"timeout": 60}
    if threads:
        args["check_same_thread"] = False
    engine = sa.create_engine(url, connect_args=args)

    @sa_event.listens_for(engine, "connect")
    def _connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None   # the caller issues BEGIN
        cur = dbapi_conn.cursor()
        # switching a new file to WAL needs the lock a concurrent creator may hold, and SQLite
        # answers "locked" at once instead of waiting: retry for a while before giving up
        for attempt in range(200):
            try:
                cur.execute("PRAGMA journal_mode=WAL")
                break
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or attempt == 199:
                    raise
                time.sleep(0.05)
        cur.execute("PRAGMA synchronous=FULL")
        if foreign_keys:
            cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    return engine
