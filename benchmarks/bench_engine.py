"""The checker against the raw engine, start-up, and growth with size -- all measured side by side
in one run (issue 11).

    python benchmarks/bench_engine.py            # PYTHONDONTWRITEBYTECODE unset, so .pyc files are used
    BENCH_OTHER_TREE=/path/to/other/checkout python benchmarks/bench_engine.py   # start-up of both, side by side

1. one 500-plot project: ``compliance.checker.check`` in-process against the raw durable time for
   posting the same number of facts (those of a kind some rule reads, 2,016) into a one-rule
   ruleset, in the same state sizes, with our explicit ids; check and raw alternate round by round
   (25 rounds), so both see the same machine load; the ratio is the median of the per-round ratios.
   Twice: the synthetic project (plots repeating a few codes and areas, as real projects repeat
   codes) and the same project with every plot's area and baseline date distinct (the engine then
   has ~4x as many distinct messages to post);
2. `compliance check` of the example (a new process, median of 9, interleaved) against
   `python -c pass`, wall and CPU (user+sys of the child), and the same without the plot polygons
   (the example without geometry: no numpy/shapely/pyproj);
3. growth from 500 to 50,000 plots of YAML parsing, validation, facts (derivation) and matching
   (engine.run), best of 3 per size, as exponents of t ~ n^k between the smallest and the largest
   size (1 = linear).

    python benchmarks/bench_engine.py --quick     # growth to 20,000 plots only
    python benchmarks/bench_engine.py --startup 30   # part 2 only, 30 interleaved rounds (with BENCH_OTHER_TREE)
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


def raw_poster(n_facts: int):
    """A function posting ``n_facts`` small facts into a one-rule ruleset (states of STATE_FACTS,
    explicit ids, each state deleted), as the raw engine cost the check is compared with."""
    from durable import engine as durable_engine

    from compliance.checker.engine import STATE_FACTS, fact_ids

    class Host(durable_engine.Host):
        def _run(self):
            pass

        def get_action(self, name):
            return lambda c: None

    host = Host()
    name = f"bench_raw_{os.getpid()}_{n_facts}"
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

    return post


def raw_durable(n_facts: int, runs: int) -> float:
    """Median seconds of ``raw_poster(n_facts)``."""
    post = raw_poster(n_facts)
    post()
    return median_time(post, runs)


def _child_cpu() -> float:
    import resource

    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


_CWD = None


def _timed(cmd, env) -> tuple[float, float]:
    c, t = _child_cpu(), time.perf_counter()
    subprocess.run(cmd, env=env, capture_output=True, cwd=_CWD)
    return time.perf_counter() - t, _child_cpu() - c


def startup(runs: int = 9, other: str | None = None) -> dict:
    """Medians (wall, CPU) of `python -c pass`, `compliance check EXAMPLE`, the same example without
    its polygons and, with ``other``, the example in another checkout of the product (e.g. the code
    before a change), interleaved so all see the same load."""
    import tempfile

    import yaml

    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    example = ROOT / "examples" / "hunan-ccer-afforestation.yaml"
    data = yaml.safe_load(example.read_text(encoding="utf-8"))
    data["project"].pop("crs", None)
    data["project"].pop("geometry_file", None)
    for p in data["plots"]:
        p.pop("geometry", None)
    global _CWD
    _CWD = tempfile.mkdtemp()      # not the checkout: `python -m` puts the working directory first on sys.path
    flat = Path(_CWD) / "example-without-polygons.yaml"
    flat.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    def check(path):
        return [sys.executable, "-m", "compliance.cli", "check", str(path)]   # README Quick start command 1

    nocache = Path(_CWD) / "not-a-directory"       # XDG_CACHE_HOME that cannot hold the validator cache
    nocache.write_text("")
    cmds = {"pass": ([sys.executable, "-c", "pass"], env), "check": (check(example), env),
            "check without polygons": (check(flat), env),
            "check, validators not cached": (check(example), dict(env, XDG_CACHE_HOME=str(nocache))),
            "check without polygons, validators not cached": (check(flat), dict(env, XDG_CACHE_HOME=str(nocache)))}
    # the floor no code of ours can go below: importing the third-party libraries the command needs
    libs = "from pydantic import BaseModel; import yaml, rich.console, rich.table, durable.lang"
    blas1 = dict(env, OPENBLAS_NUM_THREADS=env.get("OPENBLAS_NUM_THREADS", "1"))   # as the CLI sets it
    cmds["floor: the libraries alone"] = ([sys.executable, "-c", libs], blas1)
    cmds["floor: the libraries alone, with polygons"] = ([sys.executable, "-c", libs + ", numpy, shapely, pyproj"], blas1)
    if other:
        cmds["other tree"] = (check(example), dict(env, PYTHONPATH=other))
        cmds["other tree without polygons"] = (check(flat), dict(env, PYTHONPATH=other))
    for cmd, e in cmds.values():                              # write the .pyc files (and the validator cache) once
        subprocess.run(cmd, env=e, capture_output=True, cwd=_CWD)
    got: dict[str, list[tuple[float, float]]] = {k: [] for k in cmds}
    for _ in range(runs):                                     # interleaved: same machine load for all
        for k, (cmd, e) in cmds.items():
            got[k].append(_timed(cmd, e))
    return {k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v)) for k, v in got.items()}


def growth(sizes=(500, 5_000, 50_000)) -> dict:
    import yaml

    from compliance.checker.engine import get_engine
    from compliance.checker.pipeline import prepare
    from compliance.submission import files as loader

    rows = {}
    for n in sizes:
        data = json.loads(json.dumps(big_submission(n), default=str))
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        del data
        best = lambda fn: min(median_time(fn, 1) for _ in range(3))   # noqa: E731 (best of 3)
        t_parse = best(lambda: loader.parse_text(text, "bench", ".yaml"))
        parsed = loader.parse_text(text, "bench", ".yaml")
        t_valid = best(lambda: loader.validate(parsed, "bench", inspected=True))
        sub = loader.validate(parsed, "bench", inspected=True)
        t_facts = best(lambda: prepare(sub))
        facts, compiled = facts_of(sub)
        t_match = best(lambda: get_engine().run(compiled, facts))
        rows[n] = (t_parse, t_valid, t_facts, t_match, len(facts))
        print(f"  {n:>6,} plots: YAML parse {t_parse * 1000:8.1f} ms, validation {t_valid * 1000:7.1f} ms, "
              f"facts {t_facts * 1000:7.1f} ms, matching {t_match * 1000:7.1f} ms ({len(facts):,} facts)", flush=True)
        del parsed, sub, facts
    lo, hi = sizes[0], sizes[-1]
    k = {name: math.log(rows[hi][i] / rows[lo][i]) / math.log(hi / lo) for i, name in
         enumerate(("YAML parse", "validation", "facts", "matching"))}
    print(f"  growth exponents {lo:,} → {hi:,} plots (t ~ n^k, 1 = linear): "
          + ", ".join(f"{n} k = {v:.2f}" for n, v in k.items()))
    return k


def distinct_plots(data: dict) -> dict:
    """The same project with every plot's area and baseline date distinct (no two plots' engine
    messages alike where a rule reads the area or the date)."""
    for i, p in enumerate(data["plots"]):
        p["area_ha"] = round(5 + i * 0.013, 3)
        p["non_forest_since"] = f"{2000 + i % 17}-{1 + i % 12:02d}-{1 + i % 28:02d}"
    return data


def single_project(label: str, data: dict, rounds: int = 25) -> float:
    from compliance.checker import check
    from compliance.checker.engine import get_engine
    from compliance.submission import files as loader

    sub = loader.validate(data)
    facts, compiled = facts_of(sub)
    posted = [f for f in facts if f["kind"] in compiled.posted]
    distinct = len(get_engine()._messages(compiled, facts))
    raw = raw_poster(len(posted))
    check(sub)
    raw()
    t_check, t_raw, t_run, ratios = [], [], [], []
    for _ in range(rounds):                # alternating: both sides see the same load
        a = median_time(lambda: check(sub), 1)
        b = median_time(raw, 1)
        t_check.append(a)
        t_raw.append(b)
        t_run.append(median_time(lambda: get_engine().run(compiled, facts), 1))
        ratios.append(a / b)
    m = statistics.median
    print(f"1. {label}: check {m(t_check) * 1000:.1f} ms (engine.run {m(t_run) * 1000:.1f} ms, "
          f"{distinct:,} distinct messages posted) vs raw durable {m(t_raw) * 1000:.1f} ms for the same "
          f"{len(posted):,} facts ({len(facts):,} derived) -> ratio {m(ratios):.2f} (target <= 2, and <= 25 ms)")
    return m(ratios)


def main() -> None:
    quick = "--quick" in sys.argv
    only_startup = "--startup" in sys.argv
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
    if not only_startup:
        single_project("one 500-plot project", big_submission(500))
        single_project("the same, every plot distinct", distinct_plots(big_submission(500)))
    other = os.environ.get("BENCH_OTHER_TREE")
    rounds = 9
    if only_startup:
        i = sys.argv.index("--startup")
        rounds = int(sys.argv[i + 1]) if i + 1 < len(sys.argv) and sys.argv[i + 1].isdigit() else 30
    st = startup(runs=rounds, other=other)
    (bw, bc) = st["pass"]
    for k, (w, c) in st.items():
        if k == "pass":
            continue
        print(f"2. `compliance check` example{'' if k == 'check' else ' (' + k + ')'}: {w * 1000:.0f} ms wall, "
              f"{c * 1000:.0f} ms CPU vs `python -c pass` {bw * 1000:.0f} ms / {bc * 1000:.0f} ms "
              f"-> ratio {w / bw:.1f} wall, {c / bc:.1f} CPU (target <= 6)")
    if only_startup:
        print(f"({rounds} rounds, medians; load average at the end {os.getloadavg()[0]:.2f})")
        return
    print("3. growth:")
    growth((500, 5_000, 20_000) if quick else (500, 5_000, 50_000))
    print(f"load average at the end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
