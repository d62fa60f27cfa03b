"""Working days on the mainland calendar (chinesecalendar), with Monday–Friday where it has no data."""
from __future__ import annotations

import datetime as dt

from compliance.reference import workdays

D = dt.date


def test_labour_day_and_its_make_up_saturday():
    # 2026-05-01..05 off; Saturday 2026-05-09 is a make-up working day
    assert not workdays.is_workday(D(2026, 5, 4))
    assert workdays.is_workday(D(2026, 5, 9))
    assert workdays.count(D(2026, 5, 4), D(2026, 6, 1)).days == 20
    assert workdays.count(D(2026, 5, 4), D(2026, 5, 29)).days == 19


def test_national_day_is_not_counted():
    got = workdays.count(D(2026, 9, 21), D(2026, 10, 22))
    assert got.days == 19 and not got.estimated
    assert workdays.count(D(2026, 9, 21), D(2026, 10, 23)).days == 20


def test_both_ends_included_and_empty_periods():
    assert workdays.count(D(2026, 6, 1), D(2026, 6, 1)).days == 1
    assert workdays.count(D(2026, 6, 2), D(2026, 6, 1)).days == 0


def test_a_year_without_data_is_counted_monday_to_friday_and_says_so():
    first, last = workdays.supported_years()
    later = last + 1
    start = D(later, 3, 1)
    got = workdays.count(start, start + dt.timedelta(days=27))
    assert got.estimated and got.estimated_years == (later,)
    assert got.days == 20                          # four weeks of Monday-Friday
    assert str(later) in got.note("zh") and "周一至周五" in got.note("zh")
    assert str(later) in got.note("en")


def test_the_library_is_the_calendar_not_a_hand_typed_list():
    import chinese_calendar

    day = D(2026, 10, 10)      # a make-up Saturday in the library's 2026 data
    assert workdays.is_workday(day) == chinese_calendar.is_workday(day)


def test_add_gives_the_twentieth_working_day():
    end, estimated = workdays.add(D(2024, 1, 22), 20)
    assert end == D(2024, 2, 21) and not estimated
    assert workdays.count(D(2024, 1, 22), end).days == 20


def test_a_period_over_many_unknown_years_is_counted_year_by_year():
    """Ten public notices spanning years 0001–9999 once took 17 s: unknown years are now counted
    Monday–Friday a year at a time, with the same result as day by day."""
    import datetime as dt

    from compliance.reference import workdays

    got = workdays.count(dt.date(1, 1, 1), dt.date(9999, 12, 31))
    days = (dt.date(9999, 12, 31) - dt.date(1, 1, 1)).days + 1
    assert 0.70 * days < got.days < 0.72 * days and got.estimated and 1 in got.estimated_years
    # a single unknown year, Monday–Friday exactly: 2101-01-03 is a Monday
    assert workdays.count(dt.date(2101, 1, 3), dt.date(2101, 1, 9)).days == 5
