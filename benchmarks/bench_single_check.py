"""Prints the cost of one `compliance check` (a fresh process) and of 1,000 in-process checks.

    .venv/bin/python benchmarks/bench_single_check.py
"""
from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "hunan-ccer-afforestation.yaml"


def main() -> None:
    exe = Path(sys.executable).parent / "compliance"
    runs = []
    for _ in range(5):
        t = time.perf_counter()
        subprocess.run([str(exe), "check", str(EXAMPLE), "--format", "json"], capture_output=True, check=False)
        runs.append(time.perf_counter() - t)
    print(f"one `compliance check` (new process, median of 5): {statistics.median(runs) * 1000:.0f} ms")

    from compliance.submission import files as loader
    from compliance.checker import check

    sub = loader.load(EXAMPLE)
    check(sub)     # compile the ruleset once
    t = time.perf_counter()
    for _ in range(1000):
        check(sub)
    dt = time.perf_counter() - t
    print(f"1,000 consecutive in-process checks: {dt:.2f} s ({dt:.3f} ms per check)")
    t = time.perf_counter()
    for _ in range(1000):
        loader.load(EXAMPLE)
    print(f"1,000 loads (read + validate): {time.perf_counter() - t:.2f} s")


if __name__ == "__main__":
    main()
