"""GraphQL of the calendar and of deadline forecasts (part of the deadlines subgraph)."""

import asyncio
from datetime import date
from enum import Enum
from typing import Annotated

import strawberry
from strawberry.types import Info

from services.kit.auth import Role
from services.kit.graphql import InvalidInput, TimeUnit, invalid_input
from services.kit.domain import InputError
from services.kit.validation import items

from . import domain as calendar, handlers, ics, rules, statutory


DayKind = strawberry.enum(calendar.DayKind)  # the domain's, published as it is
ProvisionalReason = strawberry.enum(
    statutory.ProvisionalReason,
    description="Why a day of a year with no official arrangement yet is a holiday: a "
                "statutory holiday computed from the law, or its make-up day (补假), estimated.")
PROVISIONAL_NOTE = "预计，以国务院公布的放假安排为准"


@strawberry.interface(description="Where a day falls in a year with no official arrangement.")
class ProvisionalFields:
    provisional: bool = strawberry.field(
        description="Its year has no loaded arrangement: the day may still change.")
    provisional_reason: ProvisionalReason | None
    holiday_name: str | None = strawberry.field(
        description="The statutory holiday (春节…), or its estimated make-up day, computed.")


@strawberry.enum
class DayReason(Enum):
    START = "start"
    COUNTED = "counted"
    COUNTED_ADJUSTED_WORKING_DAY = "counted_adjusted_working_day"
    WEEKEND = "weekend"
    HOLIDAY = "holiday"
    CLOSURE = "closure"
    SUSPENDED = "suspended"
    EXTENDED = "extended"
    ROLLED_FORWARD = "rolled_forward"


@strawberry.input
class SuspensionInput:
    suspended_on: date
    resumed_on: date


@strawberry.type(description="Why one day did or did not count towards a limit.")
class ExplainedDay(ProvisionalFields):
    day: date
    reason: DayReason
    count: int | None = strawberry.field(description="The running count where the day counts.")


@strawberry.type
class DeadlineForecast:
    due_date: date
    provisional: bool = strawberry.field(
        description="The count reaches into a year whose official arrangement is not loaded.")
    provisional_note: str | None = strawberry.field(
        description="What to print beside a provisional date (预计，以国务院公布的放假安排为准).")
    explanation: list[ExplainedDay]


@strawberry.type
class CalendarDay(ProvisionalFields):
    date: date
    kind: DayKind
    working: bool


@strawberry.type(description="A year's arrangement of holidays and adjusted working days.")
class CalendarYear:
    year: int
    provisional: bool
    source_title: str | None
    source_date: date | None
    holidays: list[date]
    working_days: list[date] = strawberry.field(description="Weekend days made working days.")
    holiday_days: list[CalendarDay] = strawberry.field(
        description="Each holiday with why (in a provisional year: statutory or estimated 补假).")


@strawberry.input
class LoadCalendarYearInput:
    year: int
    holidays: list[date]
    working_days: list[date]
    source_title: str
    source_date: date | None = None


@strawberry.input(description="A year's arrangement as an iCalendar (.ics) file of a holiday "
                                  "feed: events marked 休/假 are holidays, 班 working days.")
class LoadCalendarYearFromIcsInput:
    year: int
    ics: str = strawberry.field(description="The file's text (at most 512 KB); other years' "
                                            "events in it are ignored.")
    source_title: str
    source_date: date | None = None


@strawberry.type
class CalendarYearLoaded:
    calendar_year: CalendarYear
    rescheduled_clocks: int


@strawberry.type(description="A day the centre itself is closed; no limit counts it.")
class ClosureDay:
    date: date
    reason: str


@strawberry.input
class ClosureDayInput:
    date: date
    reason: str


@strawberry.type
class ClosureDaysChanged:
    year: int
    closure_days: list[ClosureDay]
    rescheduled_clocks: int


ClosureDaysResult = Annotated[
    ClosureDaysChanged | InvalidInput, strawberry.union("ClosureDaysResult")
]


def closure_days(info: Info, year: int) -> list[ClosureDay]:
    reasons = info.context.deps.calendars.closure_reasons
    return [ClosureDay(date=d, reason=reasons[d]) for d in sorted(reasons) if d.year == year]


async def _change_closure(info: Info, day: date, reason: str, closed: bool) -> ClosureDaysResult:
    principal = info.context.require(Role.ADMIN)
    try:
        rescheduled = await handlers.change_closure_day(
            calendar.ClosureDay(day, reason), closed, info.context.deps, principal.subject)
    except InputError as exc:
        return invalid_input(exc)
    return ClosureDaysChanged(year=day.year, closure_days=closure_days(info, day.year),
                              rescheduled_clocks=rescheduled)


LoadCalendarYearResult = Annotated[
    CalendarYearLoaded | InvalidInput, strawberry.union("LoadCalendarYearResult")
]


def _why(holiday: statutory.ProvisionalDay | None) -> dict:
    if holiday is None:
        return {"provisional_reason": None, "holiday_name": None}
    return {"provisional_reason": holiday.reason, "holiday_name": holiday.label}


def explained(days: list[rules.ExplainedDay]) -> list[ExplainedDay]:
    return [ExplainedDay(day=d.day, reason=DayReason(d.reason.value), count=d.count,
                         provisional=d.provisional, **_why(d.holiday)) for d in days]


def calendar_day(cal: calendar.WorkingCalendar, day: date) -> CalendarDay:
    return CalendarDay(date=day, kind=cal.kind(day), working=cal.is_working(day),
                       provisional=cal.is_provisional(day.year), **_why(cal.provisional_day(day)))


def calendar_year(cal: calendar.WorkingCalendar, year: int) -> CalendarYear:
    arrangement = cal.arrangements.get(year)
    holidays = [d for d, k in cal.days(date(year, 1, 1), date(year, 12, 31))
                if k is calendar.DayKind.HOLIDAY]
    details = [calendar_day(cal, d) for d in holidays]
    if arrangement is None:
        return CalendarYear(year=year, provisional=True, source_title=None, source_date=None,
                            holidays=holidays, working_days=[], holiday_days=details)
    return CalendarYear(
        year=year, provisional=False, source_title=arrangement.source_title,
        source_date=arrangement.source_date, holidays=sorted(arrangement.holidays),
        working_days=sorted(arrangement.working_days), holiday_days=details,
    )


async def _load_year(info: Info, year: int, arrangement) -> LoadCalendarYearResult:
    """An admin's arrangement (`arrangement()`, validated as it is made) stored and used."""
    principal = info.context.require(Role.ADMIN)
    try:
        rescheduled = await handlers.load_calendar_year(
            await arrangement(), info.context.deps, principal.subject)
    except InputError as exc:
        return invalid_input(exc)
    current = info.context.deps.calendars.current
    return CalendarYearLoaded(calendar_year=calendar_year(current, year),
                              rescheduled_clocks=rescheduled)


@strawberry.type
class CalendarQuery:
    @strawberry.field(description="The promised date before submission. Public.")
    def deadline_forecast(
        self, info: Info, accepted_on: date, limit: int,
        unit: TimeUnit = TimeUnit.WORKING_DAYS,
        suspensions: list[SuspensionInput] = [],  # noqa: B006 (read, never mutated)
        extension_days: list[int] = [],  # noqa: B006
        count_start_day: bool = False,
    ) -> DeadlineForecast:
        info.context.viewer()
        cal = info.context.deps.calendars.current
        spec = rules.Limit(
            accepted_on, limit, rules.TimeUnit(unit.value),
            tuple(rules.Suspension(s.suspended_on, s.resumed_on) for s in suspensions),
            tuple(extension_days), count_start_day,
        ).validate()
        due = rules.compute_due(cal, spec)
        return DeadlineForecast(due_date=due.due_date, provisional=due.provisional,
                                provisional_note=PROVISIONAL_NOTE if due.provisional else None,
                                explanation=explained(rules.explain(cal, spec, due)))

    @strawberry.field(description="Whether a date is a working day, and why. Public.")
    def calendar_day(self, info: Info, date: date) -> CalendarDay:
        info.context.viewer()
        return calendar_day(info.context.deps.calendars.current, date)

    @strawberry.field(description="A year's holidays and adjusted working days. Public.")
    def calendar_year(self, info: Info, year: int) -> CalendarYear:
        info.context.viewer()
        if not calendar.FIRST_YEAR <= year <= calendar.LAST_YEAR:
            raise InputError("year", "OUT_OF_RANGE",
                             f"year must be {calendar.FIRST_YEAR}..{calendar.LAST_YEAR}")
        return calendar_year(info.context.deps.calendars.current, year)

    @strawberry.field(description="The centre's own closure days in a year. Public.")
    def closure_days(self, info: Info, year: int) -> list[ClosureDay]:
        info.context.viewer()
        return closure_days(info, year)


@strawberry.type
class CalendarMutation:
    @strawberry.mutation(description="Load (or replace) a year's official arrangement. Admin.")
    async def load_calendar_year(
        self, info: Info, input: LoadCalendarYearInput
    ) -> LoadCalendarYearResult:
        async def arrangement() -> calendar.YearArrangement:
            return calendar.YearArrangement(
                year=input.year, holidays=frozenset(items("holidays", input.holidays, 366)),
                working_days=frozenset(items("workingDays", input.working_days, 366)),
                source_title=input.source_title, source_date=input.source_date,
            )

        return await _load_year(info, input.year, arrangement)

    @strawberry.mutation(description="Load (or replace) a year's official arrangement from an "
                                      "iCalendar (.ics) file. Admin.")
    async def load_calendar_year_from_ics(
        self, info: Info, input: LoadCalendarYearFromIcsInput
    ) -> LoadCalendarYearResult:
        async def arrangement() -> calendar.YearArrangement:
            return await asyncio.to_thread(  # a large file parses in tenths of a second
                ics.parse_arrangement, input.ics, input.year, input.source_title,
                input.source_date)

        return await _load_year(info, input.year, arrangement)

    @strawberry.mutation(description="Close the centre on a working day (counted in no limit); "
                                      "open clocks are counted again. Admin.")
    async def add_closure_day(self, info: Info, input: ClosureDayInput) -> ClosureDaysResult:
        return await _change_closure(info, input.date, input.reason, True)

    @strawberry.mutation(description="Open the centre again on a closure day. Admin.")
    async def remove_closure_day(self, info: Info, date: date) -> ClosureDaysResult:
        return await _change_closure(info, date, "", False)
