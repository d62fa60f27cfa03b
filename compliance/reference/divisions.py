"""Administrative divisions shipped as reference data (data/divisions.csv, NBS 2023 codes)."""
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
    text = resources.files("compliance.reference").joinpath("data/divisions.csv").read_text(encoding="utf-8")
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


def full_name(code: str) -> str:
    """Prefecture + county name, e.g. 岳阳市平江县."""
    d = get(code)
    if d is None:
        return str(code)
    if d.level == "county":
        pref = get(d.parent_code)
        return (pref.name if pref else "") + d.name
    return d.name


def prefectures(province: str) -> list[Division]:
    return [d for d in table().values() if d.level == "prefecture" and d.parent_code == province]


def counties(province: str) -> list[Division]:
    return [d for d in table().values() if d.level == "county" and d.code.startswith(province)]
