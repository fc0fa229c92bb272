"""Handlers for attendance and leave: a member's leave request, its decision by the level the
rule names, the end of leave (销假); the approved leave's absence in the directory (from the
`leave.approved` event: the B post or the stand-in acts); sign-ins; the half-day check that
finds members absent without leave; a month's attendance."""

import calendar
import uuid
from datetime import date, datetime, timedelta

from services.kit.auth import CENTRE_WIDE, STAFF, AuthError, Principal, Role
from services.kit.clock import CENTRE_TZ, centre_date
from services.kit.domain import InputError
from services.kit.validation import SHORT_MAX, text
from services.kit.aggregates import retry_on_conflict

from ..deps import Deps
from ..directory.domain import AbsenceReason, StaffMember
from ..rosters.handlers import duty_director_on, working_day
from . import commands
from .domain import (
    AttendanceDay, AttendanceMonth, Authority, Half, LeaveRequest, LeaveStatus, MemberMonth,
    attendance_id, half_of, month_id,
)

SIGN_IN_BACKDATE = timedelta(days=1)  # a device's reading, or the duty staff's record
SCOPE_DAYS = 14


async def _member(deps: Deps, staff_id: str | None, field: str = "staffId") -> StaffMember:
    member = await deps.store.staff.get(staff_id or "")
    if member is None:
        raise InputError(field, "UNKNOWN_STAFF", f"名录中没有工作人员 {staff_id}")
    return member


async def request_leave(cmd: commands.RequestLeave, deps: Deps,
                        principal: Principal) -> LeaveRequest:
    principal.require(*STAFF)
    member = await _member(deps, principal.subject)
    stand_in = await deps.store.staff.get(cmd.stand_in_id) if cmd.stand_in_id else None
    now = deps.clock.now()
    leave = LeaveRequest.request(str(uuid.uuid4()), member, cmd.kind, cmd.from_on, cmd.until_on,
                                 cmd.reason, stand_in, cmd.stand_in_id, now, centre_date(now))
    await deps.store.leave_requests.save(leave, principal.subject)
    deps.events_written()
    return leave


async def decide_leave(cmd: commands.DecideLeave, deps: Deps,
                       principal: Principal) -> LeaveRequest:
    now = deps.clock.now()
    day = centre_date(now)
    authority = Authority(await deps.store.staff.get(principal.subject or ""),
                          await duty_director_on(deps, day), deps.hall.centre_department)
    leave = await deps.store.leave_requests.change(
        cmd.leave_id, "请假单", lambda r: r.decide(cmd.approve, cmd.remarks, authority,
                                                 principal.subject or "", now, day),
        principal.subject)
    deps.events_written()
    return leave


async def awaiting(deps: Deps, principal: Principal) -> list[LeaveRequest]:
    """Requests the caller may decide today (the rule's level, never their own)."""
    day = centre_date(deps.clock.now())
    authority = Authority(await deps.store.staff.get(principal.subject or ""),
                          await duty_director_on(deps, day), deps.hall.centre_department)
    return [r for r in await deps.store.leave_awaiting()
            if r.staff_id != principal.subject and authority.holds(r.level, r.department)]


async def end_leave(cmd: commands.EndLeave, deps: Deps, principal: Principal) -> LeaveRequest:
    now = deps.clock.now()
    leave = await deps.store.leave_requests.change(
        cmd.leave_id, "请假单", lambda r: r.end(principal.subject or "", centre_date(now)),
        principal.subject)
    deps.events_written()
    return leave


async def absence_for_leave(leave_id: str, staff_id: str, reason: str, from_on: date,
                            until_on: date, cover_id: str, approved_by: str,
                            deps: Deps) -> None:
    """`leave.approved` → the directory: from the leave's first day the cover acts (idempotent:
    a redelivered event changes nothing)."""
    now = deps.clock.now()
    await deps.store.staff.change(staff_id, "工作人员", lambda m: m.absence_for_leave(
        leave_id, AbsenceReason(reason), from_on, until_on, cover_id, approved_by, now),
        approved_by)
    deps.events_written()


async def leave_ended(leave_id: str, staff_id: str, ended_on: date, by: str,
                      deps: Deps) -> None:
    await deps.store.staff.change(staff_id, "工作人员",
                                  lambda m: m.end_leave(leave_id, ended_on, by), by)
    deps.events_written()


async def sign_in(cmd: commands.SignIn, deps: Deps, principal: Principal) -> AttendanceDay:
    """The member themselves (now); a sign-in device's feed (the administrator's client, the
    reading's time); the centre's duty staff for a failed reading (a note saying why)."""
    now = deps.clock.now()
    if principal.subject == cmd.staff_id and not principal.has_any(Role.ADMIN):
        at, source = now, "self"
    elif principal.has_any(Role.ADMIN):
        at, source = cmd.at or now, "device"
    elif principal.has_any(Role.SUPERVISOR, Role.EFFICIENCY_OFFICER):
        at, source = cmd.at or now, "duty"
        if not (cmd.note or "").strip():
            raise InputError("note", "REQUIRED", "值班人员代为登记须写明原因（如签到机故障）")
    else:
        raise AuthError("FORBIDDEN", "只能本人签到；签到机故障由值班人员登记")
    at = at.astimezone(CENTRE_TZ)
    if at > now or at < now - SIGN_IN_BACKDATE:
        raise InputError("at", "OUT_OF_RANGE", "签到时间须在过去一天之内")
    member = await _member(deps, cmd.staff_id)
    day = at.date()

    async def attempt() -> AttendanceDay:
        found = await deps.store.attendance_days.get(attendance_id(member.id, day),
                                                     absent_is_new=True)
        record = found or AttendanceDay.of(member, day)
        if record.sign_in(at, half_of(at), source, cmd.note):
            await deps.store.attendance_days.save_or_conflict(record, principal.subject)
        return record

    record = await retry_on_conflict(attempt)
    deps.events_written()
    return record


async def find_absent_without_leave(deps: Deps, day: date, half: Half) -> int | None:
    """Every member at a window (the directory's) not signed in for the half and without
    approved leave or another absence is announced once. None when the calendar could not be
    asked; 0 on a day the centre does not work."""
    works = await working_day(deps, day)
    if works is None:
        return None
    if not works:
        return 0
    found = 0
    for department in await deps.store.all_departments():
        if not department.windows or department.id == deps.hall.centre_department:
            continue
        if deps.hall.attendance_scope == "signing" and not await deps.store.signs_in(
                department.id, day - timedelta(days=SCOPE_DAYS), day):
            continue
        members = [m for m in await deps.store.department_staff(department.id) if m.window]
        days = {m.id: await deps.store.attendance_days.peek(attendance_id(m.id, day))
                for m in members}
        present = {m.window for m in members
                   if days[m.id] is not None and half.value in days[m.id].signed}
        for member in members:
            if member.absence_on(day) is not None:
                continue
            if days[member.id] is not None and half.value in days[member.id].signed:
                continue

            async def attempt(member=member) -> int:
                found_day = await deps.store.attendance_days.get(
                    attendance_id(member.id, day), absent_is_new=True)
                record = found_day or AttendanceDay.of(member, day)
                if not record.found_absent(half, member.window not in present):
                    return 0
                await deps.store.attendance_days.save_or_conflict(record, "attendance-check")
                return 1

            found += await retry_on_conflict(attempt)
    if found:
        deps.events_written()
    return found


def reads_attendance_of(principal: Principal, department: str) -> None:
    if principal.has_any(*CENTRE_WIDE):
        return
    if not principal.has_any(Role.DEPARTMENT_HEAD) or principal.department != department:
        raise AuthError("FORBIDDEN", "只有本部门负责人和中心督查、效能监察可以查看考勤")


def reads_published_attendance_of(principal: Principal, department: str) -> None:
    """Published (公布): every member of the department reads its month, and the centre."""
    principal.require(*STAFF)
    if not principal.has_any(*CENTRE_WIDE) and principal.department != department:
        raise AuthError("FORBIDDEN", "只能查看本部门公布的考勤")


def month_range(month: str) -> tuple[date, date]:
    try:
        first = datetime.strptime(month, "%Y-%m").date()
    except ValueError:
        raise InputError("month", "INVALID_FORMAT", "月份须为 YYYY-MM") from None
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


async def monthly_attendance(deps: Deps, department: str, month: str) -> list[MemberMonth]:
    """001 考勤制度 (一): the month's attendance of a department, summarised (综合科) for 督查科."""
    first, last = month_range(month)
    days = await deps.store.attendance_between(department, first, last)
    leave = [r for r in await deps.store.leave_between(department, first, last)
             if r.status in (LeaveStatus.APPROVED, LeaveStatus.ENDED)
             and (r.status is LeaveStatus.APPROVED or r.ended_on is None
                  or r.ended_on > r.from_on)]
    out = []
    for member in await deps.store.department_staff(department):
        mine = [d for d in days if d.staff_id == member.id]

        def overlap(r: LeaveRequest) -> int:
            end = min(r.until_on, last, (r.ended_on - timedelta(days=1)) if r.ended_on
                      else r.until_on)
            return max((end - max(r.from_on, first)).days + 1, 0)

        own = [r for r in leave if r.staff_id == member.id]
        out.append(MemberMonth(
            member.id, member.name, member.window, sum(len(d.signed) for d in mine),
            sum(len(d.absent) for d in mine),
            sum(overlap(r) for r in own if r.kind.value == "leave"),
            sum(overlap(r) for r in own if r.kind.value == "official_outing")))
    return out


async def publish_monthly_attendance(cmd: commands.PublishMonthlyAttendance, deps: Deps,
                                     principal: Principal) -> AttendanceMonth:
    """001 考勤制度 (一): 综合科 summarises a department's month once it is over and publishes
    it; 督查科 receives it (its event). The centre's office or the administrator."""
    if not principal.has_any(*CENTRE_WIDE):
        raise AuthError("FORBIDDEN", "只有中心督查、效能监察或系统管理员可以公布考勤")
    _, last = month_range(cmd.month)
    department = text("department", cmd.department, SHORT_MAX)
    if await deps.store.departments.get(department) is None:
        raise InputError("department", "UNKNOWN_DEPARTMENT", f"没有部门 {department}")
    today = centre_date(deps.clock.now())

    async def attempt() -> AttendanceMonth:  # published by two at once: the second refused
        published = await deps.store.attendance_months.get(month_id(department, cmd.month),
                                                           absent_is_new=True)
        rows = await monthly_attendance(deps, department, cmd.month) \
            if published is None and today > last else []
        month = AttendanceMonth.publish(department, cmd.month, last, rows,
                                        principal.subject or "", today, published)
        await deps.store.attendance_months.save_or_conflict(month, principal.subject)
        return month

    month = await retry_on_conflict(attempt)
    deps.events_written()
    return month


async def published_attendance(deps: Deps, department: str,
                               month: str) -> AttendanceMonth | None:
    month_range(month)
    return await deps.store.attendance_months.get(month_id(department, month))
