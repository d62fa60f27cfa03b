"""Fixtures for the portfolio tests: editable copies of the example CSV folder."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .support import EXAMPLE_DIR

@pytest.fixture
def folder(tmp_path) -> Path:
    """An editable copy of the example portfolio as a CSV folder."""
    dst = tmp_path / "portfolio"
    shutil.copytree(EXAMPLE_DIR, dst)
    return dst
