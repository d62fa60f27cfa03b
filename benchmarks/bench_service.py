"""Load on the platform service: concurrent clients posting a 50-plot check to `compliance serve`.

    PYTHONPATH=. .venv/bin/python benchmarks/bench_service.py [--seconds 60] [--clients 20] [--plots 50]
        [--workers N] [--check-workers N] [--no-readiness] [--scenarios distinct,same,distinct-inprocess] [--compare TREE]

Measured side by side in one run, for this tree and (``--compare``) another checkout of the
project, e.g. ``git worktree add --detach /tmp/base main`` -- both driven by this file's load
generator, tree after tree per scenario:
1. the in-process check rate of each tree (before and after the load, their mean is its
   reference): what one request does without HTTP -- validate the JSON submission
   (``compliance.library.intake``), ``decide.run_check``, the drafting readiness, the JSON
   document -- in a loop on one thread for ``--inprocess-seconds``, in a process of its own;
2. the service: `compliance serve` of that tree started as a subprocess on 127.0.0.1
   (``--workers``; a fresh one per scenario), ``--clients`` keep-alive HTTP/1.1 clients posting a
   50-plot submission to ``/api/v1/check`` for ``--seconds`` per scenario:
   - ``distinct``: every request a different submission (the project's name numbered), so each
     one is parsed and judged: the check path;
   - ``same``: the same bytes every time, so after the first one the service answers from the
     documents it keeps by content (the repeat-check cache);
   - ``distinct-inprocess``: as ``distinct`` with the engine in the server process
     (``COMPLIANCE_ISOLATE=0``): what the crash isolation costs, side by side.
   The load generator is one asyncio process (raw HTTP/1.1 on one connection per client, the
   request bytes built once with a fixed-width number patched in): its own CPU time is printed,
   and so is the CPU time of the server's processes (server, check workers), from /proc.
Prints p50/p90/p99 latency, the order requests were served in (how many others completed while one was
in flight), completions per second over the run, throughput, throughput ÷ in-process rate, CPU per request and the load
average, per tree and scenario. Never asserts.
"""
from __future__ import annotations

import argparse
import asyncio
import copy
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "hunan-ccer-afforestation.yaml"
MARK = "平江县幕阜山造林碳汇项目".encode()


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


def numbered(body: bytes, n: int) -> bytes:
    """The submission with its project's name numbered (fixed width: every request has one length)."""
    return body.replace(MARK, MARK + b" %09d" % n, 1)


# --------------------------------------------------------------------------- the in-process reference
def inprocess_rate(body: bytes, seconds: float, readiness: bool) -> tuple[float, float, float]:
    """Checks per second on one thread of this interpreter (whichever tree is on its path), the
    median wall time and the CPU time per check (the figure a loaded machine disturbs least)."""
    import statistics

    from compliance.library import decide, intake

    def one(n):
        sub = intake.from_text(numbered(body, n), "bench.json", ".json")
        doc = decide.document(decide.run_check(sub), "zh", sub=sub if readiness else None)
        return json.dumps(doc, ensure_ascii=False, default=str)

    one(0)
    n, t0, c0 = 0, time.perf_counter(), time.process_time()
    lat = []
    while time.perf_counter() - t0 < seconds:
        t = time.perf_counter()
        one(n + 1)
        lat.append(time.perf_counter() - t)
        n += 1
    return n / (time.perf_counter() - t0), statistics.median(lat), (time.process_time() - c0) / n


def inprocess_in(tree: Path, body: bytes, seconds: float, readiness: bool) -> tuple[float, float, float]:
    """``inprocess_rate`` in a fresh interpreter with ``tree`` first on the path."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        f.write(body)
    try:
        code = ("import json,sys; sys.path.insert(0, sys.argv[1]); from bench_service import inprocess_rate; "
                "import compliance; assert compliance.__file__.startswith(sys.argv[5]), compliance.__file__; "
                "print(json.dumps(inprocess_rate(open(sys.argv[2], 'rb').read(), float(sys.argv[3]), sys.argv[4] == '1')))")
        # cwd=tree: `python -c` puts the working directory first on sys.path, before PYTHONPATH
        out = subprocess.run([sys.executable, "-c", code, str(Path(__file__).parent), f.name, str(seconds), "1" if readiness else "0",
                              str(tree)],
                             env=_env(tree), cwd=tree, capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(f.name)
    rate, med, cpu = json.loads(out.strip().splitlines()[-1])
    return rate, med, cpu


# --------------------------------------------------------------------------- the load generator
async def client(port: int, prefix: bytes, suffix: bytes, stop: float, lat: list, errors: list, counter: list,
                 spans: list) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.perf_counter() < stop:
            if suffix is not None:      # distinct: a new number in the fixed-width slot
                counter[0] += 1
                data = prefix + b" %09d" % counter[0] + suffix
            else:
                data = prefix
            t = time.perf_counter()
            writer.write(data)
            head = await reader.readuntil(b"\r\n\r\n")
            i = head.lower().find(b"content-length:")
            length = int(head[i + 15:head.index(b"\r\n", i)]) if i >= 0 else 0
            await reader.readexactly(length)
            lat.append(time.perf_counter() - t)
            spans.append((t, lat[-1]))
            if not head.startswith(b"HTTP/1.1 200"):
                errors.append(head.split(b"\r\n", 1)[0].decode(errors="replace"))
    finally:
        writer.close()


async def _load(port: int, body: bytes, clients: int, seconds: float, query: str, distinct: bool,
                start: int) -> tuple[list, list, float, float]:
    import resource

    length = len(numbered(body, 0)) if distinct else len(body)
    head = (f"POST /api/v1/check{query} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {length}\r\n\r\n").encode()
    if distinct:
        at = body.index(MARK) + len(MARK)
        prefix, suffix = head + body[:at], body[at:]
    else:
        prefix, suffix = head + body, None
    lat: list = []
    errors: list = []
    spans: list = []
    counter = [start]
    ru0 = resource.getrusage(resource.RUSAGE_SELF)
    t0 = time.perf_counter()
    stop = t0 + seconds
    await asyncio.gather(*(client(port, prefix, suffix, stop, lat, errors, counter, spans) for _ in range(clients)))
    elapsed = time.perf_counter() - t0
    ru1 = resource.getrusage(resource.RUSAGE_SELF)
    return lat, errors, elapsed, (ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime), spans


def order(spans: list) -> tuple[list, list]:
    """(how many requests completed while each one was in flight, completions per second of the run):
    served first come first served, every request sees about ``clients - 1`` others complete; more is
    a request overtaken by newer ones. The per-second counts show the machine's speed over the run."""
    import bisect

    ends = sorted(t + d for t, d in spans)
    during = sorted(bisect.bisect_left(ends, t + d) - bisect.bisect_right(ends, t) for t, d in spans)
    per_second: dict[int, int] = {}
    for e in ends[:-1]:
        per_second[int(e - ends[0])] = per_second.get(int(e - ends[0]), 0) + 1
    full = sorted(list(per_second.values())[:-1])     # the last second is a partial one
    return during, full


def load(*args) -> tuple[list, list, float, float, list]:
    return asyncio.run(_load(*args))


def load_elsewhere(*args) -> tuple[list, list, float, float, list]:
    """The load generator in a process of its own (not sharing the GIL of anything measured)."""
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(1, mp_context=mp.get_context("spawn")) as pool:
        return pool.submit(load, *args).result()


# --------------------------------------------------------------------------- the server
def _env(tree: Path) -> dict:
    return {**os.environ, "PYTHONPATH": str(tree) + os.pathsep + os.environ.get("PYTHONPATH", "")}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(tree: Path, port: int, workers: int | None, tmp: Path, inprocess: bool,
                 check_workers: int | None = None) -> subprocess.Popen:
    env = _env(tree)
    if inprocess:
        env["COMPLIANCE_ISOLATE"] = "0"
    cmd = [sys.executable, "-m", "compliance.cli", "serve", "--port", str(port),
           "--library", str(tmp / "library.sqlite3"), "--db", str(tmp / "register.sqlite3")]
    if workers is not None:
        cmd += ["--workers", str(workers)]
    if check_workers is not None:      # (a tree without the option: COMPLIANCE_CHECK_WORKERS is ignored there)
        cmd += ["--check-workers", str(check_workers)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=tree)
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


def tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) of a process and its living descendants, from /proc (0 elsewhere)."""
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    children: dict[int, list[int]] = {}
    cpu: dict[int, float] = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        p = int(entry.name)
        children.setdefault(int(fields[1]), []).append(p)
        cpu[p] = (int(fields[11]) + int(fields[12])) / tick
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        total += cpu.get(p, 0.0)
        todo.extend(children.get(p, []))
    return total


# --------------------------------------------------------------------------- the run
def pct(values: list, q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(q * len(s)))] if s else float("nan")


SCENARIOS = {   # name -> (distinct bodies, checks in the server process)
    "distinct": (True, False),             # every request a new submission, judged in the check worker
    "same": (False, False),                # the same bytes every time: the repeat-check cache answers
    "distinct-inprocess": (True, True),    # as distinct, the engine in the server process (COMPLIANCE_ISOLATE=0)
}


def loadavg() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=60, help="per scenario")
    ap.add_argument("--inprocess-seconds", type=float, default=15)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--plots", type=int, default=50)
    ap.add_argument("--workers", type=int, default=None, help="server processes (default: the tree's `compliance serve` default)")
    ap.add_argument("--check-workers", type=int, default=None,
                    help="check workers per server process (default: the tree's `compliance serve` default)")
    ap.add_argument("--scenarios", default="distinct,same,distinct-inprocess",
                    help=f"comma-separated, in this order, a fresh server each: {', '.join(SCENARIOS)}")
    ap.add_argument("--no-readiness", action="store_true",
                    help="post with ?readiness=false (and time the in-process work without the drafting readiness)")
    ap.add_argument("--compare", type=Path, default=None, metavar="TREE",
                    help="another checkout of the project (e.g. `git worktree add --detach /tmp/base main`), measured side by side")
    args = ap.parse_args()
    scenarios = [x.strip() for x in args.scenarios.split(",") if x.strip()]
    unknown = [x for x in scenarios if x not in SCENARIOS]
    if unknown:
        raise SystemExit(f"unknown scenario {unknown}; choose from {', '.join(SCENARIOS)}")
    trees = [("this tree", ROOT)] + ([("compared", args.compare.resolve())] if args.compare else [])
    readiness = not args.no_readiness
    query = "" if readiness else "?readiness=false"
    print(f"document {'with' if readiness else 'without'} the drafting readiness (as `compliance check --format json`"
          f"{'' if readiness else ' minus readiness'}); {os.cpu_count()} CPUs, load average at the start {loadavg()}")
    for name, tree in trees:
        print(f"{name}: {tree} ({_git_head(tree)})")

    body = json.dumps(submission(args.plots), ensure_ascii=False).encode("utf-8")
    assert MARK in body
    rates: dict[str, list] = {name: [] for name, _ in trees}
    cpus: dict[str, list] = {name: [] for name, _ in trees}
    def reference(when: str) -> None:
        """Each tree's in-process check rate, measured in that tree (before and after the load)."""
        for name, tree in trees:
            rate, med, cpu = inprocess_in(tree, body, args.inprocess_seconds, readiness)
            rates[name].append(rate)
            cpus[name].append(cpu)
            print(f"[{name}] in-process ({when}): {rate:.1f} checks/s on one thread (median {med * 1000:.1f} ms, CPU "
                  f"{cpu * 1000:.1f} ms per {args.plots}-plot check), load average {loadavg()}", flush=True)

    reference("before")
    results: dict[tuple, tuple] = {}
    for i, scenario in enumerate(scenarios):
        distinct, inprocess = SCENARIOS[scenario]
        for name, tree in trees:
            tmp = Path(tempfile.mkdtemp(prefix="bench-service-"))
            port = free_port()
            proc = start_server(tree, port, args.workers, tmp, inprocess, args.check_workers)
            try:
                load_elsewhere(port, body, args.clients, 3, query, distinct, 10_000_000 * (2 * i + 1))     # warm-up
                cpu0 = tree_cpu(proc.pid)
                lat, errors, elapsed, gen_cpu, spans = load_elsewhere(port, body, args.clients, args.seconds, query,
                                                                      distinct, 10_000_000 * (2 * i + 2))
                server_cpu = tree_cpu(proc.pid) - cpu0
                results[(scenario, name)] = (lat, errors, elapsed, gen_cpu, server_cpu, loadavg(), spans)
                print(f"[{name}] {scenario}: {len(lat) / elapsed:.1f} req/s, p99 {pct(lat, 0.99) * 1000:.0f} ms, "
                      f"load average {loadavg()}", flush=True)
            finally:
                proc.terminate()
                proc.wait(30)
    reference("after")

    print(f"\nservice: {args.clients} clients, {args.seconds:.0f} s per scenario, server processes "
          f"{args.workers if args.workers is not None else 'default'}")
    for scenario in scenarios:
        for name, _ in trees:
            rate = sum(rates[name]) / len(rates[name])      # the machine's load may change during the run: both ends
            lat, errors, elapsed, gen_cpu, server_cpu, la, spans = results[(scenario, name)]
            n = len(lat)
            thr = n / elapsed
            tag = f"[{name}] {scenario}"
            print(f"{tag}: {n} requests in {elapsed:.0f} s, {len(errors)} not 200"
                  f"{' ' + repr(sorted(set(errors))[:3]) if errors else ''}; load average at its end {la}")
            print(f"{tag}: latency p50 {pct(lat, 0.5) * 1000:.1f} ms, p90 {pct(lat, 0.9) * 1000:.1f} ms, "
                  f"p99 {pct(lat, 0.99) * 1000:.1f} ms (goal p99 <= 150 ms)")
            print(f"{tag}: throughput {thr:.1f} checks/s = {thr / rate:.2f}x the in-process rate {rate:.1f}/s (goal >= 0.7x); "
                  f"Little's-law latency floor {args.clients / thr * 1000:.0f} ms")
            if n:
                during, full = order(spans)
                print(f"{tag}: order: requests completed while one was in flight p50 {pct(during, 0.5)}, p99 "
                      f"{pct(during, 0.99)}, max {during[-1]} (first come first served: about {args.clients - 1}); "
                      f"completions per second min / median / max "
                      + (f"{full[0]} / {pct(full, 0.5)} / {full[-1]}" if full else "-"))
                inproc = sum(cpus[name]) / len(cpus[name])
                print(f"{tag}: CPU per request: server processes {server_cpu / n * 1000:.1f} ms "
                      f"({server_cpu / n / inproc:.2f}x the in-process {inproc * 1000:.1f} ms), load generator "
                      f"{gen_cpu / n * 1000:.2f} ms ({gen_cpu / elapsed * 100:.0f} % of a core)")
    for name, _ in trees:
        if ("distinct", name) in results and ("distinct-inprocess", name) in results:
            iso, inp = (len(results[(s, name)][0]) / results[(s, name)][2] for s in ("distinct", "distinct-inprocess"))
            print(f"[{name}] crash isolation: distinct throughput with the check worker / with the engine in the server = {iso / inp:.2f}x")
    if len(trees) == 2:
        for scenario in scenarios:
            a, b = (results[(scenario, name)] for name, _ in trees)
            ta, tb = len(a[0]) / a[2], len(b[0]) / b[2]
            print(f"{scenario}: this tree / compared: throughput {ta / tb:.2f}x, p99 {pct(a[0], 0.99) / pct(b[0], 0.99):.2f}x")
    print(f"load average at the end: {loadavg()}")


def _git_head(tree: Path) -> str:
    try:
        return subprocess.run(["git", "-C", str(tree), "log", "-1", "--format=%h %s"], capture_output=True, text=True,
                              timeout=10).stdout.strip()[:80] or "?"
    except (OSError, subprocess.SubprocessError):
        return "?"


if __name__ == "__main__":
    main()
