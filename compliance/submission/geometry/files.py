"""Geometry files (.shp, .gpkg, .geojson/.json, .kml) read with pyogrio, joined to the plots.

A feature belongs to a plot by its ``id`` (or ``plot_id``) attribute, else by the 小班 fields
of the forest inventory (SHENG, XIAN, XIANG, CUN, LIN_BAN, XIAO_BAN): county code XIAN plus
林班 LIN_BAN plus 小班 XIAO_BAN, compared with the plot's ``lin_ban``/``xiao_ban`` (or the last
two parts of an id written county-…-林班-小班). Several features of one plot are its parcels.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

SUFFIXES = (".shp", ".gpkg", ".geojson", ".json", ".kml")
ID_FIELDS = ("id", "plot_id", "ID", "PLOT_ID")
XB_FIELDS = ("SHENG", "XIAN", "XIANG", "CUN", "LIN_BAN", "XIAO_BAN")


class FileProblem(Exception):
    def __init__(self, zh: str, en: str):
        super().__init__(en)
        self.zh, self.en = zh, en


@dataclass
class FileFeatures:
    path: Path
    crs: Optional[str]          # as the file states it (None: not stated)
    geographic_only: bool       # KML and GeoJSON (RFC 7946) are lon/lat by definition
    geoms: list                 # shapely geometries (source coordinates)
    attrs: list[dict]


def read(path: Path) -> FileFeatures:
    import pyogrio.raw
    import shapely

    if path.suffix.lower() not in SUFFIXES:
        raise FileProblem(f"不支持的图形文件类型 {path.suffix}（应为 .shp、.gpkg、.geojson 或 .kml）",
                          f"unsupported geometry file type {path.suffix} (use .shp, .gpkg, .geojson or .kml)")
    if not path.is_file():
        raise FileProblem(f"图形文件不存在：{path}", f"geometry file not found: {path}")
    try:
        meta, _, wkb, fields = pyogrio.raw.read(path)
    except Exception as e:       # GDAL reports unreadable files with its own error types
        raise FileProblem(f"无法读取图形文件 {path.name}：{str(e)[:200]}", f"cannot read the geometry file {path.name}: {str(e)[:200]}")
    declared = meta.get("fields")
    names = [str(n) for n in declared] if declared is not None else []
    geoms = list(shapely.from_wkb(wkb)) if wkb is not None else []
    attrs = []
    for i in range(len(geoms)):
        attrs.append({n: _plain(fields[k][i]) for k, n in enumerate(names)})
    crs = meta.get("crs")
    suffix = path.suffix.lower()
    return FileFeatures(path, crs, suffix == ".kml", geoms, attrs)


def _plain(v):
    if v is None:
        return None
    try:
        import numpy as np

        if isinstance(v, np.generic):
            v = v.item()
    except ImportError:
        pass
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def xb_number(v) -> str:
    """A 林班/小班 number as compared everywhere: without its leading zeros ('012' == '12')."""
    text = str(v or "").strip()
    return text.lstrip("0") or ("0" if text else "")


def plot_xb_key(plot) -> Optional[tuple[str, str, str]]:
    lin, xiao = getattr(plot, "lin_ban", None), getattr(plot, "xiao_ban", None)
    if not (lin and xiao):
        parts = [p for p in re.split(r"[-_/]", plot.id) if p]
        if len(parts) >= 3 and parts[-1].isalnum() and parts[-2].isalnum():
            lin, xiao = parts[-2], parts[-1]
        else:
            return None
    return (plot.county, xb_number(lin), xb_number(xiao))


def _feature_xb_key(attrs: dict) -> Optional[tuple[str, str, str]]:
    up = {k.upper(): v for k, v in attrs.items()}
    xian, lin, xiao = up.get("XIAN"), up.get("LIN_BAN"), up.get("XIAO_BAN")
    if not (xian and lin and xiao):
        return None
    xian = str(xian)
    if len(xian) == 2 and up.get("SHENG"):       # XIAN as the county's last digits: prefix the province/prefecture
        sheng = str(up.get("SHENG"))
        xian = (sheng + xian) if len(sheng) == 4 else xian
    return (xian, xb_number(lin), xb_number(xiao))


def join(features: FileFeatures, plots) -> tuple[dict[int, list], list[str]]:
    """Plot index -> its features' geometries; and the join used (for the report)."""
    by_id: dict[str, int] = {p.id: i for i, p in enumerate(plots)}
    by_xb: dict[tuple, int] = {}
    for i, p in enumerate(plots):
        k = plot_xb_key(p)
        if k:
            by_xb.setdefault(k, i)
    out: dict[int, list] = {}
    used: set[str] = set()
    for g, a in zip(features.geoms, features.attrs):
        idx = None
        for f in ID_FIELDS:
            if a.get(f) is not None and a.get(f) in by_id:
                idx, how = by_id[a[f]], "id"
                break
        if idx is None:
            k = _feature_xb_key(a)
            if k is not None and k in by_xb:
                idx, how = by_xb[k], "xiaoban"
        if idx is None:
            continue
        used.add(how)
        out.setdefault(idx, []).append(g)
    if not out:
        raise FileProblem(
            f"图形文件 {features.path.name} 中没有能对应到地块的图斑：要素应有属性 id（地块 id），或小班字段 XIAN、LIN_BAN、XIAO_BAN",
            f"no feature of the geometry file {features.path.name} matches a plot: features need an id attribute (the plot id) "
            f"or the 小班 fields XIAN, LIN_BAN, XIAO_BAN")
    return out, sorted(used)
