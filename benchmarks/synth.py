"""Synthetic Hunan portfolios with realistic shapes, for benchmarks and scale tests.

    python benchmarks/synth.py OUT_DIR --projects 10000 --plots 200000 [--xlsx] [--violations 0.1] [--double-claims 200]

- counties: the Hunan county-level units of compliance/data/divisions.csv; a project lies in one
  county (a few straddle two);
- plots per project: a heavy-tailed distribution clipped to 1..500, scaled to the requested total;
- parties: developers shared by many projects (valid 统一社会信用代码), a village collective (N2…)
  and households (valid 身份证号码) per project; plots of a collective share one certificate;
- agreements: development + transfer + benefit, or one tripartite agreement;
- violations: a controlled share of projects gets one of: benefit shares not summing to 100 %,
  a plot on non-forest land, a measure unfit for the land, missing villagers' consent, a stale
  development agreement (months before as-of, stage development);
- double claims: plots copied into another project (same county code + plot id), and some plots
  given another project's certificate; the ground truth is returned (``truth``).
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path

AS_OF = dt.date(2026, 6, 1)
CLAUSES_DEV = ("parties; location_area; term; use; rights_obligations; price_payment; expropriation_compensation; "
               "expiry_disposal; breach_liability; dispute_resolution; confidentiality; development_deadline")
CLAUSES_TRANSFER = ("parties; location_area; term; use; rights_obligations; price_payment; expropriation_compensation; "
                    "expiry_disposal; breach_liability; dispute_resolution; development_deadline")
CLAUSES_BENEFIT = "shares; payment_schedule; accounts_disclosure; dispute_resolution"
SURNAMES = "李王张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "春华建国志强桂英秀兰德明海燕玉梅光辉红梅小平永红国庆金凤文华丽娟伟东宏伟晓燕长青"
PILOT_COUNTIES = ("430181", "430725", "430225", "431028", "433124")   # 湘林碳票 应用先行区 (with 怀化市 4312)
VIOLATIONS = ("shares", "land", "measure", "consent", "stale")


@dataclass
class Synthetic:
    frames: dict
    truth: set = field(default_factory=set)        # {(project, county, plot id)} whose plot is double-claimed
    cert_truth: set = field(default_factory=set)   # {(project, plot id)} sharing another project's certificate
    violators: dict = field(default_factory=dict)  # project -> violation kind
    stale: set = field(default_factory=set)        # projects with a stale development agreement


def hunan_counties() -> list[tuple[str, str]]:
    from compliance.reference import divisions

    return [(d.code, d.name) for d in divisions.counties("43")]


def _uscc(prefix: str, county: str, serial: str) -> str:
    from compliance.reference.ids import uscc_check_digit

    first = f"{prefix}{county}{serial}"[:17]
    return first + uscc_check_digit(first)


def _id_number(county: str, rng: random.Random) -> str:
    from compliance.reference.ids import id_check_digit

    born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 50))
    first = f"{county}{born:%Y%m%d}{rng.randrange(0, 1000):03d}"
    return first + id_check_digit(first)


def plot_sizes(projects: int, plots: int, rng: random.Random, low: int = 1, high: int = 500) -> list[int]:
    """Heavy-tailed plot counts (most projects small, a few of several hundred plots) summing to ``plots``."""
    raw = [min(high, max(low, int(rng.paretovariate(1.3)))) for _ in range(projects)]
    scale = plots / sum(raw)
    sizes = [min(high, max(low, round(x * scale))) for x in raw]
    diff = plots - sum(sizes)
    i = 0
    while diff != 0 and i < 10 * projects:
        j = rng.randrange(projects)
        if diff > 0 and sizes[j] < high:
            sizes[j] += 1
            diff -= 1
        elif diff < 0 and sizes[j] > low:
            sizes[j] -= 1
            diff += 1
        i += 1
    return sizes


def generate(projects: int = 100, plots: int = 2000, *, violations: float = 0.1, double_claims: int = 10,
             cert_claims: int | None = None, seed: int = 7, developers: int | None = None) -> Synthetic:
    import pandas as pd

    rng = random.Random(seed)
    counties = hunan_counties()
    pilot = [c for c in counties if c[0].startswith("4312") or c[0] in PILOT_COUNTIES]
    sizes = plot_sizes(projects, plots, rng)
    n_dev = developers or max(2, projects // 20)
    dev_rows = []
    for d in range(n_dev):
        county = rng.choice(counties)[0]
        dev_rows.append({"project_id": "", "id": f"DEV{d:04d}", "name": f"湖南{GIVEN[d % 20:d % 20 + 2]}碳汇开发有限公司{d:04d}",
                         "kind": "enterprise", "uscc": _uscc("91", county, f"MA{d:07d}"), "address": "湖南省"})
    proj_rows, party_rows, plot_rows, agr_rows, review_rows = [], list(dev_rows), [], [], []
    out = Synthetic({})
    kinds_done = 0
    for n, size in enumerate(sizes):
        pid = f"HN-SYN-{n:06d}"
        mechanism = "CCER" if rng.random() < 0.7 else "XLTP"
        county, cname = rng.choice(counties if mechanism == "CCER" else pilot)
        second = rng.choice(counties) if rng.random() < 0.05 and mechanism == "CCER" else None
        violation = VIOLATIONS[kinds_done % len(VIOLATIONS)] if rng.random() < violations else None
        if violation:
            kinds_done += 1
            out.violators[pid] = violation
        stale = violation == "stale"
        # stale claims concentrate on a few developers (the enclosure pattern X-enclosure looks for)
        dev = f"DEV{rng.randrange(min(3, n_dev)) if stale else rng.randrange(n_dev):04d}"
        start = dt.date(2026, 3, 1) if not stale else dt.date(2024, 3, 1)
        signed = dt.date(2026, 2, 15) if not stale else dt.date(2023, 12, 10)
        stage = "design" if not stale else "development"
        prefecture = county[:4]
        proj = {"project_id": pid, "name": f"{cname}第{n}号造林碳汇项目", "developer": dev, "as_of": AS_OF.isoformat(),
                "province": "43", "mechanism": mechanism, "methodology": "CCER-14-001-V01" if mechanism == "CCER" else "",
                "stage": stage, "milestones.development": (signed + dt.timedelta(days=5)).isoformat(),
                "milestones.design": "2026-04-20" if stage == "design" else "",
                "start_date": start.isoformat(), "crediting_period.start": start.isoformat(),
                "crediting_period.end": start.replace(year=start.year + 20).isoformat(),
                "trading_venue": "北京绿色交易所" if mechanism == "CCER" else "",
                "registry": "国家应对气候变化战略研究和国际合作中心" if mechanism == "CCER" else "",
                "insurance": "森林保险" if rng.random() < 0.8 else ""}
        proj_rows.append(proj)
        if stale:
            out.stale.add(pid)
        review_rows.append({"project_id": pid, "kind": "prefecture", "authority": "市州林业局", "division": prefecture,
                            "date": "2026-04-28"})
        if second:
            review_rows.append({"project_id": pid, "kind": "prefecture", "authority": "市州林业局", "division": second[0][:4],
                                "date": "2026-04-28"})
        households = max(1, min(size // 4, 60))
        coll = {"project_id": pid, "id": "RC", "name": f"{cname}村股份经济合作联社{n}", "kind": "collective",
                "uscc": _uscc("N2", county, f"MF{n:07d}"), "address": f"湖南省{cname}"}
        party_rows.append(coll)
        holders = ["RC"]
        for h in range(households):
            hid = f"H{h:02d}"
            party_rows.append({"project_id": pid, "id": hid, "name": rng.choice(SURNAMES) + GIVEN[(h * 2) % 30:(h * 2) % 30 + 2],
                               "kind": "individual", "id_number": _id_number(county, rng), "address": f"湖南省{cname}"})
            holders.append(hid)
        ids = []
        for i in range(size):
            c = second[0] if second and i % 3 == 2 else county
            holder = holders[i % len(holders)]
            collective = holder == "RC"
            cert = f"湘（2021）{c}不动产权第{n:06d}{holders.index(holder):03d}号"
            land, measure = "forest", "afforestation"
            if violation == "land" and i == 0:
                land = "other"
            if violation == "measure" and i == 0:
                measure = "grass_planting"
            row = {"project_id": pid, "id": f"{c}-{n:06d}-{i:03d}", "county": c, "land_type": land,
                   "forest_type": "planted_arbor", "economic_forest": "false", "area_ha": round(rng.uniform(0.5, 60), 1),
                   "measure": measure, "holder": holder, "tenure": "collective_run" if collective else "household_contracted",
                   "certificate": cert, "right_term_end": "2080-12-31", "non_forest_since": "2019-01-01",
                   "boundaries.east": "山脊", "boundaries.south": "溪", "boundaries.west": "林道", "boundaries.north": "村界"}
            plot_rows.append(row)
            ids.append(row["id"])
        signers = "; ".join([dev, *holders])
        term = {"term.start": start.isoformat(), "term.end": start.replace(year=start.year + 40).isoformat()}
        consent = {} if violation == "consent" else {
            "consent.body": "villager_representatives", "consent.in_favour": 31, "consent.members": 42,
            "consent.notice.start": "2026-01-05", "consent.notice.end": "2026-01-20", "consent.resolution_date": "2026-01-25"}
        deadline = (signed + dt.timedelta(days=365)).isoformat()
        dev_bp = 3000 if violation != "shares" else 4000
        rest = 7000 // len(holders)
        bps = [rest] * len(holders)
        bps[0] += 7000 - rest * len(holders)
        shares = [f"{dev}:{dev_bp / 10000:g}"] + [f"{h}:{b / 10000:g}" for h, b in zip(holders, bps)]
        agr_rows.append({"project_id": pid, "kind": "development", "signed": signed.isoformat(), "parties": signers, **term,
                         "development_deadline": deadline, "clauses": CLAUSES_DEV})
        agr_rows.append({"project_id": pid, "kind": "transfer", "signed": signed.isoformat(), "transferors": "; ".join(holders),
                         "transferee": dev, "mode": "entrustment", "plots": "; ".join(ids), **term,
                         "price.amount_yuan": 1000 * size, "price.per": "year", **consent,
                         "development_deadline": deadline, "clauses": CLAUSES_TRANSFER})
        agr_rows.append({"project_id": pid, "kind": "benefit", "signed": signed.isoformat(), "parties": signers,
                         "shares": "; ".join(shares), "clauses": CLAUSES_BENEFIT})

    # -- inject double claims: copy a plot of project A into project B (same holder id scheme) --------------
    by_project: dict[str, list[int]] = {}
    for i, r in enumerate(plot_rows):
        by_project.setdefault(r["project_id"], []).append(i)
    pids = list(by_project)
    extra_rows = []
    used: set = set()
    for k in range(min(double_claims, len(pids) // 2)):
        a, b = rng.sample(pids, 2)
        src = plot_rows[rng.choice(by_project[a])]
        key = (src["county"], src["id"])
        if key in used:
            continue
        used.add(key)
        copy = dict(src, project_id=b, holder="RC", tenure="collective_run")
        extra_rows.append(copy)
        out.truth.add((a, *key))
        out.truth.add((b, *key))
        # the copied plot must be covered by b's transfer agreement
        for r in agr_rows:
            if r["project_id"] == b and r["kind"] == "transfer":
                r["plots"] = r["plots"] + "; " + src["id"]
                break
    plot_rows.extend(extra_rows)
    for k in range(cert_claims if cert_claims is not None else double_claims // 2):
        a, b = rng.sample(pids, 2)
        src = plot_rows[rng.choice(by_project[a])]
        dst = plot_rows[rng.choice(by_project[b])]
        if (src["county"], src["id"]) in used or (dst["county"], dst["id"]) in used:
            continue
        dst["certificate"] = src["certificate"]
        used.add((dst["county"], dst["id"]))
        out.cert_truth.add((b, dst["id"]))
        out.cert_truth.add((a, src["id"]))
    # the certificate may be shared by other plots of a (same holder): they are claimed too
    if out.cert_truth:
        certs = {}
        for r in plot_rows:
            certs.setdefault(r["certificate"], set()).add(r["project_id"])
        out.cert_truth = {(r["project_id"], r["id"]) for r in plot_rows if len(certs[r["certificate"]]) > 1
                          and (r["project_id"], r["county"], r["id"]) not in out.truth}

    def df(rows):
        cols: list[str] = []
        for r in rows[:200]:
            for c in r:
                if c not in cols:
                    cols.append(c)
        for r in rows:
            for c in r:
                if c not in cols:
                    cols.append(c)
        frame = pd.DataFrame.from_records(rows, columns=cols).astype(object)
        return frame.where(frame.notna(), "")

    out.frames = {"projects": df(proj_rows), "parties": df(party_rows), "plots": df(plot_rows),
                  "agreements": df(agr_rows), "reviews": df(review_rows)}
    return out


def write(syn: Synthetic, out: Path, xlsx: bool = False) -> Path:
    from compliance.submission import workbook as tabular

    if xlsx:
        out.parent.mkdir(parents=True, exist_ok=True)
        path = out.with_suffix(".xlsx")
        tabular.write_workbook(syn.frames, path)
        return path
    tabular.write_csv_folder(syn.frames, out)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--projects", type=int, default=1000)
    ap.add_argument("--plots", type=int, default=20000)
    ap.add_argument("--violations", type=float, default=0.1)
    ap.add_argument("--double-claims", type=int, default=50)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--xlsx", action="store_true")
    a = ap.parse_args()
    syn = generate(a.projects, a.plots, violations=a.violations, double_claims=a.double_claims, seed=a.seed)
    path = write(syn, a.out, a.xlsx)
    print(f"wrote {path}: {a.projects} projects, {len(syn.frames['plots'])} plots, "
          f"{len(syn.truth)} double-claimed (project, plot) pairs, {len(syn.cert_truth)} certificate claims")


if __name__ == "__main__":
    main()
