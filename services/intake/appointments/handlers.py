"""Handlers for appointments: booking (a seat claimed at a window with staff on duty), the
centre's contact, cancellation, the applicant's arrival (the appointment becomes the case) and
no-shows; the free seats of an item's days."""

import asyncio
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from services.kit.auth import HELPERS, AuthError, Principal, Role
from services.kit.clock import CENTRE_TZ, centre_date
from services.kit.domain import InputError, NotFoundError

from ..cases.applicants import Applicant
from ..cases.commands import ApplicantDetails, SubmitApplication
from ..cases.domain import new_case_id
from ..cases.handlers import submit_application
from ..deps import Deps
from ..rosters.domain import DayPart, DutyRoster, capacity
from . import commands
from .domain import (
    OPEN, Appointment, AppointmentError, Channel, channel_of, check_day, note_of,
    part_of_slot, slot_starts, slot_time,
)

SLOT_DAYS_MAX = 14
LOOKUPS_AT_ONCE = 32


def serves_department(principal: Principal, department: str) -> None:
    """The department's own window staff and leaders, the centre's helpers (导办), the
    administrator."""
    if principal.has_any(Role.ADMIN, Role.HELPER):
        return
    if not principal.has_any(*HELPERS) or principal.department != department:
        raise AuthError("FORBIDDEN", "只有该事项所属部门的窗口人员或中心导办人员可以办理预约")


def _own(principal: Principal, a: Appointment) -> bool:
    return principal.has_any(Role.APPLICANT) and principal.subject == a.applicant.id_number


async def _roster_and_staff(deps: Deps, department: str, on: date) -> tuple:
    return await deps.store.day_staffing.of(department, on)


def _windows(roster: DutyRoster | None, department, part: DayPart, members) -> list:
    """(window, capacity) of the department's windows in the part, in the department's
    order."""
    codes = [w.code for w in department.windows] if department else []
    return [(w, c) for w in codes if (c := capacity(roster, w, part, members)) > 0]


async def book_appointment(cmd: commands.BookAppointment, deps: Deps,
                           principal: Principal) -> Appointment:
    channel = channel_of(cmd.channel)
    applicant = Applicant.from_details(cmd.applicant)
    note = note_of(cmd.note)
    starts_at = slot_time(cmd.starts_at)
    online = not principal.has_any(*HELPERS, Role.ADMIN)
    if online:
        if channel is not Channel.WEB:
            raise InputError("channel", "WEB_ONLY", "网上预约的渠道为网络预约")
        if applicant.id_number != principal.subject:
            raise InputError("applicant.idNumber", "NOT_YOURSELF",
                             "网上只能为本人预约；为他人预约请致电或到服务大厅")
    elif channel is Channel.WEB:
        raise InputError("channel", "STAFF_CHANNEL", "工作人员代为预约的渠道为电话或现场预约")
    item = await deps.store.item_cache.get(cmd.service_item_id)
    if item is None or item.published is None:
        raise NotFoundError("事项", cmd.service_item_id)
    if not online:
        serves_department(principal, item.department)
    now = deps.clock.now()
    today = centre_date(now)
    check_day(cmd.on, today, deps.hall)
    part = part_of_slot(starts_at, deps.hall)
    if datetime.combine(cmd.on, starts_at, tzinfo=CENTRE_TZ) <= now:
        raise InputError("startsAt", "IN_THE_PAST", "该时段已过")
    department = await deps.store.department_names.get(item.department)
    roster, members = await _roster_and_staff(deps, item.department, cmd.on)
    windows = _windows(roster, department, part, members)
    if not windows:
        raise InputError("startsAt", "NOT_OPEN", "该时段未开放预约（无人值班）")
    appointment_id = str(uuid.uuid4())
    if not await deps.store.hold(applicant.id_number, item.id, cmd.on, appointment_id):
        raise AppointmentError("ALREADY_BOOKED", "您当天已预约该事项")
    try:
        taken = await deps.store.take_seat(item.department, windows, cmd.on, starts_at,
                                          appointment_id)
        if taken is None:
            raise AppointmentError("SLOT_FULL", "该时段已约满，请选择其他时段")
        window, seat = taken
        appointment = Appointment.book(
            appointment_id, item, window, cmd.on, starts_at, part, seat, channel,
            applicant, applicant.ref(deps.applicant_ref_key), note, now, today,
            principal.subject or "", deps.hall)
        try:
            await deps.store.appointments.save(appointment, principal.subject)
        except BaseException:
            await deps.store.free_seat(item.department, window, cmd.on, starts_at, seat,
                                          appointment_id)
            raise
    except BaseException:
        await deps.store.release_hold(applicant.id_number, item.id, cmd.on, appointment_id)
        raise
    deps.events_written()
    return appointment


async def _release(deps: Deps, a: Appointment) -> None:
    await deps.store.free_seat(a.department, a.window, a.on, a.starts_at, a.seat, a.id)
    await deps.store.release_hold(a.applicant.id_number, a.item_id, a.on, a.id)


async def _case_written(deps: Deps, a: Appointment) -> bool:
    return a.case_id is not None and await deps.store.cases.exists(a.case_id)


async def _change(appointment_id: str, deps: Deps, principal: Principal, decide) -> Appointment:
    now = deps.clock.now()
    appointment = await deps.store.appointments.change(
        appointment_id, "预约", lambda a: decide(a, now, centre_date(now),
                                               principal.subject or ""), principal.subject)
    deps.events_written()
    return appointment


async def record_appointment_contact(cmd: commands.RecordAppointmentContact, deps: Deps,
                                     principal: Principal) -> Appointment:
    def contact(a: Appointment, now, day, by) -> None:
        serves_department(principal, a.department)
        a.record_contact(cmd.told, by, now, day)

    return await _change(cmd.appointment_id, deps, principal, contact)


async def cancel_appointment(cmd: commands.CancelAppointment, deps: Deps,
                             principal: Principal) -> Appointment:
    current = await deps.store.appointments.get(cmd.appointment_id)
    if current is None:
        raise NotFoundError("预约", cmd.appointment_id)
    by_applicant = _own(principal, current)
    if not by_applicant:
        if principal.has_any(Role.APPLICANT) and not principal.has_any(*HELPERS):
            raise NotFoundError("预约", cmd.appointment_id)  # another's: not even said it is
        serves_department(principal, current.department)
    written = await _case_written(deps, current)
    appointment = await _change(cmd.appointment_id, deps, principal, lambda a, now, day, by:
                                a.cancel(cmd.reason, by, by_applicant, now, day, written))
    await _release(deps, appointment)
    return appointment


async def record_no_show(cmd: commands.RecordNoShow, deps: Deps,
                         principal: Principal) -> Appointment:
    current = await deps.store.appointments.get(cmd.appointment_id)
    if current is None:
        raise NotFoundError("预约", cmd.appointment_id)
    serves_department(principal, current.department)
    written = await _case_written(deps, current)
    appointment = await _change(cmd.appointment_id, deps, principal, lambda a, now, day, by:
                                a.record_no_show(by, now, day, deps.hall, written))
    await _release(deps, appointment)
    return appointment


async def receive_appointment(cmd: commands.ReceiveAppointment, deps: Deps,
                              principal: Principal):
    """The applicant came: the case is submitted at the appointment's window with the
    applicant as booked (nothing retyped), then the appointment is closed as arrived. A retry
    after a failure in between writes no second case."""
    current = await deps.store.appointments.get(cmd.appointment_id)
    if current is None:
        raise NotFoundError("预约", cmd.appointment_id)
    serves_department(principal, current.department)
    if current.status in OPEN and await _case_written(deps, current):
        case_id = current.case_id
    else:
        case_id = new_case_id()
        await _change(cmd.appointment_id, deps, principal,
                      lambda a, now, day, by: a.start_receiving(case_id, now))
        p = current.applicant
        submission = SubmitApplication(
            current.item_id, ApplicantDetails(p.name, p.id_type.value, p.id_number, p.contact,
                                              p.kind.value, p.legal_representative),
            list(cmd.materials), current.window)
        await submit_application(submission, deps, principal, case_id=case_id)
    await _change(cmd.appointment_id, deps, principal,
                  lambda a, now, day, by: a.arrived(by, now, day))
    case = await deps.store.cases.get(case_id)
    return case


@dataclass(frozen=True)
class Slot:
    on: date
    starts_at: time
    part: DayPart
    capacity: int
    free: int


async def free_slots(deps: Deps, service_item_id: str, first: date, last: date) -> list[Slot]:
    """Each bookable slot of the item's department in the period, with its free seats (days
    without anyone on duty have none)."""
    if last < first:
        raise InputError("to", "END_BEFORE_START", "结束日期早于开始日期")
    if (last - first).days >= SLOT_DAYS_MAX:
        raise InputError("to", "PERIOD_TOO_LONG", f"一次最多查看 {SLOT_DAYS_MAX} 天")
    item = await deps.store.items.peek(service_item_id)
    if item is None or item.published is None:
        raise NotFoundError("事项", service_item_id)
    now = deps.clock.now()
    department = await deps.store.department_names.get(item.department)
    wanted = []
    for n in range((last - first).days + 1):
        on = first + timedelta(days=n)
        if on < centre_date(now) or on > centre_date(now) + timedelta(
                days=deps.hall.booking_days_ahead):
            continue
        roster, members = await _roster_and_staff(deps, item.department, on)
        for part in DayPart:
            windows = _windows(roster, department, part, members)
            if not windows:
                continue
            for starts in slot_starts(part, deps.hall):
                if datetime.combine(on, starts, tzinfo=CENTRE_TZ) > now:
                    wanted.append((on, starts, part, windows))
    gate = asyncio.Semaphore(LOOKUPS_AT_ONCE)

    async def one(on, starts, part, windows) -> Slot:
        async with gate:
            total = sum(c for _, c in windows)
            taken = 0
            for window, seats in windows:
                taken += await deps.store.seats_taken(item.department, window, on, starts,
                                                      seats)
            return Slot(on, starts, part, total, max(total - taken, 0))

    return list(await asyncio.gather(*(one(*w) for w in wanted)))
