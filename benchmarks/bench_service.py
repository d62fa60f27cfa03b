"""Load on the platform service: concurrent clients posting a 50-plot check to `compliance serve`.

    .venv/bin/python benchmarks/bench_service.py [--seconds 60] [--clients 20] [--plots 50] [--workers 1]

Measured side by side in one run:
1. the in-process check rate (before and after the load, their mean is the reference): what one request does without HTTP -- validate the JSON
   submission (``compliance.library.intake``), ``decide.run_check``, the JSON document -- in a
   loop on one thread for ``--inprocess-seconds``;
2. the service: `compliance serve` started as a subprocess on 127.0.0.1 (uvicorn, ``--workers``),
   ``--clients`` keep-alive HTTP/1.1 clients (asyncio, one connection each, in this process)
   posting the same 50-plot submission to ``/api/v1/check`` for ``--seconds``.
Prints p50/p90/p99 latency, throughput, and throughput ÷ in-process rate. Never asserts.
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
    """The shipped example grown to ``plots`` plots (same holders, certificates, agreements)."""
    from compliance.submission.files import read_file

    data = read_file(EXAMPLE)
    base = data["plots"]
    out = []
    for i in range(plots):
        p = copy.deepcopy(base[i % len(base)])
        p["id"] = f"430626-LY-{100 + i // 20:03d}-{i % 20:02d}"
        out.append(p)
    data["plots"] = out
    ids = [p["id"] for p in out]
    for a in data["agreements"]:
        if "plots" in a:
            a["plots"] = ids
    return data


def inprocess_rate(body: bytes, seconds: float) -> tuple[float, float]:
    from compliance.library import decide, intake

    def one():
        sub = intake.from_text(body, "bench.json", ".json")
        return json.dumps(decide.document(decide.run_check(sub), "zh"), ensure_ascii=False, default=str)

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


async def client(host: str, port: int, body: bytes, stop: float, lat: list, errors: list) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    head = (f"POST /api/v1/check HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\nConnection: keep-alive\r\n\r\n").encode()
    try:
        while time.perf_counter() < stop:
            t = time.perf_counter()
            writer.write(head + body)
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


async def load(port: int, body: bytes, clients: int, seconds: float) -> tuple[list, list, float]:
    lat: list = []
    errors: list = []
    t0 = time.perf_counter()
    stop = t0 + seconds
    await asyncio.gather(*(client("127.0.0.1", port, body, stop, lat, errors) for _ in range(clients)))
    return lat, errors, time.perf_counter() - t0


def pct(values: list, q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(q * len(s)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--inprocess-seconds", type=float, default=15)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--plots", type=int, default=50)
    ap.add_argument("--workers", type=int, default=1)
    args = ap.parse_args()

    body = json.dumps(submission(args.plots), ensure_ascii=False).encode("utf-8")
    rate0, med = inprocess_rate(body, args.inprocess_seconds)
    print(f"in-process (before): {rate0:.1f} checks/s on one thread (median {med * 1000:.1f} ms per {args.plots}-plot check)")

    tmp = Path(tempfile.mkdtemp(prefix="bench-service-"))
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.Popen([sys.executable, "-m", "compliance.cli", "serve", "--port", str(port), "--workers", str(args.workers),
                             "--library", str(tmp / "library.sqlite3"), "--db", str(tmp / "register.sqlite3")],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        # warm every worker up
        asyncio.run(load(port, body, args.clients, 2))
        lat, errors, elapsed = asyncio.run(load(port, body, args.clients, args.seconds))
    finally:
        proc.terminate()
        proc.wait(20)
    rate1, med1 = inprocess_rate(body, args.inprocess_seconds)
    print(f"in-process (after):  {rate1:.1f} checks/s on one thread (median {med1 * 1000:.1f} ms)")
    rate = (rate0 + rate1) / 2        # the machine's load may change during the run: compare with both ends
    thr = len(lat) / elapsed
    print(f"service: {args.clients} clients, {args.seconds:.0f} s, uvicorn workers {args.workers}: {len(lat)} requests, "
          f"{len(errors)} not 200")
    print(f"latency p50 {pct(lat, 0.5) * 1000:.1f} ms, p90 {pct(lat, 0.9) * 1000:.1f} ms, p99 {pct(lat, 0.99) * 1000:.1f} ms")
    print(f"throughput {thr:.1f} checks/s = {thr / rate:.2f}x the in-process rate {rate:.1f}/s "
          f"(mean of before and after; goal >= 0.7x, p99 <= 150 ms)")
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"per-client latency floor at this throughput: {args.clients / thr * 1000:.0f} ms (Little's law)")


if __name__ == "__main__":
    main()
