#!/usr/bin/env python3
"""Agreement drafting throughput: documents per second, and the 500-plot tripartite agreement.

    python benchmarks/bench_agreements.py [--rounds 5] [--plots 500] [--holders 50] [--pdf]

Prints (never asserts) timings:
- render + read-back verification of the shipped example's four documents, as documents/s;
- the full API call (agreement checks + render + verify + file moves) for `draft all`;
- render + verify of one tripartite agreement with --plots plots (target: under one second);
- with --pdf, the LibreOffice conversion of that document.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def timed(fn, rounds: int) -> list[float]:
    out = []
    for _ in range(rounds):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--plots", type=int, default=500)
    ap.add_argument("--holders", type=int, default=50)
    ap.add_argument("--pdf", action="store_true")
    args = ap.parse_args(argv)

    from compliance.agreements import draft
    from compliance.agreements.drafter import prepare, template_for
    from compliance.agreements.pdf import convert, soffice
    from compliance.agreements.render import render, verify
    from compliance.agreements.sample import synthetic_submission
    from compliance.submission.files import load

    example = load(ROOT / "examples" / "hunan-ccer-afforestation.yaml")
    with tempfile.TemporaryDirectory(prefix="bench-agreements-") as tmp:
        tmp = Path(tmp)
        draft(example, "all", tmp / "warmup")        # imports, template cache of the OS

        # 1. render + verify, the four documents of the example
        docs = [d for kind in ("development", "transfer", "benefit", "tripartite")
                for d in prepare(example, kind, check=False)]

        def four():
            for p, _, built in docs:
                out = tmp / f"{p.kind.value}.docx"
                render(template_for(p.kind, None)[0], built.context, out)
                assert not verify(out, built.expected, built.literals)

        times = timed(four, args.rounds)
        per_doc = statistics.median(times) / len(docs)
        print(f"example, render+verify:        {1 / per_doc:7.1f} documents/s  ({per_doc * 1000:.0f} ms per document)")

        # 2. the full API (checks, render, verify, move) for `draft all`
        n = 0

        def api():
            nonlocal n
            n += 1
            draft(example, "all", tmp / f"api{n}")

        times = timed(api, args.rounds)
        print(f"example, draft all via API:    {3 / statistics.median(times):7.1f} documents/s  "
              f"({statistics.median(times) * 1000:.0f} ms for 3 documents incl. agreement checks)")

        # 3. the large tripartite agreement
        t = time.perf_counter()
        big = synthetic_submission(args.plots, args.holders)
        build = time.perf_counter() - t
        t = time.perf_counter()
        (p, terms, built), = prepare(big, "tripartite", check=False)
        resolve = time.perf_counter() - t
        template = template_for(p.kind, None)[0]
        out = tmp / "big.docx"
        r_times, v_times = [], []
        for _ in range(args.rounds):
            t0 = time.perf_counter()
            render(template, built.context, out)
            t1 = time.perf_counter()
            problems = verify(out, built.expected, built.literals)
            t2 = time.perf_counter()
            assert not problems, problems[:3]
            r_times.append(t1 - t0)
            v_times.append(t2 - t1)
        total = [a + b for a, b in zip(r_times, v_times)]
        print(f"tripartite, {args.plots} plots / {args.holders} holders ({len(built.expected)} values verified):")
        print(f"  render+verify: median {statistics.median(total) * 1000:.0f} ms, best {min(total) * 1000:.0f} ms "
              f"(render {statistics.median(r_times) * 1000:.0f} ms, verify {statistics.median(v_times) * 1000:.0f} ms); "
              f"{'under' if statistics.median(total) < 1 else 'OVER'} one second")
        print(f"  (building the submission {build * 1000:.0f} ms, resolving the terms {resolve * 1000:.0f} ms; "
              f"file {out.stat().st_size / 1024:.0f} KiB)")

        if args.pdf:
            if soffice() is None:
                print("  pdf: LibreOffice not installed, skipped")
            else:
                t = time.perf_counter()
                pdf = convert([out], tmp)[0]
                print(f"  pdf (LibreOffice): {time.perf_counter() - t:.1f} s, {pdf.stat().st_size / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
