"""Administrative divisions shipped as reference data (data/divisions.csv, NBS 2023 codes, all provinces).

Every province-level unit of the mainland is listed, so a plot anywhere is named ("重庆市万州区")
instead of being an unknown code; the province rules (湖南 HN-2, 四川 SC-2, LOC-province) then say it
lies outside. NBS groups the districts of a municipality under a row named 市辖区 (or 县), and a
province's directly administered county-level units under 省直辖县级行政区划: such a row is not a
prefecture, so names print the province in its place. Regenerate the file with tools/make_divisions.py.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: str          # province | prefecture | county
    parent_code: str


@lru_cache(maxsize=1)
def table() -> dict[str, Division]:
    text = (DATA / "divisions.csv").read_text(encoding="utf-8")
    rows = csv.reader(line for line in text.splitlines() if not line.startswith("#"))
    at = {col: i for i, col in enumerate(next(rows))}       # the header (csv.reader: half DictReader's time)
    code, name_, level, parent = at["code"], at["name"], at["level"], at["parent_code"]
    return {r[code]: Division(r[code], r[name_], r[level], r[parent]) for r in rows if r}


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


def _grouping(d: Division | None) -> bool:
    return d is not None and d.level == "prefecture" and d.name in GROUPING_NAMES


def full_name(code: str, *, province: bool = False) -> str:
    """Prefecture + county name, e.g. 岳阳市平江县; with ``province``: 湖南省岳阳市平江县.
    In a municipality the grouping row (市辖区) gives way to the province: 重庆市万州区 either way.

    Accepts 2/4/6-digit codes and 6-digit codes padded with zeros (431200 = 4312)."""
    norm = normalize(code)
    parts = []
    for n in ((2, 4, 6) if province else (4, 6)):
        if len(norm) >= n:
            d = table().get(norm[:n])
            if _grouping(d):
                d = table().get(norm[:2])
            if d is not None and d.name not in parts:
                parts.append(d.name)
    if not parts:
        d = table().get(norm)
        return d.name if d else str(code)
    return "".join(parts)


def place(code: str) -> str:
    """Where a division lies, province first: 湖南省岳阳市平江县, 重庆市万州区 (a code not listed: the code)."""
    return full_name(code, province=True)


def province_name(code: str) -> str:
    """The province of any division code, e.g. 500101 -> 重庆市."""
    return name(province_of(code))


@lru_cache(maxsize=None)
def _children(province: str, level: str) -> tuple[Division, ...]:
    return tuple(d for d in table().values() if d.level == level and d.code.startswith(province)
                 and (level != "prefecture" or d.parent_code == province))


def prefectures(province: str) -> list[Division]:
    """The prefecture-level units of a province (NBS grouping rows such as 市辖区 included)."""
    return list(_children(province, "prefecture"))


def counties(province: str) -> list[Division]:
    return list(_children(province, "county"))


LEVELS = {2: "province", 4: "prefecture", 6: "county"}
_DIGITS = re.compile(r"^\d+$")


def normalize(code: str) -> str:
    """'430000' -> '43', '431200' -> '4312', '431202' -> '431202' (trailing zero pairs dropped);
    a 12-digit statistical code is cut to its county."""
    code = str(code).strip()
    if len(code) == 12 and _DIGITS.match(code):
        code = code[:6]
    if len(code) == 6 and code.endswith("0000"):
        return code[:2]
    if len(code) == 6 and code.endswith("00"):
        return code[:4]
    return code


def well_formed(code: str) -> bool:
    """A 2-, 4- or 6-digit division code (after normalisation)."""
    norm = normalize(code)
    return bool(_DIGITS.match(norm)) and len(norm) in LEVELS


def lookup(code: str) -> Division | None:
    """The division of a 2/4/6-digit (or zero-padded) code, or None."""
    return table().get(normalize(code))


def contains(outer: str, inner: str) -> bool:
    """True when division ``inner`` lies within division ``outer`` (or is it)."""
    return normalize(inner).startswith(normalize(outer))


def find_province(value: str) -> str | None:
    """'43', '430000', '湖南省' or '湖南' -> '43'; None when no province matches."""
    raw = str(value).strip()
    norm = normalize(raw)
    if _DIGITS.match(norm):
        return norm if len(norm) == 2 and norm in table() else None
    for d in table().values():
        if d.level == "province" and (d.name == raw or d.name.rstrip("省") == raw.rstrip("省")):
            return d.code
    return None
