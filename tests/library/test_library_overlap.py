"""入库 checks plot geometry against every stored project: X-overlap names the stored project and
the overlap area, wherever the stored plot lies and whatever county code either plot declares
(SQLite here; PostgreSQL too when COMPLIANCE_TEST_PG_URL is set)."""
from __future__ import annotations

import os
import uuid

import pytest
import sqlalchemy as sa

from tests.support import EXAMPLES

PG_URL = os.environ.get("COMPLIANCE_TEST_PG_URL")


def _load(name):
    from compliance.submission import files

    return files.load(EXAMPLES / "overlap" / name)


def _inline(sub, *, county=None, project_id=None, shift_lon=0.0):
    """``sub`` with its resolved polygons written into plots[].geometry (no geometry file), its
    plots' county code replaced and its polygons moved east by ``shift_lon`` degrees when asked."""
    import shapely
    from shapely.geometry import mapping

    from compliance.submission import files, geometry

    geo = geometry.of(sub)
    data = sub.model_dump(mode="json", by_alias=True)
    data["project"].pop("geometry_file", None)
    data["project"].pop("crs", None)
    if project_id:
        data["project"]["id"] = project_id
    for i, p in enumerate(data["plots"]):
        g = geo.get(i).usable
        p["geometry"] = mapping(shapely.transform(g, lambda xy: xy + [shift_lon, 0.0]))
        if county:
            p["county"] = county
            p.pop("lin_ban", None)
            p.pop("xiao_ban", None)
    return files.validate(data)


def _submit(lib, sub, token):
    from compliance.library.decide import new_decision_id, rulebase_version, run_check

    report = run_check(sub)
    lib.submit(sub, report, lib.authenticate(token), decision_id=new_decision_id(), rulebase_version=rulebase_version())
    return [f for f in report.findings if f.rule == "X-overlap"]


def _scenario(url):
    from compliance.library import Library

    with Library(url) as lib:
        _, t1 = lib.add_user("dev-a", "developer")
        _, t2 = lib.add_user("dev-b", "developer")
        assert not _submit(lib, _load("project-a.yaml"), t1)
        hits = _submit(lib, _load("project-b.yaml"), t2)
        assert [f.path for f in hits] == ["plots[0].geometry"]
        assert "HN-PJ-2026-001" in hits[0].message("zh") and "m²" in hits[0].message("zh")
        # the same hillside declared in another county (平江 430626 → 湘阴 430624): found by its polygon
        moved = _inline(_load("project-b.yaml"), county="430624", project_id="HN-PJ-2026-077")
        hits = _submit(lib, moved, t2)
        assert hits and all(f.path.endswith(".geometry") for f in hits)
        text = " ".join(f.message("zh") for f in hits)
        assert "HN-PJ-2026-001" in text and "m²" in text
        # the same polygons 0.5° further east overlap nothing stored
        far = _inline(_load("project-b.yaml"), county="430624", project_id="HN-PJ-2026-078", shift_lon=0.5)
        assert not _submit(lib, far, t2)
        # a project far away (no shared county, no polygon) gets no X-overlap
        from compliance.submission import files

        assert not _submit(lib, files.load(EXAMPLES / "hunan-undesignated-venue.yaml"), t2)


def test_overlap_on_entry_is_found_by_polygon_whatever_the_county(tmp_path):
    _scenario(f"sqlite:///{tmp_path / 'lib.sqlite3'}")


def test_the_overlap_query_reads_only_projects_near_the_new_plots(tmp_path):
    from compliance.library import Library
    from compliance.library.spatial import overlap_candidates
    from compliance.rules.portfolio import extract

    with Library(f"sqlite:///{tmp_path / 'lib.sqlite3'}") as lib:
        _, t = lib.add_user("dev", "developer")
        a = _load("project-a.yaml")
        _submit(lib, a, t)
        # 12 stored copies of project A spread 0.3° apart eastwards, another county code each time
        for k in range(1, 13):
            _submit(lib, _inline(a, county="430624", project_id=f"HN-FAR-{k:02d}", shift_lon=0.3 * k), t)
        b = _inline(_load("project-b.yaml"), county="430682", project_id="HN-NEW")
        with lib.engine.connect() as conn:
            assert overlap_candidates(conn, extract(b, b.project.start_date)) == {"HN-PJ-2026-001"}
            near = _inline(_load("project-b.yaml"), project_id="HN-NEW-2", shift_lon=0.3 * 5)
            assert overlap_candidates(conn, extract(near, near.project.start_date)) == {"HN-FAR-05"}


def test_a_library_stored_before_the_plot_boxes_is_filled_on_upgrade(tmp_path):
    """A library at schema 0001 (no boxes in the plot index) gets them from the stored extracts
    when opened, and the next 入库 finds the overlap."""
    from alembic import command
    from alembic.config import Config

    from compliance.library import Library
    from compliance.library.store import MIGRATIONS

    url = f"sqlite:///{tmp_path / 'lib.sqlite3'}"
    with Library(url) as lib:
        _, t1 = lib.add_user("dev-a", "developer")
        _, t2 = lib.add_user("dev-b", "developer")
        _submit(lib, _load("project-a.yaml"), t1)
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        with lib.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0001")
        assert lib.schema_version() == "0001"
    with Library(url) as lib:
        assert lib.schema_version() == "0002"
        with lib.engine.connect() as conn:
            boxes = conn.execute(sa.text("SELECT count(*) FROM lib_plots WHERE min_lon IS NOT NULL")).scalar()
        assert boxes >= 1
        moved = _inline(_load("project-b.yaml"), county="430624", project_id="HN-PJ-2026-077")
        hits = _submit(lib, moved, t2)
        assert hits and "HN-PJ-2026-001" in hits[0].message("zh")


@pytest.mark.skipif(not PG_URL, reason="COMPLIANCE_TEST_PG_URL is not set (eval \"$(bash .ci/postgres.sh)\" sets it)")
def test_overlap_on_entry_on_postgresql():
    from compliance.library.store import resolve_url

    base = resolve_url(PG_URL)
    schema = "lib_" + uuid.uuid4().hex[:10]
    admin = sa.create_engine(base)
    with admin.begin() as conn:
        conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
    try:
        _scenario(f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}")
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def test_a_wide_stored_plot_is_a_candidate_wherever_its_box_starts(tmp_path):
    """A stored plot wider than the range query's reach (a forest farm drawn as one polygon, 0.4°)
    is still found by the overlap query; the narrow plots' range stays as short as before."""
    import shapely
    from shapely.geometry import mapping

    from compliance.library import Library
    from compliance.library.spatial import NARROW_DEG, overlap_candidates
    from compliance.rules.portfolio import extract
    from compliance.submission import files, geometry

    a = _load("project-a.yaml")
    cx, cy = geometry.of(a).get(0).usable.centroid.coords[0]
    data = _inline(a, project_id="HN-WIDE").model_dump(mode="json", by_alias=True)
    data["plots"][0]["geometry"] = mapping(shapely.box(cx - 0.3, cy - 0.01, cx + 0.1, cy + 0.01))
    wide = files.validate(data)
    assert geometry.of(wide).get(0).usable.bounds[2] - geometry.of(wide).get(0).usable.bounds[0] > NARROW_DEG
    with Library(f"sqlite:///{tmp_path / 'lib.sqlite3'}") as lib:
        _, t = lib.add_user("dev", "developer")
        _submit(lib, wide, t)
        b = _inline(_load("project-b.yaml"), county="430682", project_id="HN-NEW")
        with lib.engine.connect() as conn:
            assert overlap_candidates(conn, extract(b, b.project.start_date)) == {"HN-WIDE"}
            far = _inline(_load("project-b.yaml"), project_id="HN-FAR", shift_lon=1.0)
            assert overlap_candidates(conn, extract(far, far.project.start_date)) == set()
