"""The sanctions provider that ``check``, ``batch`` (and the service) hand to the checker.

``compliance.checker.check(sub, sanctions=provider)`` calls ``provider(codes, as_of, province,
mechanism)`` while deriving facts. The provider opens the register once, verifies it once per
head (:mod:`~compliance.penalties.verify`) and answers from that verified state; it raises
:class:`~compliance.penalties.messages.RegisterError` (``verify.Unverified``, exit 3, for a
register that does not verify) -- never a CLI exit -- and says which register it consulted.
"""
from __future__ import annotations

import datetime as dt
from typing import Iterable, Optional

from .location import resolve_url, sqlite_missing


class SanctionsProvider:
    """Verified lookups in the register at ``url`` (opened on first use)."""

    def __init__(self, url: str):
        self.url = url
        self._reg = None
        self._state = None

    def _verified(self):
        from . import verify
        from .store import Register

        if self._reg is None:
            self._reg = Register(self.url, create=False)
        if self._state is None or self._reg.head() != self._state.head:
            self._state = verify.load(self._reg)
        return self._state

    def __call__(self, codes: Iterable[str], as_of: dt.date, province: str, mechanism: Optional[str],
                 **kw) -> list:
        from .lookup import active_in

        state = self._verified()
        return active_in(self._reg, state, codes, as_of, province, mechanism, **kw)

    def consulted(self) -> Optional[dict]:
        """{register, head_seq, head_hash, events, entries} of the register consulted, once it was."""
        return self._state.consulted() if self._state is not None else None

    def close(self) -> None:
        if self._reg is not None:
            self._reg.close()
            self._reg = None

    # a provider travels to batch worker processes by URL only
    def __getstate__(self):
        return {"url": self.url}

    def __setstate__(self, st):
        self.__init__(st["url"])


def checker_provider(db: str | None = None) -> Optional[SanctionsProvider]:
    """The provider for ``db`` (--db / COMPLIANCE_DB / the default file), or None when no
    register exists there (the default SQLite file is absent: nothing recorded, nothing created)."""
    url = resolve_url(db, create_dir=False)
    if sqlite_missing(url):
        return None
    return SanctionsProvider(url)
