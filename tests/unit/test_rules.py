"""The counting rules, pinned on real dates."""

from datetime import date

import pytest

from services.deadlines.calendar.domain import WorkingCalendar
from services.deadlines.calendar.official import arrangements
from services.deadlines.calendar.rules import (
    Limit, Reason, Suspension, TimeUnit, compute_due, explain,
)
from services.kit.domain import InputError

CAL = WorkingCalendar(arrangements())


def due(*args, **kwargs):
    return compute_due(CAL, Limit(*args, **kwargs).validate())


def test_rule1_working_days_and_the_count_start_day_policy():
    assert due(date(2026, 9, 28), 10).due_date == date(2026, 10, 16)
    # countStartDay counts a working start day as day 1 ...
    assert due(date(2026, 11, 2), 1, count_start_day=True).due_date == date(2026, 11, 2)
    assert due(date(2026, 11, 2), 5, count_start_day=True).due_date == date(2026, 11, 6)
    # ... and changes nothing when the start is a day off (Sun 1 Nov).
    assert due(date(2026, 11, 1), 1, count_start_day=True).due_date == date(2026, 11, 2)


def test_rule2_natural_days_roll_forward_to_a_working_day():
    # 28 Sep 2025 + 3 = 1 Oct, inside the 1-8 Oct 2025 holiday: due Thu 9 Oct.
    assert due(date(2025, 9, 28), 3, TimeUnit.NATURAL_DAYS).due_date == date(2025, 10, 9)
    # 28 Sep 2026 + 5 = 3 Oct: due Thu 8 Oct 2026.
    assert due(date(2026, 9, 28), 5, TimeUnit.NATURAL_DAYS).due_date == date(2026, 10, 8)
    # A working day needs no rolling: Mon 2 Nov 2026 + 10 = Thu 12 Nov.
    assert due(date(2026, 11, 2), 10, TimeUnit.NATURAL_DAYS).due_date == date(2026, 11, 12)


def test_rule3_suspensions_remove_the_days_after_s_through_r():
    one = (Suspension(date(2026, 11, 4), date(2026, 11, 10)),)
    # 3, 4 Nov counted; 5-10 Nov suspended; 11-13, 16-20 Nov counted: due Fri 20 Nov.
    assert due(date(2026, 11, 2), 10, suspensions=one).due_date == date(2026, 11, 20)
    two = one + (Suspension(date(2026, 11, 12), date(2026, 11, 13)),)
    assert due(date(2026, 11, 2), 10, suspensions=two).due_date == date(2026, 11, 23)
    # An open suspension: no due date, two days used.
    opened = due(date(2026, 11, 2), 10, suspensions=(Suspension(date(2026, 11, 4)),))
    assert (opened.due_date, opened.counted) == (None, 2)
    # A suspension after the due date changes nothing.
    late = (Suspension(date(2026, 12, 1), date(2026, 12, 5)),)
    assert due(date(2026, 11, 2), 10, suspensions=late).due_date == date(2026, 11, 16)
    # Natural days: 2 Nov + 10 = 12 Nov, plus 6 suspended days = 18 Nov.
    assert due(date(2026, 11, 2), 10, TimeUnit.NATURAL_DAYS, one).due_date == date(2026, 11, 18)


def test_rule4_extensions_count_working_days_after_the_due_date():
    assert due(date(2026, 9, 28), 10, extensions=(3,)).due_date == date(2026, 10, 21)
    assert due(date(2026, 9, 28), 10, extensions=(3, 2)).due_date == date(2026, 10, 23)


def test_crossing_into_2027_is_provisional():
    result = due(date(2026, 12, 28), 5)
    assert (result.due_date, result.provisional) == (date(2027, 1, 5), True)
    assert due(date(2026, 12, 1), 5).provisional is False


@pytest.mark.parametrize("kwargs,code", [
    ({"days": 0}, "OUT_OF_RANGE"),
    ({"days": -3}, "OUT_OF_RANGE"),
    ({"suspensions": (Suspension(date(2026, 11, 5), date(2026, 11, 4)),)}, "END_BEFORE_START"),
    ({"suspensions": (Suspension(date(2026, 10, 30), date(2026, 11, 4)),)}, "SUSPENSION_OVERLAPS"),
    ({"suspensions": (Suspension(date(2026, 11, 4), date(2026, 11, 9)),
                      Suspension(date(2026, 11, 6), date(2026, 11, 10)))}, "SUSPENSION_OVERLAPS"),
    ({"suspensions": (Suspension(date(2026, 11, 4)), Suspension(date(2026, 11, 9), date(2026, 11, 10)))},
     "SUSPENSION_STILL_OPEN"),
    ({"extensions": (0,)}, "OUT_OF_RANGE"),
])
def test_bad_limits_are_refused(kwargs, code):
    values = {"start": date(2026, 11, 2), "days": 10, **kwargs}
    with pytest.raises(InputError) as err:
        Limit(**values).validate()
    assert err.value.code == code


def test_the_explanation_shows_why_each_day_counted_or_not():
    limit = Limit(date(2026, 9, 28), 10, extensions=(1,)).validate()
    days = explain(CAL, limit, compute_due(CAL, limit))
    by_day = {d.day: d for d in days}
    assert by_day[date(2026, 9, 28)].reason is Reason.START
    assert by_day[date(2026, 10, 1)].reason is Reason.HOLIDAY
    assert by_day[date(2026, 10, 10)].reason is Reason.COUNTED_ADJUSTED
    assert by_day[date(2026, 10, 11)].reason is Reason.WEEKEND
    assert by_day[date(2026, 10, 16)].count == 10
    assert by_day[date(2026, 10, 19)].reason is Reason.EXTENDED
    assert days[-1].day == date(2026, 10, 19)
    suspended = Limit(date(2026, 11, 2), 10, suspensions=(
        Suspension(date(2026, 11, 4), date(2026, 11, 10)),)).validate()
    reasons = {d.day: d.reason for d in explain(CAL, suspended, compute_due(CAL, suspended))}
    assert reasons[date(2026, 11, 4)] is Reason.COUNTED and reasons[date(2026, 11, 5)] is Reason.SUSPENDED
