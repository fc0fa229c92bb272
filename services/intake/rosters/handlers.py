"""Handlers for the duty rosters: a department's head sets a day's roster (the lunch-time rule
checked), the centre names the day's duty director, and the daily lunch-time check reports
windows left without duty."""

from datetime import date, timedelta

from services.kit.aggregates import retry_on_conflict
from services.kit.auth import CENTRE_WIDE, AuthError, Principal, Role
from services.kit.clock import centre_date
from services.kit.domain import InputError, NotFoundError

from ..deps import Deps
from . import commands
from .domain import DutyDirector, DutyRoster, roster_id, serves_lunch
from .store import RANGE_DAYS_MAX

ROSTER_DAYS_AHEAD = 366


async def working_day(deps: Deps, day: date) -> bool | None:
    """Whether the centre works on `day` (the deadlines service's calendar: official holidays,
    adjusted working days, the centre's closures); None when it cannot be asked now."""
    forecast = await deps.forecast(day - timedelta(days=1), 1, "working_days")
    return None if forecast is None else forecast.due_on == day


def sets_rosters_of(principal: Principal, department: str) -> None:
    """A department's head for their department; the administrator for any."""
    if principal.has_any(Role.ADMIN):
        return
    if not principal.has_any(Role.DEPARTMENT_HEAD) or principal.department != department:
        raise AuthError("FORBIDDEN", "只有本部门负责人或系统管理员可以排班")


def reads_rosters_of(principal: Principal, department: str) -> None:
    if principal.has_any(*CENTRE_WIDE):
        return
    if principal.department != department:
        raise AuthError("FORBIDDEN", f"您属于部门 {principal.department!r}，不能查看 {department!r} 的值班表")


def check_range(first: date, last: date) -> None:
    if last < first:
        raise InputError("to", "END_BEFORE_START", "结束日期早于开始日期")
    if (last - first).days >= RANGE_DAYS_MAX:
        raise InputError("to", "PERIOD_TOO_LONG", f"一次最多查看 {RANGE_DAYS_MAX} 天")


async def set_duty_roster(cmd: commands.SetDutyRoster, deps: Deps,
                          principal: Principal) -> DutyRoster:
    sets_rosters_of(principal, cmd.department)
    today = centre_date(deps.clock.now())
    if cmd.on < today:
        raise InputError("on", "IN_THE_PAST", "不能修改过去日期的值班表")
    if cmd.on > today + timedelta(days=ROSTER_DAYS_AHEAD):
        raise InputError("on", "TOO_FAR_AHEAD", f"值班表最多提前 {ROSTER_DAYS_AHEAD} 天")
    department = await deps.store.departments.get(cmd.department)
    if department is None:
        raise NotFoundError("部门", cmd.department)
    members = {m.id: m for m in await deps.store.department_staff(cmd.department)}
    works = await working_day(deps, cmd.on)
    # the calendar out of reach: Monday to Friday are held to the lunch-time rule
    works = cmd.on.weekday() < 5 if works is None else works

    async def attempt() -> DutyRoster:
        roster = await deps.store.duty_rosters.get(roster_id(cmd.department, cmd.on),
                                                   absent_is_new=True) \
            or DutyRoster.empty(cmd.department, cmd.on)
        roster.set(cmd, department, members, works, principal.subject or "", deps.clock.now())
        await deps.store.duty_rosters.save_or_conflict(roster, principal.subject)
        return roster

    roster = await retry_on_conflict(attempt)
    deps.events_written()
    return roster


async def name_duty_director(cmd: commands.NameDutyDirector, deps: Deps,
                             principal: Principal) -> DutyDirector:
    """The centre's leadership (its supervisors) or the administrator name the day's duty
    director, a member of the centre's own staff."""
    if not principal.has_any(Role.ADMIN, Role.SUPERVISOR):
        raise AuthError("FORBIDDEN", "只有中心领导或系统管理员可以安排值班主任")
    if cmd.on < centre_date(deps.clock.now()):
        raise InputError("on", "IN_THE_PAST", "不能修改过去日期的值班主任")
    member = await deps.store.staff.get(cmd.staff_id)

    async def attempt() -> DutyDirector:
        existing = await deps.store.duty_directors.get(cmd.on.isoformat(), absent_is_new=True)
        director = DutyDirector.name(cmd.on, member, cmd.staff_id, deps.hall.centre_department,
                                     principal.subject or "", existing)
        await deps.store.duty_directors.save_or_conflict(director, principal.subject)
        return director

    director = await retry_on_conflict(attempt)
    deps.events_written()
    return director


async def duty_director_on(deps: Deps, day: date) -> str | None:
    director = await deps.store.duty_directors.peek(day.isoformat())
    return director.staff_id if director else None


async def report_lunch_duty_gaps(deps: Deps, day: date) -> int | None:
    """003 延时服务制, checked once lunch-time begins: every window of every department without
    anyone present on duty in a half of the lunch break is announced once. None when the
    calendar could not be asked (checked again on the next tick)."""
    works = await working_day(deps, day)
    if works is None:
        return None
    if not serves_lunch(day, works):
        return 0
    found = 0
    for department in await deps.store.all_departments():
        if not department.windows or department.id == deps.hall.centre_department:
            continue
        if deps.hall.lunch_duty_scope == "rostered" and not await deps.store.rosters_between(
                department.id, day - timedelta(days=14), day - timedelta(days=1)):
            continue
        members = {m.id: m for m in await deps.store.department_staff(department.id)}

        async def attempt() -> int:
            stored = await deps.store.duty_rosters.get(roster_id(department.id, day),
                                                       absent_is_new=True)
            roster = stored or DutyRoster.empty(department.id, day)
            new = roster.report_lunch_gaps(department, members, existed=stored is not None
                                           and stored.set_at is not None)
            if new:
                await deps.store.duty_rosters.save_or_conflict(roster, "lunch-duty-check")
            return len(new)

        found += await retry_on_conflict(attempt)
    if found:
        deps.events_written()
    return found

