"""GraphQL for the staff directory: departments, windows, chief approvers, staff, A/B posts."""

from datetime import date
from enum import Enum
from typing import Annotated

import strawberry
from strawberry.types import Info

from services.kit.auth import Role
from services.kit.clock import centre_date
from services.kit.graphql import (
    Connection, InvalidInput, NotFound, connection, decode_cursor, page_size,
)

from services.kit.auth import STAFF

from ..results import ConcurrentEdit, outcome
from . import commands, referrals
from . import domain as directory
from . import handlers as directory_handlers

Position = strawberry.enum(
    Enum("Position", {m.name: m.value for m in directory.Position}),
    description="工作人员 / 科室负责人 / 分管领导 / 主要领导: the review and escalation ladder")
AbsenceReason = strawberry.enum(
    Enum("AbsenceReason", {m.name: m.value for m in directory.AbsenceReason}),
    description="事假/病假等 (leave), 培训 (training), 会议 (meeting)")
ReferralKind = strawberry.enum(
    Enum("ReferralKind", {m.name: m.value for m in referrals.ReferralKind}))


@strawberry.type
class Window:
    code: str
    name: str


@strawberry.type(description="首席审批员 appointment with its delegated authority.")
class ChiefApproverAppointment:
    staff_id: str
    term_start: date
    term_end: date
    authority: str
    decision_items: list[str] = strawberry.field(
        description="Items whose decision (批准) the appointment delegates.")


@strawberry.federation.type(keys=["id"])
class Department:
    id: strawberry.ID
    name: str
    windows: list[Window]
    chief_approvers: list[ChiefApproverAppointment]
    _department: strawberry.Private[directory.Department]

    @strawberry.field(description="Chief approvers in office today.")
    def chief_approvers_today(self, info: Info) -> list[str]:
        return self._department.chief_approvers_on(centre_date(info.context.deps.clock.now()))

    @classmethod
    def from_domain(cls, d: directory.Department) -> "Department":
        return cls(id=strawberry.ID(d.id), name=d.name,
                   windows=[Window(code=w.code, name=w.name) for w in d.windows],
                   chief_approvers=[ChiefApproverAppointment(
                       staff_id=a.staff_id, term_start=a.term_start, term_end=a.term_end,
                       authority=a.authority, decision_items=list(a.decision_items))
                       for a in d.chief_approvers],
                   _department=d)

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> "Department | None":
        return await readable_department(info, id)


async def readable_department(info: Info, id: str) -> Department | None:
    """One rule for the query and for `_entities`: staff read department details."""
    info.context.require(*STAFF)
    found = await info.context.deps.store.departments.get(id)
    return Department.from_domain(found) if found else None


@strawberry.type(description="A recorded absence: the hand-over of A's post to B.")
class Absence:
    reason: AbsenceReason
    from_on: date
    until_on: date
    backup_id: str
    recorded_by: str
    ended_on: date | None


@strawberry.type
class StaffMember:
    id: strawberry.ID
    name: str
    department: str
    rank_title: str
    rank_level: int
    position: Position
    roles: list[str]
    items: list[str]
    window: str | None
    backup_id: str | None
    absences: list[Absence]
    absent_today: bool

    @classmethod
    def from_domain(cls, m: directory.StaffMember, today: date) -> "StaffMember":
        return cls(
            id=strawberry.ID(m.id), name=m.name, department=m.department,
            rank_title=m.rank_title, rank_level=m.rank_level,
            position=Position(m.position.value), roles=list(m.roles),
            items=list(m.items), window=m.window, backup_id=m.backup_id,
            absences=[Absence(reason=AbsenceReason(a.reason.value), from_on=a.from_on,
                              until_on=a.until_on, backup_id=a.backup_id,
                              recorded_by=a.recorded_by, ended_on=a.ended_on)
                      for a in m.absences],
            absent_today=m.absence_on(today) is not None)


@strawberry.input
class WindowInput:
    code: str
    name: str


@strawberry.input
class DefineDepartmentInput:
    code: str
    name: str
    windows: list[WindowInput] = strawberry.field(default_factory=list)


@strawberry.input
class AppointChiefApproverInput:
    department: str
    staff_id: str
    term_start: date
    term_end: date = strawberry.field(description="At least one year after the start (000).")
    authority: str = strawberry.field(description="The delegated decision authority.")
    decision_items: list[str] = strawberry.field(
        default_factory=list, description="Item codes whose decision (批准) is delegated.")


@strawberry.input
class RegisterStaffInput:
    staff_id: str = strawberry.field(description="The subject of the member's bearer token.")
    name: str
    department: str
    rank_title: str
    rank_level: int = strawberry.field(description="Higher is more senior (首问 owner).")
    roles: list[str] = strawberry.field(default_factory=list)
    items: list[str] = strawberry.field(default_factory=list,
                                        description="Item codes handled; empty: all")
    window: str | None = None
    backup_id: str | None = strawberry.field(default=None, description="The B of this A/B post.")
    position: Position = Position.STAFF  # type: ignore[attr-defined]


@strawberry.input
class RecordAbsenceInput:
    staff_id: str
    reason: AbsenceReason
    from_on: date
    until_on: date


@strawberry.type
class DepartmentSaved:
    department: Department


@strawberry.type
class StaffMemberSaved:
    staff_member: StaffMember


DepartmentResult = Annotated[DepartmentSaved | InvalidInput | NotFound | ConcurrentEdit,
                             strawberry.union("DepartmentResult")]
StaffMemberResult = Annotated[StaffMemberSaved | InvalidInput | NotFound | ConcurrentEdit,
                              strawberry.union("StaffMemberResult")]


async def _run(call, wrap):
    return await outcome(call, wrap)


@strawberry.type(description="A department's code and name, as the public sees them.")
class DepartmentName:
    id: strawberry.ID
    name: str


@strawberry.type
class DirectoryQuery:
    @strawberry.field(description="Every department's code and name, by code. Public.")
    async def departments(self, info: Info) -> list[DepartmentName]:
        info.context.viewer()
        return [DepartmentName(id=strawberry.ID(d.id), name=d.name)
                for d in await info.context.deps.store.all_departments()]

    @strawberry.field
    async def department(self, info: Info, id: strawberry.ID) -> Department | None:
        return await readable_department(info, id)

    @strawberry.field
    async def staff_member(self, info: Info, id: strawberry.ID) -> StaffMember | None:
        info.context.require(*STAFF)
        found = await info.context.deps.store.staff.get(id)
        today = centre_date(info.context.deps.clock.now())
        return StaffMember.from_domain(found, today) if found else None

    @strawberry.field(description="A department's staff, by id.")
    async def staff(self, info: Info, department: str, first: int = 50,
                    after: str | None = None) -> Connection[StaffMember]:
        return await _staff_of(info, department, first, after)

    @strawberry.field(description="The centre's own staff (its director, deputy directors and "
                      "offices), by id: the day's duty director and a week's inspection leader "
                      "are chosen from them.")
    async def centre_staff(self, info: Info, first: int = 50,
                           after: str | None = None) -> Connection[StaffMember]:
        return await _staff_of(info, info.context.deps.hall.centre_department, first, after)


async def _staff_of(info: Info, department: str, first: int,
                    after: str | None) -> Connection[StaffMember]:
    info.context.require(*STAFF)
    size = page_size(first)
    found = await info.context.deps.store.staff_in(department, decode_cursor(after), size + 1)
    today = centre_date(info.context.deps.clock.now())
    return connection([StaffMember.from_domain(m, today) for m in found],
                      [m.id for m in found], size)


def _today(info: Info) -> date:
    return centre_date(info.context.deps.clock.now())


@strawberry.type
class DirectoryMutation:
    @strawberry.mutation(description="Create or rename a department and set its windows.")
    async def define_department(self, info: Info, input: DefineDepartmentInput) -> DepartmentResult:
        principal = info.context.require(Role.ADMIN)
        cmd = commands.DefineDepartment(input.code, input.name,
                                        [commands.WindowDetails(w.code, w.name)
                                         for w in input.windows])
        return await _run(directory_handlers.define_department(cmd, info.context.deps, principal),
                          lambda d: DepartmentSaved(department=Department.from_domain(d)))

    @strawberry.mutation
    async def appoint_chief_approver(self, info: Info,
                                     input: AppointChiefApproverInput) -> DepartmentResult:
        principal = info.context.require(Role.ADMIN)
        cmd = commands.AppointChiefApprover(input.department, input.staff_id, input.term_start,
                                            input.term_end, input.authority,
                                            list(input.decision_items))
        return await _run(
            directory_handlers.appoint_chief_approver(cmd, info.context.deps, principal),
            lambda d: DepartmentSaved(department=Department.from_domain(d)))

    @strawberry.mutation(description="Register or update a staff member.")
    async def register_staff(self, info: Info, input: RegisterStaffInput) -> StaffMemberResult:
        principal = info.context.require(Role.ADMIN)
        cmd = commands.RegisterStaff(input.staff_id, input.name, input.department,
                                     input.rank_title, input.rank_level, list(input.roles),
                                     list(input.items), input.window, input.backup_id,
                                     input.position.value)
        return await _run(
            directory_handlers.register_staff(cmd, info.context.deps, principal),
            lambda m: StaffMemberSaved(staff_member=StaffMember.from_domain(m, _today(info))))

    @strawberry.mutation(description="A is away: work addressed to A goes to A's backup B.")
    async def record_absence(self, info: Info, input: RecordAbsenceInput) -> StaffMemberResult:
        principal = info.context.require(Role.ADMIN, Role.DEPARTMENT_HEAD)
        cmd = commands.RecordAbsence(input.staff_id, input.reason.value, input.from_on,
                                     input.until_on)
        return await _run(
            directory_handlers.record_absence(cmd, info.context.deps, principal),
            lambda m: StaffMemberSaved(staff_member=StaffMember.from_domain(m, _today(info))))

    @strawberry.mutation(description="A is back before the recorded end of the absence.")
    async def end_absence(self, info: Info, staff_id: str) -> StaffMemberResult:
        principal = info.context.require(Role.ADMIN, Role.DEPARTMENT_HEAD)
        return await _run(
            directory_handlers.end_absence(commands.EndAbsence(staff_id), info.context.deps,
                                           principal),
            lambda m: StaffMemberSaved(staff_member=StaffMember.from_domain(m, _today(info))))


@strawberry.type(description="Where the visitor or the matter was sent.")
class Referral:
    kind: ReferralKind
    target: str | None
    where: str | None
    on_behalf_of: str | None = strawberry.field(
        description="Referred to an absent staff member: `target` is their backup (A/B post).")
    target_name: str | None = strawberry.field(
        description="The target's name in the directory, as notices print it")

    @classmethod
    def of(cls, r: referrals.Referral | None) -> "Referral | None":
        return cls(kind=ReferralKind(r.kind.value), target=r.target, where=r.where,
                   on_behalf_of=r.on_behalf_of, target_name=r.target_name) if r else None


@strawberry.input
class ReferralInput:
    kind: ReferralKind
    target: str | None = strawberry.field(default=None,
                                          description="Staff id, window or department code")
    where: str | None = strawberry.field(default=None, description="Outside the centre: where")

    def to_command(self) -> commands.Referral:
        return commands.Referral(self.kind.value, self.target, self.where)
