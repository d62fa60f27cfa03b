"""The default backend: worker processes on this machine, cross-project joins in this process
(their engine calls in the worker processes: ``Workers.match``)."""
from __future__ import annotations

from ..runner import Workers


class LocalBackend(Workers):
    """``runner.Workers`` (spawned processes, one engine host each, crash isolation by project)
    plus the cross-project steps run here with pandas."""

    name = "local"

    def cross(self, extracts: list, unchecked: list) -> tuple[dict, list]:
        from ..cross import run_steps
        return run_steps(extracts, unchecked, match=self.match)
