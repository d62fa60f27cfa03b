"""Build the examples' plot geometry files (deterministic; run from the repository root).

- examples/hunan-ccer-afforestation.yaml gets ``plots[].geometry`` (the two 小班 of 平江县 430626 in
  CGCS2000 3° Gauss–Krüger zone 38 with the zone prefix, ``project.crs: EPSG:4526``), and the same
  polygons as a file, examples/geometry/hunan-ccer-afforestation.gpkg, joined on the 小班 fields
  SHENG/XIAN/XIANG/CUN/LIN_BAN/XIAO_BAN;
- examples/sichuan-scph-grassland.yaml gets ``plots[].geometry`` (the two pastures of 红原县 513233,
  CGCS2000 longitude/latitude), and the same as examples/geometry/sichuan-scph-grassland.geojson,
  joined on ``id``;

The two main examples carry their polygons inline, so that a copy of the file (drafting's
``--write-agreements``, a test's temporary folder) stays complete; the overlap pair uses files.
- examples/overlap/: two projects in 平江县 whose plots (different ids, different certificates)
  cover the same hillside: ``compliance batch examples/overlap -o r.xlsx`` reports X-overlap.

Polygons are irregular 小班 outlines (ridge/valley shaped), scaled so that the geodesic area
matches the declared ``area_ha`` to within 1 %.
"""
from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import shapely
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from compliance.submission.geometry.shapes import area_m2  # noqa: E402


def outline(cx: float, cy: float, radius: float, seed: int, n: int = 23, stretch: float = 1.6, turn: float = 0.5):
    """An irregular closed outline around (cx, cy) in metres."""
    rng = np.random.default_rng(seed)
    t = np.linspace(0, 2 * math.pi, n, endpoint=False)
    r = radius * (1 + 0.18 * np.sin(3 * t + rng.uniform(0, 6)) + 0.08 * rng.standard_normal(n).clip(-2, 2))
    x, y = r * np.cos(t) * stretch, r * np.sin(t)
    c, s = math.cos(turn), math.sin(turn)
    return np.column_stack([cx + c * x - s * y, cy + s * x + c * y])


def fit(ring_fn, target_ha: float, to_lonlat):
    """Scale an outline until its geodesic area is the target."""
    scale = 1.0
    for _ in range(8):
        ring = ring_fn(scale)
        lon, lat = to_lonlat(ring[:, 0], ring[:, 1])
        ha = area_m2(shapely.Polygon(np.column_stack([lon, lat]))) / 10000
        scale *= math.sqrt(target_ha / ha)
    return ring_fn(scale)


def gk38():
    from pyproj import Transformer

    t = Transformer.from_crs("EPSG:4526", "EPSG:4490", always_xy=True)
    return lambda x, y: t.transform(x, y)


def ll(x, y):
    return np.asarray(x), np.asarray(y)


def write(path: Path, geoms, fields: dict, crs: str, driver: str):
    import pyogrio.raw

    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.unlink()
    wkb = np.array([shapely.to_wkb(g) for g in geoms], dtype=object)
    names = list(fields)
    pyogrio.raw.write(path, wkb, [np.array(fields[n], dtype=object) for n in names], fields=names,
                  geometry_type="MultiPolygon" if any(g.geom_type == "MultiPolygon" for g in geoms) else "Polygon",
                  crs=crs, driver=driver)


def inline(yaml_path: Path, coords: dict[str, np.ndarray], crs_line: str | None, digits: int):
    """Write each plot's polygon into the example (plots[].geometry, after its boundaries line),
    keeping the file's comments; ``crs_line`` goes into the project block."""
    lines = yaml_path.read_text(encoding="utf-8").splitlines()
    lines = [ln for ln in lines if not ln.startswith("    geometry:") and not ln.startswith("  crs:")
             and not ln.startswith("  geometry_file:")]
    out, current = [], None
    for ln in lines:
        out.append(ln)
        if ln.startswith("  insurance:") and crs_line:
            out.append(crs_line)
        if ln.startswith("  - id: "):
            current = ln.split(":", 1)[1].split("#")[0].strip()
        if ln.startswith("    boundaries:") and current in coords:
            ring = coords[current]
            pts = ", ".join(f"[{x:.{digits}f}, {y:.{digits}f}]" for x, y in ring)
            out.append(f"    geometry: {{type: Polygon, coordinates: [[{pts}]]}}")
    yaml_path.write_text("\n".join(out) + "\n", encoding="utf-8")


def ring_of(poly) -> np.ndarray:
    return np.asarray(poly.exterior.coords)


def hunan():
    to_ll = gk38()
    # 长寿镇龙源村, 幕阜山 south slope: about 113.86°E 28.79°N -> zone 38 (CM 114°E)
    a = fit(lambda k: outline(38486300, 3186200, 240 * k, 1, stretch=1.7, turn=0.6), 35.2, to_ll)
    b = fit(lambda k: outline(38487250, 3185650, 120 * k, 2, stretch=1.4, turn=-0.3), 8.6, to_ll)
    geoms = [shapely.Polygon(a), shapely.Polygon(b)]
    write(ROOT / "examples/geometry/hunan-ccer-afforestation.gpkg", geoms, {
        "SHENG": ["43", "43"], "XIAN": ["430626", "430626"], "XIANG": ["430626107", "430626107"],
        "CUN": ["430626107214", "430626107214"], "LIN_BAN": ["012", "012"], "XIAO_BAN": ["03", "07"],
        "DI_LEI": ["0301", "0301"]}, "EPSG:4526", "GPKG")
    inline(ROOT / "examples/hunan-ccer-afforestation.yaml",
           {"430626-LY-012-03": ring_of(geoms[0]), "430626-LY-012-07": ring_of(geoms[1])},
           "  crs: EPSG:4526            # plots[].geometry: CGCS2000 3° Gauss–Krüger zone 38 (easting with zone prefix); default EPSG:4490 lon/lat", 2)
    return geoms


def sichuan():
    # 红原县 瓦切镇, around 102.55°E 32.95°N: build in a local GK frame (CM 102°E) and store lon/lat
    from pyproj import Transformer

    t = Transformer.from_crs("EPSG:4543", "EPSG:4490", always_xy=True)
    to_ll = lambda x, y: t.transform(x, y)   # noqa: E731
    a = fit(lambda k: outline(551500, 3646800, 1500 * k, 3, stretch=1.5, turn=0.2), 1180.5, to_ll)
    b = fit(lambda k: outline(556200, 3643900, 900 * k, 4, stretch=1.3, turn=-0.7), 436.8, to_ll)
    geoms = []
    for ring in (a, b):
        lon, lat = to_ll(ring[:, 0], ring[:, 1])
        geoms.append(shapely.Polygon(np.column_stack([np.round(lon, 7), np.round(lat, 7)])))
    write(ROOT / "examples/geometry/sichuan-scph-grassland.geojson", geoms,
          {"id": ["513233-WQ-003-01", "513233-WQ-005-02"], "name": ["德香村夏季牧场", "阿木柯村冬季牧场"]}, "EPSG:4490", "GeoJSON")
    inline(ROOT / "examples/sichuan-scph-grassland.yaml",
           {"513233-WQ-003-01": ring_of(geoms[0]), "513233-WQ-005-02": ring_of(geoms[1])}, None, 7)


def overlap(hunan_geoms):
    """Project B (another developer) claims 龙源村's hillside as 林班 013 小班 02/05."""
    to_ll = gk38()
    folder = ROOT / "examples/overlap"
    folder.mkdir(exist_ok=True)
    a_data = yaml.safe_load((ROOT / "examples/hunan-ccer-afforestation.yaml").read_text(encoding="utf-8"))
    a_data["project"].pop("crs", None)
    for p in a_data["plots"]:
        p.pop("geometry", None)
    a_data["project"]["geometry_file"] = "project-a.geojson"
    # B's first plot is shifted 300 m east over A's 012-03; its second lies clear of A
    shell = np.asarray(hunan_geoms[0].exterior.coords)
    b1 = shapely.Polygon(shell + np.array([300.0, -120.0]))
    b2 = shapely.Polygon(fit(lambda k: outline(38489400, 3187400, 150 * k, 5), 12.0, to_ll))
    wkb_ll = []
    for g in hunan_geoms:
        x, y = np.asarray(g.exterior.coords).T
        lon, lat = to_ll(x, y)
        wkb_ll.append(shapely.Polygon(np.column_stack([lon, lat])))
    write(folder / "project-a.geojson", wkb_ll, {"id": [p["id"] for p in a_data["plots"]]}, "EPSG:4490", "GeoJSON")
    b_data = yaml.safe_load(yaml.safe_dump(a_data, allow_unicode=True))
    b_data["project"].update(id="HN-PJ-2026-033", name="平江县龙源山林业碳汇项目", geometry_file="project-b.shp")
    b_data["developer"].update(name="岳阳青峰林业碳汇开发有限公司", uscc="91430600MA4QXKD52J")
    ids = ["430626-LY-013-02", "430626-LY-013-05"]
    old = [p["id"] for p in b_data["plots"]]
    areas = [round(area_m2(shapely.Polygon(np.column_stack(to_ll(*np.asarray(g.exterior.coords).T)))) / 10000, 1) for g in (b1, b2)]
    for p, new, area, cert in zip(b_data["plots"], ids, areas, ["湘（2023）平江县不动产权第0004410号", "湘（2023）平江县不动产权第0004411号"]):
        p.update(id=new, area_ha=area, certificate=cert)
    for a in b_data["agreements"]:
        if a.get("plots"):
            a["plots"] = [ids[old.index(x)] for x in a["plots"]]
    write(folder / "project-b.shp", [b1, b2], {"LIN_BAN": ["013", "013"], "XIAO_BAN": ["02", "05"], "XIAN": ["430626", "430626"]},
          "EPSG:4526", "ESRI Shapefile")
    head = ("# Failing example pair: project B (another developer) claims the hillside of project A's plot\n"
            "# 430626-LY-012-03 as its own 小班 013-02 (different plot id, different certificate).\n"
            "# `compliance batch examples/overlap -o r.xlsx` reports X-overlap on both, with the overlap area.\n")
    for name, data in (("project-a.yaml", a_data), ("project-b.yaml", b_data)):
        (folder / name).write_text(head + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120), encoding="utf-8")


if __name__ == "__main__":
    geoms = hunan()
    sichuan()
    overlap(geoms)
    print("written: examples/geometry/*, examples/overlap/*")
