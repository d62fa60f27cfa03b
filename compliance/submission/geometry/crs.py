"""Coordinate reference systems of plot geometry: CGCS2000 and its Gauss–Krüger 3° zones.

Everything is brought to CGCS2000 longitude/latitude (EPSG:4490). Projected coordinates are
recognised from their size: an easting above 10,000,000 m carries the 3° zone number as its
prefix (38 512 345 = zone 38, central meridian 114°E); an easting of 200,000–800,000 m has no
prefix, and the zone comes from ``project.crs`` or, failing that, from the province (only
where a single 3° zone puts the plots inside the province). Which reading was assumed is
always stated. Xian 1980 and Beijing 1954 coordinates are refused unless the province's
transformation parameters (seven-parameter Bursa–Wolf, published by the provincial surveying
authority) are configured in ``compliance/reference/data/datum_transforms.yaml`` or in the YAML file
named by ``COMPLIANCE_DATUM_TRANSFORMS``.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

import numpy as np

CGCS2000 = "EPSG:4490"
DATA = Path(__file__).resolve().parents[2] / "reference" / "data" / "datum_transforms.yaml"

# approximate extents (lon min, lat min, lon max, lat max) of the provinces, for plausibility only
PROVINCE_BOX: dict[str, tuple[float, float, float, float]] = {
    "11": (115.4, 39.4, 117.5, 41.1), "12": (116.7, 38.5, 118.1, 40.3), "13": (113.4, 36.0, 119.9, 42.7),
    "14": (110.2, 34.5, 114.6, 40.8), "15": (97.1, 37.4, 126.1, 53.4), "21": (118.8, 38.7, 125.8, 43.5),
    "22": (121.6, 40.8, 131.4, 46.3), "23": (121.1, 43.4, 135.1, 53.6), "31": (120.8, 30.7, 122.0, 31.9),
    "32": (116.3, 30.7, 121.9, 35.2), "33": (118.0, 27.0, 123.0, 31.2), "34": (114.8, 29.4, 119.7, 34.7),
    "35": (115.8, 23.5, 120.7, 28.4), "36": (113.5, 24.5, 118.5, 30.1), "37": (114.8, 34.4, 122.7, 38.4),
    "41": (110.4, 31.4, 116.7, 36.4), "42": (108.3, 29.0, 116.2, 33.3), "43": (108.8, 24.6, 114.3, 30.2),
    "44": (109.6, 20.2, 117.3, 25.6), "45": (104.4, 20.9, 112.1, 26.4), "46": (108.6, 3.8, 117.9, 20.2),
    "50": (105.3, 28.1, 110.2, 32.2), "51": (97.3, 26.0, 108.6, 34.4), "52": (103.6, 24.6, 109.6, 29.3),
    "53": (97.5, 21.1, 106.2, 29.3), "54": (78.3, 26.8, 99.2, 36.5), "61": (105.5, 31.7, 111.3, 39.6),
    "62": (92.2, 32.6, 108.8, 42.8), "63": (89.4, 31.6, 103.1, 39.2), "64": (104.3, 35.2, 107.7, 39.4),
    "65": (73.5, 34.3, 96.4, 49.2), "71": (119.3, 21.9, 122.1, 25.3), "81": (113.8, 22.1, 114.5, 22.6),
    "82": (113.5, 22.1, 113.6, 22.2),
}
CHINA_BOX = (73.4, 3.8, 135.1, 53.6)

ALIASES = {
    "cgcs2000": CGCS2000, "cgcs 2000": CGCS2000, "2000国家大地坐标系": CGCS2000, "国家2000": CGCS2000,
    "wgs84": "EPSG:4326", "wgs 84": "EPSG:4326",
    "xian80": "EPSG:4610", "xian 1980": "EPSG:4610", "西安80": "EPSG:4610", "1980西安坐标系": "EPSG:4610",
    "beijing54": "EPSG:4214", "beijing 1954": "EPSG:4214", "北京54": "EPSG:4214", "1954北京坐标系": "EPSG:4214",
}
OLD_DATUMS = {"Xian 1980": ("xian80", "1980 西安坐标系", "Xian 1980"), "Beijing 1954": ("beijing54", "1954 北京坐标系", "Beijing 1954")}


class CrsProblem(Exception):
    """Coordinates that cannot be placed on CGCS2000; zh/en say why and what to do."""

    def __init__(self, zh: str, en: str):
        super().__init__(en)
        self.zh, self.en = zh, en


@dataclass(frozen=True)
class Frame:
    """How the coordinates were read: the source CRS, the statement of what was assumed, and
    a function (x array, y array) -> (lon array, lat array) on CGCS2000."""

    name: str
    zh: str
    en: str
    assumed: bool
    _to_lonlat: object

    def to_lonlat(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if self._to_lonlat is None:
            raise RuntimeError(f"frame {self.name}: its transformation stays with the process that read the coordinates")
        return self._to_lonlat(x, y)

    def __reduce__(self):
        # sent to a check worker with the resolved plots: the statement travels, the transformation
        # (a closure over a pyproj transformer) is only needed while reading and stays behind
        return (Frame, (self.name, self.zh, self.en, self.assumed, None))


def gk_zone_epsg(zone: int) -> int:
    """CGCS2000 3° Gauss–Krüger zone with the zone number prefixed to the easting (zone 25..45)."""
    return 4513 + zone - 25


def gk_cm_epsg(cm: int) -> int:
    """CGCS2000 3° Gauss–Krüger zone by central meridian, easting without prefix (75°E..135°E)."""
    return 4534 + (cm - 75) // 3


@lru_cache(maxsize=256)
def _transformer(src: str):
    from pyproj import Transformer

    return Transformer.from_crs(src, CGCS2000, always_xy=True)


def _via(src: str):
    t = _transformer(src)

    def run(x, y):
        lon, lat = t.transform(np.asarray(x, dtype=float), np.asarray(y, dtype=float))
        return np.asarray(lon), np.asarray(lat)

    return run


def _identity(x, y):
    return np.asarray(x, dtype=float), np.asarray(y, dtype=float)


def _parse(declared: Optional[str]):
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    text = str(declared).strip()
    key = ALIASES.get(text.lower(), text)
    if key.isdigit():
        key = f"EPSG:{key}"
    try:
        return CRS.from_user_input(key)
    except CRSError:
        raise CrsProblem(f"无法识别的坐标系 {text}（应为 EPSG 代码，如 EPSG:4490、EPSG:4526，或 CGCS2000）",
                         f"unknown coordinate system {text} (use an EPSG code such as EPSG:4490 or EPSG:4526, or CGCS2000)")


def _datum_of(crs) -> Optional[str]:
    name = crs.geodetic_crs.name if crs.geodetic_crs else crs.name
    for datum in OLD_DATUMS:
        if datum in name or datum in crs.name:
            return datum
    return None


def transforms_config() -> dict:
    """Province -> datum -> {towgs84: [7 numbers], source: text}, from the shipped file and
    from COMPLIANCE_DATUM_TRANSFORMS (which takes precedence)."""
    import yaml

    out: dict = {}
    for path in (DATA, os.environ.get("COMPLIANCE_DATUM_TRANSFORMS")):
        if not path:
            continue
        p = Path(path)
        if not p.is_file():
            continue
        data = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
        for prov, datums in (data.get("provinces") or {}).items():
            out.setdefault(str(prov), {}).update(datums or {})
    return out


def _old_datum_frame(crs, datum: str, province: str) -> Frame:
    key, zh_name, en_name = OLD_DATUMS[datum]
    params = (transforms_config().get(province) or {}).get(key)
    try:
        from compliance.reference import divisions

        label = f"{divisions.name(province)}，{province}"
    except Exception:  # noqa: BLE001 - a label only
        label = province
    if not params or len(params.get("towgs84") or []) != 7:
        raise CrsProblem(
            f"地块坐标为{zh_name}（{crs.name}）：须用本省（{label}）的坐标转换参数转换为 2000 国家大地坐标系（CGCS2000），"
            f"但未配置该省的转换参数。请先将图形转换为 CGCS2000，或在 compliance/reference/data/datum_transforms.yaml"
            f"（或 COMPLIANCE_DATUM_TRANSFORMS 指定的文件）中配置 provinces.{province}.{key}.towgs84 七参数",
            f"the plot coordinates are in {en_name} ({crs.name}): they must be converted to CGCS2000 with the province's "
            f"({province}) transformation parameters, and none are configured. Convert the geometry to CGCS2000 first, or "
            f"configure provinces.{province}.{key}.towgs84 (seven parameters) in compliance/reference/data/datum_transforms.yaml "
            f"(or the file named by COMPLIANCE_DATUM_TRANSFORMS)")
    from pyproj import CRS, Transformer

    import warnings

    towgs = ",".join(str(float(v)) for v in params["towgs84"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)      # the PROJ string is only the base for +towgs84
        base = crs.to_proj4()
    src = CRS.from_proj4(f"{base} +towgs84={towgs}")
    dst = CRS.from_proj4("+proj=longlat +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +no_defs")
    t = Transformer.from_crs(src, dst, always_xy=True)

    def run(x, y):
        lon, lat = t.transform(np.asarray(x, dtype=float), np.asarray(y, dtype=float))
        return np.asarray(lon), np.asarray(lat)

    source = params.get("source") or ""
    return Frame(crs.name, f"{zh_name}坐标（{crs.name}）按已配置的{province}省转换参数转换为 CGCS2000{('（' + source + '）') if source else ''}",
                 f"{en_name} coordinates ({crs.name}) converted to CGCS2000 with the configured parameters for province {province}"
                 f"{(' (' + source + ')') if source else ''}", True, run)


def _looks_geographic(x: np.ndarray, y: np.ndarray) -> bool:
    return bool(np.all(np.abs(x) <= 180) and np.all(np.abs(y) <= 90))


def _is_easting(v: np.ndarray) -> Optional[str]:
    """'prefixed' (zone number in front), 'plain' (200–800 km) or None."""
    if np.all((v >= 25_000_000) & (v < 46_000_000)):
        zones = (v // 1_000_000).astype(int)
        # one zone number or several (min/max: np.unique would import numpy.ma, ~5 ms per start)
        return "prefixed" if zones.min() == zones.max() else "mixed"
    if np.all((v >= 200_000) & (v <= 800_000)):
        return "plain"
    return None


def _in_box(lon: np.ndarray, lat: np.ndarray, box) -> bool:
    cx, cy = float(np.mean(lon)), float(np.mean(lat))
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def detect(x: np.ndarray, y: np.ndarray, declared: Optional[str], province: str) -> Frame:
    """The frame the coordinates (all vertices of a submission's plots) are read in."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if x.size == 0:
        return Frame(CGCS2000, "", "", False, _identity)
    crs, datum, declared_gk, cgcs2000_lonlat = _declaration(str(declared)) if declared else (None, None, None, False)
    if datum:
        return _old_datum_frame(crs, datum, province)
    if crs is not None and declared_gk is None and not cgcs2000_lonlat:
        # another system (WGS 84, UTM …): pyproj converts it, WGS 84 and CGCS2000 agree to centimetres
        return Frame(crs.name, f"坐标按声明的坐标系 {crs.name} 转换为 CGCS2000", f"coordinates converted from the declared {crs.name} to CGCS2000",
                     False, _via(crs.srs))
    if _looks_geographic(x, y):
        if declared_gk:
            raise CrsProblem(f"project.crs 声明为投影坐标系 {crs.name}，但坐标是经纬度：请将 project.crs 改为 EPSG:4490",
                             f"project.crs declares the projected {crs.name}, but the coordinates are longitude/latitude: set project.crs to EPSG:4490")
        return Frame(CGCS2000, "坐标为 CGCS2000 经纬度（EPSG:4490）", "coordinates are CGCS2000 longitude/latitude (EPSG:4490)", False, _identity)
    # projected: which coordinate is the easting?
    swapped = False
    kind = _is_easting(x)
    if kind is None and _is_easting(y) is not None:
        kind, swapped = _is_easting(y), True
        x, y = y, x
    order_zh = "（坐标顺序为先北后东，已对调）" if swapped else ""
    order_en = " (coordinates given northing first; swapped)" if swapped else ""
    if kind == "mixed":
        raise CrsProblem("东坐标带有不同的带号：一个项目的图形应在同一 3° 带内，或转换为 CGCS2000 经纬度",
                         "the eastings carry different zone prefixes: give one project's geometry in one 3° zone or as CGCS2000 longitude/latitude")
    if kind is None or not np.all((y > 0) & (y < 6_200_000)):
        raise CrsProblem("坐标既不是经纬度，也不像 CGCS2000 高斯-克吕格 3° 带坐标（东坐标 200–800 km，或带带号）：请在 project.crs 中写明坐标系",
                         "the coordinates are neither longitude/latitude nor CGCS2000 Gauss–Krüger 3° zone coordinates "
                         "(easting 200–800 km, or with the zone prefix): state the coordinate system in project.crs")
    swap = (lambda f: (lambda a, b: f(b, a))) if swapped else (lambda f: f)
    if kind == "prefixed":
        zone = int(x[0] // 1_000_000)
        if declared_gk and declared_gk[0] == "cm" and declared_gk[1] != zone * 3:
            raise CrsProblem(f"project.crs 声明中央经线 {declared_gk[1]}°E，但东坐标带号为 {zone}（中央经线 {zone * 3}°E）",
                             f"project.crs declares central meridian {declared_gk[1]}°E but the eastings carry zone {zone} (central meridian {zone * 3}°E)")
        epsg = gk_zone_epsg(zone)
        note_zh = f"坐标按 CGCS2000 高斯-克吕格 3° 带第 {zone} 带（中央经线 {zone * 3}°E，东坐标含带号，EPSG:{epsg}）解读{order_zh}"
        note_en = f"coordinates read as CGCS2000 Gauss–Krüger 3° zone {zone} (central meridian {zone * 3}°E, zone prefix on the easting, EPSG:{epsg}){order_en}"
        return Frame(f"EPSG:{epsg}", note_zh, note_en, declared_gk is None or declared_gk[0] != "zone", swap(_via(f"EPSG:{epsg}")))
    # no prefix: the central meridian comes from project.crs, else from the province
    if declared_gk:
        cm = declared_gk[1]
        how_zh = "按 project.crs 声明的中央经线" if declared_gk[0] == "cm" else "按 project.crs 声明的带号（东坐标未含带号）"
        how_en = "the central meridian declared in project.crs" if declared_gk[0] == "cm" else "the zone declared in project.crs (no prefix on the eastings)"
        assumed = declared_gk[0] != "cm"
    else:
        box = PROVINCE_BOX.get(province)
        fits = []
        for cm in range(75, 136, 3):
            lon, lat = _via(f"EPSG:{gk_cm_epsg(cm)}")(x[:200], y[:200])
            if box and _in_box(lon, lat, box):
                fits.append(cm)
        if len(fits) != 1:
            options = "、".join(f"{c}°E（EPSG:{gk_cm_epsg(c)}）" for c in fits) or "无"
            raise CrsProblem(f"东坐标未含带号，无法判断所在 3° 带（可能的中央经线：{options}）：请在 project.crs 中写明，如 EPSG:{gk_cm_epsg(fits[0] if fits else 114)}",
                             f"the eastings carry no zone prefix and the 3° zone cannot be told (possible central meridians: "
                             f"{', '.join(str(c) for c in fits) or 'none'}): state it in project.crs, e.g. EPSG:{gk_cm_epsg(fits[0] if fits else 114)}")
        cm = fits[0]
        how_zh, how_en, assumed = "按项目所在省份推定的中央经线", "the central meridian inferred from the project's province", True
    epsg = gk_cm_epsg(cm)
    note_zh = f"坐标按 CGCS2000 高斯-克吕格 3° 带（中央经线 {cm}°E，东坐标未含带号，EPSG:{epsg}）解读，{how_zh}{order_zh}"
    note_en = f"coordinates read as CGCS2000 Gauss–Krüger 3° zone (central meridian {cm}°E, no zone prefix on the easting, EPSG:{epsg}), from {how_en}{order_en}"
    return Frame(f"EPSG:{epsg}", note_zh, note_en, assumed, swap(_via(f"EPSG:{epsg}")))


@lru_cache(maxsize=64)
def _declaration(declared: str) -> tuple:
    """(CRS, old datum or None, ``_declared_gk``, whether it is CGCS2000 longitude/latitude) of a
    project.crs text: what ``detect`` asks of it. pyproj takes about a millisecond to build and
    inspect a CRS (``geodetic_crs`` builds another), and one text always gives the same answers:
    read once per process (a CrsProblem is raised again each time, not kept)."""
    crs = _parse(declared)
    datum = _datum_of(crs)
    if datum:
        return crs, datum, None, False
    return crs, None, _declared_gk(crs), bool(crs.is_geographic and "2000" in (crs.geodetic_crs.name or ""))


def _declared_gk(crs) -> Optional[tuple[str, int]]:
    """('zone', central meridian) or ('cm', central meridian) for a declared CGCS2000 3° GK system."""
    epsg = crs.to_epsg() if crs is not None else None
    if epsg is None:
        return None
    if 4513 <= epsg <= 4533:
        return ("zone", (epsg - 4513 + 25) * 3)
    if 4534 <= epsg <= 4554:
        return ("cm", 75 + (epsg - 4534) * 3)
    return None
