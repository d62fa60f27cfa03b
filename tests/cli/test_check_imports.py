"""What a plain `compliance check` loads (start-up, issue 11): the geometry stack (numpy, shapely,
pyproj) only for a submission with polygons, rich only for the table, and -- once the validators
are cached -- no package-metadata scan (importlib.metadata) for a submission without polygons."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "hunan-ccer-afforestation.yaml"
WATCHED = ("numpy", "shapely", "pyproj", "rich", "importlib.metadata", "typer")


def _loaded(args, tmp_path) -> tuple[int, set[str]]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), XDG_CACHE_HOME=str(tmp_path / "cache"),
               XDG_DATA_HOME=str(tmp_path / "data"))       # the default register place: none there
    for k in ("COMPLIANCE_NO_FAST", "PYDANTIC_DISABLE_PLUGINS", "COMPLIANCE_LANG", "COMPLIANCE_DB"):
        env.pop(k, None)
    code = ("import sys, atexit\n"
            f"atexit.register(lambda: sys.__stderr__.write('LOADED ' + ' '.join(m for m in {WATCHED!r} "
            "if m in sys.modules) + '\\n'))\n"
            f"sys.argv = ['compliance', *{list(map(str, args))!r}]\n"
            "from compliance.cli import main\nmain()\n")
    r = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=tmp_path)
    line = [x for x in r.stderr.splitlines() if x.startswith("LOADED")][-1]
    return r.returncode, set(line.split()[1:])


def _without_polygons(tmp_path) -> Path:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["project"].pop("crs", None)
    for p in data["plots"]:
        p.pop("geometry", None)
    out = tmp_path / "no-polygons.yaml"
    out.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return out


def test_a_submission_without_polygons_loads_no_geometry_stack_and_rich_only_for_the_table(tmp_path):
    flat = _without_polygons(tmp_path)
    _loaded(["check", flat], tmp_path)                  # first run: builds and caches the validators
    code, table = _loaded(["check", flat], tmp_path)
    assert code == 0
    assert table.isdisjoint({"numpy", "shapely", "pyproj", "typer"}), table
    assert "importlib.metadata" not in table, "pydantic's plugin scan (or another metadata lookup) is back"
    assert "rich" in table
    code, as_json = _loaded(["check", flat, "--format", "json"], tmp_path)
    assert code == 0 and as_json.isdisjoint({"numpy", "shapely", "pyproj", "rich", "typer"}), as_json


def test_polygons_bring_the_geometry_stack(tmp_path):
    code, loaded = _loaded(["check", EXAMPLE], tmp_path)
    assert code == 0 and {"numpy", "shapely", "pyproj"} <= loaded and "typer" not in loaded
