"""Portfolio benchmark: engine ceiling, end-to-end batch throughput, one large project, double-claim detection.

    python benchmarks/bench_portfolio.py                       # 10,000 projects / 200,000 plots, 2 workers
    python benchmarks/bench_portfolio.py --projects 1000 --plots 20000 --million 200000   # quicker
    python benchmarks/bench_portfolio.py --compare /path/to/main --repeat 3   # part 2 only: this tree vs another, side by side

Prints, in one run:
1. the engine's raw ceiling: facts per second posted straight into a minimal durable_rules ruleset
   (this script imports durable directly; product code never does);
2. end to end (read CSV folder → validate → check in N worker processes → cross-project rules →
   Excel + JSON report), in a fresh child process: plots/s, projects/s, the ratio of our plots/s to the
   engine's facts/s, and peak memory (ru_maxrss of that process + its largest worker);
3. one 500-plot project checked in-process (compliance.checker.check): median wall and CPU ms;
4. X-double-claim detection over 1,000,000 plots (claims frame + joins/group-bys).
With ``--compare TREE`` (or ``--e2e-only``) only part 2 runs, for this tree and TREE alternately on the
same input (each child imports its own tree's package), printing wall, CPU (parent + workers), the
check/report split and the ratios side by side.
Targets (2 cores): 1) —; 2) 10,000 projects / 200,000 plots ≤ 12 s wall (issue 11) and ≤ 2 GB; 3) ≤ 50 ms; 4) ≤ 10 s.
Not part of the test suite; never asserts.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))


# --------------------------------------------------------------------------- 1. engine ceiling
def engine_ceiling(n_facts: int = 200_000, batch: int = 1000) -> float:
    """Facts/s into a one-rule durable ruleset, posted in batches of ``batch`` per state (as our checks do)."""
    from durable import engine as durable_engine

    hits = []

    class Host(durable_engine.Host):
        def _run(self):          # no timer threads
            pass

        def get_action(self, name):
            def action(c):
                hits.append(1)
            return action

    host = Host()
    name = f"bench_ceiling_{os.getpid()}"
    host.register_rulesets({name: {
        "small": {"all": [{"m": {"$and": [{"kind": "plot"}, {"$lt": {"area_ha": 1.0}}]}}], "run": "hit"},
        "__catch_all__": {"all": [{"m": {"$ex": {"kind": 1}}}, {"never": {"kind": "__never__"}}], "run": "noop"},
    }})
    rng = random.Random(1)
    batches = []
    for b in range(n_facts // batch):
        sid = str(b + 1)
        batches.append([{"kind": "plot", "sid": sid, "fid": i, "plot_id": f"430626-{b:05d}-{i:03d}", "county": "430626",
                         "land_type": "forest", "measure": "afforestation", "area_ha": rng.uniform(0.5, 60),
                         "holder": "RC", "tenure": "collective_run", "right_term_end_day": 760000}
                        for i in range(batch)])
    t = time.perf_counter()
    for facts in batches:
        host.assert_facts(name, facts)
        host.delete_state(name, facts[0]["sid"])
    return n_facts / (time.perf_counter() - t)


# --------------------------------------------------------------------------- 2. end to end (child process)
def end_to_end(path: str, workers: int, out_dir: str) -> dict:
    from compliance.portfolio import check_portfolio, report

    r0 = resource.getrusage(resource.RUSAGE_SELF)
    cpu0 = r0.ru_utime + r0.ru_stime     # imports before the clock starts are not counted
    t0 = time.perf_counter()
    result = check_portfolio(path, None, workers=workers, register=False)
    t1 = time.perf_counter()
    tables = report.build_tables(result, "zh")
    if hasattr(report, "write_reports"):      # as `compliance batch -o … --json …` writes them
        report.write_reports(result, Path(out_dir) / "report.xlsx", Path(out_dir) / "report.json", "zh", tables)
    else:
        report.write_xlsx(result, Path(out_dir) / "report.xlsx", "zh", tables)
        report.write_json(result, Path(out_dir) / "report.json", "zh", tables)
    t2 = time.perf_counter()
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    self_kb, child_kb = me.ru_maxrss, kids.ru_maxrss
    cpu = me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime - cpu0
    return {"seconds": t2 - t0, "cpu_seconds": cpu, "parent_cpu_seconds": me.ru_utime + me.ru_stime - cpu0, "check_seconds": t1 - t0, "report_seconds": t2 - t1,
            "projects": len(result.projects), "checked": len(result.checked), "plots": result.plots,
            "findings": len(tables["findings"]) - 1, "input_errors": len(result.errors),
            "double_claims": len(result.double_claims), "workers": result.workers,
            "maxrss_self_mb": self_kb / 1024, "maxrss_children_mb": child_kb / 1024}


def facts_per_plot(path: str, sample: int = 200) -> float:
    """Facts our facts step posts per plot, measured on a sample of the portfolio's projects."""
    from compliance import checker
    from compliance.submission import files as loader, workbook as tabular
    from compliance.rules.facts import Context, core_facts

    pf = tabular.read(path)
    facts = plots = 0
    for i in range(0, len(pf), max(1, len(pf) // sample)):
        pi = pf.project(i)
        if not pi.readable:
            continue
        sub = loader.validate(pi.data)
        as_of = sub.as_of or dt.date.today()
        sets, rules = checker.applicable(sub.project.province.value, sub.project.mechanism.value, sub.project.methodology, as_of)
        ctx = Context(sub, as_of, checker.resolve_params(sets, rules, as_of), None)
        n = len(core_facts(ctx)) + sum(len(list(rs.derive(ctx))) for rs in sets if rs.derive)
        facts += n
        plots += len(sub.plots)
    return facts / max(1, plots)


# --------------------------------------------------------------------------- 3. one large project
def single_project(plots: int = 500, runs: int = 15) -> tuple[float, float]:
    from compliance import checker
    from compliance.submission import files as loader

    data = loader.read_file(HERE.parent / "examples" / "hunan-ccer-afforestation.yaml")
    base = data["plots"][0]
    data["plots"] = [dict(base, id=f"430626-LY-{i:03d}-01", holder="RH1" if i % 2 else "RH2",
                          tenure="collective_run" if i % 2 else "household_contracted") for i in range(plots)]
    for a in data["agreements"]:
        if a["kind"] == "transfer":
            a["plots"] = [p["id"] for p in data["plots"]]
    sub = loader.validate(data)
    checker.check(sub)      # compile the ruleset once, as a long-running process would have
    wall, cpu = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        checker.check(sub)
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return statistics.median(wall) * 1000, statistics.median(cpu) * 1000


# --------------------------------------------------------------------------- 4. double claims over 1M plots
def double_claims(n_plots: int = 1_000_000, per_project: int = 20, injected: int = 1000) -> dict:
    from compliance.portfolio.cross import claims_frame, find_double_claims
    from compliance.rules.portfolio import Extract

    rng = random.Random(3)
    counties = ["430626", "430181", "430923", "431123", "433124", "430524"]
    n_projects = n_plots // per_project
    extracts = []
    for p in range(n_projects):
        c = counties[p % len(counties)]
        plots = [(c, f"{c}-{p:07d}-{i:03d}", f"湘（2021）{c}不动产权第{p:07d}{i % 3}号", 1.0) for i in range(per_project)]
        extracts.append(Extract(f"P{p:07d}", "", "43", "CCER" if p % 3 else "XLTP", "", 1, dt.date(2026, 6, 1),
                                f"D{p % 500}", "", plots, [], []))
    truth = set()
    for k in range(injected):
        a, b = rng.sample(range(n_projects), 2)
        src = extracts[a].plots[rng.randrange(per_project)]
        extracts[b].plots.append((src[0], src[1], "", 1.0))
        truth |= {(extracts[a].project_id, src[1]), (extracts[b].project_id, src[1])}
    total = sum(len(e.plots) for e in extracts)
    t = time.perf_counter()
    frame = claims_frame(extracts)
    t1 = time.perf_counter()
    found = find_double_claims(frame)
    t2 = time.perf_counter()
    got = {(d.owner, d.plot_id) for d in found if d.case == "plot"}
    return {"plots": total, "seconds": t2 - t, "frame_seconds": t1 - t, "join_seconds": t2 - t1,
            "found": len(got), "expected": len(truth), "exact": got == truth}


# --------------------------------------------------------------------------- side by side
def run_child(tree: Path, path: str, workers: int, out_dir: str) -> dict:
    """The end-to-end batch in a fresh process importing ``tree``'s package (its own benchmark script)."""
    env = dict(os.environ, PYTHONPATH=str(tree))
    script = tree / "benchmarks" / "bench_portfolio.py"
    proc = subprocess.run([sys.executable, str(script), "--child", path, str(workers), out_dir],
                          capture_output=True, text=True, env=env, cwd=str(tree))
    if proc.returncode != 0:
        print(proc.stderr)
        raise SystemExit(proc.returncode)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def compare(a) -> None:
    """Part 2 only: this tree (and ``--compare TREE``) on one synthetic portfolio, runs alternating."""
    import synth

    here = HERE.parent
    trees = [("this tree", here)] + ([("compared", Path(a.compare).resolve())] if a.compare else [])
    print(f"machine: {os.cpu_count()} CPU(s), load average {os.getloadavg()[0]:.2f}; python {sys.version.split()[0]}; "
          f"{a.workers} workers")
    with tempfile.TemporaryDirectory() as tmp:
        syn = synth.generate(a.projects, a.plots, violations=0.1, double_claims=max(1, a.projects // 50), seed=7)
        path = str(synth.write(syn, Path(tmp) / "portfolio", xlsx=a.xlsx))
        del syn
        runs: dict[str, list[dict]] = {name: [] for name, _ in trees}
        for _ in range(a.repeat):
            for name, tree in trees:
                runs[name].append(run_child(tree, path, a.workers, tmp))
    med = {name: {k: statistics.median(r[k] for r in rs) for k in ("seconds", "cpu_seconds", "parent_cpu_seconds",
                                                                    "check_seconds", "report_seconds")}
           for name, rs in runs.items()}
    first = runs[trees[0][0]][0]
    print(f"end to end, {first['projects']:,} projects / {first['plots']:,} plots (read → check → cross-project → xlsx + "
          f"json), median of {a.repeat}:")
    print(f"  {'':10s} {'wall s':>8s} {'CPU s':>8s} {'parent CPU':>11s} {'check s':>8s} {'report s':>9s} "
          f"{'findings':>9s} {'double claims':>14s}")
    for name, _ in trees:
        m, r = med[name], runs[name][0]
        print(f"  {name:10s} {m['seconds']:8.1f} {m['cpu_seconds']:8.1f} {m['parent_cpu_seconds']:11.1f} "
              f"{m['check_seconds']:8.1f} {m['report_seconds']:9.1f} {r['findings']:9,} {r['double_claims']:14,}")
    if a.compare:
        x, y = med[trees[0][0]], med[trees[1][0]]
        print(f"  ratio this/compared: wall {x['seconds'] / y['seconds']:.2f}, CPU {x['cpu_seconds'] / y['cpu_seconds']:.2f}")
        same = (runs[trees[0][0]][0]["findings"], runs[trees[0][0]][0]["double_claims"]) == \
               (runs[trees[1][0]][0]["findings"], runs[trees[1][0]][0]["double_claims"])
        print(f"  same findings and double-claim counts: {same}")
    print(f"  CPU ÷ {a.workers} cores = lower bound of the wall time on an idle machine: "
          + ", ".join(f"{name} {med[name]['cpu_seconds'] / a.workers:.1f} s" for name, _ in trees))


# --------------------------------------------------------------------------- main
def main() -> None:
    ap = argparse.ArgumentParser(description="portfolio benchmark (see the module docstring)")
    ap.add_argument("--projects", type=int, default=10_000)
    ap.add_argument("--plots", type=int, default=200_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--million", type=int, default=1_000_000, help="plots for the double-claim detection")
    ap.add_argument("--xlsx", action="store_true", help="feed the end-to-end run a workbook instead of a CSV folder")
    ap.add_argument("--compare", metavar="TREE", help="another checkout of the product (e.g. a worktree of main): run "
                    "the end-to-end batch with it and with this one, alternately, on the same input, and print both")
    ap.add_argument("--repeat", type=int, default=1, help="end-to-end runs per tree (medians are printed)")
    ap.add_argument("--e2e-only", action="store_true", help="only the end-to-end batch (part 2)")
    ap.add_argument("--child", nargs=3, metavar=("PATH", "WORKERS", "OUT"), help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        print(json.dumps(end_to_end(a.child[0], int(a.child[1]), a.child[2])))
        return
    if a.compare or a.e2e_only:
        compare(a)
        return

    import synth

    print(f"machine: {os.cpu_count()} CPU(s), load average {os.getloadavg()[0]:.2f}; python {sys.version.split()[0]}")
    ceiling = engine_ceiling()
    print(f"1. engine raw ceiling (durable_rules, 1 rule, batches of 1,000): {ceiling:,.0f} facts/s")

    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        syn = synth.generate(a.projects, a.plots, violations=0.1, double_claims=max(1, a.projects // 50), seed=7)
        path = synth.write(syn, Path(tmp) / "portfolio", xlsx=a.xlsx)
        del syn
        print(f"   (generated {a.projects:,} projects / {a.plots:,} plots as {'xlsx' if a.xlsx else 'CSV'} "
              f"in {time.perf_counter() - t:.1f} s, not timed)")
        fpp = facts_per_plot(str(path))
        proc = subprocess.run([sys.executable, __file__, "--child", str(path), str(a.workers), tmp],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            print(proc.stderr)
            raise SystemExit(proc.returncode)
        e2e = json.loads(proc.stdout.strip().splitlines()[-1])
    plots_s = e2e["plots"] / e2e["seconds"]
    projects_s = e2e["projects"] / e2e["seconds"]
    peak = e2e["maxrss_self_mb"] + e2e["maxrss_children_mb"]
    print(f"2. end to end, {e2e['projects']:,} projects / {e2e['plots']:,} plots, {e2e['workers']} workers: "
          f"{e2e['seconds']:.1f} s (check {e2e['check_seconds']:.1f} s, report {e2e['report_seconds']:.1f} s; "
          f"{e2e['findings']:,} findings, {e2e['double_claims']} double claims)")
    print(f"   CPU {e2e['cpu_seconds']:.1f} s in all (parent {e2e['parent_cpu_seconds']:.1f} s): on an otherwise idle "
          f"machine with {a.workers} cores ≈ {max(e2e['cpu_seconds'] / a.workers, e2e['parent_cpu_seconds']):.0f} s wall")
    print(f"   {plots_s:,.0f} plots/s, {projects_s:,.0f} projects/s; {fpp:.2f} facts per plot "
          f"= {plots_s * fpp:,.0f} facts/s")
    print(f"   ratio to the engine ceiling: plots/s ÷ facts/s = {plots_s / ceiling:.3f}; "
          f"our facts/s ÷ ceiling = {plots_s * fpp / ceiling:.3f}")
    print(f"   peak memory: {peak:,.0f} MB (parent {e2e['maxrss_self_mb']:,.0f} MB + largest worker "
          f"{e2e['maxrss_children_mb']:,.0f} MB)")
    wall, cpu = single_project()
    print(f"3. one 500-plot project in-process: {wall:.1f} ms wall, {cpu:.1f} ms CPU (median of 15)")
    dc = double_claims(a.million)
    print(f"4. double-claim detection over {dc['plots']:,} plots: {dc['seconds']:.2f} s "
          f"(claims frame {dc['frame_seconds']:.2f} s, joins {dc['join_seconds']:.2f} s); "
          f"found {dc['found']} of {dc['expected']} injected, exact: {dc['exact']}")
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"   (this process's peak memory, incl. generation and the 1M-plot frame: {me:,.0f} MB)")


if __name__ == "__main__":
    main()
