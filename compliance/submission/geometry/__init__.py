"""Plot geometry: polygons on CGCS2000, from the submission or from a geometry file.

``resolve(sub, base_dir)`` reads ``plots[].geometry`` (GeoJSON or WKT) and
``project.geometry_file`` (relative to ``base_dir``, the submission's folder; the working
directory for data given in memory), brings every polygon to CGCS2000 longitude/latitude
(``crs.detect`` says which coordinate system was assumed) and measures it. The result is kept
on the submission, so the rules (``compliance/rules/spatial.py``), the cross-project overlap
(``overlap.py``) and the map (``map.py``) read it without reading the file again.

Problems that make the geometry unreadable (no such file, a point where a polygon belongs,
Xian 1980 without the province's parameters) are raised as ``GeometryInputError`` with the
field they concern; problems of a readable polygon (self-intersection, outside China) are kept
for the GEO-valid rule.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Optional

from .crs import CrsProblem, Frame
from .shapes import NotAPolygon, Raw


class GeometryInputError(Exception):
    """Geometry that cannot be read; path is the submission field (project.geometry_file …)."""

    def __init__(self, problems: list[tuple[str, str, str]]):
        super().__init__("; ".join(p[2] for p in problems))
        self.problems = problems      # (path, zh, en)


@dataclass
class PlotGeometry:
    index: int
    geom: Any                         # shapely geometry on CGCS2000 lon/lat, or None
    problems: list[tuple[str, str, str]] = field(default_factory=list)   # (code, zh, en)
    source: str = "inline"            # inline | file
    area_m2: Optional[float] = None
    parcel_m2: Optional[float] = None
    parcels: int = 0

    @property
    def valid(self) -> bool:
        return self.geom is not None and not self.problems

    @cached_property
    def usable(self):
        """The polygon to measure and overlap: repaired when invalid, None when nothing is drawn
        (worked out once: the rules ask for it several times per plot)."""
        from .shapes import repaired

        return repaired(self.geom)


@dataclass
class Geometries:
    plots: dict[int, PlotGeometry]
    frames: list[tuple[str, Frame]]             # (where: plots / file name, frame)
    file: str = ""
    joined_by: list[str] = field(default_factory=list)
    missing: list[int] = field(default_factory=list)    # plots a geometry file gave no feature for

    def get(self, index: int) -> Optional[PlotGeometry]:
        return self.plots.get(index)

    def notes(self, lang: str = "zh") -> list[str]:
        out = []
        for where, f in self.frames:
            text = f.zh if lang == "zh" else f.en
            if text:
                out.append(f"{where}：{text}" if lang == "zh" else f"{where}: {text}")
        return out

    def __reduce__(self):
        # sent to a check worker with the submission: the polygons as one vectorised WKB array (and
        # the repaired ones already worked out), not one pickled shapely object per plot
        import numpy as np
        import shapely

        pgs = list(self.plots.values())
        geoms = shapely.to_wkb(np.array([pg.geom for pg in pgs], dtype=object)).tolist() if pgs else []
        known = [pg.__dict__.get("usable", _UNKNOWN) for pg in pgs]
        repairs = [None if (u is _UNKNOWN or u is pg.geom) else shapely.to_wkb(u) for u, pg in zip(known, pgs)]
        states = [(pg.index, pg.problems, pg.source, pg.area_m2, pg.parcel_m2, pg.parcels,
                   0 if known[n] is _UNKNOWN else 1 if known[n] is pg.geom else 2) for n, pg in enumerate(pgs)]
        return (_unpack, (states, geoms, repairs, self.frames, self.file, self.joined_by, self.missing))


_UNKNOWN = object()


def _unpack(states, geoms, repairs, frames, file, joined_by, missing) -> Geometries:
    import shapely

    shapes = shapely.from_wkb(geoms) if geoms else []
    plots = {}
    for (index, problems, source, area, parcel, parcels, usable), geom, repair in zip(states, shapes, repairs):
        pg = PlotGeometry(index, geom, problems, source, area, parcel, parcels)
        if usable:
            pg.__dict__["usable"] = geom if usable == 1 else shapely.from_wkb(repair)
        plots[index] = pg
    return Geometries(plots, frames, file, joined_by, missing)


def parse_geometry(value: Any) -> Raw:
    """Used by the model's validator: raises NotAPolygon for what is no polygon at all."""
    from .shapes import parse

    return parse(value)


def has_geometry(sub) -> bool:
    return sub.has_geometry()


# resolved geometry per submission object, kept beside it (not in the model: two equal submissions
# read from different folders stay equal); entries go when the submission is garbage-collected
_RESOLVED: dict[int, tuple[Any, Optional[Geometries], Optional[Path]]] = {}


def _entry(sub):
    e = _RESOLVED.get(id(sub))
    return e if e is not None and e[0]() is sub else None


def _remember(sub, geo: Optional[Geometries], base_dir: Optional[Path]) -> None:
    import weakref

    key = id(sub)
    _RESOLVED[key] = (weakref.ref(sub, lambda _r, k=key: _RESOLVED.pop(k, None)), geo, base_dir)


def set_base_dir(sub, base_dir: Optional[Path]) -> None:
    """Where a relative project.geometry_file of this submission is read from."""
    _remember(sub, None, Path(base_dir) if base_dir is not None else None)


def resolved_state(sub):
    """What ``adopt`` needs to give an unpickled copy of ``sub`` its resolved geometry without
    resolving again (a check worker process), or None when there is nothing resolved to carry."""
    e = _entry(sub)
    return (e[1], e[2]) if e is not None and e[1] is not None else None


def adopt(sub, state) -> None:
    """Register ``resolved_state`` of the submission ``sub`` is a copy of."""
    if state is not None:
        _remember(sub, state[0], state[1])


def carry(src, dst) -> None:
    """``dst`` is a copy of ``src`` with the same plots and project (other agreements appended):
    its geometry is ``src``'s, resolved once for both."""
    if dst is src or not has_geometry(src):
        return
    geo = of(src)
    e = _entry(src)
    _remember(dst, geo, e[2] if e is not None else None)


def of(sub) -> Optional[Geometries]:
    """The plots' geometry (resolved once per submission), or None when it has none."""
    if not has_geometry(sub):
        return None
    e = _entry(sub)
    if e is not None and e[1] is not None:
        return e[1]
    return resolve(sub, e[2] if e is not None else None)


def resolve(sub, base_dir: Optional[Path] = None) -> Optional[Geometries]:
    import numpy as np

    from . import crs as crsmod
    from . import files
    from .shapes import build_many, from_shapely, parse, parsed

    if not has_geometry(sub):
        return None
    pr = sub.project
    province = pr.province.value
    problems: list[tuple[str, str, str]] = []
    raws: dict[int, tuple[Raw, str]] = {}
    for i, p in enumerate(sub.plots):
        if p.geometry is not None:
            try:
                raws[i] = (parsed(p.geometry) or parse(p.geometry), "inline")   # read once, by the model's validator
            except NotAPolygon as e:
                problems.append((f"plots[{i}].geometry", e.zh, e.en))
    file_raws: dict[int, Raw] = {}
    file_crs = None
    fname = ""
    joined: list[str] = []
    missing: list[int] = []
    if pr.geometry_file:
        path = Path(pr.geometry_file)
        if not path.is_absolute():
            path = Path(base_dir or Path.cwd()) / path
        fname = Path(pr.geometry_file).name
        try:
            feats = files.read(path)
            matched, joined = files.join(feats, sub.plots)
            file_crs = "EPSG:4326" if feats.geographic_only else feats.crs
            for i, geoms in matched.items():
                if i in raws:
                    continue          # the submission's own polygon wins over the file's
                polys: list = []
                probs: list = []
                for g in geoms:
                    r = from_shapely(g)
                    polys.extend(r.polygons)
                    probs.extend(r.problems)
                file_raws[i] = Raw(polys, probs)
            missing = [i for i in range(len(sub.plots)) if i not in matched and i not in raws]
        except files.FileProblem as e:
            problems.append(("project.geometry_file", e.zh, e.en))
        except NotAPolygon as e:
            problems.append(("project.geometry_file", e.zh, e.en))
    if problems:
        raise GeometryInputError(problems)
    frames: list[tuple[str, Frame]] = []
    groups = []
    if raws:
        groups.append(("plots[].geometry", pr.crs, {i: r for i, (r, _) in raws.items()}, "inline", "project.crs"))
    if file_raws:
        groups.append((fname, file_crs or pr.crs, file_raws, "file", "project.geometry_file"))
    out: dict[int, PlotGeometry] = {}
    for where, declared, group, source, field_path in groups:
        coords = [r.coords() for r in group.values()]
        coords = np.concatenate(coords) if coords else np.empty((0, 2))
        try:
            frame = crsmod.detect(coords[:, 0], coords[:, 1], declared, province)
        except CrsProblem as e:
            raise GeometryInputError([("project.crs" if source == "inline" else field_path, e.zh, e.en)])
        frames.append((where, frame))
        for i, b in zip(group, build_many(list(group.values()), frame.to_lonlat)):
            pg = out[i] = PlotGeometry(i, b.geom, b.problems, source, b.area_m2, b.parcel_m2, b.parcels)
            if b.valid:
                pg.__dict__["usable"] = b.geom      # validity tested on the array already: no repair
    result = Geometries(out, frames, fname, joined, missing)
    _remember(sub, result, Path(base_dir) if base_dir is not None else None)
    return result
