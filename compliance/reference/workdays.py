"""Working days on the mainland calendar: weekends, public holidays and make-up working days.

Counts come from the maintained ``chinesecalendar`` library (国务院办公厅 holiday notices,
one release per year), never from a hand-typed list. The library knows a year only once the
State Council has published that year's arrangement; for a date outside the years it knows,
the count falls back to Monday–Friday and the result says which years were estimated, so a
finding can tell the user that the count is provisional.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

SOURCE = "chinesecalendar（国务院办公厅部分节假日安排通知）"


@dataclass(frozen=True)
class WorkdayCount:
    days: int                                   # working days in the period, both ends included
    estimated_years: tuple[int, ...] = field(default=())   # years counted Monday–Friday (no calendar data)

    @property
    def estimated(self) -> bool:
        return bool(self.estimated_years)

    def note(self, lang: str = "zh") -> str:
        if not self.estimated:
            return ""
        years = "、".join(str(y) for y in self.estimated_years) if lang == "zh" else ", ".join(
            str(y) for y in self.estimated_years)
        if lang == "zh":
            return (f"（{years} 年的法定节假日和调休安排尚无数据，该年按周一至周五计算，"
                    f"待国务院办公厅公布安排并更新 chinesecalendar 后复核）")
        return (f" ({years}: no public-holiday data yet, counted Monday to Friday; "
                f"re-check once the State Council publishes the arrangement and chinesecalendar is updated)")


@lru_cache(maxsize=1)
def supported_years() -> tuple[int, int]:
    """First and last year for which the installed library has holiday data."""
    import chinese_calendar

    years = {d.year for d in chinese_calendar.holidays}
    return min(years), max(years)


def year_known(year: int) -> bool:
    first, last = supported_years()
    return first <= year <= last


@lru_cache(maxsize=4096)
def is_workday(day: dt.date) -> bool:
    """A mainland working day; Monday–Friday for a year the library has no data for."""
    if not year_known(day.year):
        return day.weekday() < 5
    import chinese_calendar

    return bool(chinese_calendar.is_workday(day))


def _weekdays(a: dt.date, b: dt.date) -> int:
    """Monday–Friday days from ``a`` to ``b``, both included (``a`` <= ``b``), in O(1)."""
    days = (b - a).days + 1
    weeks, rest = divmod(days, 7)
    first = a.weekday()
    return weeks * 5 + sum(1 for i in range(rest) if (first + i) % 7 < 5)


def count(start: dt.date, end: dt.date) -> WorkdayCount:
    """Working days from ``start`` to ``end``, both included (0 when end is before start).

    Years the calendar knows are counted day by day; the others Monday–Friday, a year at a
    time (so a period spanning years 0001–9999 is counted in milliseconds, not seconds)."""
    if end < start:
        return WorkdayCount(0)
    n, unknown = 0, []
    one = dt.timedelta(days=1)
    year = start.year
    while year <= end.year:
        a = start if year == start.year else dt.date(year, 1, 1)
        b = end if year == end.year else dt.date(year, 12, 31)
        if year_known(year):
            d = a
            while d <= b:
                n += is_workday(d)
                if d == b:
                    break
                d += one
        else:
            unknown.append(year)
            n += _weekdays(a, b)
        year += 1
    return WorkdayCount(n, tuple(unknown))


def add(start: dt.date, days: int) -> tuple[dt.date, bool]:
    """The date on which a period of ``days`` working days beginning on ``start`` ends.

    Returns the date and whether any year on the way was estimated (Monday–Friday).
    """
    if days <= 0:
        raise ValueError("days must be positive")
    d, n, estimated = start, 0, False
    one = dt.timedelta(days=1)
    while True:
        estimated = estimated or not year_known(d.year)
        if is_workday(d):
            n += 1
            if n == days:
                return d, estimated
        if d == dt.date.max:          # the calendar ends before the period does
            return d, True
        d += one
