"""Plot-geometry benchmark: overlap self-join of N synthetic 小班 polygons with an STRtree, and
one 500-plot project against a ready index of N plots.

    python benchmarks/bench_geometry.py                       # 5,000,000 polygons, 2 processes
    python benchmarks/bench_geometry.py --n 500000 --workers 1 --geopandas   # quicker, with geopandas side by side

Synthetic 小班: a 2,500 × 2,000 grid of ~100 m cells (0.001°) over 110–112.5°E, 26–28°N (Hunan),
each cell one 8-vertex polygon filling 94 % of it with jittered vertices (neighbours do not touch,
as digitised 小班 with their boundary gaps), and 0.5 % of the polygons copied half a cell east
(planted overlaps: the ground truth the join must find, and nothing else).

Times, in one run:
1. building the polygons (shapely.polygons, vectorised) — not part of the join;
2. STRtree build over all N;
3. the self-join ``tree.query(geoms, predicate="intersects")`` (i < j), in ``--workers`` forked
   processes sharing the built tree (each queries a contiguous half), then the overlap areas of
   the pairs found (geodesic, compliance.submission.geometry.shapes.area_m2 on the intersections);
4. the same self-join single-process, to give the parallel speed-up as a ratio measured here;
5. one 500-plot project (a block of 25 × 20 cells, 30 of them overlapping library plots) against
   the ready index: ``PlotIndex``-style query + overlap areas, median of 25 runs;
6. optional (``--geopandas``): geopandas ``sjoin(predicate="intersects")`` on the same polygons.
Targets (2 cores): 2+3 ≤ 10 s for 5,000,000; 5 ≤ 20 ms. Anchors given with the issue
(measured elsewhere, not re-run here): shapely 3.0 s + 1.9 s index build; DuckDB 7.9 s; geopandas 9.3 s.
Not part of the test suite; never asserts.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

CELL = 0.001
COLS = 2500


def make_polygons(n: int, seed: int = 7, fill: float = 0.94):
    import shapely

    rng = np.random.default_rng(seed)
    idx = np.arange(n)
    cx = 110.0 + (idx % COLS + 0.5) * CELL
    cy = 26.0 + (idx // COLS + 0.5) * CELL
    h = CELL * fill / 2
    # 8 vertices around the cell centre (a rectangle with mid-edge points), jittered inwards
    base = np.array([[-1, -1], [0, -1], [1, -1], [1, 0], [1, 1], [0, 1], [-1, 1], [-1, 0]], dtype=float)
    jitter = 1 - rng.uniform(0, 0.12, size=(n, 8, 1))
    ring = base[None, :, :] * jitter * h
    ring[:, :, 0] += cx[:, None]
    ring[:, :, 1] += cy[:, None]
    ring = np.concatenate([ring, ring[:, :1, :]], axis=1)      # close
    geoms = shapely.polygons(ring)
    planted = rng.choice(n, size=max(n // 200, 1), replace=False)
    copies = shapely.transform(geoms[planted], lambda c: c + np.array([CELL / 2, 0.0]))
    return np.concatenate([geoms, copies]), planted


def query_range(tree, geoms, start, stop, predicate_in_tree: bool = False):
    """Pairs (i < j) of intersecting polygons with i in [start, stop). By default the tree is
    asked for bounding-box candidates only and the exact test runs, vectorised, on the candidate
    pairs left after dropping each polygon's pair with itself (5M self-tests saved); with
    ``predicate_in_tree`` the tree runs the predicate for every candidate (shapely's own way)."""
    import shapely

    if predicate_in_tree:
        left, right = tree.query(geoms[start:stop], predicate="intersects")
        left = left + start
        keep = left < right
        return left[keep], right[keep]
    left, right = tree.query(geoms[start:stop])
    left = left + start
    keep = left < right
    left, right = left[keep], right[keep]
    hit = shapely.intersects(geoms[left], geoms[right])
    return left[hit], right[hit]


def cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def parallel_self_join(tree, geoms, workers: int):
    """Fork ``workers`` children that share the built tree (copy-on-write) and query a slice each."""
    if workers <= 1:
        return query_range(tree, geoms, 0, len(geoms))
    n = len(geoms)
    bounds = np.linspace(0, n, workers + 1).astype(int)
    pipes = []
    for k in range(workers - 1):
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:                                   # child: query its slice, send the pairs back
            os.close(r)
            left, right = query_range(tree, geoms, bounds[k], bounds[k + 1])
            payload = np.stack([left, right]).astype(np.int64).tobytes()
            with os.fdopen(w, "wb") as f:
                f.write(len(payload).to_bytes(8, "little"))
                f.write(payload)
            os._exit(0)
        os.close(w)
        pipes.append((pid, r))
    left, right = query_range(tree, geoms, bounds[-2], bounds[-1])     # the parent takes the last slice
    parts_l, parts_r = [left], [right]
    for pid, r in pipes:
        with os.fdopen(r, "rb") as f:
            size = int.from_bytes(f.read(8), "little")
            buf = f.read(size)
        os.waitpid(pid, 0)
        arr = np.frombuffer(buf, dtype=np.int64).reshape(2, -1)
        parts_l.append(arr[0])
        parts_r.append(arr[1])
    return np.concatenate(parts_l), np.concatenate(parts_r)


def overlap_areas(geoms, left, right):
    """Overlap areas (m²) of the pairs, vectorised (compliance.submission.geometry.shapes.area_m2_many)."""
    import shapely

    from compliance.submission.geometry.shapes import area_m2_many

    return area_m2_many(shapely.intersection(geoms[left], geoms[right]))


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=5_000_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--geopandas", action="store_true")
    ap.add_argument("--project", type=int, default=500)
    a = ap.parse_args()
    import shapely

    print(f"shapely {shapely.__version__} (GEOS {shapely.geos_version_string}), numpy {np.__version__}, "
          f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}")
    t = time.perf_counter()
    geoms, planted = make_polygons(a.n)
    t_make = time.perf_counter() - t
    print(f"1. {len(geoms):,} polygons ({a.n:,} 小班 + {len(planted):,} planted copies) built in {t_make:.1f} s")

    t, c = time.perf_counter(), cpu()
    tree = shapely.STRtree(geoms)
    t_build, c_build = time.perf_counter() - t, cpu() - c
    print(f"2. STRtree build: {t_build:.2f} s wall, {c_build:.2f} s CPU")

    t, c = time.perf_counter(), cpu()
    left, right = parallel_self_join(tree, geoms, a.workers)
    t_join, c_join = time.perf_counter() - t, cpu() - c
    t, c = time.perf_counter(), cpu()
    areas = overlap_areas(geoms, left, right)
    t_area, c_area = time.perf_counter() - t, cpu() - c
    # ground truth: each copy overlaps its original and the original's east neighbour (unless in the last column)
    truth = {(int(p), a.n + k) for k, p in enumerate(planted)}
    truth |= {(int(p) + 1, a.n + k) if int(p) + 1 < a.n + k else (a.n + k, int(p) + 1)
              for k, p in enumerate(planted) if (int(p) % COLS) < COLS - 1 and int(p) + 1 < a.n}
    found = {(min(int(x), int(y)), max(int(x), int(y))) for x, y in zip(left, right)}
    truth = {(min(x, y), max(x, y)) for x, y in truth}
    real = int(np.sum(areas > 0))
    print(f"3. self-join ({a.workers} processes): {t_join:.2f} s query + {t_area:.2f} s overlap areas = "
          f"{t_build + t_join + t_area:.2f} s wall with the index build (CPU: {c_join:.2f} s query in all processes, "
          f"{c_area:.2f} s areas, {c_build + c_join + c_area:.2f} s in all); {len(left):,} pairs, {real:,} with area > 0; "
          f"expected overlaps found {len(truth & found):,}/{len(truth):,}, others {len(found - truth):,}")

    t, c = time.perf_counter(), cpu()
    l1, r1 = query_range(tree, geoms, 0, len(geoms))
    t_join1, c_join1 = time.perf_counter() - t, cpu() - c
    print(f"4. self-join single process: {t_join1:.2f} s wall, {c_join1:.2f} s CPU (parallel speed-up {t_join1 / t_join:.2f}× wall); "
          f"same pairs: {len(l1) == len(left)}")
    t, c = time.perf_counter(), cpu()
    l2, r2 = query_range(tree, geoms, 0, len(geoms), predicate_in_tree=True)
    t_join2, c_join2 = time.perf_counter() - t, cpu() - c
    print(f"4b. the same with the predicate inside tree.query (shapely's own way, one process): {t_join2:.2f} s wall, "
          f"{c_join2:.2f} s CPU; ratio to 4: {t_join2 / t_join1:.2f}× wall, {c_join2 / max(c_join1, 1e-9):.2f}× CPU; same pairs: {len(l2) == len(l1)}")

    # 5. one project against the ready index (the product's PlotIndex over the same tree)
    from compliance.submission.geometry.overlap import PlotIndex, PlotRef
    from compliance.submission.geometry.shapes import area_m2_many

    index = PlotIndex.__new__(PlotIndex)
    index.geoms, index.tree, index.plots = geoms, tree, []
    index._ref = lambda i: PlotRef("LIB", i, f"LIB-{i}", geometry=geoms[i])
    rng = np.random.default_rng(3)
    rows, cols = 20, a.project // 20
    top = a.n // COLS - rows                       # the library's top rows; the project lies just north of the grid
    cells = np.array([(top + i) * COLS + COLS // 2 + j for i in range(rows) for j in range(cols)])
    proj = shapely.transform(geoms[cells], lambda c: c + np.array([0.0, CELL * (rows + 2)]))
    hit = rng.choice(len(cells), size=30, replace=False)
    proj[hit] = shapely.transform(geoms[cells[hit]], lambda c: c + np.array([CELL * 0.3, 0.0]))
    areas_p = area_m2_many(proj)
    refs = [PlotRef("NEW", i, f"NEW-{i}", geometry=g, area_m2=float(m2)) for i, (g, m2) in enumerate(zip(proj, areas_p))]
    times, cpus = [], []
    for _ in range(25):
        t, c = time.perf_counter(), time.process_time()
        matches = index.overlaps(refs)
        times.append((time.perf_counter() - t) * 1000)
        cpus.append((time.process_time() - c) * 1000)
    print(f"5. {len(proj)}-plot project against the ready {len(geoms):,}-polygon index (PlotIndex.overlaps): median "
          f"{statistics.median(times):.1f} ms wall (min {min(times):.1f}, max {max(times):.1f}), {statistics.median(cpus):.1f} ms CPU; "
          f"{len({m.a.index for m in matches})} overlapping plots found (30 planted)")

    if a.geopandas:
        try:
            import geopandas as gpd
        except ImportError:
            print("6. geopandas not installed: skipped")
        else:
            df = gpd.GeoDataFrame(geometry=geoms, crs="EPSG:4490")
            t, c = time.perf_counter(), cpu()
            j = gpd.sjoin(df, df, predicate="intersects")
            t_gpd, c_gpd = time.perf_counter() - t, cpu() - c
            j = j[j.index < j["index_right"]]
            print(f"6. geopandas {gpd.__version__} sjoin (index build included, one process): {t_gpd:.2f} s wall, {c_gpd:.2f} s CPU, "
                  f"{len(j):,} pairs; ratio to ours (build + query): {t_gpd / (t_build + t_join):.2f}× wall, "
                  f"{c_gpd / (c_build + c_join):.2f}× CPU")
    print(f"peak memory (this process): {peak_mb():,.0f} MB")


if __name__ == "__main__":
    main()
