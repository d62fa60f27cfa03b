"""Plot geometry: coordinate systems, readers, measures, rules fed from polygons, overlaps, maps, batch."""
from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import shapely

from compliance.submission import files as loader
from compliance.checker import check
from compliance.submission import geometry
from compliance.submission.geometry import crs as crsmod
from compliance.submission.geometry.map import plot_map_svg, render_plot_map
from compliance.submission.geometry.overlap import PlotIndex, PlotRef, cross_project_overlaps, plot_refs
from compliance.submission.geometry.shapes import area_m2, parcels_m2
from tests.support import EXAMPLES, ROOT, example_data

PY = sys.executable


def validate(data, base=EXAMPLES):
    return loader.validate(copy.deepcopy(data), "test", base_dir=base)


def invalid(data, base=EXAMPLES) -> dict[str, str]:
    with pytest.raises(loader.InvalidSubmission) as e:
        validate(data, base)
    return {p.path: p.message("zh") + " | " + p.message("en") for p in e.value.problems}


def rules(report) -> set[tuple[str, str, str]]:
    return {(f.rule, f.severity.value, f.path) for f in report.findings}


def square(cx, cy, side):
    h = side / 2
    return [[cx - h, cy - h], [cx + h, cy - h], [cx + h, cy + h], [cx - h, cy + h], [cx - h, cy - h]]


@pytest.fixture
def hunan() -> dict:
    return example_data("hunan-ccer-afforestation")


# --------------------------------------------------------------------------- coordinate systems
def test_zone_prefix_on_the_easting_is_detected_and_stated():
    x, y = np.array([38486300.0, 38486500.0]), np.array([3186200.0, 3186400.0])
    f = crsmod.detect(x, y, None, "43")
    assert f.name == "EPSG:4526" and f.assumed
    assert "第 38 带" in f.zh and "含带号" in f.zh and "zone prefix" in f.en
    lon, lat = f.to_lonlat(x, y)
    assert 113.8 < lon[0] < 113.9 and 28.7 < lat[0] < 28.8


def test_easting_without_prefix_takes_the_zone_from_the_province_when_only_one_fits():
    x, y = np.array([545000.0]), np.array([3178000.0])          # Hunan: only CM 111°E lands inside the province
    f = crsmod.detect(x, y, None, "43")
    assert f.name == "EPSG:4546" and "未含带号" in f.zh and "111°E" in f.zh and "province" in f.en


def test_easting_without_prefix_and_several_possible_zones_is_refused_with_the_options():
    with pytest.raises(crsmod.CrsProblem) as e:
        crsmod.detect(np.array([450000.0]), np.array([3178000.0]), None, "43")
    assert "无法判断" in e.value.zh and "EPSG:" in e.value.zh and "project.crs" in e.value.en


def test_declared_central_meridian_reads_eastings_without_prefix_and_is_not_an_assumption():
    f = crsmod.detect(np.array([450000.0]), np.array([3178000.0]), "EPSG:4547", "43")
    assert f.name == "EPSG:4547" and not f.assumed


def test_declared_zone_with_eastings_missing_the_prefix_says_so():
    f = crsmod.detect(np.array([486300.0]), np.array([3186200.0]), "EPSG:4526", "43")
    assert f.name == "EPSG:4547" and f.assumed and "东坐标未含带号" in f.zh


def test_northing_first_is_swapped_and_said():
    x, y = np.array([3186200.0]), np.array([38486300.0])
    f = crsmod.detect(x, y, None, "43")
    lon, lat = f.to_lonlat(x, y)
    assert "对调" in f.zh and 113.8 < lon[0] < 113.9


def test_lon_lat_is_cgcs2000_by_default():
    f = crsmod.detect(np.array([113.8]), np.array([28.7]), None, "43")
    assert f.name == "EPSG:4490" and not f.assumed


@pytest.mark.parametrize("declared,name", [("EPSG:2383", "1980 西安坐标系"), ("西安80", "1980 西安坐标系"), ("EPSG:2435", "1954 北京坐标系")])
def test_old_datums_are_refused_without_the_provinces_parameters(declared, name):
    with pytest.raises(crsmod.CrsProblem) as e:
        crsmod.detect(np.array([38486300.0]), np.array([3186200.0]), declared, "43")
    assert name in e.value.zh and "未配置" in e.value.zh and "provinces.43" in e.value.en


def test_old_datum_is_converted_with_configured_parameters(tmp_path, monkeypatch):
    cfg = tmp_path / "datum.yaml"
    cfg.write_text('provinces:\n  "43":\n    xian80: {towgs84: [24.0, -121.0, -76.0, 0, 0, 0, 0], source: 测试参数}\n', encoding="utf-8")
    monkeypatch.setenv("COMPLIANCE_DATUM_TRANSFORMS", str(cfg))
    f = crsmod.detect(np.array([113.8]), np.array([28.7]), "EPSG:4610", "43")
    lon, lat = f.to_lonlat(np.array([113.8]), np.array([28.7]))
    shift_m = np.hypot((lon[0] - 113.8) * 97_600, (lat[0] - 28.7) * 110_900)
    assert "测试参数" in f.zh and 1 < shift_m < 300


def test_unknown_crs_is_named(hunan):
    hunan["project"]["crs"] = "EPSG:99999999"
    assert "project.crs" in invalid(hunan)


# --------------------------------------------------------------------------- readers
def test_inline_example_polygons_match_the_declared_areas(hunan):
    sub = validate(hunan)
    geo = geometry.of(sub)
    assert [round(geo.get(i).area_m2 / 10000, 1) for i in (0, 1)] == [35.2, 8.6]
    assert geo.frames[0][1].name == "EPSG:4526"


def test_geopackage_joined_on_the_xiaoban_fields(hunan):
    for p in hunan["plots"]:
        del p["geometry"]
    hunan["project"]["geometry_file"] = "geometry/hunan-ccer-afforestation.gpkg"
    sub = validate(hunan)
    geo = geometry.of(sub)
    assert geo.joined_by == ["xiaoban"] and sorted(geo.plots) == [0, 1] and not geo.missing
    assert abs(geo.get(0).area_m2 / 10000 - 35.2) < 0.05
    assert not {f.rule for f in check(sub).findings} & {"GEO-valid", "GEO-area", "GEO-overlap"}


def test_geojson_joined_on_id_and_shapefile_and_kml(tmp_path):
    data = example_data("sichuan-scph-grassland")
    for p in data["plots"]:
        del p["geometry"]
    data["project"]["geometry_file"] = "geometry/sichuan-scph-grassland.geojson"
    sub = validate(data)
    assert geometry.of(sub).joined_by == ["id"]
    # the same polygons written as a shapefile and as KML read the same
    import pyogrio.raw

    geoms = [geometry.of(sub).get(i).geom for i in (0, 1)]
    wkb = np.array([shapely.to_wkb(g) for g in geoms], dtype=object)
    ids = np.array([p["id"] for p in data["plots"]], dtype=object)
    for name, driver in (("g.shp", "ESRI Shapefile"), ("g.kml", "KML")):
        pyogrio.raw.write(tmp_path / name, wkb, [ids], fields=["id" if driver != "KML" else "Name"], geometry_type="Polygon",
                          crs="EPSG:4490" if driver != "KML" else "EPSG:4326", driver=driver)
    data["project"]["geometry_file"] = "g.shp"
    shp = geometry.of(validate(data, tmp_path))
    assert [round(shp.get(i).area_m2) for i in (0, 1)] == [round(g) for g in map(area_m2, geoms)]
    data["project"]["geometry_file"] = "g.kml"
    problems = invalid(data, tmp_path)      # KML names features in Name, not id: no plot matches
    assert "没有能对应到地块的图斑" in problems["project.geometry_file"]


def test_missing_file_and_unsupported_type_are_input_problems(hunan, tmp_path):
    hunan["project"]["geometry_file"] = "nowhere.gpkg"
    assert "图形文件不存在" in invalid(hunan)["project.geometry_file"]
    (tmp_path / "x.dwg").write_text("x")
    hunan["project"]["geometry_file"] = "x.dwg"
    assert "不支持" in invalid(hunan, tmp_path)["project.geometry_file"]


@pytest.mark.parametrize("value", ["POLYGON EMPTY", {"type": "Polygon", "coordinates": []},
                                   {"type": "Polygon", "coordinates": [[[38486300, 3186200]] * 4]}])
def test_empty_or_degenerate_polygons_are_geo_valid_errors(hunan, value):
    hunan["plots"][0]["geometry"] = value
    hits = [f for f in check(validate(hunan)).findings if f.rule == "GEO-valid" and f.severity.value == "error"]
    assert [f.path for f in hits] == ["plots[0].geometry"]


def test_a_point_is_not_a_plot_polygon(hunan):
    hunan["plots"][0]["geometry"] = {"type": "Point", "coordinates": [38486300, 3186200]}
    assert "Polygon" in invalid(hunan)["plots[0].geometry"]
    hunan["plots"][0]["geometry"] = "POLYGON ((1 2, 3"
    assert "WKT" in invalid(hunan)["plots[0].geometry"]


def test_cli_check_reports_geometry_input_problems_with_exit_2(tmp_path, hunan):
    import yaml

    hunan["project"]["geometry_file"] = "missing.shp"
    f = tmp_path / "s.yaml"
    f.write_text(yaml.safe_dump(hunan, allow_unicode=True), encoding="utf-8")
    r = subprocess.run([PY, "-m", "compliance.cli", "check", str(f)], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 2 and "project.geometry_file" in r.stdout + r.stderr and "Traceback" not in r.stderr


def test_schema_lists_the_geometry_fields():
    r = subprocess.run([PY, "-m", "compliance.cli", "schema"], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0
    schema = json.loads(r.stdout)
    text = json.dumps(schema)
    assert "geometry_file" in text and "MultiPolygon" in text and "unit_code" in text


# --------------------------------------------------------------------------- measures and rules
def test_touching_parts_are_one_contiguous_parcel():
    a = shapely.Polygon(square(113.0, 28.0, 0.001))
    b = shapely.Polygon(square(113.001, 28.0, 0.001))         # shares an edge with a
    c = shapely.Polygon(square(113.01, 28.0, 0.0002))          # apart
    assert len(parcels_m2(shapely.MultiPolygon([a, b]))) == 1
    areas = parcels_m2(shapely.MultiPolygon([a, b, c]))
    assert len(areas) == 2 and areas[0] < 500


def test_aff_2_parcel_uses_the_smallest_parcel_computed_from_the_polygon(hunan):
    big = shapely.Polygon(hunan["plots"][1]["geometry"]["coordinates"][0])
    sliver = shapely.Polygon(square(38487900, 3185000, 18))     # 324 m², apart from the rest of the plot
    hunan["plots"][1]["geometry"] = shapely.geometry.mapping(shapely.MultiPolygon([big, sliver]))
    hunan["plots"][1]["area_ha"] = 8.63
    report = check(validate(hunan))
    hit = [f for f in report.findings if f.rule == "AFF-2-parcel"]
    assert hit and hit[0].path == "plots[1].smallest_parcel_m2" and "按地块图形计算" in hit[0].message_zh
    assert "324" in hit[0].message_zh
    assert "GEO-area" not in {f.rule for f in report.findings}


def test_without_geometry_the_findings_are_exactly_as_before(hunan):
    with_geo = check(validate(hunan))
    for p in hunan["plots"]:
        del p["geometry"]
    del hunan["project"]["crs"]
    plain = validate(hunan)
    assert geometry.of(plain) is None
    without = check(plain)
    assert [f.as_dict() for f in without.findings] == [f.as_dict() for f in with_geo.findings]


def test_geo_area_message_names_both_areas(hunan):
    hunan["plots"][0]["area_ha"] = 30.0
    f = next(f for f in check(validate(hunan)).findings if f.rule == "GEO-area")
    assert f.severity.value == "error" and "35.2" in f.message_zh and "30.0" in f.message_zh and f.params["GEO.area_error_pct"] == 15.0


# --------------------------------------------------------------------------- overlaps across projects
def ref(pid, i, geom, **kw):
    return PlotRef(pid, i, kw.pop("plot_id", f"{pid}-{i}"), geometry=geom, area_m2=area_m2(geom) if geom is not None else 0, **kw)


def test_cross_project_tiers_strongest_first():
    g = shapely.Polygon(square(113.0, 28.0, 0.004))
    shifted = shapely.Polygon(square(113.001, 28.0, 0.004))
    a = [ref("A", 0, g, certificate="湘（2021）平江县不动产权第0001234号"), ref("A", 1, None, county="430626", lin_ban="012", xiao_ban="07")]
    b = [ref("B", 0, shifted, certificate="湘(2021)平江县不动产权第0001234号"), ref("B", 1, None, county="430626", lin_ban="12", xiao_ban="7")]
    c = [ref("C", 0, shifted)]
    found = {(m.a.project_id, m.a.index, m.b.project_id, m.b.index): m for m in cross_project_overlaps([a, b, c])}
    assert found[("A", 0, "B", 0)].tier == "certificate" and found[("A", 0, "B", 0)].overlap_m2 > 100_000
    assert found[("A", 1, "B", 1)].tier == "xiaoban"
    assert found[("A", 0, "C", 0)].tier == "polygon" and 0.7 < found[("A", 0, "C", 0)].share < 0.8
    assert ("B", 0, "C", 0) in found and found[("C", 0, "B", 0)].share == pytest.approx(1.0)


def test_slivers_below_the_tolerances_are_not_overlaps():
    g = shapely.Polygon(square(113.0, 28.0, 0.004))
    touching = shapely.Polygon(square(113.004, 28.0, 0.004))
    sliver = shapely.Polygon(square(113.00399, 28.0, 0.004))   # about 1 m wide: ~440 m², 0.2 % of the plot
    assert cross_project_overlaps([[ref("A", 0, g)], [ref("B", 0, touching)]]) == []
    assert cross_project_overlaps([[ref("A", 0, g)], [ref("B", 0, sliver)]]) == []
    assert cross_project_overlaps([[ref("A", 0, g)], [ref("B", 0, sliver)]], min_m2=10, min_share=0.001)


def test_a_ready_index_answers_a_new_project():
    grid = [ref("LIB", i, shapely.Polygon(square(110 + (i % 100) * 0.01, 25 + (i // 100) * 0.01, 0.008))) for i in range(2000)]
    index = PlotIndex(grid)
    new = [ref("NEW", 0, shapely.Polygon(square(110.5, 25.1, 0.008)))]
    hits = index.overlaps(new)
    assert [(m.b.index, round(m.share, 2)) for m in hits] == [(1050, 1.0)]


def test_batch_over_the_overlap_example_folder(tmp_path):
    out = tmp_path / "r.xlsx"
    js = tmp_path / "r.json"
    r = subprocess.run([PY, "-m", "compliance.cli", "batch", str(EXAMPLES / "overlap"), "-o", str(out), "--json", str(js), "--workers", "1"],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 1, r.stdout + r.stderr
    d = json.loads(js.read_text(encoding="utf-8"))
    xs = {p["project"]: [f for f in p["findings"] if f["rule"] == "X-overlap"] for p in d["projects"]}
    assert set(xs) == {"HN-PJ-2026-001", "HN-PJ-2026-033"}
    for pid, other in (("HN-PJ-2026-001", "HN-PJ-2026-033"), ("HN-PJ-2026-033", "HN-PJ-2026-001")):
        assert len(xs[pid]) == 1 and other in xs[pid][0]["message"] and "m²" in xs[pid][0]["message"]
        assert xs[pid][0]["path"] == "plots[0].geometry"
    assert out.stat().st_size > 0


def test_batch_folder_reports_a_bad_file_by_name(tmp_path):
    import shutil

    folder = tmp_path / "in"
    folder.mkdir()
    for f in (EXAMPLES / "overlap").iterdir():
        shutil.copy(f, folder / f.name)
    (folder / "broken.yaml").write_text("project: [unclosed\n", encoding="utf-8")
    js = tmp_path / "r.json"
    r = subprocess.run([PY, "-m", "compliance.cli", "batch", str(folder), "-o", str(tmp_path / "r.xlsx"), "--json", str(js),
                        "--workers", "1"], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stdout + r.stderr
    d = json.loads(js.read_text(encoding="utf-8"))
    assert any(e["sheet"] == "broken.yaml" for e in d["input_errors"])
    assert {p["project"] for p in d["projects"] if p.get("findings")} >= {"HN-PJ-2026-001", "HN-PJ-2026-033"}


def test_workbook_geometry_column_is_wkt_and_checked():
    from compliance.submission import workbook as tabular

    pf = tabular.read(EXAMPLES / "portfolio" / "hunan-portfolio")
    pi = next(p for p in pf.projects() if p.project_id == "HN-PJ-2026-001")
    assert pi.data["plots"][0]["geometry"].startswith("POLYGON")
    sub = loader.validate(pi.data, "wb")
    assert round(geometry.of(sub).get(0).area_m2 / 10000, 1) == 35.2
    bad = copy.deepcopy(pi.data)
    bad["plots"][0]["geometry"] = "LINESTRING (0 0, 1 1)"
    with pytest.raises(loader.InvalidSubmission) as e:
        loader.validate(bad, "wb")
    assert [p.path for p in e.value.problems] == ["plots[0].geometry"]


# --------------------------------------------------------------------------- maps
def test_png_map_of_the_plots(hunan):
    png = render_plot_map(validate(hunan))
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000
    for p in hunan["plots"]:
        del p["geometry"]
    assert render_plot_map(validate(hunan)) is None


def test_svg_map_shows_plots_and_overlaps():
    a = plot_refs(loader.load(EXAMPLES / "overlap" / "project-a.yaml"))
    b = plot_refs(loader.load(EXAMPLES / "overlap" / "project-b.yaml"))
    matches = cross_project_overlaps([a, b])
    svg = plot_map_svg([*a, *b], matches, title="A & B <重叠>")
    assert svg.startswith("<svg") and svg.endswith("</svg>") and svg.count('class="overlap"') == 2
    assert "430626-LY-013-02" in svg and "A &amp; B &lt;重叠&gt;" in svg and "http://" not in svg.replace("http://www.w3.org/2000/svg", "")
    assert "无地块图形" in plot_map_svg([])


# --------------------------------------------------------------------------- many polygons
@pytest.mark.parametrize("workers", [1, 2, 3])
def test_self_join_finds_each_overlapping_pair_once_across_the_strips(workers, monkeypatch):
    """self_join (the benchmark's 5M-polygon join) on a grid of cells with planted copies: every
    overlapping pair exactly once, whichever strip and process it falls in; touching cells give area 0."""
    import numpy as np
    import shapely

    from compliance.submission.geometry import overlap

    monkeypatch.setattr(overlap, "MIN_SPLIT", 10)        # split even this small set
    cell = 0.001
    xs, ys = np.meshgrid(np.arange(40), np.arange(30))
    x0, y0 = 111.0 + xs.ravel() * cell, 27.0 + ys.ravel() * cell
    grid = shapely.box(x0, y0, x0 + cell * 0.9, y0 + cell * 0.9)          # gaps: no two cells meet
    planted = np.arange(0, len(grid), 37)
    copies = shapely.box(x0[planted] + cell * 0.5, y0[planted], x0[planted] + cell * 1.4, y0[planted] + cell * 0.9)
    touching = shapely.box(x0[5] + cell * 0.9, y0[5], x0[5] + cell * 0.95, y0[5] + cell * 0.9)   # shares an edge with cell 5
    geoms = np.concatenate([grid, copies, [touching]])
    i, j, m2 = overlap.self_join(geoms, workers=workers)
    got = sorted(zip(i.tolist(), j.tolist()))
    tree = shapely.STRtree(geoms)
    a, b = tree.query(geoms, predicate="intersects")
    expected = sorted((int(x), int(y)) for x, y in zip(a, b) if x < y)
    assert got == expected and len(got) == len(set(got))
    area = dict(zip(got, m2[np.lexsort((j, i))].tolist()))
    assert area[(5, len(geoms) - 1)] == 0.0                               # touching edge: no area
    k = len(grid)                                                         # the first copy overlaps cell 0 by 0.4 × 0.9 cells
    assert area[(0, k)] == pytest.approx(0.4 * 0.9 * (cell * 111_000) ** 2 * np.cos(np.radians(27.0)), rel=0.02)


def test_geo_findings_cite_the_basis_that_binds_the_project(hunan):
    """GEO-area cites MEAS 第十条第一款第（一）项 for a CCER project, 川林发 六(四) for a Sichuan one and
    the survey standard (secondary) elsewhere; GEO-valid cites 测绘法 第五条."""
    hunan["plots"][0]["area_ha"] = 30.0
    f = next(f for f in check(validate(hunan)).findings if f.rule == "GEO-area")
    assert f.citation.text().endswith("第十条第一款第（一）项") and f.citation.basis == "primary"
    sc = example_data("sichuan-scph-grassland")
    sc["plots"][0]["area_ha"] = round(sc["plots"][0]["area_ha"] * 0.7, 1)
    f = next(f for f in check(validate(sc)).findings if f.rule == "GEO-area")
    assert f.citation.text() == "川林发〔2024〕3号 六(四)"
    from compliance.rules.spatial import RULES

    valid = next(r for r in RULES if r.id == "GEO-valid")
    assert valid.citation.text() == "中华人民共和国测绘法 第五条" and valid.reading


# --------------------------------------------------------------------------- county boundaries (configured)
def test_a_bad_county_boundary_configuration_is_refused_naming_the_variable(tmp_path):
    import os

    def run(value):
        env = {**os.environ, "PYTHONPATH": str(ROOT), "COMPLIANCE_COUNTY_BOUNDARIES": value}
        return subprocess.run([sys.executable, "-m", "compliance.cli", "check", str(EXAMPLES / "hunan-ccer-afforestation.yaml")],
                              capture_output=True, text=True, env=env, timeout=120)

    r = run(str(tmp_path / "none.gpkg"))
    assert r.returncode == 2 and "COMPLIANCE_COUNTY_BOUNDARIES" in r.stderr + r.stdout and "Traceback" not in r.stderr
    nocode = tmp_path / "nocode.geojson"
    nocode.write_text(json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "x"},
                                  "geometry": {"type": "Polygon", "coordinates": [[[113, 28], [114, 28], [114, 29], [113, 28]]]}}]}))
    r = run(str(nocode))
    assert r.returncode == 2 and "6 位县级区划代码" in r.stderr + r.stdout


def test_county_boundaries_in_gauss_krueger_are_read_like_plots(tmp_path, monkeypatch, hunan):
    """A boundary GeoPackage in CGCS2000 zone 38 (EPSG:4526) judges the plots as the lon/lat sample does."""
    import pyogrio.raw

    from compliance.submission.geometry.counties import configured

    sample = json.loads((EXAMPLES / "geometry" / "county-boundaries-sample.geojson").read_text(encoding="utf-8"))
    from pyproj import Transformer

    t = Transformer.from_crs("EPSG:4490", "EPSG:4526", always_xy=True)
    geoms = [shapely.transform(shapely.geometry.shape(f["geometry"]).segmentize(0.01), lambda xy: np.column_stack(t.transform(xy[:, 0], xy[:, 1])))
             for f in sample["features"]]
    path = tmp_path / "counties.gpkg"
    pyogrio.raw.write(path, np.array(shapely.to_wkb(geoms)), [np.array([f["properties"]["code"] for f in sample["features"]])],
                      fields=["XZQDM"], geometry_type="Polygon", crs="EPSG:4526", driver="GPKG")
    monkeypatch.setenv("COMPLIANCE_COUNTY_BOUNDARIES", str(path))
    assert configured().codes == ["430626", "430682"]
    hunan["plots"][0]["county"] = "430682"
    hits = [f for f in check(validate(hunan)).findings if f.rule == "GEO-county"]
    assert [(f.severity.value, f.path) for f in hits] == [("error", "plots[0].county")]
    assert "430626" in hits[0].message("zh")


def test_a_multipolygon_of_many_overlapping_parts_is_repaired_part_by_part(monkeypatch):
    """5,000 copies of one ring (a few MB of JSON) made make_valid of the whole take all memory;
    each part is repaired alone and the parts united: the ground they cover, valid."""
    import shapely
    from shapely.geometry import MultiPolygon, Polygon

    from compliance.submission.geometry import shapes

    square = Polygon([(0, 0), (100, 0), (100, 100), (0, 100)])
    bowtie = Polygon([(200, 0), (300, 100), (300, 0), (200, 100)])
    geom = MultiPolygon([square] * 50 + [bowtie] * 50)
    real = shapely.make_valid

    def guarded(g, *a, **k):
        assert g.geom_type != "MultiPolygon", "make_valid of the whole multipolygon"
        return real(g, *a, **k)

    monkeypatch.setattr(shapely, "make_valid", guarded)
    fixed = shapes.repaired(geom)
    assert fixed.is_valid and round(fixed.area) == 10_000 + 5_000
