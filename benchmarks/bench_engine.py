"""The checker against the raw engine, start-up, and growth with size -- all measured side by side
in one run (issue 11).

    python benchmarks/bench_engine.py            # PYTHONDONTWRITEBYTECODE unset, so .pyc files are used

1. one 500-plot project: ``compliance.checker.check`` in-process (median of 25) against the raw
   durable time for posting the same number of facts (those the check posts) into a one-rule
   ruleset, in the same state sizes, with our explicit ids;
2. `compliance check` of the example (a new process, median of 9) against `python -c pass`;
3. growth from 500 to 50,000 plots of YAML parsing, validation and matching (engine.run), as
   exponents of t ~ n^k between the smallest and the largest size (1 = linear).
"""
from __future__ import annotations

import json
import math
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from bigsub import big_submission  # noqa: E402


def median_time(fn, runs: int) -> float:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return statistics.median(out)


def facts_of(sub):
    """The facts a check derives and the subset it posts (kinds some rule reads)."""
    from compliance.checker import applicable, resolve_params
    from compliance.checker.engine import get_engine
    from compliance.rules.facts import Context, core_facts

    as_of = sub.as_of
    pr = sub.project
    sets, rules = applicable(pr.province.value, pr.mechanism.value, pr.methodology, as_of)
    params = resolve_params(sets, rules, as_of)
    ctx = Context(sub, as_of, params, None)
    facts = core_facts(ctx)
    for rs in sets:
        if rs.derive:
            facts.extend(rs.derive(ctx))
    rules = [r for r in rules if r.params() <= params.keys()]
    compiled = get_engine().compile(rules, params)
    return facts, compiled


def raw_durable(n_facts: int, runs: int) -> float:
    """Median seconds to post ``n_facts`` small facts into a one-rule ruleset (states of STATE_FACTS)."""
    from durable import engine as durable_engine

    from compliance.checker.engine import STATE_FACTS, fact_ids

    class Host(durable_engine.Host):
        def _run(self):
            pass

        def get_action(self, name):
            return lambda c: None

    host = Host()
    name = f"bench_raw_{os.getpid()}"
    host.register_rulesets({name: {
        "r": {"all": [{"m": {"$and": [{"kind": "plot"}, {"$lt": {"area_ha": 1.0}}]}}], "run": "r"},
        "__catch_all__": {"all": [{"m": {"$ex": {"kind": 1}}}], "cap": 1000, "run": "noop"},
    }})
    ids = fact_ids(STATE_FACTS)
    sids = iter(range(1, 10**9))

    def post():
        for start in range(0, n_facts, STATE_FACTS):
            sid = str(next(sids))
            part = [{"kind": "plot", "id": ids[i], "sid": sid, "area_ha": 2.5, "land_type": "forest"}
                    for i in range(min(STATE_FACTS, n_facts - start))]
            host.assert_facts(name, part)
            host.get_state(name, sid)
            host.delete_state(name, sid)

    post()
    return median_time(post, runs)


def startup(runs: int = 9) -> tuple[float, float]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    example = ROOT / "examples" / "hunan-ccer-afforestation.yaml"
    check = [sys.executable, "-m", "compliance.cli", "check", str(example), "--no-register"]
    bare = [sys.executable, "-c", "pass"]
    subprocess.run(check, env=env, capture_output=True)       # write the .pyc files once
    a, b = [], []
    for _ in range(runs):                                     # interleaved: same machine load for both
        t = time.perf_counter()
        subprocess.run(bare, env=env, capture_output=True)
        a.append(time.perf_counter() - t)
        t = time.perf_counter()
        subprocess.run(check, env=env, capture_output=True)
        b.append(time.perf_counter() - t)
    return statistics.median(a), statistics.median(b)


def growth(sizes=(500, 5_000, 50_000)) -> dict:
    import yaml

    from compliance.checker.engine import get_engine
    from compliance.submission import files as loader

    rows = {}
    for n in sizes:
        data = json.loads(json.dumps(big_submission(n), default=str))
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        runs = 3 if n <= 5000 else 1
        t_parse = median_time(lambda: loader.parse_text(text, "bench", ".yaml"), runs)
        parsed = loader.parse_text(text, "bench", ".yaml")
        t_valid = median_time(lambda: loader.validate(parsed, "bench", inspected=True), runs)
        sub = loader.validate(parsed, "bench", inspected=True)
        facts, compiled = facts_of(sub)
        t_match = median_time(lambda: get_engine().run(compiled, facts), runs)
        rows[n] = (t_parse, t_valid, t_match, len(facts))
        print(f"  {n:>6,} plots: YAML parse {t_parse * 1000:8.1f} ms, validation {t_valid * 1000:8.1f} ms, "
              f"matching {t_match * 1000:8.1f} ms ({len(facts):,} facts)", flush=True)
    lo, hi = sizes[0], sizes[-1]
    k = {name: math.log(rows[hi][i] / rows[lo][i]) / math.log(hi / lo) for i, name in
         enumerate(("YAML parse", "validation", "matching"))}
    print("  growth exponents 500 → 50,000 plots (t ~ n^k): " + ", ".join(f"{n} k = {v:.2f}" for n, v in k.items()))
    return k


def main() -> None:
    from compliance.checker import check
    from compliance.checker.engine import get_engine
    from compliance.submission import files as loader

    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
    sub = loader.validate(big_submission(500))
    facts, compiled = facts_of(sub)
    posted = [f for f in facts if f["kind"] in compiled.posted]
    check(sub)
    t_check = median_time(lambda: check(sub), 25)
    t_raw = raw_durable(len(posted), 25)
    t_run = median_time(lambda: get_engine().run(compiled, facts), 25)
    print(f"1. one 500-plot project: check {t_check * 1000:.1f} ms (engine.run {t_run * 1000:.1f} ms) vs raw durable "
          f"{t_raw * 1000:.1f} ms for the same {len(posted):,} posted facts ({len(facts):,} derived) "
          f"-> ratio {t_check / t_raw:.2f}")
    bare, cli = startup()
    print(f"2. `compliance check` example: {cli * 1000:.0f} ms vs `python -c pass` {bare * 1000:.0f} ms "
          f"-> ratio {cli / bare:.1f}")
    print("3. growth:")
    growth()


if __name__ == "__main__":
    main()
