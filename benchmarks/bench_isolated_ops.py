"""What moving the service's other engine uses into the check worker costs: the decision trace
(`GET /api/v1/decisions/{id}`: the check again plus each rule's explanation) and a draft
(`POST /api/v1/draft/KIND`: the drafter's check of the composed agreements), each in this process and
through a ``CheckHost`` worker, alternating rounds in one run; the median of each and their ratio.

    PYTHONPATH=. python benchmarks/bench_isolated_ops.py [--rounds 15]
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=15)
    args = ap.parse_args()

    from compliance.checker.isolate import CheckHost
    from compliance.library import decide
    from compliance.service.common import draft_response
    from compliance.submission import files

    sub = files.load(ROOT / "examples" / "hunan-ccer-afforestation.yaml")
    report = decide.run_check(sub)
    stored = [f.as_dict("zh") for f in report.findings]
    cases = {
        "trace (reported rules)": lambda host: decide.trace(sub, report.as_of, stored, None, host=host),
        "trace (rule=all)": lambda host: decide.trace(sub, report.as_of, stored, ["all"], host=host),
        "draft development": lambda host: draft_response(sub, "development", None, checker=decide.host_checker(host)),
        "draft all (zip)": lambda host: draft_response(sub, "all", None, checker=decide.host_checker(host)),
    }
    times: dict[tuple[str, str], list[float]] = {}
    with CheckHost(timeout=120) as host, tempfile.TemporaryDirectory():
        for name, fn in cases.items():          # warm both sides (imports, compiled rulesets, templates)
            fn(None)
            fn(host)
        for _ in range(args.rounds):
            for name, fn in cases.items():
                for where, h in (("in-process", None), ("worker", host)):
                    t = time.perf_counter()
                    fn(h)
                    times.setdefault((name, where), []).append(time.perf_counter() - t)
    print(f"load average at the end: {os.getloadavg()[0]:.2f} (1 min); {args.rounds} alternating rounds, medians")
    print(f"{'operation':26} {'in-process ms':>14} {'worker ms':>10} {'ratio':>6}")
    for name in cases:
        a = statistics.median(times[(name, "in-process")]) * 1000
        b = statistics.median(times[(name, "worker")]) * 1000
        print(f"{name:26} {a:14.1f} {b:10.1f} {b / a:6.2f}")


if __name__ == "__main__":
    main()
