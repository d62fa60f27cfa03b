"""Identifier checks: 统一社会信用代码 (GB 32100-2015) and 居民身份证号码 (GB 11643-1999).

The check characters are computed here (GB 32100's weighted sum modulo 31, ISO 7064 MOD 11-2 for the
ID number); a test compares them with python-stdnum's ``calc_check_digit`` over many codes.
stdnum's own ``validate`` is not used because ``cn.uscc`` insists on a digit-only first 8
characters and so rejects the N1/N2/N3 codes of rural collective economic organisations, and
``cn.ric`` checks birthplace against an old county table that rejects valid current codes such as
430626; importing stdnum at all costs ~17 ms CPU at every start of the command line.
"""
from __future__ import annotations

import datetime as _dt
import re

_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)   # 3^i mod 31
_RIC_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)              # 2^(17-i) mod 11


def _uscc_digit(first17: str) -> str:
    """GB 32100-2015 4.3: C18 = 31 - (sum of value x weight mod 31), 31 written as 0."""
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def _ric_digit(first17: str) -> str:
    """GB 11643-1999 (ISO 7064 MOD 11-2): the check character of the first 17 digits."""
    total = sum(int(c) * w for c, w in zip(first17, _RIC_WEIGHTS))
    return "10X98765432"[total % 11]

# GB 32100 alphabet: digits and capitals without I, O, Z, S, V
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
# 登记管理部门代码 (position 1) and the 机构类别代码 allowed under each (position 2)
USCC_AUTHORITY = {
    "1": "139",      # 机构编制
    "2": "19",       # 外交
    "3": "12345679",  # 司法行政
    "4": "19",       # 文化
    "5": "1239",     # 民政
    "6": "129",      # 旅游
    "7": "129",      # 宗教
    "8": "129",      # 工会
    "9": "123",      # 工商 (市场监管)
    "A": "19",       # 中央军委改革和编制办公室
    "N": "1239",     # 农业农村: N1 组级、N2 村级、N3 乡镇级集体经济组织, N9 其他
    "Y": "1",        # 其他
}

_USCC_RE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{18}$")
_RIC_RE = re.compile(r"^\d{17}[\dX]$")


def normalize_code(value: str) -> str:
    """Upper-case and strip spaces and hyphens a user may have typed."""
    return re.sub(r"[\s\-]", "", str(value)).upper()


def uscc_problem(code: str) -> str | None:
    """Return None when ``code`` is a valid 统一社会信用代码, else an error key."""
    code = normalize_code(code)
    if len(code) != 18:
        return "uscc_length"
    if not _USCC_RE.match(code):
        return "uscc_charset"
    allowed = USCC_AUTHORITY.get(code[0])
    if allowed is None or code[1] not in allowed:
        return "uscc_authority"
    if not code[2:8].isdigit():
        return "uscc_division"
    if _uscc_digit(code[:17]) != code[17]:
        return "uscc_checksum"
    return None


def uscc_check_digit(first17: str) -> str:
    """The GB 32100 check digit for the first 17 characters (for making test data)."""
    return _uscc_digit(normalize_code(first17)[:17])


def id_number_problem(number: str) -> str | None:
    """Return None when ``number`` is a valid 18-digit 身份证号码, else an error key.

    Checks format, the check digit and that the birth date is a real, past date.
    """
    number = normalize_code(number)
    if not _RIC_RE.match(number):
        return "id_format"
    try:
        born = _dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return "id_birth_date"
    if born.year < 1900 or born > _dt.date.today():
        return "id_birth_date"
    if _ric_digit(number) != number[17]:
        return "id_checksum"
    return None


def id_check_digit(first17: str) -> str:
    """The GB 11643 check digit for 17 digits (for making test data)."""
    return _ric_digit(first17[:17] + "0")


def mask_id_number(number: str) -> str:
    """Mask a personal ID number for publication (湘林基〔2025〕5号 第二十条 confidentiality)."""
    number = normalize_code(number)
    if len(number) < 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]
