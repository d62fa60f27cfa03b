"""Regenerate compliance/data/divisions.csv from the NBS 2023 codes as packaged by modood.

Usage: python tools/make_divisions.py DIR   (DIR holds provinces.csv, cities.csv, areas.csv from
``dist/`` of github.com/modood/Administrative-divisions-of-China at commit dc3a1d7, the 2023 data).

The output keeps the format the loaders read (``code,name,level,parent_code``, ``#`` comment
lines naming the source) and adds every province, so a plot anywhere is named.
"""
from __future__ import annotations

import csv
import sys
from pathlib import Path

HEADER = """\
# Administrative-division reference data for every province-level unit of the mainland (31).
# Source: NBS 统计用区划代码 2023 (国家统计局《2023年统计用区划代码和城乡划分代码》, as of 2023-06-30, published 2023-09-11),
#   as packaged in GitHub repository modood/Administrative-divisions-of-China,
#   files dist/provinces.csv, dist/cities.csv, dist/areas.csv (areas.csv at commit dc3a1d7acd85ca1b0979543e9259604142c52e8e, the 2023 data).
# Read on 2026-11-21 (Hunan, Sichuan) and 2026-12-01 (all provinces); regenerate with tools/make_divisions.py.
# Hunan has 134 county-level units, Sichuan 183 (RULES.md). Prefectures named 市辖区/县 (municipalities) and
#   省直辖县级行政区划 are NBS grouping rows, not prefectures: names print the province instead.
# Columns:
#   code        - statistical division code: 2 digits (province), 4 digits (prefecture), 6 digits (county-level unit)
#   name        - official Chinese name
#   level       - province | prefecture | county (county-level unit; includes NBS-only units such as 管理区/示范区/开发区/产业园区)
#   parent_code - code of the parent unit (empty for provinces)
"""


def rows(path: Path):
    with path.open(encoding="utf-8-sig", newline="") as fh:
        yield from csv.DictReader(fh)


def main(src: str, out: str = "compliance/data/divisions.csv") -> None:
    d = Path(src)
    provinces = sorted(rows(d / "provinces.csv"), key=lambda r: r["code"])
    cities = sorted(rows(d / "cities.csv"), key=lambda r: r["code"])
    areas = sorted(rows(d / "areas.csv"), key=lambda r: r["code"])
    lines = [HEADER.rstrip("\n"), "code,name,level,parent_code"]
    for p in provinces:
        lines.append(f"{p['code']},{p['name']},province,")
        for c in (c for c in cities if c["provinceCode"] == p["code"]):
            lines.append(f"{c['code']},{c['name']},prefecture,{p['code']}")
            lines.extend(f"{a['code']},{a['name']},county,{c['code']}" for a in areas if a["cityCode"] == c["code"])
    Path(out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{out}: {len(provinces)} provinces, {len(cities)} prefectures, {len(areas)} county-level units")


if __name__ == "__main__":
    main(*sys.argv[1:])
