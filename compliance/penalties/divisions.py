"""Administrative divisions (reference data ``compliance/reference/data/divisions.csv``) and jurisdiction.

The file lists provinces (2-digit codes), prefectures (4-digit) and counties (6-digit); lines
starting with ``# `` are comments (its source), then a header ``code,name,level,parent_code``.
It is read once, on first use.

Jurisdiction is containment of codes: a county authority (431202) acts within 431202, a
prefecture authority (4312) within 4312xx, a province authority (43) within 43xxxx.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .messages import RegisterError

LEVELS = {2: "province", 4: "prefecture", 6: "county"}
_DIGITS = re.compile(r"^\d+$")


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: str
    parent_code: str


def data_path() -> Path:
    return Path(__file__).resolve().parent.parent / "reference" / "data" / "divisions.csv"


@lru_cache(maxsize=4)
def _load(path: str) -> dict[str, Division]:
    p = Path(path)
    if not p.is_file():
        raise RegisterError("divisions_missing", path=str(p))
    with p.open(encoding="utf-8-sig", newline="") as fh:
        lines = (line for line in fh if not line.startswith("#") and line.strip())
        rows = csv.DictReader(lines)
        table = {}
        for row in rows:
            code = (row.get("code") or "").strip()
            if code:
                table[code] = Division(code, (row.get("name") or "").strip(),
                                       (row.get("level") or "").strip(),
                                       (row.get("parent_code") or "").strip())
    return table


def table() -> dict[str, Division]:
    return _load(str(data_path()))


def normalize(code: str) -> str:
    """'430000' -> '43', '431200' -> '4312', '431202' -> '431202' (trailing zero pairs dropped)."""
    code = str(code).strip()
    if len(code) == 12 and _DIGITS.match(code):  # statistical 12-digit code
        code = code[:6]
    if len(code) == 6 and code.endswith("0000"):
        return code[:2]
    if len(code) == 6 and code.endswith("00"):
        return code[:4]
    return code


def get(code: str, field: str = "division") -> Division:
    """The division for ``code`` (2/4/6 digits, or 6 digits padded with zeros), or a RegisterError."""
    raw = str(code).strip()
    norm = normalize(raw)
    if not _DIGITS.match(norm) or len(norm) not in LEVELS:
        raise RegisterError("division_format", field, value=raw)
    found = table().get(norm)
    if found is None:
        raise RegisterError("division_unknown", field, value=raw)
    return found


def province_of(code: str) -> str:
    return normalize(code)[:2]


def contains(outer: str, inner: str) -> bool:
    """True when division ``inner`` lies within division ``outer`` (or is it)."""
    return normalize(inner).startswith(normalize(outer))


def full_name(code: str) -> str:
    """'湖南省怀化市鹤城区' for 431202 (names of the province, prefecture and county)."""
    norm = normalize(code)
    parts = []
    for n in (2, 4, 6):
        if len(norm) >= n:
            d = table().get(norm[:n])
            if d is not None and d.name not in parts:
                parts.append(d.name)
    return "".join(parts) or norm


def province_code(value: str, field: str = "province") -> str:
    """'43', '430000', '湖南省' or '湖南' -> '43'."""
    raw = str(value).strip()
    norm = normalize(raw)
    if _DIGITS.match(norm):
        if len(norm) != 2 or norm not in table():
            raise RegisterError("province_unknown", field, value=raw)
        return norm
    for d in table().values():
        if d.level == "province" and (d.name == raw or d.name.rstrip("省") == raw.rstrip("省")):
            return d.code
    raise RegisterError("province_unknown", field, value=raw)
