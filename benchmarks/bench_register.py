"""Sanctions register throughput: appends per second, verify time, lookup cost per check.

    python benchmarks/bench_register.py                      # SQLite file in a temp dir, 100,000 events
    python benchmarks/bench_register.py --events 20000       # quicker
    python benchmarks/bench_register.py --db "$COMPLIANCE_TEST_PG_URL"   # PostgreSQL (uses a fresh schema)

Prints:
- single appends/s: one signed, hash-chained event per transaction (durable commit each),
  the way `compliance sanctions record` writes;
- bulk appends/s: 1,000 events per transaction, the way `import` writes;
- verify time for the whole register (hashes, Ed25519 signatures, jurisdiction rules, and the
  rebuilt current-state table compared with the stored one), and peak memory;
- verify in one process and in one process per core (signatures in worker processes), beside
  the Ed25519 floor measured in the same run: the same events' signatures verified alone;
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


def floor_parallel(items: list, workers: int) -> float:
    """Seconds to verify only the signatures of ``items`` in ``workers`` spawned processes
    (batches as verify sends them; process start-up included, as it is in verify)."""
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    t = time.perf_counter()
    with ProcessPoolExecutor(workers, mp_context=mp.get_context("spawn")) as pool:
        futures = [pool.submit(sigcheck.signatures_only, items[i:i + replay.BATCH])
                   for i in range(0, len(items), replay.BATCH)]
        assert all(f.result() is None for f in futures)
    return time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="SQLAlchemy URL (default: a SQLite file in a temp dir)")
    ap.add_argument("--events", type=int, default=100_000, help="register size for verify and lookups")
    ap.add_argument("--single", type=int, default=2_000, help="events appended one per transaction")
    ap.add_argument("--batch", type=int, default=1_000, help="events per transaction in the bulk phase")
    ap.add_argument("--lookups", type=int, default=20_000)
    args = ap.parse_args()

    cleanup = None
    tmp = tempfile.TemporaryDirectory()
    if args.db and not args.db.startswith("sqlite"):
        url, cleanup = pg_schema_url(args.db)
        where = "PostgreSQL"
    else:
        url = args.db or f"sqlite:///{Path(tmp.name) / 'bench.sqlite3'}"
        where = "SQLite (WAL, synchronous=FULL)"
    print(f"register: {where}")
    try:
        reg = Register(url)
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

        workers = replay.default_workers()
        t = time.perf_counter()
        res = reg.verify(workers=0)
        one = time.perf_counter() - t
        t = time.perf_counter()
        res2 = reg.verify(workers=workers)
        took = time.perf_counter() - t
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        # the Ed25519 floor, same run: only the signatures of the same events, nothing else
        # (no hashing, no parsing, no database), in 1 process and in one process per core
        with reg.engine.connect() as conn:
            items = [tuple(r) for r in conn.execute(sa.text(
                "SELECT e.seq, a.public_key, e.hash, e.signature FROM sanction_events e "
                "JOIN sanction_authorities a ON a.authority_id = e.authority_id ORDER BY e.seq"))]
        t = time.perf_counter()
        assert sigcheck.signatures_only(items) is None
        floor1 = time.perf_counter() - t
        floor = floor_parallel(items, workers)

        class _NoSignatures(replay.Signatures):   # the replay alone: batches are dropped unchecked
            def _flush(self):
                self._items = []
        t = time.perf_counter()
        reg._verify(_NoSignatures(0), None, False)
        alone = time.perf_counter() - t
        print(f"verify, 1 process:   {one:.2f} s for {total:,} events ({total / one:,.0f} events/s), ok={res.ok}")
        print(f"verify, {workers} processes: {took:.2f} s ({total / took:,.0f} events/s), ok={res2.ok}, "
              f"peak RSS {rss:,.0f} MiB")
        print(f"Ed25519 floor (signatures only, same events): 1 process {floor1:.2f} s, "
              f"{workers} processes {floor:.2f} s; verify / floor = {took / floor:.2f} "
              f"(1 process: {one / floor1:.2f})")
        print(f"the replay alone (parse, rules, fold, state digest, state table; no links or signatures), "
              f"1 process: {alone:.2f} s")

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
