"""GraphQL for the duty rosters (值班表) and the centre's duty director (值班主任)."""

from datetime import date, datetime
from enum import Enum
from typing import Annotated

import strawberry
from strawberry.types import Info

from services.kit.auth import STAFF, Role
from services.kit.graphql import InvalidInput, NotFound, outcome

from ..results import ConcurrentEdit
from . import commands, domain, handlers

DayPart = strawberry.enum(Enum("DayPart", {m.name: m.value for m in domain.DayPart}),
                          description="上午 / 午休第一组 / 午休第二组 / 下午 (003 延时服务制: two "
                                      "lunch-time groups take their meal in turn)")


@strawberry.type(description="Who is on duty at a window in a day part.")
class Duty:
    window: str
    part: DayPart
    part_name: str
    staff_ids: list[str]


@strawberry.type(description="A department's duty roster of a day.")
class DutyRoster:
    id: strawberry.ID
    department: str
    on: date
    duties: list[Duty]
    set_by: str | None
    set_at: datetime | None

    @classmethod
    def of(cls, r: domain.DutyRoster) -> "DutyRoster":
        return cls(id=strawberry.ID(r.id), department=r.department, on=r.on,
                   duties=[Duty(window=d.window, part=DayPart(d.part.value),
                                part_name=domain.PART_NAMES[d.part], staff_ids=list(d.staff_ids))
                           for d in r.duties], set_by=r.set_by, set_at=r.set_at)


@strawberry.type(description="The centre's duty director (值班主任) of a day.")
class DutyDirector:
    on: date
    staff_id: str
    named_by: str


@strawberry.type(description="A roster refused by the lunch-time duty rule (003 延时服务制: "
                             "LUNCH_DUTY_GAP, LUNCH_GROUPS_OVERLAP).")
class RosterRefused:
    code: str
    message: str


@strawberry.type
class DutyRosterSaved:
    roster: DutyRoster


@strawberry.type
class DutyDirectorSaved:
    director: DutyDirector


DutyRosterOutcome = Annotated[DutyRosterSaved | InvalidInput | NotFound | RosterRefused
                              | ConcurrentEdit, strawberry.union("DutyRosterOutcome")]
DutyDirectorOutcome = Annotated[DutyDirectorSaved | InvalidInput | NotFound | RosterRefused
                                | ConcurrentEdit, strawberry.union("DutyDirectorOutcome")]


@strawberry.input
class DutyInput:
    window: str
    part: DayPart
    staff_ids: list[str]


@strawberry.input
class SetDutyRosterInput:
    department: str
    on: date
    duties: list[DutyInput]


@strawberry.type
class RosterQuery:
    @strawberry.field(description="A department's duty rosters of a period (at most 62 days): "
                                  "its own staff and the centre's office read them.")
    async def duty_rosters(self, info: Info, department: str,
                           from_: Annotated[date, strawberry.argument(name="from")],
                           to: date) -> list[DutyRoster]:
        viewer = info.context.require(*STAFF)
        handlers.reads_rosters_of(viewer, department)
        handlers.check_range(from_, to)
        found = await info.context.deps.store.rosters_between(department, from_, to)
        return [DutyRoster.of(r) for r in found if r.set_at is not None]

    @strawberry.field(description="The centre's duty directors of a period.")
    async def duty_directors(self, info: Info,
                             from_: Annotated[date, strawberry.argument(name="from")],
                             to: date) -> list[DutyDirector]:
        info.context.require(*STAFF)
        handlers.check_range(from_, to)
        return [DutyDirector(on=d.on, staff_id=d.staff_id, named_by=d.named_by)
                for d in await info.context.deps.store.directors_between(from_, to)]


@strawberry.type
class RosterMutation:
    @strawberry.mutation(description="Set a department's duty roster of a day (it replaces the "
                                     "day's earlier one). A working day Monday to Friday needs "
                                     "someone at each window in each lunch-time group, nobody "
                                     "in both (003 延时服务制).")
    async def set_duty_roster(self, info: Info, input: SetDutyRosterInput) -> DutyRosterOutcome:
        principal = info.context.require(Role.ADMIN, Role.DEPARTMENT_HEAD)
        cmd = commands.SetDutyRoster(input.department, input.on, [
            commands.DutyInput(d.window, d.part.value, list(d.staff_ids)) for d in input.duties])
        return await outcome(handlers.set_duty_roster(cmd, info.context.deps, principal),
                             lambda r: DutyRosterSaved(roster=DutyRoster.of(r)),
                             RosterRefused, ConcurrentEdit)

    @strawberry.mutation(description="Name the centre's duty director of a day (值班主任).")
    async def name_duty_director(self, info: Info, on: date,
                                 staff_id: str) -> DutyDirectorOutcome:
        principal = info.context.require(Role.ADMIN, Role.SUPERVISOR)
        return await outcome(
            handlers.name_duty_director(commands.NameDutyDirector(on, staff_id),
                                        info.context.deps, principal),
            lambda d: DutyDirectorSaved(director=DutyDirector(on=d.on, staff_id=d.staff_id,
                                                              named_by=d.named_by)),
            RosterRefused, ConcurrentEdit)
