"""Divisions as the register uses them: the shared reference table (compliance.reference.divisions),
with refusals (RegisterError naming the field) for codes the register cannot accept.

Jurisdiction is containment of codes: a county authority (431202) acts within 431202, a
prefecture authority (4312) within 4312xx, a province authority (43) within 43xxxx.
"""
from __future__ import annotations

from functools import partial

from compliance.reference import divisions as _ref
from compliance.reference.divisions import LEVELS, Division, contains, normalize, table  # noqa: F401

from .messages import RegisterError

full_name = partial(_ref.full_name, province=True)   # '湖南省怀化市鹤城区' in notices and lists


def get(code: str, field: str = "division") -> Division:
    """The division for ``code`` (2/4/6 digits, or 6 digits padded with zeros), or a RegisterError."""
    raw = str(code).strip()
    if not _ref.well_formed(raw):
        raise RegisterError("division_format", field, value=raw)
    found = _ref.lookup(raw)
    if found is None:
        raise RegisterError("division_unknown", field, value=raw)
    return found


def province_of(code: str) -> str:
    return normalize(code)[:2]


def province_code(value: str, field: str = "province") -> str:
    """'43', '430000', '湖南省' or '湖南' -> '43'."""
    found = _ref.find_province(value)
    if found is None:
        raise RegisterError("province_unknown", field, value=str(value).strip())
    return found
