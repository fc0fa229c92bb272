"""The State Council's arrangements as published in the `chinesecalendar` package: the seed
of the calendar stored in the service's database (administrators load later years)."""

import chinese_calendar

from .domain import YearArrangement

SOURCE = "国务院办公厅关于部分节假日安排的通知 (chinesecalendar {version})"


def covered_years() -> range:
    years = sorted({d.year for d in chinese_calendar.holidays})
    return range(years[0], years[-1] + 1)


def arrangement(year: int) -> YearArrangement:
    return YearArrangement(
        year=year,
        holidays=frozenset(d for d in chinese_calendar.holidays if d.year == year),
        working_days=frozenset(d for d in chinese_calendar.workdays if d.year == year),
        source_title=SOURCE.format(version=chinese_calendar.__version__),
        source_date=None,
    )


def arrangements() -> dict[int, YearArrangement]:
    return {y: arrangement(y) for y in covered_years()}

