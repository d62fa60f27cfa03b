"""Year arithmetic on calendar dates, as the civil code counts periods (shared by the national rulesets).

民法典第二百零二条: a period counted in years ends on the corresponding day; without one (29 February),
on the last day of the month. 第一千二百五十九条: “以上”“以内”“届满” include the number itself,
“超过”“不满” exclude it. Dates beyond the calendar's range clamp to its ends instead of failing.
"""
from __future__ import annotations

import datetime as dt


def add_years(d: dt.date, n: int) -> dt.date:
    """The corresponding day n years later (n < 0: earlier); 29 February falls back to the 28th."""
    year = d.year + n
    if year < dt.MINYEAR:
        return dt.date.min
    if year > dt.MAXYEAR:
        return dt.date.max
    try:
        return d.replace(year=year)
    except ValueError:
        return d.replace(year=year, day=28)


def whole_years(earlier: dt.date, later: dt.date) -> int:
    """Largest n with earlier + n years <= later (-1 when earlier is after later)."""
    if earlier > later:
        return -1
    n = later.year - earlier.year
    if add_years(earlier, n) > later:
        n -= 1
    return n


def years_begun(earlier: dt.date, later: dt.date) -> int:
    """Smallest n with later - n years <= earlier: how far back ``earlier`` lies, a begun year counting whole
    (exactly five years -> 5, one day more -> 6; 0 when earlier is not before later)."""
    if earlier >= later:
        return 0
    n = later.year - earlier.year
    if add_years(later, -n) > earlier:
        n += 1
    return n


def period_years_begun(start: dt.date, end: dt.date) -> int:
    """Years of an inclusive period, a begun year counting whole (2026-03-01..2046-02-28 -> 20, ..03-01 -> 21)."""
    if end < start:
        return 0
    n = end.year - start.year
    if add_years(start, n) <= end:     # start + n years is still inside the period: one more year begun
        n += 1
    return max(n, 0)


def period_whole_years(start: dt.date, end: dt.date) -> int:
    """Whole years an inclusive period lasts (2026-03-01..2046-02-28 -> 20, ..02-27 -> 19)."""
    if end < start:
        return -1
    if end == dt.date.max:             # the day after does not exist: count up to the last day
        return whole_years(start, end)
    return whole_years(start, end + dt.timedelta(days=1))
