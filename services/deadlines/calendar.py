"""Working days on China's official calendar (pure domain; the data comes from outside).

A working day is Monday to Friday unless a statutory holiday, plus the weekend days the State
Council's arrangement makes working days (调休). Years the official arrangement covers come from
the `chinesecalendar` package; for any later year the answer is *provisional*: weekends plus the
statutory holidays whose Gregorian dates the law fixes (元旦, 劳动节, 国庆节).
"""

from dataclasses import dataclass
from datetime import date, timedelta

import chinese_calendar

# Fixed-date statutory holidays (全国年节及纪念日放假办法, as amended 2024).
FIXED_HOLIDAYS = {(1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3)}


@dataclass(frozen=True)
class DayInfo:
    day: date
    working: bool
    provisional: bool


class OfficialCalendar:
    def day(self, d: date) -> DayInfo:
        try:
            return DayInfo(d, chinese_calendar.is_workday(d), provisional=False)
        except NotImplementedError:
            working = d.weekday() < 5 and (d.month, d.day) not in FIXED_HOLIDAYS
            return DayInfo(d, working, provisional=True)


@dataclass(frozen=True)
class Due:
    due_date: date
    provisional: bool


def add_working_days(calendar: OfficialCalendar, start: date, days: int) -> Due:
    """Due at the end of the `days`-th working day after `start`; `start` itself not counted
    (001 §8, 民法典 §201)."""
    if days < 1:
        raise ValueError("a limit is at least one working day")
    counted, provisional, d = 0, False, start
    while counted < days:
        d += timedelta(days=1)
        info = calendar.day(d)
        provisional = provisional or info.provisional
        if info.working:
            counted += 1
    return Due(d, provisional)


def working_days_between(calendar: OfficialCalendar, start: date, end: date) -> int:
    """Working days in (start, end]: how many of a limit are used by the end of `end`."""
    count, d = 0, start
    while d < end:
        d += timedelta(days=1)
        if calendar.day(d).working:
            count += 1
    return count
