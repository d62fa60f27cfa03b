"""Load on the platform service: concurrent clients posting a 50-plot check to `compliance serve`.

    PYTHONPATH=. .venv/bin/python benchmarks/bench_service.py [--seconds 60] [--clients 20] [--plots 50]
        [--workers 1] [--no-readiness] [--scenarios distinct,same,distinct-inprocess]

Measured side by side in one run:
1. the in-process check rate (before and after the load, their mean is the reference): what one
   request does without HTTP -- validate the JSON submission (``compliance.library.intake``),
   ``decide.run_check``, the drafting readiness, the JSON document -- in a loop on one thread for
   ``--inprocess-seconds``;
2. the service: `compliance serve` started as a subprocess on 127.0.0.1 (uvicorn, ``--workers``;
   a fresh one per scenario), ``--clients`` keep-alive HTTP/1.1 clients (asyncio, one connection
   each, in a load-generator process of their own) posting a 50-plot submission to
   ``/api/v1/check`` for ``--seconds`` per scenario:
   - ``distinct``: every request a different submission (the project's name numbered), so each
     one is parsed and judged: the check path;
   - ``same``: the same bytes every time, so after the first one the service answers from the
     documents it keeps by content (the repeat-check cache);
   - ``distinct-inprocess``: as ``distinct`` with the engine in the server process
     (``COMPLIANCE_ISOLATE=0``): what the crash isolation costs, side by side.
Prints p50/p90/p99 latency, throughput, and throughput ÷ in-process rate per scenario. Never asserts.
"""
from __future__ import annotations

import argparse
import asyncio
import copy
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "hunan-ccer-afforestation.yaml"


def submission(plots: int) -> dict:
    """The shipped example grown to ``plots`` plots (same holders, certificates, agreements; polygons moved apart)."""
    from compliance.submission.files import read_file

    data = read_file(EXAMPLE)
    base = data["plots"]
    out = []
    for i in range(plots):
        p = copy.deepcopy(base[i % len(base)])
        p["id"] = f"430626-LY-{100 + i // 20:03d}-{i % 20:02d}"
        if p.get("geometry"):       # side by side on a 1.5 km grid (the example's CRS is metric): no overlaps
            dx, dy = (i % 10) * 1500.0, (i // 10) * 1500.0
            p["geometry"]["coordinates"] = [[[x + dx, y + dy] for x, y in ring] for ring in p["geometry"]["coordinates"]]
        out.append(p)
    data["plots"] = out
    ids = [p["id"] for p in out]
    for a in data["agreements"]:
        if "plots" in a:
            a["plots"] = ids
    return data


def inprocess_rate(body: bytes, seconds: float, readiness: bool) -> tuple[float, float]:
    from compliance.library import decide, intake

    def one():
        sub = intake.from_text(body, "bench.json", ".json")
        doc = decide.document(decide.run_check(sub), "zh", sub=sub if readiness else None)
        return json.dumps(doc, ensure_ascii=False, default=str)

    one()
    n, t0 = 0, time.perf_counter()
    lat = []
    while time.perf_counter() - t0 < seconds:
        t = time.perf_counter()
        one()
        lat.append(time.perf_counter() - t)
        n += 1
    return n / (time.perf_counter() - t0), statistics.median(lat)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


MARK = "平江县幕阜山造林碳汇项目".encode()


async def client(host: str, port: int, body: bytes, stop: float, lat: list, errors: list, query: str,
                 distinct: bool, counter: list) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while time.perf_counter() < stop:
            if distinct:            # a new submission: the project's name numbered
                counter[0] += 1
                data = body.replace(MARK, MARK + f" {counter[0]}".encode(), 1)
            else:
                data = body
            head = (f"POST /api/v1/check{query} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n"
                    f"Content-Length: {len(data)}\r\nConnection: keep-alive\r\n\r\n").encode()
            t = time.perf_counter()
            writer.write(head + data)
            await writer.drain()
            status = await reader.readline()
            length = 0
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b""):
                    break
                k, _, v = line.decode().partition(":")
                if k.lower() == "content-length":
                    length = int(v)
            await reader.readexactly(length)
            lat.append(time.perf_counter() - t)
            if not status.startswith(b"HTTP/1.1 200"):
                errors.append(status.decode().strip())
    finally:
        writer.close()


async def _load(port: int, body: bytes, clients: int, seconds: float, query: str, distinct: bool,
                start: int) -> tuple[list, list, float]:
    lat: list = []
    errors: list = []
    counter = [start]
    t0 = time.perf_counter()
    stop = t0 + seconds
    await asyncio.gather(*(client("127.0.0.1", port, body, stop, lat, errors, query, distinct, counter)
                           for _ in range(clients)))
    return lat, errors, time.perf_counter() - t0


def load(*args) -> tuple[list, list, float]:
    return asyncio.run(_load(*args))


def load_elsewhere(*args) -> tuple[list, list, float]:
    """The load generator in a process of its own (not sharing this interpreter's GIL)."""
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(1, mp_context=mp.get_context("spawn")) as pool:
        return pool.submit(load, *args).result()


def pct(values: list, q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(q * len(s)))]


def report(name: str, lat: list, errors: list, elapsed: float, rate: float, clients: int) -> None:
    thr = len(lat) / elapsed
    print(f"[{name}] {len(lat)} requests in {elapsed:.0f} s, {len(errors)} not 200{' ' + repr(sorted(set(errors))[:3]) if errors else ''}")
    print(f"[{name}] latency p50 {pct(lat, 0.5) * 1000:.1f} ms, p90 {pct(lat, 0.9) * 1000:.1f} ms, "
          f"p99 {pct(lat, 0.99) * 1000:.1f} ms (goal p99 <= 150 ms)")
    print(f"[{name}] throughput {thr:.1f} checks/s = {thr / rate:.2f}x the in-process rate {rate:.1f}/s (goal >= 0.7x); "
          f"Little's-law latency floor at this throughput {clients / thr * 1000:.0f} ms")


SCENARIOS = {   # name -> (distinct bodies, checks in the server process)
    "distinct": (True, False),             # every request a new submission, judged in the check worker
    "same": (False, False),                # the same bytes every time: the repeat-check cache answers
    "distinct-inprocess": (True, True),    # as distinct, the engine in the server process (COMPLIANCE_ISOLATE=0)
}


def start_server(port: int, workers: int, tmp: Path, inprocess: bool) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    if inprocess:
        env["COMPLIANCE_ISOLATE"] = "0"
    proc = subprocess.Popen([sys.executable, "-m", "compliance.cli", "serve", "--port", str(port), "--workers", str(workers),
                             "--library", str(tmp / "library.sqlite3"), "--db", str(tmp / "register.sqlite3")],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    for _ in range(1200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return proc
        except OSError:
            if proc.poll() is not None:
                raise SystemExit("compliance serve exited: " + proc.stderr.read().decode(errors="replace")[-2000:])
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("compliance serve did not answer /healthz")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=60, help="per scenario")
    ap.add_argument("--inprocess-seconds", type=float, default=15)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--plots", type=int, default=50)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--scenarios", default="distinct,same,distinct-inprocess",
                    help=f"comma-separated, in this order, a fresh server each: {', '.join(SCENARIOS)}")
    ap.add_argument("--no-readiness", action="store_true",
                    help="post with ?readiness=false (and time the in-process work without the drafting readiness)")
    args = ap.parse_args()
    scenarios = [x.strip() for x in args.scenarios.split(",") if x.strip()]
    unknown = [x for x in scenarios if x not in SCENARIOS]
    if unknown:
        raise SystemExit(f"unknown scenario {unknown}; choose from {', '.join(SCENARIOS)}")
    readiness = not args.no_readiness
    query = "" if readiness else "?readiness=false"
    print(f"document {'with' if readiness else 'without'} the drafting readiness (as `compliance check --format json`"
          f"{'' if readiness else ' minus readiness'}); {os.cpu_count()} CPUs, load average at the start "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    body = json.dumps(submission(args.plots), ensure_ascii=False).encode("utf-8")
    assert MARK in body
    rate0, med = inprocess_rate(body, args.inprocess_seconds, readiness)
    print(f"in-process (before): {rate0:.1f} checks/s on one thread (median {med * 1000:.1f} ms per {args.plots}-plot check)")
    results = {}
    for i, name in enumerate(scenarios):
        distinct, inprocess = SCENARIOS[name]
        tmp = Path(tempfile.mkdtemp(prefix="bench-service-"))
        port = free_port()
        proc = start_server(port, args.workers, tmp, inprocess)
        try:
            load_elsewhere(port, body, args.clients, 3, query, distinct, 10_000_000 * (2 * i + 1))     # warm-up
            results[name] = load_elsewhere(port, body, args.clients, args.seconds, query, distinct, 10_000_000 * (2 * i + 2))
        finally:
            proc.terminate()
            proc.wait(30)
    rate1, med1 = inprocess_rate(body, args.inprocess_seconds, readiness)
    print(f"in-process (after):  {rate1:.1f} checks/s on one thread (median {med1 * 1000:.1f} ms)")
    rate = (rate0 + rate1) / 2        # the machine's load may change during the run: compare with both ends
    print(f"service: {args.clients} clients, {args.seconds:.0f} s per scenario, uvicorn workers {args.workers}; "
          f"reference: the mean in-process rate {rate:.1f} checks/s")
    for name, (lat, errors, elapsed) in results.items():
        report(name, lat, errors, elapsed, rate, args.clients)
    if "distinct" in results and "distinct-inprocess" in results:
        iso, inp = (len(results[n][0]) / results[n][2] for n in ("distinct", "distinct-inprocess"))
        print(f"crash isolation: distinct throughput with the check worker / with the engine in the server = {iso / inp:.2f}x")
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
