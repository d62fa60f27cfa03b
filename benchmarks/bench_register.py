"""Sanctions register throughput: appends per second, verify time, lookup cost per check.

    python benchmarks/bench_register.py                      # SQLite file in a temp dir, 100,000 events
    python benchmarks/bench_register.py --events 20000       # quicker
    python benchmarks/bench_register.py --db "$COMPLIANCE_TEST_PG_URL"   # PostgreSQL (uses a fresh schema)
    python benchmarks/bench_register.py --compare /tmp/base --rounds 3 --single 300 --lookups 5000
        # the verify figures for this tree and another checkout, alternating round by round

Prints:
- single appends/s: one signed, hash-chained event per transaction (durable commit each),
  the way `compliance sanctions record` writes;
- bulk appends/s: 1,000 events per transaction, the way `import` writes;
- verify time for the whole register (hashes, Ed25519 signatures, jurisdiction rules, and the
  rebuilt current-state table compared with the stored one), and peak memory;
- verify in one process and in one process per core (signatures in worker processes), beside
  the Ed25519 floor measured in the same run: the same events' signatures verified alone, with
  libsodium (PyNaCl, what verify uses) and with OpenSSL (cryptography), in 1 process and in one
  new process per core (start-up included, as in verify); each verify runs in a new process
  (``--compare TREE``: alternately for this tree and TREE, ``--rounds`` times), with its CPU
  time (the process and its workers) and the load average;
- the incremental verify from the latest signed tree head (what a check runs first);
- the check's verified read (once per process and head; the first one sums every state row,
  a later one continues the index this machine verified), and then the
  lookup cost per check: the provider for one party code (half of them sanctioned), and
  for a submission with five parties, in microseconds.
Not part of the test suite.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from compliance.reference import ids  # noqa: E402
from compliance.penalties.chain import Signer  # noqa: E402
import os  # noqa: E402

import sqlalchemy as sa  # noqa: E402

from compliance.penalties import replay, sigcheck  # noqa: E402
from compliance.penalties.provider import SanctionsProvider  # noqa: E402
from compliance.penalties.store import Register, resolve_url  # noqa: E402


def uscc(n: int) -> str:
    body = f"91431202MA{n:07d}"
    return body + ids.uscc_check_digit(body)


def row(n: int) -> dict:
    start = dt.date(2024, 1, 1) + dt.timedelta(days=n % 900)
    return dict(entity_name=f"测试林业发展有限公司{n}", code=uscc(n), region_code="431202",
                measure=("suspend", "restrict", "cancel", "notice")[n % 4], mechanisms=["CCER", "XLTP"],
                from_date=start.isoformat(), to_date=(start + dt.timedelta(days=3 * 365)).isoformat(),
                grounds="未按约定开展造林，长期圈占林地资源", basis=["森林法 第七十四条", "湘林基〔2025〕5号 第十四条"],
                case_number=f"鹤林罚决字〔{2024 + n % 3}〕{n}号", evidence=[f"鹤林勘〔2024〕{n}号"])


def pg_schema_url(base: str) -> tuple[str, callable]:
    import sqlalchemy as sa

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(resolve_url(base))
    with admin.begin() as conn:
        conn.execute(sa.text(f"CREATE SCHEMA {schema}"))

    def drop():
        with admin.begin() as conn:
            conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
    url = resolve_url(base)
    return f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}", drop


# a floor process: like a verify worker, a plain interpreter importing only sigcheck
_FLOOR_CHILD = ("import pickle, sys; sys.path.insert(0, sys.argv[1]); from compliance.penalties import sigcheck; "
                "sys.exit(sigcheck.signatures_only(pickle.loads(sys.stdin.buffer.read()), sys.argv[2]) is not None)")


def _cpu_children() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def floor(items: list, processes: int, library: str) -> tuple[float, float]:
    """(wall, CPU) seconds to verify only the signatures of ``items``: in this process, or split
    over ``processes`` new processes (their start-up and the hand-over of the items included)."""
    import pickle
    import subprocess

    t = time.perf_counter()
    if processes <= 1:
        c = time.process_time()
        assert sigcheck.signatures_only(items, library) is None
        return time.perf_counter() - t, time.process_time() - c
    c = time.process_time() + _cpu_children()
    size = -(-len(items) // processes)
    procs = []
    for i in range(processes):
        p = subprocess.Popen([sys.executable, "-c", _FLOOR_CHILD, str(ROOT), library], stdin=subprocess.PIPE)
        procs.append((p, pickle.dumps(items[i * size:(i + 1) * size])))
    for p, data in procs:
        p.stdin.write(data)
        p.stdin.close()
    assert all(p.wait() == 0 for p, _ in procs)
    return time.perf_counter() - t, time.process_time() + _cpu_children() - c


# Run in a new process with the tree under test first on sys.path: verify in 1 process, in
# WORKERS processes, and the replay alone (batches of links and signatures dropped unchecked).
_MEASURE = r"""
import json, os, resource, sys, time
sys.path.insert(0, sys.argv[1])
from compliance.penalties import replay
from compliance.penalties.store import Register
mode, url = sys.argv[2], sys.argv[3]
reg = Register(url)
class NoSignatures(replay.Signatures):
    def _flush(self):
        self._items = []
def cpu():
    a, b = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return a.ru_utime + a.ru_stime + b.ru_utime + b.ru_stime
c, t = cpu(), time.perf_counter()
ok = reg._verify(NoSignatures(0), None, False).ok if mode == "alone" else reg.verify(workers=int(mode)).ok
print(json.dumps({"wall": time.perf_counter() - t, "cpu": cpu() - c, "ok": ok,
                  "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def measure(tree: str, mode: str, url: str) -> dict:
    import json
    import subprocess

    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    out = subprocess.run([sys.executable, "-c", _MEASURE, tree, mode, url], capture_output=True, text=True,
                         env=env, cwd=tempfile.gettempdir())
    if out.returncode != 0:
        raise SystemExit(f"measuring {tree} ({mode}) failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def load_average() -> str:
    try:
        return "/".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "?"


def verify_rounds(url: str, trees: list[tuple[str, str]], rounds: int, total: int) -> None:
    """Alternating rounds: each tree's verify (1 process, one per core, replay alone) and the
    Ed25519 floors (libsodium and OpenSSL, 1 process and one per core), the same events."""
    workers = replay.default_workers()
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        items = [tuple(r) for r in conn.execute(sa.text(
            "SELECT e.seq, a.public_key, e.hash, e.signature FROM sanction_events e "
            "JOIN sanction_authorities a ON a.authority_id = e.authority_id ORDER BY e.seq"))]
    engine.dispose()
    results: dict = {}

    def note(key, value):
        results.setdefault(key, []).append(value)

    for r in range(rounds):
        print(f"round {r + 1}/{rounds}, load average {load_average()}")
        for label, tree in trees:
            for mode in (str(workers), "0", "alone"):
                m = measure(tree, mode, url)
                assert m["ok"], (label, mode)
                note((label, mode), m)
                what = {"alone": "replay alone", "0": "verify, 1 process"}.get(mode, f"verify, {mode} processes")
                print(f"  {label:>6} {what:<21} "
                      f"{m['wall']:6.2f} s wall, {m['cpu']:6.2f} s CPU, peak RSS {m.get('rss', 0):,.0f} MiB")
        for library in ("nacl", "cryptography"):
            for n in (1, workers):
                f, c = floor(items, n, library)
                note(("floor", library, n), f)
                note(("floor cpu", library, n), c)
                print(f"  Ed25519 floor, {library:<12} {n} process{'es' if n > 1 else ' '}: {f:6.2f} s wall, "
                      f"{c:6.2f} s CPU")
    print(f"load average at the end {load_average()}")
    print(f"\nmedians over {rounds} round(s), {total:,} events:")
    med = statistics.median
    for label, _ in trees:
        par, one, alone = (results[(label, m)] for m in (str(workers), "0", "alone"))
        print(f"  {label:>8}: verify {workers} processes {med(x['wall'] for x in par):.2f} s "
              f"(CPU {med(x['cpu'] for x in par):.2f} s), 1 process {med(x['wall'] for x in one):.2f} s "
              f"(CPU {med(x['cpu'] for x in one):.2f} s), replay alone {med(x['wall'] for x in alone):.2f} s "
              f"(CPU {med(x['cpu'] for x in alone):.2f} s)")
    for library in ("nacl", "cryptography"):
        print(f"  Ed25519 floor {library}: 1 process {med(results[('floor', library, 1)]):.2f} s, "
              f"{workers} processes {med(results[('floor', library, workers)]):.2f} s "
              f"(CPU {med(results[('floor cpu', library, 1)]):.2f} s / {med(results[('floor cpu', library, workers)]):.2f} s)")
    if len(trees) == 2:
        (a, _), (b, _) = trees
        for what, key in (("wall", "wall"), ("CPU", "cpu")):
            ratios = [x[key] / y[key] for x, y in zip(results[(a, str(workers))], results[(b, str(workers))])]
            print(f"  verify {workers} processes, {a} / {b}, {what}: median of the per-round ratios "
                  f"{med(ratios):.2f}")
    floor2 = med(results[("floor", "nacl", workers)])
    mine = results[(trees[0][0], str(workers))]
    print(f"  verify ({trees[0][0]}) / libsodium floor, {workers} processes: wall "
          f"{med(x['wall'] for x in mine) / floor2:.2f}, CPU "
          f"{med(x['cpu'] for x in mine) / med(results[('floor cpu', 'nacl', workers)]):.2f}; "
          f"the CPU ÷ {workers} (an idle machine's wall): {med(x['cpu'] for x in mine) / workers:.2f} s")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="SQLAlchemy URL (default: a SQLite file in a temp dir)")
    ap.add_argument("--events", type=int, default=100_000, help="register size for verify and lookups")
    ap.add_argument("--single", type=int, default=2_000, help="events appended one per transaction")
    ap.add_argument("--batch", type=int, default=1_000, help="events per transaction in the bulk phase")
    ap.add_argument("--lookups", type=int, default=20_000)
    ap.add_argument("--compare", metavar="TREE", help="another checkout: its verify figures beside this tree's")
    ap.add_argument("--rounds", type=int, default=1, help="alternating rounds of the verify figures")
    ap.add_argument("--keep", metavar="FILE", help="SQLite register file kept between runs (built when it "
                    "holds no events; then reused as it is: no append figures)")
    args = ap.parse_args()

    cleanup = None
    tmp = tempfile.TemporaryDirectory()
    if args.db and not args.db.startswith("sqlite"):
        url, cleanup = pg_schema_url(args.db)
        where = "PostgreSQL"
    else:
        url = args.db or f"sqlite:///{Path(args.keep).resolve() if args.keep else Path(tmp.name) / 'bench.sqlite3'}"
        where = "SQLite (WAL, synchronous=FULL)"
    print(f"register: {where}")
    try:
        reg = Register(url)
        reused = bool(args.keep) and reg.head()[0] > 0
        if not reused:
            prov, county = Signer.generate(), Signer.generate()
            reg.enroll(authority_id="HN", name="湖南省林业局", division="43", public_key=prov.public_key, signer=prov,
                       bootstrap=True)
            reg.enroll(authority_id="HC", name="怀化市鹤城区林业局", division="431202", public_key=county.public_key,
                       acting="HN", signer=prov)

            n = 0
            t = time.perf_counter()
            for _ in range(args.single):
                reg.record(row(n), authority="HC", signer=county)
                n += 1
            single = args.single / (time.perf_counter() - t)
            print(f"single appends: {single:,.0f} events/s ({args.single:,} transactions)")

            target = args.events - reg.head()[0]
            t = time.perf_counter()
            appended = 0
            while appended < target:
                k = min(args.batch, target - appended)
                reg.record_many([row(n + i) for i in range(k)], authority="HC", signer=county)
                n += k
                appended += k
            bulk = appended / (time.perf_counter() - t)
            print(f"bulk appends:   {bulk:,.0f} events/s ({args.batch:,} per transaction)")

            # a few lifts and amendments so verify folds every kind of event
            for i in range(0, min(n, 200), 2):
                reg.lift(f"S{i + 3}", lifted_on=row(i)["from_date"], reason="整改到位", authority="HC", signer=county)
            for i in range(1, min(n, 200), 2):
                reg.amend(f"S{i + 3}", {"grounds": "未按约定开展造林（更正）"}, reason="更正", authority="HC", signer=county)
        total = reg.head()[0]

        trees = [("this", str(ROOT))] + ([("other", str(Path(args.compare).resolve()))] if args.compare else [])
        verify_rounds(resolve_url(url), trees, args.rounds, total)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak RSS of this process {rss:,.0f} MiB")
        if reused:
            print("(a reused register: the incremental, check and lookup figures need a new one)")
            return 0

        # incremental verify (what every check runs first), as on a machine that has not seen the
        # register before: from the latest signed tree head (one every checkpoint_every events)
        from compliance.penalties import checkpoint as cp

        spot = cp.path_for(url)
        if spot is not None:
            spot.unlink(missing_ok=True)
        t = time.perf_counter()
        inc = reg.verify(incremental=True)
        print(f"incremental verify: {time.perf_counter() - t:.2f} s, ok={inc.ok}, from tree head #{inc.incremental_from} "
              f"({total - (inc.incremental_from or 0):,} events replayed; tree head every {reg.checkpoint_every:,}; "
              f"the state digest summed over every state row included)")
        t = time.perf_counter()
        provider = SanctionsProvider(url)
        provider([uscc(0)], dt.date(2025, 6, 1), "43", "CCER")
        print(f"check's verified read ({n:,} entries; the lookup index the verify above kept, checkpoint, "
              f"enrolments): {time.perf_counter() - t:.2f} s, once per process and head")
        reg.record(row(n), authority="HC", signer=county)   # one more event, then a check in a new process
        n += 1
        t = time.perf_counter()
        later = SanctionsProvider(url)
        later([uscc(0)], dt.date(2025, 6, 1), "43", "CCER")
        print(f"a later check's verified read (1 new event replayed, the index verified here): "
              f"{time.perf_counter() - t:.2f} s")
        later.close()

        rng = random.Random(7)
        as_of = dt.date(2025, 6, 1)
        codes = [uscc(rng.randrange(n)) if i % 2 == 0 else uscc(10_000_000 - i) for i in range(args.lookups)]
        provider(codes[:10], as_of, "43", "CCER")  # warm up
        per = []
        hits = 0
        for c in codes:
            t0 = time.perf_counter_ns()
            hits += len(provider([c], as_of, "43", "CCER"))
            per.append((time.perf_counter_ns() - t0) / 1000)
        per.sort()
        print(f"lookup, 1 party: mean {statistics.fmean(per):.0f} µs, p50 {per[len(per) // 2]:.0f} µs, "
              f"p99 {per[int(len(per) * 0.99)]:.0f} µs ({args.lookups:,} checks, {hits:,} active hits)")
        per5 = []
        for i in range(0, min(len(codes), 5 * 4000), 5):
            t0 = time.perf_counter_ns()
            provider(codes[i:i + 5], as_of, "43", "CCER")
            per5.append((time.perf_counter_ns() - t0) / 1000)
        print(f"lookup, 5 parties in one call: mean {statistics.fmean(per5):.0f} µs "
              f"({statistics.fmean(per5) / 5:.0f} µs per party)")
        provider.close()
        reg.close()
    finally:
        if cleanup:
            cleanup()
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
