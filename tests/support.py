"""Helpers shared by tests (imported by name; conftest.py holds only fixtures and steps)."""
from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def example_data(name: str) -> dict:
    """An example submission (examples/NAME.yaml) as plain data."""
    return yaml.safe_load((EXAMPLES / f"{name}.yaml").read_text(encoding="utf-8"))
