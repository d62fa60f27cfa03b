"""County boundaries, where configured: does a plot's polygon lie in the county it declares?

No boundaries are shipped (the official county boundary data is not ours to redistribute).
A province or platform that holds them names a file (.gpkg, .geojson, .shp or .kml, one
feature per county, the 6-digit county code in an attribute ``code``, ``county``, ``XIAN``,
``PAC``, ``XZQDM`` or ``adcode``) in the environment variable ``COMPLIANCE_COUNTY_BOUNDARIES``.
The file is read once per process (again when it changes), brought to CGCS2000 lon/lat like
plot geometry, and only counties it holds are judged (GEO-county); without the variable nothing
changes.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

import numpy as np

from compliance.errors import InvalidInput

ENV = "COMPLIANCE_COUNTY_BOUNDARIES"
CODE_FIELDS = ("code", "county", "xian", "pac", "xzqdm", "adcode")


class BoundaryProblem(InvalidInput):
    """The configured boundary file cannot be used: exit 2, naming the variable (nothing is checked)."""

    def __init__(self, zh: str, en: str):
        super().__init__(en, zh=zh, en=en)


@dataclass
class Boundaries:
    source: str
    codes: list[str]
    geoms: np.ndarray          # CGCS2000 lon/lat, one (multi)polygon per county
    tree: object

    def has(self, code: str) -> bool:
        return code in self._index

    def __post_init__(self):
        self._index = {c: i for i, c in enumerate(self.codes)}

    def placement(self, geom, code: str) -> tuple[float, str]:
        """(share of ``geom``'s area outside county ``code``, the configured county holding most
        of it — "" when none does)."""
        import shapely

        from .shapes import area_m2

        whole = area_m2(geom) or 1.0
        outside = max(0.0, 1.0 - area_m2(shapely.intersection(geom, self.geoms[self._index[code]])) / whole)
        best, best_share = "", 0.0
        for k in self.tree.query(geom, predicate="intersects"):
            share = area_m2(shapely.intersection(geom, self.geoms[k])) / whole
            if share > best_share:
                best, best_share = self.codes[k], share
        return outside, best


def configured() -> Optional[Boundaries]:
    """The configured county boundaries, or None; BoundaryProblem when the file cannot be used."""
    path = os.environ.get(ENV, "").strip()
    if not path:
        return None
    p = Path(path).expanduser()
    try:
        stamp = p.stat().st_mtime_ns
    except OSError:
        raise BoundaryProblem(f"{ENV} 指定的县界文件不存在：{p}", f"the county boundary file named by {ENV} does not exist: {p}") from None
    return _load(str(p.resolve()), stamp)


@lru_cache(maxsize=2)
def _load(path: str, stamp: int) -> Boundaries:
    import shapely

    from . import crs as crsmod
    from . import files

    try:
        feats = files.read(Path(path))
    except files.FileProblem as e:
        raise BoundaryProblem(f"县界文件（{ENV}）：{e.zh}", f"county boundary file ({ENV}): {e.en}") from None
    codes, geoms = [], []
    for g, attrs in zip(feats.geoms, feats.attrs):
        low = {k.lower(): v for k, v in attrs.items()}
        code = next((str(low[f]).strip() for f in CODE_FIELDS if low.get(f)), "")
        if g is None or g.is_empty or not (len(code) == 6 and code.isdigit()):
            continue
        codes.append(code)
        geoms.append(g)
    if not codes:
        raise BoundaryProblem(f"县界文件 {Path(path).name}（{ENV}）中没有带 6 位县级区划代码（属性 code、XIAN、PAC 或 XZQDM）的多边形",
                              f"the county boundary file {Path(path).name} ({ENV}) has no polygon with a 6-digit county code "
                              f"(attribute code, XIAN, PAC or XZQDM)")
    geoms = np.array(geoms, dtype=object)
    declared = crsmod.CGCS2000 if feats.geographic_only else (feats.crs or crsmod.CGCS2000)
    coords = shapely.get_coordinates(geoms)
    try:
        frame = crsmod.detect(coords[:, 0], coords[:, 1], declared, codes[0][:2])
    except crsmod.CrsProblem as e:
        raise BoundaryProblem(f"县界文件（{ENV}）：{e.zh}", f"county boundary file ({ENV}): {e.en}") from None
    if frame.name != crsmod.CGCS2000:
        geoms = shapely.transform(geoms, lambda xy: np.column_stack(frame.to_lonlat(xy[:, 0], xy[:, 1])))
    geoms = shapely.make_valid(geoms)
    # several features of one county (islands, exclaves) are one boundary
    merged: dict[str, list] = {}
    for c, g in zip(codes, geoms):
        merged.setdefault(c, []).append(g)
    codes = sorted(merged)
    geoms = np.array([shapely.union_all(merged[c]) for c in codes], dtype=object)
    return Boundaries(path, codes, geoms, shapely.STRtree(geoms))
