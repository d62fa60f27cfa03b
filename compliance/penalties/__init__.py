"""Sanctions register (川林发〔2024〕3号 六(四); MEAS Art. 43).

An append-only, hash-chained and signed register of suspensions, restrictions and
cancellations of eligibility to develop forestry carbon-sink resources, and of notices (通报).

Modules (import the one you need; this package imports nothing heavy on its own):

- ``schema``     -- the tables, as the alembic migrations in ``migrations/`` create them.
- ``database``   -- engines: SQLite (WAL, files 0600) or PostgreSQL.
- ``chain``      -- canonical JSON, the RFC 6962-style hash chain, Ed25519 keys and signatures.
- ``fold``       -- events -> current state, and who may append what (pure).
- ``fields``     -- checking raw input (bounded texts, strict dates); asks the rule base
                    (``compliance.rules.register``) for the recording warnings.
- ``writer``     -- the write path: one transaction per append, trusting only signed events.
- ``store``      -- :class:`Register`: open, append events, read, full (parallel) verify.
- ``verify``     -- verified reads: the state a check may rely on (signed digest, entries
                    re-derived from their events, authorities from signed enrolments).
- ``trust``      -- pinned root keys per province; ``checkpoint`` -- the latest signed head seen.
- ``lookup``     -- :func:`~compliance.penalties.lookup.active_sanctions` for the checker.
- ``provider``   -- the sanctions provider ``check``, ``batch`` and the service hand to the checker.
- ``screen``     -- find an entity by code, then by normalised Chinese name (verified state).
- ``tabular``    -- spreadsheet import (all-or-nothing) and CSV/Excel export (formulas neutralised).
- ``notice``     -- draft the 通报 as .docx from ``templates/notice.docx``.
- ``feed``       -- the public 通报 feed (JSON/Atom) with inclusion proofs against a signed head.
"""

__all__ = ["Register"]


def __getattr__(name: str):
    if name == "Register":   # the documented API (compliance.Register), loaded on first use
        from .store import Register

        return Register
    raise AttributeError(f"module 'compliance.penalties' has no attribute {name!r}")
