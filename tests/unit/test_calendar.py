from datetime import date

import pytest

from services.deadlines.calendar import OfficialCalendar, add_working_days, working_days_between

CAL = OfficialCalendar()


def test_national_day_2026_and_its_adjusted_saturday():
    # Accepted Mon 28 Sep 2026; counting starts the next day. 1-7 Oct are holidays and
    # Sat 10 Oct is an adjusted working day (调休), so 10 working days end on Fri 16 Oct.
    due = add_working_days(CAL, date(2026, 9, 28), 10)
    assert due.due_date == date(2026, 10, 16)
    assert due.provisional is False


def test_adjusted_saturday_counts_as_a_working_day():
    assert CAL.day(date(2026, 10, 10)).working is True
    assert CAL.day(date(2026, 10, 11)).working is False
    # Fri 9 Oct + 1 working day = Sat 10 Oct (调休), not Mon 12 Oct.
    assert add_working_days(CAL, date(2026, 10, 9), 1).due_date == date(2026, 10, 10)


def test_acceptance_day_is_not_counted():
    # Mon 16 Nov 2026 + 1 working day = Tue 17 Nov.
    assert add_working_days(CAL, date(2026, 11, 16), 1).due_date == date(2026, 11, 17)
    # Accepted on a Friday: the weekend is skipped.
    assert add_working_days(CAL, date(2026, 11, 20), 1).due_date == date(2026, 11, 23)


def test_year_without_official_arrangement_is_provisional():
    due = add_working_days(CAL, date(2026, 12, 28), 5)
    # 29, 30, 31 Dec, then 1 Jan 2027 (fixed holiday, provisional year), 4, 5 Jan.
    assert due.due_date == date(2027, 1, 5)
    assert due.provisional is True


def test_working_days_between_counts_the_half_open_interval():
    assert working_days_between(CAL, date(2026, 9, 28), date(2026, 10, 16)) == 10
    assert working_days_between(CAL, date(2026, 9, 28), date(2026, 9, 28)) == 0


def test_limit_must_be_positive():
    with pytest.raises(ValueError):
        add_working_days(CAL, date(2026, 9, 28), 0)
