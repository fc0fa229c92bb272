"""Years with no loaded arrangement: the statutory holidays computed from the law, the make-up
days estimated, and limits counted across them (issue 14)."""

from datetime import date, timedelta

import chinese_calendar
import pytest
from lunardate import LunarDate

from services.deadlines.calendar import rules
from services.deadlines.calendar.domain import DayKind, WorkingCalendar
from services.deadlines.calendar.official import arrangement, arrangements
from services.deadlines.calendar.statutory import (
    Festival, ProvisionalReason, festivals, provisional_days,
)

LOADED = arrangements()


def statutory(year: int) -> set[date]:
    return {d for days in festivals(year).values() for d in days}


@pytest.mark.parametrize("year", [2025, 2026])
def test_computed_statutory_days_are_holidays_of_the_loaded_arrangement(year):
    loaded = arrangement(year).holidays
    assert len(statutory(year)) == 13  # the 办法's 13 days, none coinciding in these years
    assert statutory(year) <= loaded, sorted(statutory(year) - loaded)


@pytest.mark.parametrize("year", [2025, 2026])
def test_each_loaded_holiday_block_holds_its_festival(year):
    """Every run of loaded holidays (the State Council's arrangement) contains a computed
    statutory day: nothing the law names is missing, nothing is invented."""
    loaded = sorted(arrangement(year).holidays)
    blocks, block = [], [loaded[0]]
    for d in loaded[1:]:
        if d - block[-1] == timedelta(days=1):
            block.append(d)
        else:
            blocks.append(block)
            block = [d]
    blocks.append(block)
    days = statutory(year)
    assert all(days & set(b) for b in blocks), blocks


# A second source: `lunardate` (its own tables, from the Hong Kong Observatory's) for the lunar
# festivals, `chinesecalendar`'s solar terms for 清明.
@pytest.mark.parametrize("year", [2025, 2026, 2027, 2028, 2035, 2050])
def test_lunar_festivals_agree_with_a_second_source(year):
    computed = festivals(year)
    new_year = LunarDate(year, 1, 1).toSolarDate()
    assert computed[Festival.SPRING_FESTIVAL] == tuple(
        new_year + timedelta(days=i) for i in range(-1, 3))
    assert computed[Festival.DRAGON_BOAT] == (LunarDate(year, 5, 5).toSolarDate(),)
    assert computed[Festival.MID_AUTUMN] == (LunarDate(year, 8, 15).toSolarDate(),)
    terms = chinese_calendar.get_solar_terms(date(year, 4, 1), date(year, 4, 10))
    assert computed[Festival.QINGMING] == tuple(d for d, name in terms if name == "清明")


def test_2027_and_2028_festivals_land_on_their_dates():
    """The dates as printed in the almanac (万年历) for 2027 and 2028."""
    assert festivals(2027) == {
        Festival.NEW_YEAR: (date(2027, 1, 1),),
        Festival.SPRING_FESTIVAL: (date(2027, 2, 5), date(2027, 2, 6), date(2027, 2, 7),
                                   date(2027, 2, 8)),
        Festival.QINGMING: (date(2027, 4, 5),),
        Festival.LABOUR_DAY: (date(2027, 5, 1), date(2027, 5, 2)),
        Festival.DRAGON_BOAT: (date(2027, 6, 9),),
        Festival.MID_AUTUMN: (date(2027, 9, 15),),
        Festival.NATIONAL_DAY: (date(2027, 10, 1), date(2027, 10, 2), date(2027, 10, 3)),
    }
    f = festivals(2028)
    assert f[Festival.SPRING_FESTIVAL][1] == date(2028, 1, 26)  # 正月初一
    assert (f[Festival.QINGMING], f[Festival.DRAGON_BOAT], f[Festival.MID_AUTUMN]) == (
        (date(2028, 4, 4),), (date(2028, 5, 28),), (date(2028, 10, 3),))


def test_make_up_days_follow_weekend_holidays_and_are_marked_estimated():
    days = provisional_days(2027)
    # 春节 2027: 6 and 7 Feb are a Saturday and a Sunday -> made up on Tue 9 and Wed 10 Feb
    makeup = {d for d, p in days.items() if p.reason is ProvisionalReason.ESTIMATED_MAKEUP_DAY
              and p.festival is Festival.SPRING_FESTIVAL}
    assert makeup == {date(2027, 2, 9), date(2027, 2, 10)}
    assert days[date(2027, 2, 9)].label == "春节补假（预计）"
    # 2028: 中秋 on 3 Oct, a day of 国庆 -> made up too; 国庆's Sunday 1 Oct as well
    days = provisional_days(2028)
    assert days[date(2028, 10, 4)].festival is Festival.NATIONAL_DAY
    assert days[date(2028, 10, 5)].festival is Festival.MID_AUTUMN
    assert days[date(2028, 1, 3)].reason is ProvisionalReason.ESTIMATED_MAKEUP_DAY  # 元旦 Sat
    # no adjusted working day is guessed: a weekend stays a weekend
    cal = WorkingCalendar(LOADED)
    assert cal.kind(date(2027, 2, 20)) is DayKind.WEEKEND
    assert cal.provisional_day(date(2027, 2, 20)) is None


def test_a_provisional_spring_festival_is_not_counted():
    """Tried as a new user: 2027-01-29 + 10 working days went straight through 春节."""
    cal = WorkingCalendar(LOADED)
    assert cal.kind(date(2028, 1, 26)) is DayKind.HOLIDAY
    due = rules.compute_due(cal, rules.Limit(date(2027, 1, 29), 10).validate())
    # counted: 1-4 Feb, then 5-10 Feb off (statutory and make-up), 11, 12, 15, 16, 17, 18
    assert (due.due_date, due.provisional) == (date(2027, 2, 18), True)
    explanation = rules.explain(cal, rules.Limit(date(2027, 1, 29), 10).validate(), due)
    by_day = {d.day: d for d in explanation}
    assert by_day[date(2027, 2, 8)].reason is rules.Reason.HOLIDAY
    assert by_day[date(2027, 2, 8)].holiday.festival is Festival.SPRING_FESTIVAL
    assert by_day[date(2027, 2, 10)].holiday.reason is ProvisionalReason.ESTIMATED_MAKEUP_DAY
    assert all(d.provisional for d in explanation)


def test_a_loaded_year_is_not_provisional_and_names_no_estimate():
    cal = WorkingCalendar(LOADED)
    due = rules.compute_due(cal, rules.Limit(date(2026, 2, 10), 5).validate())
    assert due.provisional is False
    assert cal.provisional_day(date(2026, 2, 17)) is None


def test_natural_days_and_months_across_a_provisional_spring_festival():
    cal = WorkingCalendar(LOADED)
    # 10 natural days from 28 Jan 2027 end on 7 Feb (a Sunday in 春节): rolled forward past the
    # statutory days and the estimated make-up days to Thu 11 Feb
    natural = rules.compute_due(cal, rules.Limit(date(2027, 1, 28), 10,
                                                 rules.TimeUnit.NATURAL_DAYS).validate())
    assert (natural.due_date, natural.provisional) == (date(2027, 2, 11), True)
    # one month from 8 Jan 2027 ends on 8 Feb (初三): rolled forward likewise
    month = rules.compute_due(cal, rules.Limit(date(2027, 1, 8), 1,
                                               rules.TimeUnit.MONTHS).validate())
    assert (month.due_date, month.provisional) == (date(2027, 2, 11), True)


def test_a_limit_from_a_loaded_year_into_a_provisional_one_says_so():
    cal = WorkingCalendar(LOADED)
    due = rules.compute_due(cal, rules.Limit(date(2026, 12, 28), 5).validate())
    assert due.provisional is True
    assert due.due_date == date(2027, 1, 5)  # 1 Jan 2027 (元旦, a Friday) not counted
