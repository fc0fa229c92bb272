"""A year's official arrangement read from an iCalendar (.ics) file, the format the published
holiday feeds use. Pure: text in, `YearArrangement` out, or an `InputError` naming what is wrong.

A feed marks each event as a rest day or a working day in its summary ("春节 假期", "国庆节
（休）", "春节 补班", "上班") or with Apple's `X-APPLE-SPECIAL-DAY` (`WORK-HOLIDAY`,
`ALTERNATE-WORKDAY`). An event may span several days (`DTEND` is exclusive for all-day
events). A feed usually covers several years: only the days of the year asked for are taken.
An event that says neither is refused rather than guessed, and so is a recurring one.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from icalendar import Calendar

from services.kit.domain import InputError
from services.kit.validation import text

from .domain import FIRST_YEAR, LAST_YEAR, YearArrangement

ICS_MAX_CHARS = 512 * 1024  # a feed of twenty years is about 60 KB
EVENTS_MAX = 2000
EVENT_DAYS_MAX = 31  # no holiday or working-day event spans more
WORKING_WORDS, REST_WORDS = ("班",), ("休", "假")
APPLE_KINDS = {"WORK-HOLIDAY": False, "ALTERNATE-WORKDAY": True}  # -> is a working day


def _day(value, field_name: str, summary: str) -> date:
    day = getattr(value, "dt", None)
    if isinstance(day, datetime):
        day = day.date()
    if not isinstance(day, date):
        raise InputError("ics", "INVALID_EVENT", f"事件“{summary}”缺少有效的 {field_name}")
    return day


def _is_working(event, summary: str) -> bool:
    apple = str(event.get("X-APPLE-SPECIAL-DAY", "")).strip().upper()
    if apple in APPLE_KINDS:
        return APPLE_KINDS[apple]
    working = any(w in summary for w in WORKING_WORDS)
    rest = any(w in summary for w in REST_WORDS)
    if working == rest:
        raise InputError("ics", "UNCLASSIFIED_EVENT",
                         f"无法判断事件“{summary[:40]}”是放假还是上班（摘要应含“休”“假”或“班”）")
    return working


def parse_arrangement(ics: str, year: int, source_title: str,
                      source_date: date | None) -> YearArrangement:
    """The holidays and adjusted working days of `year` in the feed `ics`, validated."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InputError("year", "OUT_OF_RANGE", f"年份须在 {FIRST_YEAR} 至 {LAST_YEAR} 之间")
    if len(ics) > ICS_MAX_CHARS:
        raise InputError("ics", "TOO_LONG", f"ics 文件超过 {ICS_MAX_CHARS // 1024} KB")
    text("ics", ics, ICS_MAX_CHARS)  # characters a record may hold
    try:
        calendar = Calendar.from_ical(ics)
    except (ValueError, IndexError, KeyError) as exc:
        raise InputError("ics", "INVALID_ICS", "不是有效的 iCalendar 文件：" + str(exc)[:80]) from None
    events = calendar.walk("VEVENT")
    if len(events) > EVENTS_MAX:
        raise InputError("ics", "TOO_MANY", f"ics 事件不超过 {EVENTS_MAX} 个")
    holidays: set[date] = set()
    working: set[date] = set()
    for event in events:
        summary = str(event.get("SUMMARY", "")).strip()
        if event.get("RRULE") is not None:
            raise InputError("ics", "RECURRENCE_NOT_SUPPORTED",
                             f"事件“{summary[:40]}”是重复事件，放假安排须逐日列出")
        first = _day(event.get("DTSTART"), "DTSTART", summary[:40])
        end = event.get("DTEND")
        last = _day(end, "DTEND", summary[:40]) - timedelta(days=1) if end is not None else first
        if event.get("DURATION") is not None and end is None:
            last = first + event.get("DURATION").dt - timedelta(days=1)
        if not timedelta(0) <= last - first < timedelta(days=EVENT_DAYS_MAX):
            raise InputError("ics", "INVALID_EVENT",
                             f"事件“{summary[:40]}”的起止日期无效（至多 {EVENT_DAYS_MAX} 天）")
        if last.year < year or first.year > year:
            continue  # another year's arrangement in the same feed
        into = working if _is_working(event, summary) else holidays
        day = first
        while day <= last:
            if day.year == year:
                into.add(day)
            day += timedelta(days=1)
    if not holidays:
        raise InputError("ics", "NO_DAYS_FOR_YEAR", f"ics 文件中没有 {year} 年的放假安排")
    arrangement = YearArrangement(year=year, holidays=frozenset(holidays),
                                  working_days=frozenset(working), source_title=source_title,
                                  source_date=source_date)
    arrangement.validate()
    return arrangement
