"""GraphQL of the clocks: extends the federated `Case` with its clock; every other limit's
clock by kind and subject; work lists."""

from datetime import date, datetime, timedelta

import strawberry
from strawberry.types import Info

from services.kit.auth import CENTRE_WIDE, STAFF, AuthError, department_scope
from services.kit.case_names import looks_like_number
from services.kit.clock import centre_date
from services.kit.domain import InputError
from services.kit.graphql import (
    Connection, Edge, PageInfo, decode_cursor, encode_cursor, page_size,
)

from . import domain
from ..calendar import rules
from ..agenda import handlers as worklists
from ..calendar.schema import ExplainedDay, explained


# The domain's enums, published as they are (names and values stay one definition).
ClockStatus = strawberry.enum(domain.ClockStatus)
Outcome = strawberry.enum(domain.Outcome)
ClockKind = strawberry.enum(
    domain.ClockKind, description="Which legal limit a clock times (its subject in brackets).")
LimitUnit = strawberry.enum(rules.TimeUnit, name="LimitUnit")
Card = strawberry.enum(domain.Card, description="预警: YELLOW near the due date, RED once past it.")


@strawberry.type
class ClockEvent:
    at: datetime
    what: str
    due_date: date | None


@strawberry.type(description="One legal time limit running for one subject: a case's committed "
                                "limit (限时办结), an inquiry's reply, a complaint's handling...")
class Clock:
    id: strawberry.ID
    kind: ClockKind
    subject_type: str = strawberry.field(
        description="case | inquiry | complaint | petition | sanction_decision | appeal")
    subject_id: strawberry.ID
    part: str | None = strawberry.field(
        description="The department asked (JOINT_OPINION), the step (HANDOVER_STEP).")
    department: str | None
    started_on: date = strawberry.field(description="Counting starts the day after this.")
    limit: int
    unit: LimitUnit
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


def to_graphql(clock: domain.Clock, info: Info) -> Clock:
    deps = info.context.deps
    today = centre_date(deps.time.now())
    return Clock(
        id=strawberry.ID(clock.clock_id), kind=clock.kind,
        subject_type=clock.kind.subject_type, subject_id=strawberry.ID(clock.subject_id),
        part=clock.part, department=clock.department or None, unit=rules.TimeUnit(clock.unit),
        started_on=clock.started_on, limit=clock.limit, due_date=clock.due_date,
        provisional=clock.provisional, status=clock.status, card=clock.card,
        outcome=clock.outcome,
        working_days_used=clock.working_days_used(deps.calendar, today),
        working_days_left=clock.working_days_left(deps.calendar, today),
        timeline=[ClockEvent(at=t.at, what=t.what, due_date=t.due_date) for t in clock.timeline],
        limit_spec=clock.limit_spec,
    )


@strawberry.federation.type(keys=["id"])
class Case:
    id: strawberry.ID

    @strawberry.field(description="The case's clock; null until the case is accepted.")
    async def clock(self, info: Info) -> Clock | None:
        return await _readable(info, self.id)

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> "Case":
        return cls(id=id)


async def _case_id(info: Info, ref: str) -> str:
    """A case named by the number printed on its notices (OW…) is looked up by its id."""
    if not looks_like_number(ref):
        return ref
    found = await info.context.deps.store.names.resolve(ref)
    return found.case_id if found else ref


async def _readable(info: Info, clock_id: str) -> Clock | None:
    """Staff of the clock's department, or centre-wide roles; a clock with no department
    (a complaint not yet assigned) only the latter. A joint case's limit clock also the
    departments asked for their opinion (they read the case: intake's cases/access.py)."""
    viewer = info.context.require(*STAFF)
    clock = await info.context.clocks.load(clock_id)
    if clock is None:
        return None
    if not (viewer.has_any(*CENTRE_WIDE) or (clock.department and
                                             viewer.department == clock.department)
            or await _asked_for_opinion(info, clock, viewer.department)):
        raise AuthError("FORBIDDEN", "该时限属于其他部门 (this clock belongs to another department)")
    return to_graphql(clock, info)


async def _asked_for_opinion(info: Info, clock, department: str | None) -> bool:
    """The viewer's department has an opinion clock on this joint case (one `_id` look-up,
    only when the department's own rule refused)."""
    if clock.kind is not domain.ClockKind.CASE_LIMIT or not department:
        return False
    opinion = domain.clock_id(clock.subject_id, domain.ClockKind.JOINT_OPINION, department)
    return await info.context.clocks.load(opinion) is not None


@strawberry.federation.type(keys=["id"])
class Inquiry:
    id: strawberry.ID

    @strawberry.field(description="The reply clock (1 working day, 004) of an inquiry not "
                                  "answered on the spot; null otherwise.")
    async def reply_clock(self, info: Info) -> Clock | None:
        return await _readable(info, domain.clock_id(str(self.id), domain.ClockKind.INQUIRY_REPLY))

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> "Inquiry":
        return cls(id=id)


def _list_department(info: Info, department: str | None) -> str | None:
    """Centre-wide roles choose (None: the whole centre); others see their own department."""
    return department_scope(info.context.require(*STAFF), department)


def _page(page: worklists.Page, node) -> Connection:
    edges = [Edge(cursor=encode_cursor(c), node=node(clock))
             for clock, c in zip(page.clocks, page.cursors, strict=True)]
    return Connection(edges=edges, page_info=PageInfo(
        has_next_page=page.has_next, end_cursor=edges[-1].cursor if edges else None))


def _case(clock: domain.Clock) -> Case:
    return Case(id=strawberry.ID(clock.subject_id))


async def _work_list(info: Info, kind: domain.ClockKind, overdue: bool, within_working_days: int,
                     department: str | None, first: int, after: str | None) -> worklists.Page:
    department = _list_department(info, department)
    if not 0 <= within_working_days <= 250:
        raise InputError("withinWorkingDays", "OUT_OF_RANGE", "0..250 working days")
    deps = info.context.deps
    today = centre_date(deps.time.now())
    if overdue:
        first_day = await worklists.overdue_first_day(deps.agenda, today)
        last_day = today - timedelta(days=1)
    else:
        first_day = today
        last_day = deps.calendar.add_working_days(today, within_working_days) \
            if within_working_days else today
    return await worklists.read_due(deps.agenda, info.context.clocks.load, first_day, last_day,
                                    department, kind, page_size(first), _after(after))


def _after(after: str | None):
    raw = decode_cursor(after)
    try:
        return worklists.parse_cursor(raw)
    except ValueError:
        raise InputError("after", "INVALID_CURSOR", "the cursor is not one this API issued")


@strawberry.type
class ClockQuery:
    @strawberry.field(description="A case's clock by its id or printed number (staff).")
    async def case_clock(self, info: Info, case_id: strawberry.ID) -> Clock | None:
        info.context.require(*STAFF)
        return await Case(id=strawberry.ID(await _case_id(info, case_id))).clock(info)

    @strawberry.field(description="Any clock by its kind and subject (a case by its id or "
                                  "printed number; part: the department asked for a joint "
                                  "opinion, the hand-over step). Staff.")
    async def clock(self, info: Info, kind: ClockKind, subject_id: strawberry.ID,
                    part: str | None = None) -> Clock | None:
        info.context.require(*STAFF)
        key = domain.clock_id(await _case_id(info, str(subject_id)), kind, part or None)
        return await _readable(info, key)

    @strawberry.field(description="Open cases due within N working days (0: today), soonest "
                                  "first. Yellow cards are the first `yellowAt` days of this.")
    async def clocks_due_soon(
        self, info: Info, within_working_days: int, department: str | None = None,
        first: int = 20, after: str | None = None,
    ) -> Connection[Case]:
        page = await _work_list(info, domain.ClockKind.CASE_LIMIT, False, within_working_days,
                                department, first, after)
        return _page(page, _case)

    @strawberry.field(description="Open cases past their due date (red cards), oldest first.")
    async def overdue_clocks(
        self, info: Info, department: str | None = None, first: int = 20,
        after: str | None = None,
    ) -> Connection[Case]:
        page = await _work_list(info, domain.ClockKind.CASE_LIMIT, True, 0, department, first,
                                after)
        return _page(page, _case)

    @strawberry.field(description="Open clocks of one kind: due within N working days "
                                  "(0: today), or with `overdue` those past their due date.")
    async def clock_work_list(
        self, info: Info, kind: ClockKind, overdue: bool = False, within_working_days: int = 0,
        department: str | None = None, first: int = 20, after: str | None = None,
    ) -> Connection[Clock]:
        page = await _work_list(info, kind, overdue,
                                within_working_days, department, first, after)
        return _page(page, lambda clock: to_graphql(clock, info))
