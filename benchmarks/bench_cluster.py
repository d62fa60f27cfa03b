"""The Dask backend on one machine: the double-claim join over millions of plots, and the
per-project checks, local processes vs a cluster of 1 and 2 workers (side by side, one run).

    python benchmarks/bench_cluster.py join --plots 20000000 [--dir /tmp/compliance-bench-plots]
    python benchmarks/bench_cluster.py scaling [--projects 300 --plots 6000 --join-plots 2000000]

``join``: writes the plots as Parquet partitions (100,000 plots each; on /tmp, never committed;
reused when already there), reads them lazily on a LocalCluster of 2 worker processes
(memory_limit 4 GB each, one thread each, 127.0.0.1) and runs X-double-claim's plot join
(``claim_pairs`` shuffled on county + plot id, the step ``compliance batch --scheduler`` runs);
prints plots/s, the pairs found (checked against the injected ones) and each worker's peak RSS.

``scaling``: the same synthetic portfolio checked with the local backend (2 processes) and on
clusters of 1 and 2 workers, and the plot join on ``--join-plots`` plots in this process
(pandas) and on the same clusters; prints times and ratios.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
AS_OF = dt.date(2026, 6, 1)
PART_PLOTS = 100_000
PLOTS_PER_PROJECT = 200
DOUBLE_EVERY = 1000            # one plot in DOUBLE_EVERY is also claimed by the next project
COUNTIES = ("430181", "430725", "430225", "431028", "433124", "431221", "430626", "430524")


# --------------------------------------------------------------------------- data
def write_plots(folder: Path, plots: int) -> int:
    """Plots as Parquet partitions (the ``plots/`` table of a partitioned portfolio); returns
    the number of injected double claims. Vectorised: 20 M plots take about a minute."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    d = folder / "plots"
    marker = folder / f".complete-{plots}"
    if marker.exists():
        return int(marker.read_text())
    shutil.rmtree(folder, ignore_errors=True)
    d.mkdir(parents=True)
    doubles = 0
    for part, start in enumerate(range(0, plots, PART_PLOTS)):
        n = min(PART_PLOTS, plots - start)
        g = np.arange(start, start + n, dtype=np.int64)
        project = g // PLOTS_PER_PROJECT
        county = np.array(COUNTIES)[project % len(COUNTIES)]
        # a plot's own id; every DOUBLE_EVERY-th plot copies the id of a plot of the previous project
        own = g % PLOTS_PER_PROJECT
        dup = (g % DOUBLE_EVERY == DOUBLE_EVERY - 1) & (project > 0)
        doubles += int(dup.sum())
        id_project = np.where(dup, project - 1, project)
        county = np.where(dup, np.array(COUNTIES)[(project - 1) % len(COUNTIES)], county)
        pid = pc.binary_join_element_wise("HN-B-", pc.cast(pa.array(project), pa.string()), "")
        plot_id = pc.binary_join_element_wise(pc.cast(pa.array(id_project), pa.string()), "-",
                                              pc.cast(pa.array(own), pa.string()), "")
        cert = pc.binary_join_element_wise("湘(2024)不动产权第", pc.cast(pa.array(id_project), pa.string()), "号", "")
        table = pa.table({"project_id": pid, "id": plot_id, "county": pa.array(county), "certificate": cert,
                          "area_ha": pa.array(np.full(n, 1.5))})
        pq.write_table(table, d / f"part-{part:05d}.parquet")
    marker.write_text(str(doubles))
    return doubles


def claims_from_parquet(folder: Path):
    """The claims frame (``compliance.portfolio.cross.claims_frame`` columns) of every plot,
    as a lazy dask dataframe over the partitions: nothing is read until the join runs."""
    import dask.dataframe as dd
    import pandas as pd

    from compliance.portfolio.cross import CLAIM_COLUMNS

    plots = dd.read_parquet(str(folder / "plots"), columns=["project_id", "id", "county", "certificate"])

    def to_claims(df, partition_info=None):
        n = len(df)
        base = (partition_info or {}).get("number", 0) * PART_PLOTS
        out = pd.DataFrame({
            "owner": df["project_id"].to_numpy(), "entity": df["project_id"].to_numpy(), "entity_mech": "XLTP",
            "is_project": True, "county": df["county"].to_numpy(), "plot_id": df["id"].to_numpy(),
            "cert": df["certificate"].to_numpy(), "path": "plots", "prio": 0,
        }, columns=CLAIM_COLUMNS)
        out["rid"] = range(base, base + n)
        return out

    meta = to_claims(plots._meta)
    return plots.map_partitions(to_claims, meta=meta)


# --------------------------------------------------------------------------- clusters
def cluster(workers: int, memory: str = "4GB"):
    from distributed import LocalCluster

    local_dir = tempfile.mkdtemp(prefix="compliance-dask-")
    return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                        dashboard_address=None, memory_limit=memory, local_directory=local_dir)


def peak_rss_mb(client) -> dict:
    return {addr.rsplit(":", 1)[-1]: round(v / 1024) for addr, v in
            client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss).items()}


# --------------------------------------------------------------------------- join
def bench_join(args) -> None:
    from distributed import Client

    from compliance.portfolio.backends.dask import DaskJoin
    from compliance.portfolio.cross import claim_pairs

    folder = Path(args.dir)
    t = time.perf_counter()
    doubles = write_plots(folder, args.plots)
    files = len(list((folder / "plots").glob("*.parquet")))
    print(f"data: {args.plots:,} plots in {files} Parquet partitions under {folder} "
          f"({sum(f.stat().st_size for f in (folder / 'plots').glob('*.parquet')) / 2**20:.0f} MiB, "
          f"{time.perf_counter() - t:.0f} s to write or find), {doubles:,} injected double claims")
    with cluster(args.workers, args.memory) as c, Client(c) as client:
        t = time.perf_counter()
        pairs = claim_pairs(claims_from_parquet(folder), ["county", "plot_id"], DaskJoin(client, args.workers))
        took = time.perf_counter() - t
        peaks = peak_rss_mb(client)
    found = pairs[["owner", "county", "plot_id"]].drop_duplicates()
    print(f"double-claim join on {args.workers} workers (memory_limit {args.memory} each): {took:.1f} s, "
          f"{args.plots / took:,.0f} plots/s; {len(pairs):,} pair rows, {len(found):,} (project, plot) double claims "
          f"(expected {2 * doubles:,})")
    print("peak RSS per worker (MB): " + ", ".join(f"{k}: {v}" for k, v in peaks.items()))
    assert len(found) == 2 * doubles, "the join missed or invented double claims"
    limit_mb = int(args.memory.rstrip("GB")) * 1024
    assert max(peaks.values()) <= limit_mb, f"a worker went over {args.memory}"


# --------------------------------------------------------------------------- scaling
def bench_scaling(args) -> None:
    from distributed import Client

    import synth
    from compliance.portfolio import check_portfolio
    from compliance.portfolio.backends.dask import DaskJoin
    from compliance.portfolio.report import build_tables
    from compliance.portfolio.cross import LOCAL_JOIN, claim_pairs

    tmp = Path(tempfile.mkdtemp(prefix="bench-cluster-"))
    syn = synth.generate(args.projects, args.plots, violations=0.1, double_claims=args.projects // 10, seed=7)
    path = synth.write(syn, tmp / "syn")
    folder = tmp / "plots"
    write_plots(folder, args.join_plots)
    claims = claims_from_parquet(folder).compute(scheduler="synchronous")

    rows = []
    t = time.perf_counter()
    reference = check_portfolio(path, AS_OF, workers=2, register=False)
    rows.append(("local, 2 processes", time.perf_counter() - t))
    t = time.perf_counter()
    ref_pairs = claim_pairs(claims, ["county", "plot_id"], LOCAL_JOIN)
    join_rows = [("pandas in this process", time.perf_counter() - t)]
    ref_tables = build_tables(reference, "en")
    for n in (1, 2):
        with cluster(n) as c, Client(c) as client:
            client.wait_for_workers(n)
            t = time.perf_counter()
            result = check_portfolio(path, AS_OF, register=False, scheduler=c.scheduler_address)
            rows.append((f"cluster, {n} worker(s)", time.perf_counter() - t))
            assert build_tables(result, "en") == ref_tables, "the cluster's report differs"
            t = time.perf_counter()
            pairs = claim_pairs(claims, ["county", "plot_id"], DaskJoin(client, n))
            join_rows.append((f"cluster, {n} worker(s)", time.perf_counter() - t))
            assert pairs.astype(str).values.tolist() == ref_pairs.astype(str).values.tolist()
    shutil.rmtree(tmp, ignore_errors=True)
    base = rows[0][1]
    print(f"per-project checks, {args.projects} projects / {args.plots:,} plots (identical reports):")
    for name, s in rows:
        print(f"  {name:24s} {s:7.2f} s  {args.plots / s:9,.0f} plots/s  ratio to local {base / s:5.2f}")
    base = join_rows[0][1]
    print(f"double-claim plot join, {args.join_plots:,} plots (identical pairs):")
    for name, s in join_rows:
        print(f"  {name:24s} {s:7.2f} s  {args.join_plots / s:9,.0f} plots/s  ratio to pandas {base / s:5.2f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="what", required=True)
    j = sub.add_parser("join")
    j.add_argument("--plots", type=int, default=20_000_000)
    j.add_argument("--dir", default=os.path.join(tempfile.gettempdir(), "compliance-bench-plots"))
    j.add_argument("--workers", type=int, default=2)
    j.add_argument("--memory", default="4GB")
    s = sub.add_parser("scaling")
    s.add_argument("--projects", type=int, default=300)
    s.add_argument("--plots", type=int, default=6000)
    s.add_argument("--join-plots", type=int, default=2_000_000)
    args = ap.parse_args()
    bench_join(args) if args.what == "join" else bench_scaling(args)


if __name__ == "__main__":
    main()
