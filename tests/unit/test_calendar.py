"""The working-day calendar on real 2025 and 2026 arrangements."""

from datetime import date

import chinese_calendar
import pytest

from services.deadlines.calendar.domain import DayKind, WorkingCalendar, YearArrangement
from services.deadlines.calendar.official import arrangements
from services.kit.domain import InputError

CAL = WorkingCalendar(arrangements())


def test_national_day_2026_and_its_adjusted_working_days():
    assert CAL.kind(date(2026, 9, 20)) is DayKind.ADJUSTED_WORKING  # Sunday made a working day
    assert CAL.kind(date(2026, 10, 10)) is DayKind.ADJUSTED_WORKING  # Saturday made a working day
    assert all(CAL.kind(date(2026, 10, d)) is DayKind.HOLIDAY for d in range(1, 8))
    # Accepted Mon 28 Sep; 10 working days end Fri 16 Oct (29, 30 Sep, 8, 9, 10, 12-16 Oct).
    assert CAL.add_working_days(date(2026, 9, 28), 10) == date(2026, 10, 16)
    # Fri 18 Sep + 1 working day is Sun 20 Sep.
    assert CAL.add_working_days(date(2026, 9, 18), 1) == date(2026, 9, 20)


def test_spring_festival_2026_with_its_adjusted_saturdays():
    assert CAL.kind(date(2026, 2, 14)) is DayKind.ADJUSTED_WORKING
    assert CAL.kind(date(2026, 2, 28)) is DayKind.ADJUSTED_WORKING
    assert all(CAL.kind(date(2026, 2, d)) is DayKind.HOLIDAY for d in range(15, 24))
    # Thu 12 Feb + 5: 13, Sat 14 (调休), then 24, 25, 26 Feb.
    assert CAL.add_working_days(date(2026, 2, 12), 5) == date(2026, 2, 26)


def test_labour_day_2025():
    assert CAL.kind(date(2025, 4, 27)) is DayKind.ADJUSTED_WORKING
    # Tue 29 Apr + 3: 30 Apr, then 6 and 7 May after the 1-5 May holiday.
    assert CAL.add_working_days(date(2025, 4, 29), 3) == date(2025, 5, 7)


def test_acceptance_day_is_not_counted():
    assert CAL.add_working_days(date(2026, 11, 16), 1) == date(2026, 11, 17)
    assert CAL.add_working_days(date(2026, 11, 20), 1) == date(2026, 11, 23)  # over a weekend


def test_agrees_with_the_package_from_every_working_day_of_2025_and_2026():
    # From a day off, find_workday(n) skips to the next working day first and counts that as
    # day 0; our rule (001 §8) counts from the day after acceptance, whatever it is.
    for start in range(date(2025, 1, 1).toordinal(), date(2026, 12, 1).toordinal()):
        d = date.fromordinal(start)
        if not chinese_calendar.is_workday(d):
            continue
        for n in (1, 2, 5, 10, 20):
            assert CAL.add_working_days(d, n) == chinese_calendar.find_workday(n, d), (d, n)


def test_a_year_without_arrangement_is_provisional_with_fixed_holidays():
    assert CAL.is_provisional(2027) and not CAL.is_provisional(2026)
    assert CAL.kind(date(2027, 1, 1)) is DayKind.HOLIDAY
    assert CAL.kind(date(2027, 10, 1)) is DayKind.HOLIDAY
    # Mon 28 Dec 2026 + 5: 29, 30, 31 Dec, then Mon 4 and Tue 5 Jan 2027 (1 Jan is a holiday).
    assert CAL.add_working_days(date(2026, 12, 28), 5) == date(2027, 1, 5)


def test_closures_and_loaded_arrangements_change_the_count():
    closed = WorkingCalendar(arrangements(), frozenset({date(2026, 11, 17)}))
    assert closed.kind(date(2026, 11, 17)) is DayKind.CLOSURE
    assert closed.add_working_days(date(2026, 11, 16), 1) == date(2026, 11, 18)
    y2027 = YearArrangement(2027, frozenset({date(2027, 1, 1), date(2027, 1, 4)}),
                            frozenset({date(2027, 1, 9)}), "test arrangement")
    loaded = WorkingCalendar({**arrangements(), 2027: y2027})
    assert not loaded.is_provisional(2027)
    assert loaded.add_working_days(date(2026, 12, 31), 2) == date(2027, 1, 6)


def test_working_days_between_counts_the_half_open_interval():
    assert CAL.working_days_between(date(2026, 9, 28), date(2026, 10, 16)) == 10
    assert CAL.working_days_between(date(2026, 9, 28), date(2026, 9, 28)) == 0


@pytest.mark.parametrize("arrangement,code", [
    (YearArrangement(2027, frozenset({date(2026, 12, 31)}), frozenset(), "x"), "DATE_OUTSIDE_YEAR"),
    (YearArrangement(2027, frozenset({date(2027, 2, 6)}), frozenset({date(2027, 2, 6)}), "x"),
     "HOLIDAY_AND_WORKING_DAY"),
    (YearArrangement(2027, frozenset(), frozenset(), " "), "REQUIRED"),
    (YearArrangement(1999, frozenset(), frozenset(), "x"), "OUT_OF_RANGE"),
])
def test_bad_arrangements_are_refused(arrangement, code):
    with pytest.raises(InputError) as err:
        arrangement.validate()
    assert err.value.code == code


def test_dates_outside_the_calendar_are_refused():
    with pytest.raises(InputError):
        CAL.kind(date(1999, 12, 31))
