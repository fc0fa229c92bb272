"""The deadlines subgraph: extends the federated `Case` with its clock."""

from datetime import date, datetime, timedelta
from enum import Enum

import strawberry
from strawberry.types import Info

from services.kit.auth import AuthError, Role
from services.kit.clock import centre_date
from services.kit.graphql import (
    Connection, Edge, InputError, PageInfo, Schema, decode_cursor, encode_cursor, page_size,
)

from . import domain, rules, worklists
from .calendar_schema import CalendarMutation, CalendarQuery, ExplainedDay, explained
from .statistics_schema import StatisticsQuery

STAFF = (Role.ADMIN, Role.WINDOW_STAFF, Role.CHIEF_APPROVER, Role.DEPARTMENT_HEAD,
         Role.SUPERVISOR, Role.EFFICIENCY_OFFICER)
CENTRE_WIDE = (Role.ADMIN, Role.SUPERVISOR, Role.EFFICIENCY_OFFICER)


@strawberry.enum
class ClockStatus(Enum):
    RUNNING = "running"
    SUSPENDED = "suspended"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


@strawberry.enum
class Outcome(Enum):
    EARLY = "early"
    ON_TIME = "on_time"
    LATE = "late"
    ON_TIME_APPLICANT_DELAY = "on_time_applicant_delay"


@strawberry.enum(description="预警: YELLOW near the due date, RED once past it.")
class Card(Enum):
    NONE = "none"
    YELLOW = "yellow"
    RED = "red"


@strawberry.type
class ClockEvent:
    at: datetime
    what: str
    due_date: date | None


@strawberry.type(description="限时办结: the running limit of a case.")
class CaseClock:
    started_on: date = strawberry.field(description="Counting starts the day after this.")
    limit: int
    due_date: date | None = strawberry.field(description="Null while suspended.")
    provisional: bool = strawberry.field(
        description="True when the due date relies on a year with no official arrangement yet."
    )
    status: ClockStatus
    card: Card
    outcome: Outcome | None
    working_days_used: int
    working_days_left: int | None = strawberry.field(
        description="Negative once overdue; null while suspended.")
    timeline: list[ClockEvent]
    limit_spec: strawberry.Private[rules.Limit]

    @strawberry.field(description="Day by day from acceptance to the due date: what counted "
                                  "and why. Computed only when asked for.")
    def explanation(self, info: Info) -> list[ExplainedDay]:
        calendar = info.context.deps.calendar
        due = rules.compute_due(calendar, self.limit_spec)
        return explained(rules.explain(calendar, self.limit_spec, due))


def to_graphql(clock: domain.Clock, info: Info) -> CaseClock:
    deps = info.context.deps
    today = centre_date(deps.time.now())
    return CaseClock(
        started_on=clock.started_on, limit=clock.limit, due_date=clock.due_date,
        provisional=clock.provisional, status=ClockStatus(clock.status.value),
        card=Card(clock.card.value),
        outcome=Outcome(clock.outcome.value) if clock.outcome else None,
        working_days_used=clock.working_days_used(deps.calendar, today),
        working_days_left=clock.working_days_left(deps.calendar, today),
        timeline=[ClockEvent(at=t.at, what=t.what, due_date=t.due_date) for t in clock.timeline],
        limit_spec=clock.limit_spec,
    )


@strawberry.federation.type(keys=["id"])
class Case:
    id: strawberry.ID

    @strawberry.field(description="The case's clock; null until the case is accepted.")
    async def clock(self, info: Info) -> CaseClock | None:
        viewer = info.context.require(*STAFF)
        clock = await info.context.clocks.load(self.id)
        if clock is None:
            return None
        if not (viewer.has_any(*CENTRE_WIDE) or viewer.department == clock.department):
            raise AuthError("FORBIDDEN", "this case belongs to another department")
        return to_graphql(clock, info)

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> "Case":
        return cls(id=id)


def _list_department(info: Info, department: str | None) -> str | None:
    """Centre-wide roles choose (None: the whole centre); others see their own department."""
    viewer = info.context.require(*STAFF)
    return department if viewer.has_any(*CENTRE_WIDE) else viewer.department


def _page(page: worklists.Page) -> Connection[Case]:
    edges = [Edge(cursor=encode_cursor(c), node=Case(id=strawberry.ID(clock.case_id)))
             for clock, c in zip(page.clocks, page.cursors, strict=True)]
    return Connection(edges=edges, page_info=PageInfo(
        has_next_page=page.has_next, end_cursor=edges[-1].cursor if edges else None))


def _after(after: str | None):
    raw = decode_cursor(after)
    try:
        return worklists.parse_cursor(raw)
    except ValueError:
        raise InputError("after", "INVALID_CURSOR", "the cursor is not one this API issued")


@strawberry.type
class Query(CalendarQuery, StatisticsQuery):
    @strawberry.field(description="A case's clock by case id (staff).")
    async def case_clock(self, info: Info, case_id: strawberry.ID) -> CaseClock | None:
        return await Case(id=case_id).clock(info)

    @strawberry.field(description="Open cases due within N working days (0: today), soonest "
                                  "first. Yellow cards are the first `yellowAt` days of this.")
    async def clocks_due_soon(
        self, info: Info, within_working_days: int, department: str | None = None,
        first: int = 20, after: str | None = None,
    ) -> Connection[Case]:
        department = _list_department(info, department)
        if not 0 <= within_working_days <= 250:
            raise InputError("withinWorkingDays", "OUT_OF_RANGE", "0..250 working days")
        deps = info.context.deps
        today = centre_date(deps.time.now())
        last = deps.calendar.add_working_days(today, within_working_days) \
            if within_working_days else today
        page = await worklists.read_due(deps.agenda, info.context.clocks.load, today, last,
                                        department, page_size(first), _after(after))
        return _page(page)

    @strawberry.field(description="Open cases past their due date (red cards), oldest first.")
    async def overdue_clocks(
        self, info: Info, department: str | None = None, first: int = 20,
        after: str | None = None,
    ) -> Connection[Case]:
        department = _list_department(info, department)
        deps = info.context.deps
        today = centre_date(deps.time.now())
        first_day = await worklists.overdue_first_day(deps.agenda, today)
        page = await worklists.read_due(deps.agenda, info.context.clocks.load, first_day,
                                        today - timedelta(days=1), department,
                                        page_size(first), _after(after))
        return _page(page)


@strawberry.type
class Mutation(CalendarMutation):
    pass


schema = Schema(query=Query, mutation=Mutation, types=[Case])
