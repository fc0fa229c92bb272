"""How a limit becomes a due date: the centre's counting rules, pure and explained.

1. Working days from day A: due at the end of the N-th working day after A; A is not counted
   (001 §8, 民法典 §201) unless the centre's `countStartDay` policy counts it (000 §6).
2. Natural days: due on A + N; if that is not a working day, the next working day (民法典 §203).
3. A suspension started on S and ended on R removes the days after S up to and including R.
   Several add up. While one is open there is no due date.
4. An approved extension of E working days moves the due date to the E-th working day after it.
5. Months (民法典 §202): due on the same date N months later, or that month's last day when it
   has no such date; then as natural days (§203: a day off rolls to the next working day).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple
import calendar as gregorian
from datetime import date, timedelta

from services.kit.domain import InputError

from .domain import FIRST_YEAR, LAST_YEAR, DayKind, WorkingCalendar
from .statutory import ProvisionalDay

LIMIT_MAX = 3650
_ONE_DAY = timedelta(days=1)


class TimeUnit(enum.StrEnum):
    WORKING_DAYS = "working_days"
    NATURAL_DAYS = "natural_days"
    MONTHS = "months"  # event-driven clocks only (accountability appeals, 000 §16)


MONTHS_MAX = 120
SUSPENSIONS_MAX = 50
EXTENSIONS_MAX = 20


def add_months(day: date, months: int) -> date:
    """The same date `months` later, or the last day of that month (民法典 §202)."""
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return date(year, month, min(day.day, gregorian.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Suspension:
    suspended_on: date
    resumed_on: date | None = None


@dataclass(frozen=True)
class Limit:
    """Everything the due date depends on."""

    start: date
    days: int
    unit: TimeUnit = TimeUnit.WORKING_DAYS
    suspensions: tuple[Suspension, ...] = ()
    extensions: tuple[int, ...] = ()
    count_start_day: bool = False

    def validate(self) -> "Limit":
        if not FIRST_YEAR <= self.start.year <= LAST_YEAR - 20:
            raise InputError("acceptedOn", "OUT_OF_RANGE",
                             f"日期须在 {FIRST_YEAR} 至 {LAST_YEAR - 20} 年之间")
        if not 1 <= self.days <= LIMIT_MAX:
            raise InputError("limit", "OUT_OF_RANGE", f"时限须为 1 至 {LIMIT_MAX} 天")
        if self.unit is TimeUnit.MONTHS and self.days > MONTHS_MAX:
            raise InputError("limit", "OUT_OF_RANGE", f"时限须为 1 至 {MONTHS_MAX} 个月")
        if len(self.suspensions) > SUSPENSIONS_MAX:
            raise InputError("suspensions", "TOO_MANY", f"中止不超过 {SUSPENSIONS_MAX} 次")
        if len(self.extensions) > EXTENSIONS_MAX or any(e > LIMIT_MAX for e in self.extensions):
            raise InputError("extensionDays", "OUT_OF_RANGE",
                             f"延期不超过 {EXTENSIONS_MAX} 次，每次不超过 {LIMIT_MAX} 天")
        if any(not FIRST_YEAR <= d.year <= LAST_YEAR - 20 for s in self.suspensions
               for d in (s.suspended_on, s.resumed_on) if d is not None):
            raise InputError("suspensions", "OUT_OF_RANGE",
                             f"日期须在 {FIRST_YEAR} 至 {LAST_YEAR - 20} 年之间")
        previous_end = self.start
        for s in sorted(self.suspensions, key=lambda s: s.suspended_on):
            if s.suspended_on < previous_end:
                raise InputError("suspensions", "SUSPENSION_OVERLAPS",
                                 f"the suspension from {s.suspended_on} starts before "
                                 f"{previous_end}, the start or the end of another")
            if s.resumed_on is not None and s.resumed_on < s.suspended_on:
                raise InputError("suspensions", "END_BEFORE_START",
                                 f"resumed on {s.resumed_on}, before suspended on {s.suspended_on}")
            if s.resumed_on is None and s is not max(self.suspensions, key=lambda x: x.suspended_on):
                raise InputError("suspensions", "SUSPENSION_STILL_OPEN",
                                 "only the latest suspension can still be open")
            previous_end = s.resumed_on or s.suspended_on
        if any(e < 1 for e in self.extensions):
            raise InputError("extensionDays", "OUT_OF_RANGE", "an extension is at least one day")
        return self


class Due(NamedTuple):  # a tuple: built on every computation, cheaper than a dataclass
    due_date: date | None  # None while a suspension is open
    provisional: bool
    counted: int  # limit days counted so far (all of them once due_date is known)


def _ordered(suspensions: Sequence[Suspension]) -> list[Suspension]:
    return sorted(suspensions, key=lambda s: s.suspended_on)


def compute_due(calendar: WorkingCalendar, limit: Limit) -> Due:
    if limit.unit is TimeUnit.WORKING_DAYS and not (limit.suspensions or limit.extensions):
        # The common case, kept lean: recomputing every open clock runs through here.
        start = limit.start
        due = calendar.add_working_days(start - _ONE_DAY if limit.count_start_day else start,
                                        limit.days)
        if start.year == due.year:  # `provisional_between`, inlined for the common case
            return Due(due, start.year not in calendar.arrangements, limit.days)
        return Due(due, calendar.provisional_between(start, due), limit.days)
    if limit.unit is TimeUnit.MONTHS:
        limit = as_natural_days(limit)
    if limit.unit is TimeUnit.WORKING_DAYS:
        due, counted = _working(calendar, limit)
    else:
        due, counted = _natural(calendar, limit)
    if due is not None:
        for extra in limit.extensions:
            due = calendar.add_working_days(due, extra)
    last = due or max([limit.start, *[s.suspended_on for s in limit.suspensions]])
    return Due(due, calendar.provisional_between(limit.start, last), counted)


def as_natural_days(limit: Limit) -> Limit:
    """A limit in months is the natural days up to its corresponding date; the start day is
    never counted (the corresponding-date rule already places the end)."""
    days = (add_months(limit.start, limit.days) - limit.start).days
    return Limit(limit.start, days, TimeUnit.NATURAL_DAYS, limit.suspensions, limit.extensions)


def _working(calendar: WorkingCalendar, limit: Limit) -> tuple[date | None, int]:
    # Counting "after cursor": with countStartDay the start itself is the first candidate.
    cursor = limit.start - timedelta(days=1) if limit.count_start_day else limit.start
    remaining = limit.days
    for s in _ordered(limit.suspensions):
        before = calendar.working_days_between(cursor, s.suspended_on)
        if before >= remaining:
            break
        remaining -= before
        if s.resumed_on is None:
            return None, limit.days - remaining
        cursor = s.resumed_on
    return calendar.add_working_days(cursor, remaining), limit.days


def _natural(calendar: WorkingCalendar, limit: Limit) -> tuple[date | None, int]:
    first = limit.start if limit.count_start_day else limit.start + timedelta(days=1)
    due = first + timedelta(days=limit.days - 1)
    for s in _ordered(limit.suspensions):
        if s.suspended_on >= due:
            break
        if s.resumed_on is None:
            return None, (s.suspended_on - first).days + 1
        due += s.resumed_on - s.suspended_on
    return calendar.next_working_day(due), limit.days


# -- explanation ------------------------------------------------------------------------------
class Reason(enum.StrEnum):
    START = "start"
    COUNTED = "counted"
    COUNTED_ADJUSTED = "counted_adjusted_working_day"
    WEEKEND = "weekend"
    HOLIDAY = "holiday"
    CLOSURE = "closure"
    SUSPENDED = "suspended"
    EXTENDED = "extended"
    ROLLED_FORWARD = "rolled_forward"  # natural-day limit ending on a day off


@dataclass(frozen=True)
class ExplainedDay:
    day: date
    reason: Reason
    count: int | None  # the running count of limit days, where the day counts
    provisional: bool = False  # its year has no loaded arrangement
    holiday: ProvisionalDay | None = None  # why, where it is a computed or estimated holiday


def explain(calendar: WorkingCalendar, limit: Limit, due: Due) -> list[ExplainedDay]:
    """Day by day from the start to the due date (or to today's open suspension): why it did
    or did not count."""
    if limit.unit is TimeUnit.MONTHS:
        limit = as_natural_days(limit)
    if due.due_date is None:
        last = max(s.suspended_on for s in limit.suspensions)
    else:
        last = due.due_date
    suspended = [(s.suspended_on, s.resumed_on or last) for s in limit.suspensions]
    base_due = None
    if limit.extensions and due.due_date is not None:
        base_due = compute_due(calendar, Limit(limit.start, limit.days, limit.unit,
                                               limit.suspensions, (), limit.count_start_day)).due_date
    natural = limit.unit is TimeUnit.NATURAL_DAYS
    days, count = [], 0
    for day, kind in calendar.days(limit.start, last):
        explained = _explain_day(calendar, limit, day, kind, suspended, base_due, natural, count)
        count = explained.count or count
        if calendar.is_provisional(day.year):
            explained = replace(explained, provisional=True,
                                holiday=calendar.provisional_day(day))
        days.append(explained)
    return days


def _explain_day(calendar: WorkingCalendar, limit: Limit, day: date, kind: DayKind,
                 suspended: list, base_due: date | None, natural: bool,
                 count: int) -> ExplainedDay:
    """One day of `explain`; `count`: the limit days counted before it."""
    working = kind in (DayKind.WORKING, DayKind.ADJUSTED_WORKING)
    if day == limit.start and not (limit.count_start_day and (working or natural)):
        return ExplainedDay(day, Reason.START, None)
    if any(s < day <= r for s, r in suspended):
        return ExplainedDay(day, Reason.SUSPENDED, None)
    if base_due is not None and day > base_due:
        return ExplainedDay(day, Reason.EXTENDED if working else _off(kind), None)
    if natural:
        if count < limit.days:
            return ExplainedDay(day, Reason.COUNTED, count + 1)
        return ExplainedDay(day, Reason.ROLLED_FORWARD, None)
    if working:
        reason = Reason.COUNTED_ADJUSTED if kind is DayKind.ADJUSTED_WORKING else Reason.COUNTED
        return ExplainedDay(day, reason, count + 1)
    return ExplainedDay(day, _off(kind), None)


def _off(kind: DayKind) -> Reason:
    return {DayKind.WEEKEND: Reason.WEEKEND, DayKind.HOLIDAY: Reason.HOLIDAY,
            DayKind.CLOSURE: Reason.CLOSURE}[kind]
