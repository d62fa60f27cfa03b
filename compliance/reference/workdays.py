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


def count(start: dt.date, end: dt.date) -> WorkdayCount:
    """Working days from ``start`` to ``end``, both included (0 when end is before start)."""
    if end < start:
        return WorkdayCount(0)
    n, unknown = 0, set()
    d = start
    one = dt.timedelta(days=1)
    while True:
        if not year_known(d.year):
            unknown.add(d.year)
        if is_workday(d):
            n += 1
        if d >= end:
            break
        d += one
    return WorkdayCount(n, tuple(sorted(unknown)))


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
