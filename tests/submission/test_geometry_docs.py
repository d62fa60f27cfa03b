"""docs/geometry.md describes the geometry input from the schema: its field table is what
tools/make_geometry_docs.py generates from `compliance schema`, and every geometry field is
described in Chinese and English there."""
from __future__ import annotations

import subprocess
import sys

from tests.support import ROOT


def test_the_geometry_page_matches_the_schema():
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "make_geometry_docs.py"), "--check"],
                         capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert run.returncode == 0, run.stderr


def test_schema_describes_every_geometry_field_in_both_languages():
    from compliance.submission.schema import field_schema

    for model, prop, words in [("Project", "geometry_file", (".gpkg", "XIAN", "LIN_BAN")),
                               ("Project", "crs", ("EPSG:4490", "Gauss–Krüger", "Xian 1980")),
                               ("Plot", "geometry", ("GeoJSON", "WKT")),
                               ("Plot", "lin_ban", ("LIN_BAN",)), ("Plot", "xiao_ban", ("XIAO_BAN",)),
                               ("Plot", "unit_code", ("不动产单元代码",))]:
        zh, sep, en = field_schema(model, prop)["description"].partition(" / ")
        assert sep and zh.strip() and en.strip(), (model, prop)
        assert all(w in zh + en for w in words), (model, prop)


def test_the_page_covers_formats_crs_and_refusals():
    text = (ROOT / "docs" / "geometry.md").read_text(encoding="utf-8")
    for needle in (".shp", ".gpkg", ".geojson", ".kml", "XIAN", "LIN_BAN", "XIAO_BAN", "zone prefix",
                   "EPSG:4526", "Xian 1980", "Beijing 1954", "COMPLIANCE_DATUM_TRANSFORMS", "`geometry` column", "WKT"):
        assert needle in text, needle
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/geometry.md" in readme
