"""Large single submissions built from the shipped compliant example, with plot-level violations
at known places, and the same plots split over several projects (scale tests and benchmarks).

    from bigsub import big_submission, split
    data = big_submission(50_000)          # plain data, as the loader would read it
    parts = split(data, 10)                # ten projects holding the same plots
"""
from __future__ import annotations

import copy
from pathlib import Path

import yaml

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "hunan-ccer-afforestation.yaml"


def big_submission(plots: int, *, violations: bool = True) -> dict:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    base = {k: v for k, v in data["plots"][0].items() if k != "geometry"}   # the engine at size, not geometry
    data["project"].pop("crs", None)
    out = []
    for i in range(plots):
        p = dict(base, id=f"430626-LY-{i // 100:04d}-{i % 100:02d}", holder="RH1" if i % 2 else "RH2",
                 tenure="collective_run" if i % 2 else "household_contracted", area_ha=round(5 + (i % 37) * 0.7, 2))
        p["boundaries"] = dict(base["boundaries"])
        p["certificate"] = f"湘（2021）平江县不动产权第{i:07d}号"
        if violations and i % 97 == 5:
            p["land_type"] = "other"                      # outside the measures' scope
        elif violations and i % 89 == 7:
            p["measure"] = "grass_planting"               # unfit for forest land
        elif violations and i % 83 == 11:
            p["right_term_end"] = "2040-12-31"            # ends before the transfer term
        out.append(p)
    data["plots"] = out
    for a in data["agreements"]:
        if a["kind"] == "transfer":
            a["plots"] = [p["id"] for p in out]
    return data


def split(data: dict, parts: int) -> list[dict]:
    """The same plots over ``parts`` projects (ids HN-PJ-…-k), each with its own transfer list."""
    plots = data["plots"]
    size = -(-len(plots) // parts)
    out = []
    for k in range(parts):
        chunk = plots[k * size:(k + 1) * size]
        if not chunk:
            break
        d = copy.deepcopy({kk: v for kk, v in data.items() if kk != "plots"})
        d["project"]["id"] = f"{data['project']['id']}-{k}"
        d["plots"] = chunk
        for a in d["agreements"]:
            if a["kind"] == "transfer":
                a["plots"] = [p["id"] for p in chunk]
        out.append(d)
    return out


def plot_findings(report, data: dict) -> set[tuple]:
    """The findings about plots, named by plot id (not by list position) so that one submission and
    the same plots split over projects compare equal."""
    import re

    ids = [p["id"] for p in data["plots"]]
    out = set()
    for f in report.findings:
        m = re.search(r"plots\[(\d+)\](.*)$", f.path)
        if m:
            out.add((f.rule, f.case, f.severity.value, ids[int(m.group(1))], m.group(2), f.message_en))
    return out
