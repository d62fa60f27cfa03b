"""Helpers shared by tests (imported by name; conftest.py holds only fixtures and steps)."""
from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def example_data(name: str) -> dict:
    """An example submission (examples/NAME.yaml) as plain data; a relative project.geometry_file
    is made absolute (relative to the example's folder), so the data validates from anywhere."""
    path = EXAMPLES / f"{name}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    project = data.get("project") if isinstance(data, dict) else None
    if isinstance(project, dict) and isinstance(project.get("geometry_file"), str) \
            and not Path(project["geometry_file"]).is_absolute():
        project["geometry_file"] = str(path.parent / project["geometry_file"])
    return data


def dying_once_at_start(marker: str):
    """A check worker's ``sanctions`` factory (run once as the worker starts) that kills its own
    process the first time -- ``marker``, a file, records that it did -- and gives no register after."""
    import os
    import signal

    if not os.path.exists(marker):
        open(marker, "w").close()
        os.kill(os.getpid(), signal.SIGKILL)
    return None
