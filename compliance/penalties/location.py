"""Where the register lives, and the checker's view of it, without importing SQLAlchemy.

`compliance check` consults the register on every run; when no register exists yet (the
default SQLite file is absent) it must stay fast and create nothing, so this module is light.
"""
from __future__ import annotations

import os
from pathlib import Path


def resolve_url(url: str | None = None, *, create_dir: bool = True) -> str:
    """--db / COMPLIANCE_DB / the user data directory; a plain path means a SQLite file."""
    url = url or os.environ.get("COMPLIANCE_DB")
    if not url:
        import platformdirs

        base = Path(platformdirs.user_data_dir("compliance", appauthor=False))
        if create_dir:
            base.mkdir(mode=0o700, parents=True, exist_ok=True)
        return f"sqlite:///{base / 'sanctions.sqlite3'}"
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    for plain in ("postgresql://", "postgres://"):
        if url.startswith(plain):
            return "postgresql+psycopg://" + url[len(plain):]
    return url


def sqlite_missing(url: str) -> bool:
    """A SQLite URL whose file does not exist: nothing was ever recorded there."""
    if not url.startswith("sqlite"):
        return False
    path = url.split(":///", 1)[1] if ":///" in url else ""
    try:
        return not path or path == ":memory:" or not Path(path).exists()
    except OSError:        # a name too long for the file system names no file there
        return True


def missing_register(url: str) -> str | None:
    """The path of a SQLite register file that does not exist (to name it in a refusal), else None.

    Only looks at the file system: nothing is opened or created. A URL of another database, or
    an in-memory SQLite one, gives None (whether it holds a register is known once opened)."""
    if not url.startswith("sqlite"):
        return None
    path = url.split(":///", 1)[1] if ":///" in url else ""
    path = path.split("?", 1)[0]
    if not path or path == ":memory:":
        return None
    return None if Path(path).exists() else path
