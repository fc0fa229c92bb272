"""Hall operations' handlers on FerretDB and in memory: duty rosters and the lunch-time rule
(003 延时服务制), appointments (003 预约办理制): seats from the roster under concurrency, one
booking per applicant, item and day, cancellation freeing the seat, the appointment becoming
its case once however often it is received, the lunch-time check."""

import asyncio
from datetime import timedelta

import pytest

from services.intake.appointments import commands as appt_c
from services.intake.appointments import handlers as appt
from services.intake.appointments.domain import AppointmentError, AppointmentStatus
from services.intake.cases import commands as case_c
from services.intake.catalogue import commands as catalogue_c
from services.intake.catalogue import handlers as catalogue_handlers
from services.intake.directory import commands as directory_c
from services.intake.directory import handlers as directory_handlers
from services.intake.rosters import commands as roster_c
from services.intake.rosters import handlers as rosters
from services.intake.rosters.domain import RosterError, roster_id
from services.kit.auth import Principal, Role
from services.kit.domain import InputError
from tests.integration.conftest import NOW
from tests.integration.test_intake_store import ADMIN, MATERIALS, PERSON, _item, staffed
from tests.unit.test_intake_domain import ELEMENTS

pytestmark = pytest.mark.integration
HEAD = Principal("civil-head", frozenset({Role.DEPARTMENT_HEAD}), "civil")
CLERK = Principal("w1a", frozenset({Role.WINDOW_STAFF}), "civil")
APPLICANT = Principal(PERSON.id_number, frozenset({Role.APPLICANT}))
MONDAY = NOW.date()  # 2026-09-28
TUESDAY = MONDAY + timedelta(days=1)
SATURDAY = MONDAY + timedelta(days=5)


async def _hall(deps):
    item = await _item(deps)
    await directory_handlers.define_department(directory_c.DefineDepartment(
        "civil", "民政局", [directory_c.WindowDetails("W1", "一号窗口"),
                         directory_c.WindowDetails("W2", "二号窗口")]), deps, ADMIN)
    for staff_id in ("w1a", "w1b", "w2a", "w2b"):
        await directory_handlers.register_staff(directory_c.RegisterStaff(
            staff_id, staff_id, "civil", "科员", 3, window=staff_id[:2].upper()), deps, ADMIN)
    return item


def duties(morning=("w1a", "w1b"), w2_lunch=("w2a", "w2b")) -> list:
    return [roster_c.DutyInput("W1", "morning", list(morning)),
            roster_c.DutyInput("W1", "lunch_first", ["w1a"]),
            roster_c.DutyInput("W1", "lunch_second", ["w1b"]),
            roster_c.DutyInput("W2", "lunch_first", [w2_lunch[0]]),
            roster_c.DutyInput("W2", "lunch_second", list(w2_lunch[1:]))]


async def test_a_working_day_roster_needs_both_lunch_groups_at_every_window(deps):
    await _hall(deps)
    with pytest.raises(RosterError) as err:
        await rosters.set_duty_roster(roster_c.SetDutyRoster("civil", TUESDAY, duties(
            w2_lunch=("w2a",))), deps, HEAD)
    assert err.value.code == "LUNCH_DUTY_GAP" and "W2（午休第二组）" in err.value.message
    with pytest.raises(RosterError) as err:
        await rosters.set_duty_roster(roster_c.SetDutyRoster("civil", TUESDAY, duties(
            w2_lunch=("w2a", "w2a"))), deps, HEAD)
    assert err.value.code == "LUNCH_GROUPS_OVERLAP"
    with pytest.raises(InputError) as err:
        await rosters.set_duty_roster(roster_c.SetDutyRoster("civil", TUESDAY, [
            roster_c.DutyInput("W9", "morning", ["w1a"])]), deps, HEAD)
    assert err.value.code == "UNKNOWN_WINDOW"
    other = Principal("x-head", frozenset({Role.DEPARTMENT_HEAD}), "market")
    with pytest.raises(Exception) as err:
        await rosters.set_duty_roster(roster_c.SetDutyRoster("civil", TUESDAY, duties()),
                                      deps, other)
    assert getattr(err.value, "code", None) == "FORBIDDEN"
    assert await deps.store.duty_rosters.get(roster_id("civil", TUESDAY)) is None  # nothing
    roster = await rosters.set_duty_roster(roster_c.SetDutyRoster("civil", TUESDAY, duties()),
                                           deps, HEAD)
    assert roster.on_duty("W1", roster.duties[0].part) == ("w1a", "w1b")
    # a Saturday needs no lunch-time duty: a morning opens it
    await rosters.set_duty_roster(roster_c.SetDutyRoster("civil", SATURDAY, [
        roster_c.DutyInput("W1", "morning", ["w1a"])]), deps, HEAD)


async def test_the_lunch_time_check_reports_each_gap_once(deps):
    await _hall(deps)
    await rosters.set_duty_roster(roster_c.SetDutyRoster("civil", MONDAY, duties()), deps,
                                  HEAD)
    assert await rosters.report_lunch_duty_gaps(deps, MONDAY) == 0
    # Tuesday has no roster: both windows, both halves, one announcement a window
    assert await rosters.report_lunch_duty_gaps(deps, TUESDAY) == 4
    assert await rosters.report_lunch_duty_gaps(deps, TUESDAY) == 0  # once
    history = await deps.store.duty_rosters.versions.history(roster_id("civil", TUESDAY))
    found = [e["data"] for ch in history for e in ch["outbox"]]
    assert sorted((e["window"], tuple(e["parts"]), e["found_at"]) for e in found) == [
        ("W1", ("lunch_first", "lunch_second"), "no_roster"),
        ("W2", ("lunch_first", "lunch_second"), "no_roster")]
    assert await rosters.report_lunch_duty_gaps(deps, SATURDAY) == 0


def _book(item, on=SATURDAY, starts="09:30", person=PERSON, channel="web"):
    return appt_c.BookAppointment(item.id, on, starts, channel, person)


async def test_seats_follow_the_roster_and_are_never_overbooked(deps):
    item = await _hall(deps)
    await rosters.set_duty_roster(roster_c.SetDutyRoster("civil", SATURDAY, [
        roster_c.DutyInput("W1", "morning", ["w1a", "w1b"])]), deps, HEAD)
    with pytest.raises(InputError) as err:  # the afternoon is not rostered: not open
        await appt.book_appointment(_book(item, starts="14:30"), deps, APPLICANT)
    assert err.value.code == "NOT_OPEN"
    with pytest.raises(InputError) as err:
        await appt.book_appointment(_book(item, starts="09:10"), deps, APPLICANT)
    assert err.value.code == "NOT_A_SLOT"
    people = [case_c.ApplicantDetails("李四", "passport", f"E{n:08d}", "13800000001")
              for n in range(5)]
    results = await asyncio.gather(*(
        appt.book_appointment(_book(item, person=p, channel="phone"), deps, CLERK)
        for p in people), return_exceptions=True)
    booked = [r for r in results if not isinstance(r, Exception)]
    assert len(booked) == 2, results
    assert all(isinstance(r, AppointmentError) and r.code == "SLOT_FULL"
               for r in results if isinstance(r, Exception))
    assert sorted(a.seat for a in booked) == [0, 1]
    slots = await appt.free_slots(deps, item.id, SATURDAY, SATURDAY)
    assert [(s.starts_at.isoformat(), s.capacity, s.free) for s in slots][:2] == [
        ("09:00:00", 2, 2), ("09:30:00", 2, 0)]
    # cancelled by the hall, with reasons: the seat is free again
    with pytest.raises(InputError):
        await appt.cancel_appointment(appt_c.CancelAppointment(booked[0].id), deps, CLERK)
    cancelled = await appt.cancel_appointment(appt_c.CancelAppointment(
        booked[0].id, "申请人来电取消"), deps, CLERK)
    assert cancelled.status is AppointmentStatus.CANCELLED
    again = await appt.book_appointment(_book(item), deps, APPLICANT)
    assert again.channel.value == "web" and again.events == []
    with pytest.raises(AppointmentError) as err:  # one per applicant, item and day
        await appt.book_appointment(_book(item, starts="10:00"), deps, APPLICANT)
    assert err.value.code == "ALREADY_BOOKED"
    with pytest.raises(InputError) as err:  # online, only for oneself
        await appt.book_appointment(_book(item, person=people[4]), deps, APPLICANT)
    assert err.value.code == "NOT_YOURSELF"


async def test_an_appointment_becomes_its_case_once(deps):
    item = await _hall(deps)
    await rosters.set_duty_roster(roster_c.SetDutyRoster("civil", MONDAY, duties()), deps,
                                  HEAD)
    booked = await appt.book_appointment(_book(item, on=MONDAY, starts="12:30"), deps,
                                         APPLICANT)
    assert booked.window == "W1"
    contacted = await appt.record_appointment_contact(appt_c.RecordAppointmentContact(
        booked.id, "请携带申请书原件"), deps, CLERK)
    assert contacted.status is AppointmentStatus.CONTACTED
    cmd = appt_c.ReceiveAppointment(booked.id, [case_c.HandedInMaterial("申请书")])
    case = await appt.receive_appointment(cmd, deps, CLERK)
    assert case.applicant.id_number == PERSON.id_number and case.window == "W1"
    stored = await deps.store.appointments.get(booked.id)
    assert stored.status is AppointmentStatus.ARRIVED and stored.case_id == case.id
    with pytest.raises(AppointmentError) as err:
        await appt.receive_appointment(cmd, deps, CLERK)
    assert err.value.code == "APPOINTMENT_CLOSED"
    assert await deps.store.cases.versions.current.count_documents({}) == 1


async def test_two_departments_windows_of_the_same_code_have_their_own_seats(deps):
    civil_item = await _hall(deps)
    await staffed(deps, "market")
    await directory_handlers.register_staff(directory_c.RegisterStaff(
        "m1", "m1", "market", "科员", 3), deps, ADMIN)
    market_item = await catalogue_handlers.create_service_item(catalogue_c.CreateServiceItem(
        "SC-001", "market", catalogue_c.ItemDetails("食品经营许可", 20, 10, materials=MATERIALS,
                                                    **ELEMENTS), publish=True), deps, ADMIN)
    market_head = Principal("m-head", frozenset({Role.DEPARTMENT_HEAD}), "market")
    await rosters.set_duty_roster(roster_c.SetDutyRoster("civil", SATURDAY, [
        roster_c.DutyInput("W1", "morning", ["w1a"])]), deps, HEAD)
    await rosters.set_duty_roster(roster_c.SetDutyRoster("market", SATURDAY, [
        roster_c.DutyInput("W1", "morning", ["m1"])]), deps, market_head)
    civil = await appt.book_appointment(_book(civil_item), deps, APPLICANT)
    market = await appt.book_appointment(_book(market_item), deps, APPLICANT)
    assert (civil.window, civil.seat, market.window, market.seat) == ("W1", 0, "W1", 0)
