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


class GeoJSON(dict):
    """A plot's GeoJSON geometry as the submission keeps it (numbers as floats), with the rings
    read from it (``parsed``): the model's validator reads a polygon once and the geometry's
    resolution uses that reading. Copied or pickled it is a plain dict (read again when needed)."""

    __slots__ = ("parsed",)

    def __reduce__(self):
        return (dict, (dict(self),))

    def __deepcopy__(self, memo):
        import copy

        return copy.deepcopy(dict(self), memo)


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


def parsed(value: Any) -> Optional[Raw]:
    """The reading the model's validator kept with a plot's geometry (None: read it again)."""
    return value.parsed if type(value) is GeoJSON else None


def _distinct_below_3(points: list) -> bool:
    """Fewer than three distinct vertices (``points``: [x, y] lists); stops at the third distinct one,
    so a drawn ring costs three comparisons, not a pass over it."""
    first = points[0]
    second = None
    for pt in points:
        if pt != first:
            if second is None:
                second = pt
            elif pt != second:
                return False
    return True


def _where(kind: str, pi: int, ri: int) -> tuple[str, str]:
    """The ring's name in a message (worked out only when there is one to give)."""
    wz = (f"第 {pi + 1} 个部分" if kind == "MultiPolygon" else "") + ("外环" if ri == 0 else f"第 {ri} 个内环")
    we = (f"part {pi + 1} " if kind == "MultiPolygon" else "") + ("outer ring" if ri == 0 else f"inner ring {ri}")
    return wz, we


def _ring(coords: Any, kind: str, pi: int, ri: int, problems: list) -> tuple[np.ndarray, list]:
    """The ring's (n, 2) array (closed) and its coordinates as given, as floats."""
    try:
        full = np.asarray(coords, dtype=float)
    except (TypeError, ValueError):
        wz, we = _where(kind, pi, ri)
        raise NotAPolygon(f"{wz}的坐标应为 [x, y] 数对的列表", f"the coordinates of {we} must be a list of [x, y] pairs")
    if full.ndim != 2 or full.shape[0] == 0 or full.shape[1] < 2:
        wz, we = _where(kind, pi, ri)
        if full.size == 0:
            problems.append(("empty", f"{wz}为空", f"{we} is empty"))
            return np.empty((0, 2)), full.tolist()
        raise NotAPolygon(f"{wz}的坐标应为 [x, y] 数对的列表", f"the coordinates of {we} must be a list of [x, y] pairs")
    given = full.tolist()
    if full.shape[1] > 2:
        arr = full[:, :2]
        points = arr.tolist()
    else:
        arr, points = full, given
    if not np.isfinite(arr).all():
        wz, we = _where(kind, pi, ri)
        raise NotAPolygon(f"{wz}含非有限的坐标值", f"{we} has non-finite coordinates")
    if len(points) >= 2 and points[0] != points[-1]:
        wz, we = _where(kind, pi, ri)
        problems.append(("unclosed", f"{wz}未闭合（首尾点不同）", f"{we} is not closed (first and last points differ)"))
        arr = np.vstack([arr, arr[:1]])
    if _distinct_below_3(points):
        wz, we = _where(kind, pi, ri)
        problems.append(("degenerate", f"{wz}不足三个不同的顶点", f"{we} has fewer than three distinct vertices"))
    return arr, given


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
    given = []
    for pi, poly in enumerate(polys):
        if not isinstance(poly, (list, tuple)):
            raise NotAPolygon("MultiPolygon 的每个部分应为环的列表", "each part of a MultiPolygon must be a list of rings")
        rings = []
        given_rings = []
        for ri, ring in enumerate(poly):
            arr, as_given = _ring(ring, kind, pi, ri, problems)
            rings.append(arr)
            given_rings.append(as_given)
        if not rings or not len(rings[0]):
            problems.append(("empty", "多边形没有外环", "a polygon has no outer ring"))
        out.append(rings)
        given.append(given_rings)
    if not out:
        problems.append(("empty", "几何为空（没有多边形）", "the geometry is empty (no polygon)"))
    geojson = GeoJSON(type=kind, coordinates=given[0] if kind == "Polygon" else given)
    geojson.parsed = Raw(out, problems)       # without ``given``: no reference cycle to leave to the collector
    return Raw(out, problems, geojson)


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


def geojson_to_wkt(obj: dict) -> str:
    """A GeoJSON Polygon/MultiPolygon as WKT text (the workbook's geometry cell), coordinates as given."""
    def ring(r):
        return "(" + ", ".join(f"{_num(p[0])} {_num(p[1])}" for p in r) + ")"

    def poly(rings):
        return "(" + ", ".join(ring(r) for r in rings) + ")"

    coords = obj.get("coordinates") or []
    if obj.get("type") == "MultiPolygon":
        return "MULTIPOLYGON (" + ", ".join(poly(p) for p in coords) + ")" if coords else "MULTIPOLYGON EMPTY"
    return "POLYGON " + poly(coords) if coords else "POLYGON EMPTY"


def _num(v) -> str:
    return repr(float(v)).rstrip("0").rstrip(".") if float(v) != int(float(v)) else str(int(float(v)))


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


@dataclass
class Built:
    """One plot's polygon on CGCS2000 lon/lat with its problems and measures (``build_many``)."""

    geom: Any
    problems: list[tuple[str, str, str]]
    area_m2: Optional[float] = None       # geodesic area of the usable (repaired) polygon
    parcel_m2: Optional[float] = None     # its smallest contiguous parcel
    parcels: int = 0
    valid: bool = False                   # the polygon as built is valid (it is its own repaired form)


def build_many(raws: list[Raw], to_lonlat) -> list[Built]:
    """``build`` and the measures (``area_m2``, ``parcels_m2``) of many plots at once, with the same
    results: the usable rings of all of them converted by one ``to_lonlat`` call, the shapely
    polygons made from the coordinate arrays, validity and bounds tested on the array. A valid
    single polygon is measured from its converted rings (it is its own only parcel); anything else
    (parts, repairs) goes through ``area_m2``/``parcels_m2``."""
    import shapely

    rings: list[np.ndarray] = []
    ring_poly: list[int] = []             # ring -> its polygon (the first ring of a polygon is its shell)
    poly_plot: list[int] = []             # polygon -> its plot
    for k, raw in enumerate(raws):
        for poly in raw.polygons:
            usable = [r for r in poly if len(r) >= 4]
            if not usable or len(poly[0]) < 4:
                continue
            ring_poly.extend([len(poly_plot)] * len(usable))
            rings.extend(usable)
            poly_plot.append(k)
    out = [Built(None, list(raw.problems)) for raw in raws]
    if not rings:
        polys = np.empty(0, dtype=object)
        lon = lat = np.empty(0)
        starts = np.zeros(1, dtype=np.intp)
    else:
        xy = np.concatenate(rings)
        lon, lat = to_lonlat(xy[:, 0], xy[:, 1])
        lon, lat = np.ascontiguousarray(lon, dtype=float), np.ascontiguousarray(lat, dtype=float)
        counts = np.fromiter((len(r) for r in rings), dtype=np.intp, count=len(rings))
        starts = np.concatenate([[0], np.cumsum(counts)])
        lines = shapely.linearrings(np.column_stack([lon, lat]), indices=np.repeat(np.arange(len(rings)), counts))
        polys = shapely.polygons(lines, indices=np.asarray(ring_poly, dtype=np.intp))
    by_plot: dict[int, list[int]] = {}
    for j, k in enumerate(poly_plot):
        by_plot.setdefault(k, []).append(j)
    for k, b in enumerate(out):
        js = by_plot.get(k)
        if js is None:
            if not any(p[0] in ("empty", "degenerate") for p in b.problems):
                b.problems.append(("empty", "几何为空", "the geometry is empty"))
            continue
        b.geom = polys[js[0]] if len(js) == 1 else shapely.MultiPolygon(list(polys[js]))
    drawn = [k for k, b in enumerate(out) if b.geom is not None]
    if not drawn:
        return out
    geoms = np.array([out[k].geom for k in drawn], dtype=object)
    valid = shapely.is_valid(geoms).tolist()       # plain bools and floats: read once per plot below
    bounds = shapely.bounds(geoms).tolist()
    starts = starts.tolist()
    first_ring = {}                       # polygon -> its rings' index range
    for r, j in enumerate(ring_poly):
        first_ring.setdefault(j, [r, r])[1] = r
    geod = _geod()
    for n, k in enumerate(drawn):
        b = out[k]
        b.valid = valid[n]
        if not b.valid:
            reason = shapely.is_valid_reason(b.geom)
            if "Self-intersection" in reason or "Ring Self-intersection" in reason:
                b.problems.append(("self_intersection", f"边界自相交（{reason}）", f"the boundary crosses itself ({reason})"))
            else:
                b.problems.append(("invalid", f"几何无效（{reason}）", f"invalid geometry ({reason})"))
        lo, la, hi, ha = bounds[n]
        if lo < CHINA_BOX[0] or hi > CHINA_BOX[2] or la < CHINA_BOX[1] or ha > CHINA_BOX[3]:
            b.problems.append(("outside_china", f"坐标超出中国范围（经度 {lo:.4f}～{hi:.4f}，纬度 {la:.4f}～{ha:.4f}）",
                               f"coordinates outside China (longitude {lo:.4f}..{hi:.4f}, latitude {la:.4f}..{ha:.4f})"))
        js = by_plot[k]
        if valid[n] and len(js) == 1:
            # pyproj's geometry_area_perimeter of the polygon: the shell's signed area plus its holes'
            r0, r1 = first_ring[js[0]]
            total = 0.0
            for r in range(r0, r1 + 1):
                a, c = starts[r], starts[r + 1]
                total += geod.polygon_area_perimeter(lon[a:c], lat[a:c])[0]
            b.area_m2 = b.parcel_m2 = abs(total)
            b.parcels = 1
        else:
            usable = repaired(b.geom)
            b.area_m2 = area_m2(usable)
            parts = parcels_m2(usable)
            b.parcel_m2 = parts[0] if parts else None
            b.parcels = len(parts)
    return out


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
    if shapely.is_valid(geom):
        return geom
    if geom.geom_type == "MultiPolygon":
        # parts repaired one by one, then the ground they cover: make_valid of the whole grows with the
        # square of the overlapping parts (400 copies of one ring: 2.8 s and 0.8 GB; 5,000: out of memory)
        parts = [p if shapely.is_valid(p) else shapely.make_valid(p) for p in geom.geoms]
        return shapely.union_all(parts)
    return shapely.make_valid(geom)


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
