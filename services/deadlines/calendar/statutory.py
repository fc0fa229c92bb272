"""The statutory holidays of a year with no loaded arrangement, as the law fixes them, and the
make-up days (补假) it promises, estimated. Pure domain.

全国年节及纪念日放假办法 (revised 2024, in force from 2025), §2: 元旦 1 day (1 January); 春节
4 days (农历除夕 and 正月初一 to 初三); 清明节 1 day (the 清明 solar term); 劳动节 2 days (1-2 May);
端午节 1 day (农历五月初五); 中秋节 1 day (农历八月十五); 国庆节 3 days (1-3 October). §6: a
holiday falling on a Saturday or Sunday is made up on a working day (补假).

The lunar dates and the solar term come from `lunar-python` (pinned; checked against the
loaded years and a second implementation in tests/unit/test_statutory_holidays.py). Which day
the State Council will choose for a make-up day, and which weekend days it will make working
days (调休), cannot be known: the first weekday after the holiday that is not a holiday itself
is taken as the make-up day (a day of a holiday that coincides with another holiday, as 中秋
with 国庆 in 2028, is made up the same way, as every arrangement since 2001 did), and no
adjusted working day is guessed.

Years before the 2025 revision are computed by the same rules: they are covered by loaded
arrangements from 2004 on, so only 2000-2003 (outside any case's life) would differ.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from lunar_python import Lunar, Solar


class ProvisionalReason(enum.StrEnum):
    STATUTORY_HOLIDAY = "statutory_holiday"  # a day the 办法 names, computed
    ESTIMATED_MAKEUP_DAY = "estimated_makeup_day"  # 补假, the day estimated


class Festival(enum.StrEnum):
    NEW_YEAR = "元旦"
    SPRING_FESTIVAL = "春节"
    QINGMING = "清明节"
    LABOUR_DAY = "劳动节"
    DRAGON_BOAT = "端午节"
    MID_AUTUMN = "中秋节"
    NATIONAL_DAY = "国庆节"


@dataclass(frozen=True)
class ProvisionalDay:
    """Why a day of a provisional year is a holiday."""
    reason: ProvisionalReason
    festival: Festival

    @property
    def label(self) -> str:
        if self.reason is ProvisionalReason.ESTIMATED_MAKEUP_DAY:
            return f"{self.festival.value}补假（预计）"
        return self.festival.value


def _solar(lunar: Lunar) -> date:
    s = lunar.getSolar()
    return date(s.getYear(), s.getMonth(), s.getDay())


def festivals(year: int) -> dict[Festival, tuple[date, ...]]:
    """The days of each statutory holiday of `year`, in the order of the calendar."""
    new_year_day = _solar(Lunar.fromYmd(year, 1, 1))  # 正月初一 always falls in `year`
    qingming = Solar.fromYmd(year, 4, 15).getLunar().getJieQiTable()["清明"]
    days = {
        Festival.NEW_YEAR: (date(year, 1, 1),),
        Festival.SPRING_FESTIVAL: tuple(new_year_day + timedelta(days=i) for i in range(-1, 3)),
        Festival.QINGMING: (date(qingming.getYear(), qingming.getMonth(), qingming.getDay()),),
        Festival.LABOUR_DAY: (date(year, 5, 1), date(year, 5, 2)),
        Festival.DRAGON_BOAT: (_solar(Lunar.fromYmd(year, 5, 5)),),
        Festival.MID_AUTUMN: (_solar(Lunar.fromYmd(year, 8, 15)),),
        Festival.NATIONAL_DAY: (date(year, 10, 1), date(year, 10, 2), date(year, 10, 3)),
    }
    return dict(sorted(days.items(), key=lambda kv: (kv[1][0], list(Festival).index(kv[0]))))


@lru_cache(maxsize=None)
def provisional_days(year: int) -> dict[date, ProvisionalDay]:
    """Every statutory holiday of `year` and its estimated make-up days (a cached, read-only
    answer: the law does not change while the process runs)."""
    by_festival = festivals(year)
    days: dict[date, ProvisionalDay] = {}
    owed: dict[Festival, int] = {}
    for festival, festival_days in by_festival.items():
        for day in festival_days:
            if day.weekday() >= 5 or day in days:
                owed[festival] = owed.get(festival, 0) + 1  # on a weekend, or on another holiday
            days.setdefault(day, ProvisionalDay(ProvisionalReason.STATUTORY_HOLIDAY, festival))
    for festival, count in owed.items():
        day = by_festival[festival][-1]
        while count:
            day += timedelta(days=1)
            if day.weekday() < 5 and day not in days:
                days[day] = ProvisionalDay(ProvisionalReason.ESTIMATED_MAKEUP_DAY, festival)
                count -= 1
    return days
