"""The library's overlap query: which stored projects may cover the same ground as a new one.

The plot index (``lib_plots``) carries, per stored plot, its 不动产单元代码, 林班/小班 and the
bounding box of its polygon (CGCS2000 lon/lat). The X-overlap candidates of a new project are the
stored projects with a plot of the same unit code, of the same county + 林班 + 小班, or whose
bounding box meets one of the new polygons' — wherever it lies and whatever county code it
declares (a plot drawn across a county line, or given a wrong county code, is still found). The
exact test (overlap area and share, tolerances, tiers) stays the portfolio's
(``compliance.rules.portfolio.overlap_findings``), run on those candidates only.

The bounding-box query is indexed on both SQLite and PostgreSQL without a spatial extension: a
stored box at most ``reach`` wide (the widest stored box up to NARROW_DEG) that meets a query box
[x0, x1] has ``min_lon`` in [x0 - reach, x1] — one range scan on ``ix_lib_plots_min_lon`` per cluster of the new
project's plots; the few wider boxes are read by ``ix_lib_plots_lon_span``. The rows returned are
tested against the new plots' individual boxes with an STRtree before a project counts as a
candidate.
"""
from __future__ import annotations

from typing import Iterable, Optional

import numpy as np
import sqlalchemy as sa

from compliance.library.schema import plots_t
from compliance.submission.geometry.files import xb_number

CLUSTER_GAP_DEG = 0.02      # plots nearer than this (~2 km) share one range query
NARROW_DEG = 0.1            # stored plots at most this wide (~10 km) are found by the min_lon range
_c = plots_t.c


def plot_columns(mine) -> list[dict]:
    """The overlap-query columns of each plot of extract ``mine`` (in plot order)."""
    out = [dict(unit_code=None, lin_ban=None, xiao_ban=None, min_lon=None, min_lat=None, max_lon=None,
                max_lat=None, lon_span=None) for _ in mine.plots]
    for r in mine.refs:
        if not 0 <= r.index < len(out):
            continue
        row = out[r.index]
        row.update(unit_code=r.unit_code.strip() or None, lin_ban=xb_number(r.lin_ban) or None, xiao_ban=xb_number(r.xiao_ban) or None)
        if r.geometry is not None:
            x0, y0, x1, y1 = (float(v) for v in r.geometry.bounds)
            if x0 == x0:        # not an empty geometry (NaN bounds)
                row.update(min_lon=x0, min_lat=y0, max_lon=x1, max_lat=y1, lon_span=x1 - x0)
    return out


def clusters(boxes: np.ndarray, gap: float = CLUSTER_GAP_DEG) -> list[tuple[float, float, float, float]]:
    """Group boxes (n × [x0, y0, x1, y1]) into the enclosing boxes of runs that lie within ``gap``
    of each other, first along x, then inside each run along y."""
    def runs(b: np.ndarray, lo: int, hi: int) -> list[np.ndarray]:
        b = b[np.argsort(b[:, lo], kind="stable")]
        reach = np.maximum.accumulate(b[:, hi])
        cut = np.nonzero(b[1:, lo] > reach[:-1] + gap)[0] + 1
        return np.split(b, cut)

    out = []
    for run in runs(boxes, 0, 2):
        for part in runs(run, 1, 3):
            out.append((float(part[:, 0].min()), float(part[:, 1].min()), float(part[:, 2].max()), float(part[:, 3].max())))
    return out


def overlap_candidates(conn, mine) -> set[str]:
    """Stored projects that may share ground with extract ``mine`` (its own id included if stored)."""
    refs = mine.refs
    if not refs:
        return set()
    found: set[str] = set()
    units = sorted({r.unit_code.strip() for r in refs if r.unit_code.strip()})
    for chunk in _chunks(units, 500):
        found.update(r[0] for r in conn.execute(sa.select(_c.project_id).where(_c.unit_code.in_(chunk)).distinct()))
    keys = sorted({(r.county, xb_number(r.lin_ban), xb_number(r.xiao_ban)) for r in refs if r.county and r.lin_ban and r.xiao_ban})
    for chunk in _chunks(keys, 300):
        found.update(r[0] for r in conn.execute(sa.select(_c.project_id).where(
            sa.tuple_(_c.county, _c.lin_ban, _c.xiao_ban).in_(chunk)).distinct()))
    found.update(_bbox_candidates(conn, [r.geometry for r in refs if r.geometry is not None]))
    return found


def _bbox_candidates(conn, geoms: list) -> set[str]:
    import shapely

    if not geoms:
        return set()
    boxes = shapely.bounds(np.asarray(geoms, dtype=object))
    boxes = boxes[~np.isnan(boxes).any(axis=1)]
    if not len(boxes):
        return set()
    tree = shapely.STRtree(shapely.box(boxes[:, 0], boxes[:, 1], boxes[:, 2], boxes[:, 3]))
    cols = (_c.project_id, _c.min_lon, _c.min_lat, _c.max_lon, _c.max_lat)
    # plots up to NARROW_DEG wide: one min_lon range per cluster of the new plots; the few wider
    # ones (a forest farm drawn as one polygon) by their own lon_span index, once for the project
    reach = conn.execute(sa.select(_c.lon_span).where(_c.lon_span <= NARROW_DEG)       # one seek in ix_lib_plots_lon_span
                         .order_by(_c.lon_span.desc()).limit(1)).scalar()
    queries = [] if reach is None else [
        sa.select(*cols).where(_c.min_lon >= x0 - reach, _c.min_lon <= x1, _c.lon_span <= NARROW_DEG,
                               _c.max_lon >= x0, _c.min_lat <= y1, _c.max_lat >= y0)
        for x0, y0, x1, y1 in clusters(boxes)]
    x0, y0, x1, y1 = boxes[:, 0].min(), boxes[:, 1].min(), boxes[:, 2].max(), boxes[:, 3].max()
    queries.append(sa.select(*cols).where(_c.lon_span > NARROW_DEG, _c.min_lon <= float(x1), _c.max_lon >= float(x0),
                                          _c.min_lat <= float(y1), _c.max_lat >= float(y0)))
    found: set[str] = set()
    for q in queries:
        rows = conn.execute(q).fetchall()
        if not rows:
            continue
        ids = np.array([r[0] for r in rows], dtype=object)
        b = np.array([r[1:] for r in rows], dtype=float)
        hit, _ = tree.query(shapely.box(b[:, 0], b[:, 1], b[:, 2], b[:, 3]), predicate="intersects")
        found.update(ids[np.unique(hit)])
    return found


def _chunks(items: list, n: int) -> Iterable[list]:
    for i in range(0, len(items), n):
        yield items[i:i + n]
