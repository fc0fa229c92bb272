"""A year's arrangement from an iCalendar file (issue 14): the feeds' two ways of marking rest
and working days, several years in one file, and every refusal with its code."""

from datetime import date

import pytest

from services.deadlines.calendar.ics import parse_arrangement
from services.kit.domain import InputError


def feed(*events: str) -> str:
    body = "".join(f"BEGIN:VEVENT\r\nUID:{i}@feed\r\n{e}END:VEVENT\r\n"
                   for i, e in enumerate(events))
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//holiday feed//CN\r\n"
            f"{body}END:VCALENDAR\r\n")


def event(summary: str, start: str, end: str | None = None, extra: str = "") -> str:
    lines = f"SUMMARY:{summary}\r\nDTSTART;VALUE=DATE:{start}\r\n"
    if end:
        lines += f"DTEND;VALUE=DATE:{end}\r\n"
    return lines + extra


# 2026's arrangement as the State Council published it (国办发明电〔2025〕7号), in part, with an
# event of 2027 the same feed carries
FEED = feed(
    event("元旦 假期", "20260101", "20260104"),
    event("元旦 补班", "20260104", "20260105"),
    event("春节 假期", "20260215", "20260224"),
    event("春节 补班", "20260214", "20260215"),
    event("春节 补班", "20260228", "20260301"),
    event("国庆节（休）", "20261001", "20261008"),
    event("补班", "20260920", extra="X-APPLE-SPECIAL-DAY:ALTERNATE-WORKDAY\r\n"),
    event("中秋节", "20260925", extra="X-APPLE-SPECIAL-DAY:WORK-HOLIDAY\r\n"),
    event("元旦 假期", "20270101", "20270102"),
)


def test_a_feed_gives_the_year_asked_for():
    a = parse_arrangement(FEED, 2026, "国务院办公厅关于2026年部分节假日安排的通知", date(2025, 11, 4))
    assert date(2026, 2, 15) in a.holidays and date(2026, 2, 23) in a.holidays
    assert date(2026, 2, 24) not in a.holidays  # DTEND is exclusive
    assert date(2026, 9, 25) in a.holidays  # marked by X-APPLE-SPECIAL-DAY
    assert a.working_days == {date(2026, 1, 4), date(2026, 2, 14), date(2026, 2, 28),
                              date(2026, 9, 20)}
    assert len(a.holidays) == 3 + 9 + 7 + 1
    assert all(d.year == 2026 for d in a.holidays)  # the 2027 event is left to 2027
    assert parse_arrangement(FEED, 2027, "x", None).holidays == {date(2027, 1, 1)}


@pytest.mark.parametrize("ics, year, code", [
    ("not a calendar", 2026, "INVALID_ICS"),
    (FEED, 2030, "NO_DAYS_FOR_YEAR"),
    (FEED, 1900, "OUT_OF_RANGE"),
    (feed(event("元宵节", "20260303")), 2026, "UNCLASSIFIED_EVENT"),
    (feed(event("休息 补班", "20260303")), 2026, "UNCLASSIFIED_EVENT"),
    (feed(event("春节 假期", "20260215", extra="RRULE:FREQ=YEARLY\r\n")), 2026,
     "RECURRENCE_NOT_SUPPORTED"),
    (feed(event("春节 假期", "20260215", "20260115")), 2026, "INVALID_EVENT"),
    (feed(event("春节 假期", "20260101", "20260301")), 2026, "INVALID_EVENT"),
    (feed(event("假期", "20260215"), event("补班", "20260215")), 2026,
     "HOLIDAY_AND_WORKING_DAY"),
    ("x" * (512 * 1024 + 1), 2026, "TOO_LONG"),
    (feed(event("假期\u202e", "20260215")), 2026, "INVALID_CHARACTERS"),
])
def test_a_bad_feed_is_refused_with_a_code(ics, year, code):
    with pytest.raises(InputError) as refused:
        parse_arrangement(ics, year, "来源", None)
    assert refused.value.code == code
    assert len(str(refused.value.message)) < 200  # a short prefix of what was sent, at most


def test_the_source_title_is_checked_like_loadCalendarYear():
    with pytest.raises(InputError) as refused:
        parse_arrangement(FEED, 2026, "x" * 500, None)
    assert (refused.value.field, refused.value.code) == ("sourceTitle", "TOO_LONG")
