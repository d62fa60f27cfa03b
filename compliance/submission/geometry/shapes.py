"""Plot polygons: reading GeoJSON/WKT leniently, validity, geodesic area, contiguous parcels.

A polygon that cannot be drawn (an unclosed ring, a ring of fewer than four points, a ring
crossing itself) is not bad input but a finding (GEO-valid): its problems are collected here
and the rule reports them; only something that is no polygon at all (a point, a number) is
refused as input. Areas are geodesic on the CGCS2000 ellipsoid (GRS 80), in m².
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Optional

import numpy as np

from .crs import CHINA_BOX

POLYGONAL = ("Polygon", "MultiPolygon")


class NotAPolygon(ValueError):
    def __init__(self, zh: str, en: str):
        super().__init__(en)
        self.zh, self.en = zh, en


@dataclass
class Raw:
    """A plot's rings as given (source coordinates), before any CRS is applied."""

    polygons: list[list[np.ndarray]]          # polygon -> rings (first = shell) -> (n, 2) array
    problems: list[tuple[str, str, str]] = field(default_factory=list)    # (code, zh, en)

    given: Any = None                         # the GeoJSON geometry as given (numbers as floats)

    def as_geojson(self) -> dict:
        return self.given

    def coords(self) -> np.ndarray:
        parts = [r for poly in self.polygons for r in poly if len(r)]
        return np.concatenate(parts) if parts else np.empty((0, 2))


def _ring(coords: Any, where_zh: str, where_en: str, problems: list) -> np.ndarray:
    try:
        arr = np.asarray(coords, dtype=float)
    except (TypeError, ValueError):
        raise NotAPolygon(f"{where_zh}的坐标应为 [x, y] 数对的列表", f"the coordinates of {where_en} must be a list of [x, y] pairs")
    if arr.ndim != 2 or arr.shape[0] == 0 or arr.shape[1] < 2:
        if arr.size == 0:
            problems.append(("empty", f"{where_zh}为空", f"{where_en} is empty"))
            return np.empty((0, 2))
        raise NotAPolygon(f"{where_zh}的坐标应为 [x, y] 数对的列表", f"the coordinates of {where_en} must be a list of [x, y] pairs")
    arr = arr[:, :2]
    if not np.all(np.isfinite(arr)):
        raise NotAPolygon(f"{where_zh}含非有限的坐标值", f"{where_en} has non-finite coordinates")
    if len(arr) >= 2 and not np.array_equal(arr[0], arr[-1]):
        problems.append(("unclosed", f"{where_zh}未闭合（首尾点不同）", f"{where_en} is not closed (first and last points differ)"))
        arr = np.vstack([arr, arr[:1]])
    if len(np.unique(arr, axis=0)) < 3:
        problems.append(("degenerate", f"{where_zh}不足三个不同的顶点", f"{where_en} has fewer than three distinct vertices"))
    return arr


def from_geojson(obj: Any) -> Raw:
    """A GeoJSON Polygon/MultiPolygon mapping (a Feature's geometry also accepted)."""
    if isinstance(obj, dict) and obj.get("type") == "Feature":
        obj = obj.get("geometry")
    if not isinstance(obj, dict) or "type" not in obj:
        raise NotAPolygon("应为 GeoJSON 几何对象（type: Polygon 或 MultiPolygon，coordinates: …）或 WKT 文本",
                          "must be a GeoJSON geometry (type: Polygon or MultiPolygon, coordinates: …) or WKT text")
    kind = obj.get("type")
    if kind not in POLYGONAL:
        raise NotAPolygon(f"几何类型为 {kind}，地块应为 Polygon 或 MultiPolygon", f"geometry type is {kind}; a plot is a Polygon or MultiPolygon")
    coords = obj.get("coordinates")
    if not isinstance(coords, (list, tuple)):
        raise NotAPolygon("缺少坐标 coordinates（列表）", "coordinates (a list) are missing")
    polys = [coords] if kind == "Polygon" else coords
    problems: list = []
    out = []
    for pi, poly in enumerate(polys):
        if not isinstance(poly, (list, tuple)):
            raise NotAPolygon("MultiPolygon 的每个部分应为环的列表", "each part of a MultiPolygon must be a list of rings")
        rings = []
        for ri, ring in enumerate(poly):
            wz = (f"第 {pi + 1} 个部分" if kind == "MultiPolygon" else "") + ("外环" if ri == 0 else f"第 {ri} 个内环")
            we = (f"part {pi + 1} " if kind == "MultiPolygon" else "") + ("outer ring" if ri == 0 else f"inner ring {ri}")
            rings.append(_ring(ring, wz, we, problems))
        if not rings or not len(rings[0]):
            problems.append(("empty", "多边形没有外环", "a polygon has no outer ring"))
        out.append(rings)
    if not out:
        problems.append(("empty", "几何为空（没有多边形）", "the geometry is empty (no polygon)"))
    return Raw(out, problems, {"type": kind, "coordinates": _floats(coords)})


def _floats(v):
    if isinstance(v, (list, tuple)):
        return [_floats(x) for x in v]
    return float(v)


def from_shapely(geom) -> Raw:
    import shapely

    if geom is None or geom.is_empty:
        return Raw([], [("empty", "几何为空", "the geometry is empty")], {"type": "Polygon", "coordinates": []})
    kind = geom.geom_type
    if kind not in POLYGONAL:
        raise NotAPolygon(f"几何类型为 {kind}，地块应为 Polygon 或 MultiPolygon", f"geometry type is {kind}; a plot is a Polygon or MultiPolygon")
    return from_geojson(geom.__geo_interface__)


def from_wkt(text: str) -> Raw:
    import shapely
    from shapely.errors import GEOSException

    try:
        geom = shapely.from_wkt(text.strip())
    except (GEOSException, ValueError) as e:
        raise NotAPolygon(f"无法解析的 WKT：{str(e)[:120]}", f"unreadable WKT: {str(e)[:120]}")
    return from_shapely(geom)


def parse(value: Any) -> Raw:
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("{"):
            import json

            try:
                return from_geojson(json.loads(text))
            except json.JSONDecodeError:
                raise NotAPolygon("无法解析的 GeoJSON 文本", "unreadable GeoJSON text")
        return from_wkt(text)
    return from_geojson(value)


def build(raw: Raw, to_lonlat) -> tuple[Any, list[tuple[str, str, str]]]:
    """The shapely geometry on CGCS2000 lon/lat and the problems found (given and topological)."""
    import shapely

    problems = list(raw.problems)
    polys = []
    for rings in raw.polygons:
        usable = [r for r in rings if len(r) >= 4]
        if not usable or len(rings[0]) < 4:
            continue
        conv = []
        for r in usable:
            lon, lat = to_lonlat(r[:, 0], r[:, 1])
            conv.append(np.column_stack([lon, lat]))
        polys.append(shapely.Polygon(conv[0], conv[1:]))
    if not polys:
        if not any(p[0] in ("empty", "degenerate") for p in problems):
            problems.append(("empty", "几何为空", "the geometry is empty"))
        return None, problems
    geom = polys[0] if len(polys) == 1 else shapely.MultiPolygon(polys)
    if not shapely.is_valid(geom):
        reason = shapely.is_valid_reason(geom)
        if "Self-intersection" in reason or "Ring Self-intersection" in reason:
            problems.append(("self_intersection", f"边界自相交（{reason}）", f"the boundary crosses itself ({reason})"))
        else:
            problems.append(("invalid", f"几何无效（{reason}）", f"invalid geometry ({reason})"))
    lo, la, hi, ha = shapely.bounds(geom)
    if lo < CHINA_BOX[0] or hi > CHINA_BOX[2] or la < CHINA_BOX[1] or ha > CHINA_BOX[3]:
        problems.append(("outside_china", f"坐标超出中国范围（经度 {lo:.4f}～{hi:.4f}，纬度 {la:.4f}～{ha:.4f}）",
                         f"coordinates outside China (longitude {lo:.4f}..{hi:.4f}, latitude {la:.4f}..{ha:.4f})"))
    return geom, problems


@lru_cache(maxsize=1)
def _geod():
    from pyproj import Geod

    return Geod(ellps="GRS80")      # the CGCS2000 ellipsoid (flattening differs from GRS 80 by 1e-10)


def area_m2(geom) -> float:
    """Geodesic area of a (lon/lat) polygonal geometry, m²; non-polygonal parts count zero."""
    if geom is None or geom.is_empty:
        return 0.0
    parts = _polygons(geom)
    return float(sum(abs(_geod().geometry_area_perimeter(p)[0]) for p in parts))


def area_m2_many(geoms) -> np.ndarray:
    """Areas (m²) of many small lon/lat polygons at once: planar area scaled at each polygon's
    latitude (within 0.01 % of the geodesic area for plots of a few km); for screening overlaps."""
    import shapely

    geoms = np.asarray(geoms, dtype=object)
    if not len(geoms):
        return np.zeros(0)
    lat = np.radians(shapely.get_y(shapely.centroid(geoms)))
    lat = np.nan_to_num(lat)
    # metres per degree on GRS 80 (meridional and parallel), at each latitude
    a, e2 = 6378137.0, 0.00669438002290
    s = np.sin(lat)
    m = np.pi / 180 * a * (1 - e2) / (1 - e2 * s ** 2) ** 1.5
    n = np.pi / 180 * a * np.cos(lat) / np.sqrt(1 - e2 * s ** 2)
    return shapely.area(geoms) * m * n


def _polygons(geom) -> list:
    kind = geom.geom_type
    if kind == "Polygon":
        return [geom]
    if kind in ("MultiPolygon", "GeometryCollection"):
        return [p for g in geom.geoms for p in _polygons(g)]
    return []


def repaired(geom):
    import shapely

    if geom is None:
        return None
    return geom if shapely.is_valid(geom) else shapely.make_valid(geom)


def parcels_m2(geom) -> list[float]:
    """Areas of the contiguous parcels of a plot (parts that share an edge count as one)."""
    import shapely

    if geom is None or geom.is_empty:
        return []
    merged = shapely.union_all(_polygons(repaired(geom)))
    return sorted(area_m2(p) for p in _polygons(merged))


def smallest_parcel_m2(geom) -> Optional[float]:
    areas = parcels_m2(geom)
    return areas[0] if areas else None
