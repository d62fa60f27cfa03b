"""A 50,000-plot single submission, checked 20 times in a row: every run must give the same
findings, equal to those of the same plots split over 10 projects (issue 11).

    python benchmarks/bench_scale.py [--plots 50000] [--runs 20] [--isolated]

``--isolated`` runs each check through ``compliance.checker.isolate.CheckHost`` (a worker process,
as `compliance check` does from 2,000 plots); otherwise in this process. Prints per-run times,
peak memory and the verdict; exits 1 if any run differs or fails.
"""
from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from bigsub import big_submission, plot_findings, split  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--plots", type=int, default=50_000)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--isolated", action="store_true")
    args = ap.parse_args()

    from compliance.checker import check
    from compliance.submission import files as loader

    data = big_submission(args.plots)
    t = time.perf_counter()
    sub = loader.validate(data)
    print(f"{args.plots:,} plots validated in {time.perf_counter() - t:.2f} s")
    expected = set()
    t = time.perf_counter()
    for part in split(data, 10):
        expected |= plot_findings(check(loader.validate(part)), part)
    print(f"same plots split over 10 projects: {len(expected)} plot findings ({time.perf_counter() - t:.2f} s)")

    host = None
    if args.isolated:
        from compliance.checker.isolate import CheckHost

        host = CheckHost()
    times, bad = [], 0
    for run in range(1, args.runs + 1):
        t = time.perf_counter()
        try:
            report = host.check(sub) if host else check(sub)
            got = plot_findings(report, data)
            ok = got == expected
        except Exception as e:  # noqa: BLE001 - a benchmark reports, never hides
            ok, got = False, set()
            print(f"run {run}: {type(e).__name__}: {e}"[:300])
        times.append(time.perf_counter() - t)
        bad += not ok
        print(f"run {run:2d}: {times[-1]:.2f} s, {len(got)} plot findings, {'same' if ok else 'DIFFERENT'}", flush=True)
    if host:
        host.close()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"{args.runs - bad}/{args.runs} runs identical to the split check; median {statistics.median(times):.2f} s "
          f"per check; peak RSS {rss:.0f} MB (worker {child:.0f} MB)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
