"""Working days on China's official calendar. Pure domain: the arrangements are data.

A working day is Monday to Friday unless it is a statutory holiday, plus the weekend days the
State Council's arrangement makes working days (调休), minus the centre's own closure days.
A year with no loaded arrangement is *provisional*: weekends, every statutory holiday the law
names (the lunar ones computed) and the make-up days (补假) it promises, estimated; adjusted
working days (调休) are not guessed (statutory.py). Each such day says why (`provisional_day`).

Every question is answered from two arrays built once per calendar version, so a due date is
two list look-ups, whatever the limit:
- `_count[i]`: working days from the first covered day up to and including day i;
- `_workdays[k]`: the ordinal of the (k+1)-th working day.
"""

from __future__ import annotations

import enum
from array import array
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from services.kit.domain import InputError
from services.kit.validation import SHORT_MAX, text

from .statutory import ProvisionalDay, provisional_days

FIRST_YEAR, LAST_YEAR = 2000, 2100
_BASE = date(FIRST_YEAR, 1, 1).toordinal()
_END = date(LAST_YEAR, 12, 31).toordinal()
_SPAN = _END - _BASE


class DayKind(enum.StrEnum):
    WORKING = "working"
    WEEKEND = "weekend"
    HOLIDAY = "holiday"
    ADJUSTED_WORKING = "adjusted_working"  # a weekend day made a working day (调休)
    CLOSURE = "closure"  # the centre's own closure day


@dataclass(frozen=True)
class YearArrangement:
    """One year's official arrangement: holidays and adjusted working days, with its source."""

    year: int
    holidays: frozenset[date]
    working_days: frozenset[date]
    source_title: str
    source_date: date | None = None

    def validate(self) -> None:
        if not FIRST_YEAR <= self.year <= LAST_YEAR:
            raise InputError("year", "OUT_OF_RANGE", f"年份须在 {FIRST_YEAR} 至 {LAST_YEAR} 之间")
        for name, days in (("holidays", self.holidays), ("workingDays", self.working_days)):
            outside = sorted(d for d in days if d.year != self.year)
            if outside:
                raise InputError(name, "DATE_OUTSIDE_YEAR",
                                 f"{outside[0].isoformat()} 不在 {self.year} 年内")
        both = sorted(self.holidays & self.working_days)
        if both:
            raise InputError("workingDays", "HOLIDAY_AND_WORKING_DAY",
                             f"{both[0].isoformat()} 不能既是节假日又是工作日")
        text("sourceTitle", self.source_title, SHORT_MAX)


CLOSURE_REASON_MAX = 200


@dataclass(frozen=True)
class ClosureDay:
    """A day the centre itself is closed (a move, a power cut...): no limit counts it."""

    day: date
    reason: str

    def validate(self, calendar: "WorkingCalendar") -> None:
        if not FIRST_YEAR <= self.day.year <= LAST_YEAR:
            raise InputError("date", "OUT_OF_RANGE", f"年份须在 {FIRST_YEAR} 至 {LAST_YEAR} 之间")
        text("reason", self.reason, CLOSURE_REASON_MAX)
        if len(self.reason) > CLOSURE_REASON_MAX:
            raise InputError("reason", "TOO_LONG", f"at most {CLOSURE_REASON_MAX} characters")
        kind = calendar.kind(self.day)
        if kind is DayKind.CLOSURE:
            raise InputError("date", "ALREADY_CLOSED", f"{self.day.isoformat()} is closed already")
        if not calendar.is_working(self.day):
            raise InputError("date", "NOT_A_WORKING_DAY",
                             f"{self.day.isoformat()} is a {kind.value} day already")


@dataclass
class WorkingCalendar:
    arrangements: Mapping[int, YearArrangement]
    closures: frozenset[date] = frozenset()
    _count: array = field(init=False, repr=False)
    _workdays: array = field(init=False, repr=False)
    _kinds: bytearray = field(init=False, repr=False)

    _KINDS = list(DayKind)

    def __post_init__(self) -> None:
        kinds = bytearray(_END - _BASE + 1)
        count = array("i", bytes(4 * len(kinds)))
        workdays = array("i")
        index = {k: i for i, k in enumerate(self._KINDS)}
        running = 0
        for i in range(len(kinds)):
            day = date.fromordinal(_BASE + i)
            kind = self._classify(day)
            kinds[i] = index[kind]
            if kind in (DayKind.WORKING, DayKind.ADJUSTED_WORKING):
                running += 1
                workdays.append(_BASE + i)
            count[i] = running
        self._kinds, self._count, self._workdays = kinds, count, workdays

    def _classify(self, day: date) -> DayKind:
        if day in self.closures:
            return DayKind.CLOSURE
        arrangement = self.arrangements.get(day.year)
        weekend = day.weekday() >= 5
        if arrangement is None:
            if day in provisional_days(day.year):
                return DayKind.HOLIDAY
            return DayKind.WEEKEND if weekend else DayKind.WORKING
        if day in arrangement.working_days:
            return DayKind.ADJUSTED_WORKING if weekend else DayKind.WORKING
        if day in arrangement.holidays:
            return DayKind.HOLIDAY
        return DayKind.WEEKEND if weekend else DayKind.WORKING

    # -- questions about days --------------------------------------------------------------
    @staticmethod
    def _index(day: date) -> int:
        i = day.toordinal() - _BASE
        if not 0 <= i <= _END - _BASE:
            raise InputError("date", "OUT_OF_RANGE",
                             f"{day.isoformat()} is outside {FIRST_YEAR}..{LAST_YEAR}")
        return i

    def kind(self, day: date) -> DayKind:
        return self._KINDS[self._kinds[self._index(day)]]

    def is_working(self, day: date) -> bool:
        return self.kind(day) in (DayKind.WORKING, DayKind.ADJUSTED_WORKING)

    def is_provisional(self, year: int) -> bool:
        return year not in self.arrangements

    def provisional_day(self, day: date) -> ProvisionalDay | None:
        """Why a holiday of a year with no loaded arrangement is one (statutory, or an
        estimated make-up day); None for other days and for loaded years."""
        if day.year in self.arrangements or day in self.closures:
            return None
        return provisional_days(day.year).get(day)

    def provisional_between(self, first: date, last: date) -> bool:
        if first.year == last.year:
            return first.year not in self.arrangements
        return any(y not in self.arrangements for y in range(first.year, last.year + 1))

    # -- counting --------------------------------------------------------------------------
    def add_working_days(self, start: date, days: int) -> date:
        """The end of the `days`-th working day after `start` (start itself not counted)."""
        i = start.toordinal() - _BASE  # `_index`, inlined: this is the hot path
        if not 0 <= i <= _SPAN:
            self._index(start)  # raises the coded error
        k = self._count[i] + days - 1
        if not 0 <= k < len(self._workdays):
            raise InputError("limit", "OUT_OF_RANGE", "the due date falls outside the calendar")
        return date.fromordinal(self._workdays[k])

    def working_days_before(self, day: date, days: int) -> date:
        """The working day `days` working days before `day` (a working day); `day` for 0."""
        k = self._count[self._index(day)] - 1 - days
        return date.fromordinal(self._workdays[max(k, 0)])

    def due_ordinal(self, start_ordinal: int, days: int) -> int:
        """`add_working_days` on ordinals, without validation: the hot path of bulk work."""
        return self._workdays[self._count[start_ordinal - _BASE] + days - 1]

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]; 0 when end <= start."""
        if end <= start:
            return 0
        return self._count[self._index(end)] - self._count[self._index(start)]

    def next_working_day(self, day: date) -> date:
        """`day` if it is a working day, else the first working day after it."""
        return self.add_working_days(day - timedelta(days=1), 1)

    def days(self, first: date, last: date) -> Iterable[tuple[date, DayKind]]:
        d = first
        while d <= last:
            yield d, self.kind(d)
            d += timedelta(days=1)
