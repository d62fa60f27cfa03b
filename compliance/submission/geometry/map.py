"""Maps of a project's plots: a PNG for the agreements' plot annex (附图) and an inline SVG for
the platform's project page. Both draw from the plots' polygons on CGCS2000 (no tile server,
no network): plots in green with their ids, overlaps in red, a scale bar and a north arrow.

- ``render_plot_map(plots) -> bytes | None``: PNG (matplotlib, Agg backend); None when no plot
  has a polygon. ``plots`` is a validated Submission, its list of plots, or a list of
  ``overlap.PlotRef``.
- ``plot_map_svg(plots, overlaps=()) -> str``: a standalone ``<svg>`` element; ``overlaps`` are
  ``overlap.Match`` objects or shapely geometries (lon/lat) drawn over the plots.
"""
from __future__ import annotations

import math
from html import escape
from typing import Any, Iterable, Optional, Sequence

import numpy as np


def _items(plots) -> list[tuple[str, Any]]:
    """(label, lon/lat geometry) for whatever the caller has."""
    from . import of
    from .overlap import PlotRef

    if hasattr(plots, "plots") and hasattr(plots, "project"):          # a Submission
        geo = of(plots)
        if geo is None:
            return []
        return [(plots.plots[i].id, pg.usable) for i, pg in sorted(geo.plots.items()) if pg.usable is not None]
    out = []
    for p in plots or []:
        if isinstance(p, PlotRef):
            if p.geometry is not None:
                out.append((p.plot_id, p.geometry))
        elif isinstance(p, tuple) and len(p) == 2:
            if p[1] is not None:
                out.append((str(p[0]), p[1]))
    return out


class _Projector:
    """Local equirectangular metres around the plots' centre (good to < 0.1 % over a county)."""

    def __init__(self, geoms):
        import shapely

        lo, la, hi, ha = shapely.total_bounds(np.array(geoms, dtype=object))
        self.lon0, self.lat0 = (lo + hi) / 2, (la + ha) / 2
        self.kx = 111_320.0 * math.cos(math.radians(self.lat0))
        self.ky = 110_574.0

    def __call__(self, geom):
        import shapely

        return shapely.transform(geom, lambda c: np.column_stack([(c[:, 0] - self.lon0) * self.kx, (c[:, 1] - self.lat0) * self.ky]))


def _overlap_geoms(overlaps) -> list:
    import shapely

    out = []
    for o in overlaps or ():
        g = o
        if hasattr(o, "a") and hasattr(o, "b"):
            if o.a.geometry is None or o.b.geometry is None:
                continue
            g = shapely.intersection(o.a.geometry, o.b.geometry)
        if g is not None and not g.is_empty and g.area > 0:
            out.append(g)
    return out


def _nice(length: float) -> float:
    p = 10 ** math.floor(math.log10(max(length, 1e-9)))
    for m in (5, 2, 1):
        if m * p <= length:
            return m * p
    return p


def _rings(geom):
    polys = [geom] if geom.geom_type == "Polygon" else [g for g in getattr(geom, "geoms", []) if g.geom_type == "Polygon"]
    for p in polys:
        yield [np.asarray(p.exterior.coords)] + [np.asarray(r.coords) for r in p.interiors]


def render_plot_map(plots, overlaps=(), title: str = "", size_px: int = 1400) -> Optional[bytes]:
    """The plots as a PNG (bytes), or None when no plot has a polygon."""
    items = _items(plots)
    if not items:
        return None
    import io

    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path as MPath

    proj = _Projector([g for _, g in items])
    fig = Figure(figsize=(size_px / 200, size_px / 200 * 0.75), dpi=200)
    ax = fig.add_subplot(111)
    ax.set_aspect("equal")
    ax.axis("off")

    def patch(geom, face, edge, lw, alpha):
        for rings in _rings(proj(geom)):
            verts, codes = [], []
            for r in rings:
                verts.extend(r.tolist())
                codes.extend([MPath.MOVETO] + [MPath.LINETO] * (len(r) - 2) + [MPath.CLOSEPOLY])
            ax.add_patch(PathPatch(MPath(verts, codes), facecolor=face, edgecolor=edge, linewidth=lw, alpha=alpha))

    for label, g in items:
        patch(g, "#9ccc65", "#1b5e20", 1.2, 0.85)
        c = proj(g).representative_point()
        ax.annotate(label, (c.x, c.y), ha="center", va="center", fontsize=6, color="#0d3310")
    for g in _overlap_geoms(overlaps):
        patch(g, "#e53935", "#b71c1c", 1.0, 0.75)
    import shapely

    lo, la, hi, ha = shapely.total_bounds(np.array([proj(g) for _, g in items], dtype=object))
    w, h = max(hi - lo, 1.0), max(ha - la, 1.0)
    pad = 0.08 * max(w, h)
    ax.set_xlim(lo - pad, hi + pad)
    ax.set_ylim(la - pad * 1.6, ha + pad)
    bar = _nice(w / 4)
    x0, y0 = lo, la - pad * 1.1
    ax.plot([x0, x0 + bar], [y0, y0], color="black", linewidth=2)
    ax.annotate(f"{bar:g} m" if bar < 1000 else f"{bar / 1000:g} km", (x0 + bar / 2, y0 + pad * 0.15), ha="center", fontsize=6)
    ax.annotate("N", (hi + pad * 0.5, ha), ha="center", fontsize=8, fontweight="bold")
    ax.annotate("", xy=(hi + pad * 0.5, ha - pad * 0.05), xytext=(hi + pad * 0.5, ha - pad * 0.9),
                arrowprops={"arrowstyle": "-|>", "color": "black"})
    ax.annotate(f"CGCS2000  {proj.lon0:.4f}°E {proj.lat0:.4f}°N", (lo, ha + pad * 0.6), fontsize=5, color="#444444")
    if title:
        ax.set_title(title, fontsize=8)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight")
    return buf.getvalue()


def plot_map_svg(plots, overlaps: Iterable = (), width: int = 640, height: int = 480, title: str = "") -> str:
    """The plots (and overlaps in red) as an inline SVG element."""
    items = _items(plots)
    if not items:
        return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
                f'aria-label="无地块图形"><text x="50%" y="50%" text-anchor="middle" font-size="14">无地块图形 · no plot geometry</text></svg>')
    import shapely

    proj = _Projector([g for _, g in items])
    local = [(label, proj(g)) for label, g in items]
    over = [proj(g) for g in _overlap_geoms(overlaps)]
    lo, la, hi, ha = shapely.total_bounds(np.array([g for _, g in local], dtype=object))
    w, h = max(hi - lo, 1.0), max(ha - la, 1.0)
    margin = 24
    scale = min((width - 2 * margin) / w, (height - 2 * margin - 20) / h)

    def pt(x, y):
        return (margin + (x - lo) * scale, height - margin - 20 - (y - la) * scale)

    def path(geom) -> str:
        parts = []
        for rings in _rings(geom):
            for r in rings:
                xy = [pt(x, y) for x, y in r[:, :2]]
                parts.append("M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in xy) + " Z")
        return " ".join(parts)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
           f'role="img" aria-label="{escape(title or "地块图")}" class="plot-map">']
    if title:
        out.append(f"<title>{escape(title)}</title>")
    for label, g in local:
        out.append(f'<path d="{path(g)}" fill="#9ccc65" fill-opacity="0.8" stroke="#1b5e20" stroke-width="1.2" fill-rule="evenodd">'
                   f"<title>{escape(label)}</title></path>")
    for g in over:
        out.append(f'<path class="overlap" d="{path(g)}" fill="#e53935" fill-opacity="0.75" stroke="#b71c1c" stroke-width="1" fill-rule="evenodd"/>')
    for label, g in local:
        c = g.representative_point()
        x, y = pt(c.x, c.y)
        out.append(f'<text x="{x:.1f}" y="{y:.1f}" font-size="11" text-anchor="middle" fill="#0d3310">{escape(label)}</text>')
    bar = _nice(w / 4)
    x0, y0 = pt(lo, la)
    y0 += 14
    out.append(f'<line x1="{x0:.1f}" y1="{y0:.1f}" x2="{x0 + bar * scale:.1f}" y2="{y0:.1f}" stroke="black" stroke-width="2"/>')
    out.append(f'<text x="{x0 + bar * scale / 2:.1f}" y="{y0 - 4:.1f}" font-size="10" text-anchor="middle">'
               f'{f"{bar:g} m" if bar < 1000 else f"{bar / 1000:g} km"}</text>')
    nx = width - margin / 2 - 6
    out.append(f'<text x="{nx:.1f}" y="{margin:.1f}" font-size="12" font-weight="bold" text-anchor="middle">N</text>')
    out.append(f'<path d="M{nx:.1f},{margin + 4:.1f} L{nx - 5:.1f},{margin + 18:.1f} L{nx + 5:.1f},{margin + 18:.1f} Z" fill="black"/>')
    out.append("</svg>")
    return "".join(out)
