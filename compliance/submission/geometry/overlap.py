"""Overlaps between plot polygons: inside one project, and across projects (STRtree).

``cross_project_overlaps(projects)`` is the one function every cross-project caller uses
(``compliance batch``, the project library on 入库, the cluster backend): it takes the plots of
all projects and returns, for each pair of plots of two different projects claiming the same
ground, the strongest match in this order of tiers:

1. ``certificate`` — the same 不动产单元代码 (``unit_code``) or the same rights certificate;
2. ``xiaoban`` — the same county + 林班 + 小班 under different plot ids;
3. ``polygon`` — the polygons overlap by more than the area and the share tolerance
   (GEO.overlap_min_m2, GEO.overlap_min_pct).

Each match names the other project and plot and the overlap area (when both have polygons).
``PlotIndex`` is a ready STRtree over many plots (a library of stored projects) that a new
project is queried against without rebuilding it.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Iterable, Optional, Sequence

import numpy as np

from .files import xb_number

DEFAULT_MIN_M2 = 100.0
DEFAULT_MIN_SHARE = 0.01


@dataclass
class PlotRef:
    """One plot as the cross-project join sees it."""

    project_id: str
    index: int                        # position in the project's plots (path plots[index])
    plot_id: str
    county: str = ""
    certificate: str = ""
    unit_code: str = ""
    lin_ban: str = ""
    xiao_ban: str = ""
    geometry: object = None           # shapely geometry on CGCS2000 lon/lat, or None
    area_m2: float = 0.0
    project_name: str = ""


@dataclass
class Match:
    a: PlotRef
    b: PlotRef
    tier: str                         # certificate | unit_code | xiaoban | polygon
    overlap_m2: float = 0.0
    share: float = 0.0                # overlap / area of the smaller plot
    details: dict = field(default_factory=dict)


def _area(geom) -> float:
    from .shapes import area_m2

    return area_m2(geom)


MAX_PAIRS = 20_000     # overlapping pairs reported for one set of plots; beyond, the first ones stand
QUERY_CHUNK = 2_000    # polygons queried at once, so candidate pairs never fill memory
MIN_SPLIT = 20_000     # self_join: fewer polygons than this are not worth a second process


def pair_overlaps(items: Sequence[tuple[int, object, float]], max_pairs: int = MAX_PAIRS) -> list[tuple[int, int, float, float]]:
    """(key_i, key_j, overlap m², share of the smaller) for overlapping polygons (i < j), at most
    ``max_pairs`` of them (a file of thousands of copies of one polygon must not hang the check)."""
    import shapely

    if len(items) < 2:
        return []
    keys = [k for k, _, _ in items]
    geoms = np.array([g for _, g, _ in items], dtype=object)
    areas = [a for _, _, a in items]
    tree = shapely.STRtree(geoms)
    lefts, rights, found = [], [], 0
    for start in range(0, len(geoms), QUERY_CHUNK):
        chunk = geoms[start:start + QUERY_CHUNK]
        left, right = tree.query(chunk)             # bounding boxes; the exact test only for i < j
        left = left + start
        keep = left < right
        left, right = left[keep], right[keep]
        if len(left) > max_pairs * 4:               # bounded work per chunk whatever the input
            left, right = left[:max_pairs * 4], right[:max_pairs * 4]
        hit = shapely.intersects(geoms[left], geoms[right])
        lefts.append(left[hit])
        rights.append(right[hit])
        found += int(hit.sum())
        if found >= max_pairs:
            break
    left, right = np.concatenate(lefts)[:max_pairs], np.concatenate(rights)[:max_pairs]
    out = []
    for li, ri in zip(left, right):
        inter = shapely.intersection(geoms[li], geoms[ri])
        m2 = _area(inter)
        if m2 <= 0:
            continue            # touching edges
        smaller = min(areas[li], areas[ri]) or m2
        out.append((keys[li], keys[ri], m2, m2 / smaller))
    return out


def self_join(geoms, *, workers: int = 1) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(i, j, overlap m²) for every pair i < j of intersecting polygons of ``geoms`` (lon/lat;
    touching pairs come with area 0), for very many polygons (millions of 小班).

    The plane is cut into ``workers`` vertical strips holding equal numbers of polygons; each
    strip builds its own STRtree over the polygons whose bounding box meets it, asks it for
    bounding-box candidates, keeps a pair only when the lower-left corner of the two boxes'
    intersection lies in the strip (so a pair across a cut is reported once), runs the exact
    test vectorised on those pairs and measures the overlaps (``shapes.area_m2_many``).
    ``workers > 1`` forks that many - 1 processes (POSIX) sharing the polygons copy-on-write —
    for batch tools and benchmarks, not for a threaded server."""
    import shapely

    geoms = np.asarray(geoms, dtype=object)
    empty = (np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0))
    if len(geoms) < 2:
        return empty
    workers = max(1, int(workers)) if hasattr(os, "fork") else 1
    if workers == 1 or len(geoms) < MIN_SPLIT:
        return _join_strip(geoms, None, None, -np.inf, np.inf)
    bounds = shapely.bounds(geoms)
    ok = ~np.isnan(bounds).any(axis=1)
    cuts = np.quantile(bounds[ok, 0], np.arange(1, workers) / workers)
    edges = [-np.inf, *cuts, np.inf]
    children = []
    for k in range(workers - 1):
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:                                   # child: one strip, the result down the pipe
            code = 0
            try:
                os.close(r)
                i, j, m2 = _join_strip(geoms, bounds, ok, edges[k], edges[k + 1])
                with os.fdopen(w, "wb") as f:
                    f.write(len(i).to_bytes(8, "little"))
                    f.write(i.astype(np.int64).tobytes() + j.astype(np.int64).tobytes() + m2.astype(np.float64).tobytes())
            except BaseException:                      # noqa: BLE001 — the parent sees a short read
                code = 1
            os._exit(code)
        os.close(w)
        children.append((pid, r))
    parts = [_join_strip(geoms, bounds, ok, edges[-2], edges[-1])]
    for pid, r in children:
        with os.fdopen(r, "rb") as f:
            head = f.read(8)
            n = int.from_bytes(head, "little") if len(head) == 8 else -1
            buf = f.read(n * 24) if n >= 0 else b""
        _, status = os.waitpid(pid, 0)
        if n < 0 or len(buf) != n * 24 or status != 0:
            raise RuntimeError("a self-join worker process failed")
        parts.append((np.frombuffer(buf[:n * 8], np.int64), np.frombuffer(buf[n * 8:n * 16], np.int64),
                      np.frombuffer(buf[n * 16:], np.float64)))
    return tuple(np.concatenate(p) for p in zip(*parts))


def _join_strip(geoms, bounds, ok, x0: float, x1: float):
    import shapely

    from .shapes import area_m2_many

    whole = bounds is None                             # one strip: every polygon, every pair
    members = np.arange(len(geoms)) if whole else np.nonzero(ok & (bounds[:, 2] >= x0) & (bounds[:, 0] < x1))[0]
    if len(members) < 2:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
    local = geoms if whole else geoms[members]
    tree = shapely.STRtree(local)
    lefts, rights = [], []
    for start in range(0, len(local), 500_000):        # bounded candidate arrays
        left, right = tree.query(local[start:start + 500_000])
        left = left + start
        keep = left < right                            # members ascend: local order is global order
        left, right = left[keep], right[keep]
        if not whole:
            corner = np.maximum(bounds[members[left], 0], bounds[members[right], 0])
            keep = (corner >= x0) & (corner < x1)
            left, right = left[keep], right[keep]
        hit = shapely.intersects(local[left], local[right])
        lefts.append(left[hit])
        rights.append(right[hit])
    left, right = np.concatenate(lefts), np.concatenate(rights)
    m2 = area_m2_many(shapely.intersection(local[left], local[right])) if len(left) else np.zeros(0)
    return members[left], members[right], m2


def _norm(text: Optional[str]) -> str:
    """Certificates compared as printed, like X-double-claim does: full-width brackets, spaces
    and case do not matter."""
    import re
    import unicodedata

    if text is None:
        return ""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text))).upper()


class PlotIndex:
    """An STRtree over many projects' plot polygons, built once, queried per new project.
    ``PlotIndex(refs)`` from PlotRefs; ``PlotIndex.from_geometries(geoms, refs_of)`` for a large
    library kept as arrays (``refs_of(i)`` gives the PlotRef of indexed polygon i when it matches)."""

    def __init__(self, plots: Iterable[PlotRef] = ()):
        import shapely

        self.plots = [p for p in plots if p.geometry is not None]
        self.geoms = np.array([p.geometry for p in self.plots], dtype=object)
        self.tree = shapely.STRtree(self.geoms)
        self._ref = self.plots.__getitem__

    @classmethod
    def from_geometries(cls, geoms, refs_of) -> "PlotIndex":
        import shapely

        self = cls.__new__(cls)
        self.geoms = np.asarray(geoms, dtype=object)
        self.tree = shapely.STRtree(self.geoms)
        self.plots = []
        self._ref = refs_of
        return self

    def __len__(self) -> int:
        return len(self.geoms)

    def candidates(self, geoms) -> tuple[np.ndarray, np.ndarray]:
        """(input position, indexed position) of every pair whose polygons intersect."""
        return self.tree.query(np.asarray(geoms, dtype=object), predicate="intersects")

    def overlaps(self, new: Sequence[PlotRef], min_m2: float = DEFAULT_MIN_M2,
                 min_share: float = DEFAULT_MIN_SHARE) -> list[Match]:
        import shapely

        from .shapes import area_m2_many

        mine = [p for p in new if p.geometry is not None]
        if not mine or not len(self.geoms):
            return []
        mg = np.array([p.geometry for p in mine], dtype=object)
        left, right = self.candidates(mg)
        if not len(left):
            return []
        # screen all candidate pairs at once (vectorised areas), then measure the survivors geodesically
        inter = shapely.intersection(mg[left], self.geoms[right])
        approx = area_m2_many(inter)
        smaller = np.minimum(area_m2_many(mg[left]), area_m2_many(self.geoms[right]))
        keep = (approx > min_m2 * 0.99) & (approx > smaller * min_share * 0.99)
        out = []
        for li, ri, g in zip(left[keep], right[keep], inter[keep]):
            a, b = mine[li], self._ref(int(ri))
            if a.project_id == b.project_id:
                continue
            m2 = _area(g)
            small = min(a.area_m2 or m2, b.area_m2 or m2) or 1.0
            if m2 > min_m2 and m2 / small > min_share:
                out.append(Match(a, b, "polygon", m2, m2 / small))
        return out


def cross_project_overlaps(projects: Iterable[Sequence[PlotRef]], *, min_m2: float = DEFAULT_MIN_M2,
                           min_share: float = DEFAULT_MIN_SHARE, tiers: Sequence[str] = ("certificate", "xiaoban", "polygon"),
                           ) -> list[Match]:
    """Every pair of plots of two different projects on the same ground, once per ordered pair
    (a match is reported for both projects: (a, b) and (b, a)), strongest tier only."""
    plots = [p for group in projects for p in group]
    found: dict[tuple, Match] = {}
    rank = {"certificate": 0, "unit_code": 0, "xiaoban": 1, "polygon": 2}

    def add(m: Match):
        key = (m.a.project_id, m.a.index, m.b.project_id, m.b.index)
        old = found.get(key)
        if old is None or rank[m.tier] < rank[old.tier]:
            if old is not None and old.overlap_m2 and not m.overlap_m2:
                m.overlap_m2, m.share = old.overlap_m2, old.share
            found[key] = m
        elif old is not None and m.overlap_m2 and not old.overlap_m2:
            old.overlap_m2, old.share = m.overlap_m2, m.share

    def by_key(keyf, tier):
        groups: dict = {}
        for p in plots:
            k = keyf(p)
            if k:
                groups.setdefault(k, []).append(p)
        for members in groups.values():
            if len({p.project_id for p in members}) < 2:
                continue
            for a in members:
                for b in members:
                    if a.project_id != b.project_id:
                        add(Match(a, b, tier))

    if "certificate" in tiers:
        by_key(lambda p: ("u", p.unit_code.strip()) if p.unit_code.strip() else None, "unit_code")
        by_key(lambda p: ("c", _norm(p.certificate)) if _norm(p.certificate) else None, "certificate")
    if "xiaoban" in tiers:
        by_key(lambda p: (p.county, xb_number(p.lin_ban), xb_number(p.xiao_ban)) if (p.county and p.lin_ban and p.xiao_ban) else None, "xiaoban")
    if "polygon" in tiers:
        index = PlotIndex(plots)
        for m in index.overlaps(index.plots, min_m2, min_share):
            add(m)
    # pairs matched by identifiers get the overlap area when both have polygons
    import shapely

    for m in found.values():
        if not m.overlap_m2 and m.a.geometry is not None and m.b.geometry is not None:
            m2 = _area(shapely.intersection(m.a.geometry, m.b.geometry))
            smaller = min(m.a.area_m2 or m2, m.b.area_m2 or m2) or 1.0
            m.overlap_m2, m.share = m2, (m2 / smaller if m2 else 0.0)
    return sorted(found.values(), key=lambda m: (m.a.project_id, m.a.index, m.b.project_id, m.b.index))


def ref_record(p: PlotRef) -> list:
    """A PlotRef as JSON-able data (geometry as WKB hex), for a store such as the project library."""
    import shapely

    geom = shapely.to_wkb(p.geometry, hex=True) if p.geometry is not None else None
    return [p.index, p.plot_id, p.county, p.certificate, p.unit_code, p.lin_ban, p.xiao_ban, geom, p.area_m2]


def ref_from_record(project_id: str, rec: list, project_name: str = "") -> PlotRef:
    import shapely

    index, plot_id, county, cert, unit, lin, xiao, geom, area = rec
    return PlotRef(project_id, int(index), plot_id, county, cert, unit, lin, xiao,
                   shapely.from_wkb(geom) if geom else None, float(area or 0.0), project_name)


def plot_refs(sub, project_id: Optional[str] = None) -> list[PlotRef]:
    """The PlotRefs of one validated submission (its geometry resolved if it has any)."""
    from . import of
    from .files import plot_xb_key

    geo = of(sub)
    pid = project_id or sub.project.id
    out = []
    for i, p in enumerate(sub.plots):
        pg = geo.get(i) if geo else None
        xb = (p.lin_ban, p.xiao_ban) if (p.lin_ban and p.xiao_ban) else None
        if xb is None and (p.lin_ban or p.xiao_ban) is None and geo and geo.joined_by == ["xiaoban"]:
            k = plot_xb_key(p)
            xb = (k[1], k[2]) if k else None
        out.append(PlotRef(pid, i, p.id, p.county, p.certificate or "", p.unit_code or "",
                           (xb or ("", ""))[0] or "", (xb or ("", ""))[1] or "",
                           pg.usable if pg else None, (pg.area_m2 or 0.0) if pg else 0.0, sub.project.name))
    return out
