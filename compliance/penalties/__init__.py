"""Sanctions register (川林发〔2024〕3号 六(四); MEAS Art. 43).

An append-only, hash-chained and signed register of suspensions, restrictions and
cancellations of eligibility to develop forestry carbon-sink resources, and of notices (通报).

Modules (import the one you need; this package imports nothing heavy on its own):

- ``store``    -- :class:`~compliance.penalties.store.Register`: open, append events, verify.
- ``lookup``   -- :func:`~compliance.penalties.lookup.active_sanctions` for the checker.
- ``screen``   -- find an entity by code, then by normalised Chinese name.
- ``tabular``  -- spreadsheet import (all-or-nothing) and CSV/Excel export.
- ``notice``   -- draft the 通报 as .docx from ``templates/notice.docx``.
- ``cli``      -- the ``compliance sanctions`` typer app.
"""
