"""Administrative divisions shipped as reference data (data/divisions.csv, NBS 2023 codes, all provinces).

Every province-level unit of the mainland is listed, so a plot anywhere is named ("重庆市万州区")
instead of being an unknown code; the province rules (湖南 HN-2, 四川 SC-2) then say it lies outside.
NBS groups the districts of a municipality under a row named 市辖区 (or 县), and a province's directly
administered county-level units under 省直辖县级行政区划: such a row is not a prefecture, so names
print the province in its place.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: str          # province | prefecture | county
    parent_code: str


@lru_cache(maxsize=1)
def table() -> dict[str, Division]:
    text = resources.files("compliance").joinpath("data/divisions.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    return {r["code"]: Division(r["code"], r["name"], r["level"], r["parent_code"]) for r in rows}


def get(code: str) -> Division | None:
    return table().get(str(code))


def exists(code: str) -> bool:
    return str(code) in table()


def is_county(code: str) -> bool:
    d = get(code)
    return d is not None and d.level == "county"


def prefecture_of(code: str) -> str:
    """The 4-digit prefecture code of a county (or prefecture) code."""
    return str(code)[:4]


def province_of(code: str) -> str:
    return str(code)[:2]


def name(code: str) -> str:
    d = get(code)
    return d.name if d else str(code)


GROUPING_NAMES = ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")


def _is_grouping(d: Division | None) -> bool:
    return d is not None and d.level == "prefecture" and d.name in GROUPING_NAMES


def full_name(code: str) -> str:
    """Prefecture + county name, e.g. 岳阳市平江县; in a municipality the province: 重庆市万州区."""
    d = get(code)
    if d is None:
        return str(code)
    if d.level == "county":
        pref = get(d.parent_code)
        if _is_grouping(pref):
            return name(pref.parent_code) + d.name
        return (pref.name if pref else "") + d.name
    if _is_grouping(d):
        return name(d.parent_code)
    return d.name


def place(code: str) -> str:
    """Province + prefecture + county, e.g. 湖南省岳阳市平江县, 重庆市万州区 (a code not listed: the code)."""
    d = get(code)
    if d is None:
        return str(code)
    if d.level == "province":
        return d.name
    inner = full_name(code)
    province = name(province_of(code))
    return inner if inner.startswith(province) else province + inner


def province_name(code: str) -> str:
    """The province of any division code, e.g. 500101 -> 重庆市."""
    return name(province_of(code))


def prefectures(province: str) -> list[Division]:
    """The prefecture-level units of a province (NBS grouping rows such as 市辖区 included)."""
    return [d for d in table().values() if d.level == "prefecture" and d.parent_code == province]


def counties(province: str) -> list[Division]:
    return [d for d in table().values() if d.level == "county" and d.code.startswith(province)]
