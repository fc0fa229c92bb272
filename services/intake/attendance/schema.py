"""GraphQL for attendance and leave (考勤制度, 001): leave requests and their decision by the
level the rule names, the end of leave (销假), sign-ins, a department's month and its
publication (每月公布)."""

from datetime import date, datetime
from enum import Enum
from typing import Annotated

import strawberry
from strawberry.types import Info

from services.kit.auth import CENTRE_WIDE, STAFF, Role
from services.kit.clock import CENTRE_TZ
from services.kit.graphql import InvalidInput, NotFound, outcome

from ..results import ConcurrentEdit
from ..rosters.handlers import check_range
from . import commands, domain, handlers

LeaveKind = strawberry.enum(Enum("LeaveKind", {m.name: m.value for m in domain.LeaveKind}),
                            description="因公外出 / 请假")
ApproverLevel = strawberry.enum(Enum("ApproverLevel",
                                     {m.name: m.value for m in domain.ApproverLevel}),
                                description="视窗负责人 / 中心值班主任 / 中心主任 (001 考勤制度 (二))")
LeaveStatus = strawberry.enum(Enum("LeaveStatus", {m.name: m.value for m in domain.LeaveStatus}))


@strawberry.type(description="请假单: a member's leave, approved by the level the rule names.")
class LeaveRequest:
    id: strawberry.ID
    staff_id: str
    department: str
    window: str | None
    kind: LeaveKind
    from_on: date
    until_on: date
    days: int
    reason: str
    cover_id: str = strawberry.field(description="Who acts meanwhile: the B post, or the "
                                                 "stand-in the member unit arranged")
    approver_level: ApproverLevel
    approver_level_name: str
    status: LeaveStatus
    requested_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    remarks: str | None
    ended_on: date | None

    @classmethod
    def of(cls, r: domain.LeaveRequest) -> "LeaveRequest":
        return cls(id=strawberry.ID(r.id), staff_id=r.staff_id, department=r.department,
                   window=r.window, kind=LeaveKind(r.kind.value), from_on=r.from_on,
                   until_on=r.until_on, days=r.days, reason=r.reason, cover_id=r.cover_id,
                   approver_level=ApproverLevel(r.level.value),
                   approver_level_name=domain.LEVEL_NAMES[r.level],
                   status=LeaveStatus(r.status.value), requested_at=r.requested_at,
                   decided_by=r.decided_by, decided_at=r.decided_at, remarks=r.remarks,
                   ended_on=r.ended_on)


@strawberry.type(description="A member's signed halves of a day.")
class AttendanceDay:
    staff_id: str
    on: date
    morning: datetime | None
    afternoon: datetime | None

    @classmethod
    def of(cls, d: domain.AttendanceDay) -> "AttendanceDay":
        def local(half: str) -> datetime | None:  # the centre's time, however stored
            at = d.signed.get(half)
            return at.astimezone(CENTRE_TZ) if at else None

        return cls(staff_id=d.staff_id, on=d.on, morning=local("morning"),
                   afternoon=local("afternoon"))


@strawberry.type(description="One member's month (001 考勤制度 (一): summarised for 督查科).")
class MemberAttendance:
    staff_id: str
    name: str
    window: str | None
    half_days_signed: int
    half_days_absent: int = strawberry.field(description="absent without leave (擅自离岗)")
    leave_days: int
    official_outing_days: int


@strawberry.type(description="A leave step refused by the rule (NOT_THE_APPROVER, OWN_LEAVE, "
                             "LEAVE_DECIDED, LEAVE_CLOSED, NOT_YOUR_LEAVE); a month published "
                             "again (ALREADY_PUBLISHED).")
class LeaveRefused:
    code: str
    message: str


@strawberry.type
class LeaveSaved:
    leave: LeaveRequest


@strawberry.type
class SignInSaved:
    day: AttendanceDay


@strawberry.type(description="A department's month as published (考勤结果每月公布, 001 考勤制度): "
                             "each member's line, kept as published whatever is recorded "
                             "later.")
class PublishedAttendance:
    department: str
    month: str
    published_on: date
    published_by: str
    members: list[MemberAttendance]

    @classmethod
    def of(cls, m: domain.AttendanceMonth) -> "PublishedAttendance":
        return cls(department=m.department, month=m.month, published_on=m.published_on,
                   published_by=m.published_by,
                   members=[MemberAttendance(**vars(r)) for r in m.members])


@strawberry.type
class AttendancePublished:
    published: PublishedAttendance


LeaveOutcome = Annotated[LeaveSaved | InvalidInput | NotFound | LeaveRefused | ConcurrentEdit,
                         strawberry.union("LeaveOutcome")]
PublishAttendanceOutcome = Annotated[
    AttendancePublished | InvalidInput | LeaveRefused | ConcurrentEdit,
    strawberry.union("PublishAttendanceOutcome")]
SignInOutcome = Annotated[SignInSaved | InvalidInput | NotFound | LeaveRefused | ConcurrentEdit,
                          strawberry.union("SignInOutcome")]


async def _leave(call) -> LeaveOutcome:
    return await outcome(call, lambda r: LeaveSaved(leave=LeaveRequest.of(r)), LeaveRefused,
                         ConcurrentEdit)


@strawberry.input
class RequestLeaveInput:
    kind: LeaveKind
    from_on: date
    until_on: date
    reason: str
    stand_in_id: str | None = strawberry.field(
        default=None, description="Where the post has no B: the stand-in the member unit "
                                  "arranged")


@strawberry.type
class AttendanceQuery:
    @strawberry.field(description="Leave touching a period (at most 62 days): the office all "
                                  "(every leave is filed with 督查科), a department's head "
                                  "their department's, a member their own.")
    async def leave_requests(self, info: Info,
                             from_: Annotated[date, strawberry.argument(name="from")], to: date,
                             department: str | None = None) -> list[LeaveRequest]:
        viewer = info.context.require(*STAFF)
        check_range(from_, to)
        centre = viewer.has_any(*CENTRE_WIDE)
        scope = department if centre else viewer.department
        found = await info.context.deps.store.leave_between(scope, from_, to)
        if not centre and not viewer.has_any(Role.DEPARTMENT_HEAD):
            found = [r for r in found if r.staff_id == viewer.subject]
        return [LeaveRequest.of(r) for r in found]

    @strawberry.field(description="Leave waiting for the caller's decision: a window's head "
                                  "their department's outings, the day's duty director short "
                                  "leave, the centre's director long leave.")
    async def leave_awaiting_decision(self, info: Info) -> list[LeaveRequest]:
        viewer = info.context.require(*STAFF)
        found = await handlers.awaiting(info.context.deps, viewer)
        return [LeaveRequest.of(r) for r in found]

    @strawberry.field(description="A department's month of attendance (YYYY-MM): its head and "
                                  "the centre's office.")
    async def monthly_attendance(self, info: Info, department: str,
                                 month: str) -> list[MemberAttendance]:
        viewer = info.context.require(*STAFF)
        handlers.reads_attendance_of(viewer, department)
        found = await handlers.monthly_attendance(info.context.deps, department, month)
        return [MemberAttendance(**vars(m)) for m in found]

    @strawberry.field(description="A department's month as published (公布): every member of "
                                  "the department and the centre's office; null until "
                                  "published.")
    async def published_attendance(self, info: Info, department: str,
                                   month: str) -> PublishedAttendance | None:
        viewer = info.context.require(*STAFF)
        handlers.reads_published_attendance_of(viewer, department)
        found = await handlers.published_attendance(info.context.deps, department, month)
        return PublishedAttendance.of(found) if found else None


@strawberry.type
class AttendanceMutation:
    @strawberry.mutation(description="Ask for leave (请假单), in advance, for oneself.")
    async def request_leave(self, info: Info, input: RequestLeaveInput) -> LeaveOutcome:
        principal = info.context.require(*STAFF)
        cmd = commands.RequestLeave(input.kind.value, input.from_on, input.until_on,
                                    input.reason, input.stand_in_id)
        return await _leave(handlers.request_leave(cmd, info.context.deps, principal))

    @strawberry.mutation(description="Approve or refuse a leave request (remarks required to "
                                     "refuse), by the level the rule names.")
    async def decide_leave(self, info: Info, id: strawberry.ID, approve: bool,
                           remarks: str | None = None) -> LeaveOutcome:
        principal = info.context.require(*STAFF)
        return await _leave(handlers.decide_leave(commands.DecideLeave(id, approve, remarks),
                                                  info.context.deps, principal))

    @strawberry.mutation(description="销假: back (or the leave withdrawn); the member acts "
                                     "again from today.")
    async def end_leave(self, info: Info, id: strawberry.ID) -> LeaveOutcome:
        principal = info.context.require(*STAFF)
        return await _leave(handlers.end_leave(commands.EndLeave(id), info.context.deps,
                                               principal))

    @strawberry.mutation(description="每月公布: a department's month of attendance, once it is "
                                     "over, summarised and published (综合科) and handed to "
                                     "督查科; once. The centre's office or the administrator.")
    async def publish_monthly_attendance(self, info: Info, department: str,
                                         month: str) -> PublishAttendanceOutcome:
        principal = info.context.require(*STAFF)
        cmd = commands.PublishMonthlyAttendance(department, month)
        return await outcome(
            handlers.publish_monthly_attendance(cmd, info.context.deps, principal),
            lambda m: AttendancePublished(published=PublishedAttendance.of(m)), LeaveRefused,
            ConcurrentEdit)

    @strawberry.mutation(description="Sign in for the morning or the afternoon: oneself (now); "
                                     "a sign-in device's feed (the administrator's client, "
                                     "with the reading's time); the duty staff for a failed "
                                     "reading (with a note).")
    async def sign_in(self, info: Info, staff_id: str, at: datetime | None = None,
                      note: str | None = None) -> SignInOutcome:
        principal = info.context.require(*STAFF)
        return await outcome(
            handlers.sign_in(commands.SignIn(staff_id, at, note), info.context.deps, principal),
            lambda d: SignInSaved(day=AttendanceDay.of(d)), LeaveRefused, ConcurrentEdit)
