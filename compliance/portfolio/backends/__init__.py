"""Where a portfolio's checks run.

- ``local`` (the default): worker processes on this machine (``compliance.portfolio.runner``),
  cross-project joins in this process.
- ``dask`` (``compliance batch --scheduler tcp://HOST:PORT``): the per-project checks as tasks
  on a Dask distributed cluster (one engine host per worker process) and the cross-project
  joins as shuffles on the cluster. Only this module imports dask, and only when asked to.

A backend is a context manager with ``workers`` (how many run in parallel),
``run(items, as_of=…, total_plots=…, on_done=…)`` yielding ``runner`` outcomes (in any order) and
``cross(extracts, unchecked)`` returning the cross-project findings and double claims.
"""
from __future__ import annotations

from typing import Optional


def open_backend(scheduler: Optional[str] = None, workers: Optional[int] = None, db: Optional[str] = None,
                 register: bool = True, isolate: bool = False):
    """The local backend, or the Dask one when a scheduler address is given (its checks always
    run in worker processes: ``isolate`` holds there by construction)."""
    if scheduler:
        from .dask import DaskBackend

        return DaskBackend(scheduler, db, register)
    from .local import LocalBackend
    from ..runner import default_workers

    return LocalBackend(workers or default_workers(), db, register, isolate)
