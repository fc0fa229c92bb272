"""Attendance and leave's handlers on FerretDB and in memory (001 考勤制度): each leave decided
by the level the rule names, the approved leave's absence making the B post (or the stand-in)
act, 销假, sign-ins once per half, the half-day check announcing each absence without leave
once, a department's month."""

from datetime import datetime, timedelta

import pytest

from services.intake.attendance import commands as att_c
from services.intake.attendance import handlers as attendance
from services.intake.attendance.domain import Half, LeaveError, LeaveStatus
from services.intake.directory import commands as directory_c
from services.intake.directory import handlers as directory_handlers
from services.intake.directory.domain import addressees
from services.intake.rosters import commands as roster_c
from services.intake.rosters import handlers as rosters
from services.kit.auth import Principal, Role
from services.kit.clock import CENTRE_TZ, FixedClock
from services.kit.domain import InputError
from tests.integration.conftest import NOW
from tests.integration.test_intake_store import ADMIN

pytestmark = pytest.mark.integration
MONDAY = NOW.date()  # 2026-09-28


def who(staff_id: str, *roles: Role, department: str | None = "civil") -> Principal:
    return Principal(staff_id, frozenset(roles or {Role.WINDOW_STAFF}), department)


async def _people(deps):
    await directory_handlers.define_department(directory_c.DefineDepartment(
        "civil", "民政局", [directory_c.WindowDetails("W1", "一号窗口")]), deps, ADMIN)
    await directory_handlers.define_department(directory_c.DefineDepartment(
        "centre", "政务服务中心", []), deps, ADMIN)
    for staff_id, dept, position, window, backup in (
            ("bb", "civil", "staff", "W1", None), ("aa", "civil", "staff", "W1", "bb"),
            ("cc", "civil", "staff", "W1", None), ("head", "civil", "section_head", None, None),
            ("duty", "centre", "deputy_leader", None, None),
            ("director", "centre", "main_leader", None, None)):
        await directory_handlers.register_staff(directory_c.RegisterStaff(
            staff_id, staff_id, dept, "职务", 5, window=window, backup_id=backup,
            position=position), deps, ADMIN)
    await rosters.name_duty_director(roster_c.NameDutyDirector(MONDAY, "duty"), deps, ADMIN)


async def _apply(deps, leave) -> None:
    """What the `leave.approved` consumer does."""
    await attendance.absence_for_leave(leave.id, leave.staff_id, leave.absence_reason.value,
                                       leave.from_on, leave.until_on, leave.cover_id,
                                       leave.decided_by, deps)


async def test_each_leave_is_decided_by_the_level_the_rule_names(deps):
    await _people(deps)
    one_day = await attendance.request_leave(att_c.RequestLeave(
        "leave", MONDAY + timedelta(days=1), MONDAY + timedelta(days=1), "家中有事"), deps,
        who("aa"))
    three_days = await attendance.request_leave(att_c.RequestLeave(
        "leave", MONDAY + timedelta(days=7), MONDAY + timedelta(days=9), "病假"), deps, who("aa"))
    outing = await attendance.request_leave(att_c.RequestLeave(
        "official_outing", MONDAY, MONDAY, "到市局送审材料"), deps, who("aa"))
    assert [r.level.value for r in (one_day, three_days, outing)] == [
        "duty_director", "centre_director", "window_head"]
    for leave, wrong, right in ((one_day, "head", "duty"), (three_days, "duty", "director"),
                                (outing, "duty", "head")):
        with pytest.raises(LeaveError) as err:
            await attendance.decide_leave(att_c.DecideLeave(leave.id, True), deps, who(wrong))
        assert err.value.code == "NOT_THE_APPROVER"
        decided = await attendance.decide_leave(att_c.DecideLeave(leave.id, True), deps,
                                                who(right))
        assert decided.status is LeaveStatus.APPROVED and decided.cover_id == "bb"
    with pytest.raises(LeaveError):  # decided once
        await attendance.decide_leave(att_c.DecideLeave(outing.id, False, "不同意"), deps,
                                      who("head"))
    with pytest.raises(InputError) as err:  # no B post: a stand-in must be named
        await attendance.request_leave(att_c.RequestLeave(
            "leave", MONDAY, MONDAY, "事假"), deps, who("cc"))
    assert err.value.code == "STAND_IN_REQUIRED"
    arranged = await attendance.request_leave(att_c.RequestLeave(
        "leave", MONDAY, MONDAY, "事假", stand_in_id="bb"), deps, who("cc"))
    assert arranged.cover_id == "bb"
    assert [r.id for r in await attendance.awaiting(deps, who("duty"))] == [arranged.id]
    assert await attendance.awaiting(deps, who("head")) == []


async def test_an_approved_leave_makes_the_b_post_act_until_the_member_is_back(deps):
    await _people(deps)
    leave = await attendance.request_leave(att_c.RequestLeave(
        "leave", MONDAY, MONDAY, "事假"), deps, who("aa"))
    leave = await attendance.decide_leave(att_c.DecideLeave(leave.id, True), deps, who("duty"))
    await _apply(deps, leave)
    await _apply(deps, leave)  # the event again: nothing more
    a = await deps.store.staff.get("aa")
    assert len(a.absences) == 1
    assert addressees([a], MONDAY) == (["bb"], ["aa"])
    ended = await attendance.end_leave(att_c.EndLeave(leave.id), deps, who("aa"))
    await attendance.leave_ended(leave.id, "aa", ended.ended_on, "aa", deps)
    assert addressees([await deps.store.staff.get("aa")], MONDAY) == (["aa"], [])


async def test_the_half_day_check_finds_who_is_absent_without_leave_once(deps):
    await _people(deps)
    signed = await attendance.sign_in(att_c.SignIn("aa"), deps, who("aa"))
    assert list(signed.signed) == ["morning"]
    again = await attendance.sign_in(att_c.SignIn("aa"), deps, who("aa"))
    assert again.version == signed.version  # once per half
    with pytest.raises(Exception) as err:  # not for someone else
        await attendance.sign_in(att_c.SignIn("bb"), deps, who("aa"))
    assert getattr(err.value, "code", None) == "FORBIDDEN"
    with pytest.raises(InputError):  # the duty staff say why
        await attendance.sign_in(att_c.SignIn("bb"), deps, who("duty", Role.SUPERVISOR,
                                                              department=None))
    leave = await attendance.request_leave(att_c.RequestLeave(
        "leave", MONDAY, MONDAY, "事假", stand_in_id="bb"), deps, who("cc"))
    await _apply(deps, await attendance.decide_leave(att_c.DecideLeave(leave.id, True), deps,
                                                     who("duty")))
    # bb neither signed in nor on leave: absent without leave; a signed; c is on leave
    assert await attendance.find_absent_without_leave(deps, MONDAY, Half.MORNING) == 1
    assert await attendance.find_absent_without_leave(deps, MONDAY, Half.MORNING) == 0
    b_day = await deps.store.attendance_days.get(f"bb:{MONDAY.isoformat()}")
    [event] = [e for ch in await deps.store.attendance_days.versions.history(b_day.id)
               for e in ch["outbox"]]
    assert event["type"] == "attendance.absent_without_leave"
    assert event["data"]["window_unstaffed"] is False  # a was there
    # the duty staff record b's afternoon reading the device lost
    deps.clock = FixedClock(datetime(2026, 9, 28, 15, tzinfo=CENTRE_TZ))
    await attendance.sign_in(att_c.SignIn("bb", datetime(2026, 9, 28, 14, 1, tzinfo=CENTRE_TZ),
                                          "签到机故障"),
                             deps, who("duty", Role.SUPERVISOR, department=None))
    assert await attendance.find_absent_without_leave(deps, MONDAY, Half.AFTERNOON) == 1  # a
    month = {m.staff_id: m for m in await attendance.monthly_attendance(deps, "civil",
                                                                        "2026-09")}
    assert (month["aa"].half_days_signed, month["aa"].half_days_absent) == (1, 1)
    assert (month["bb"].half_days_signed, month["bb"].half_days_absent) == (1, 1)
    assert (month["cc"].leave_days, month["cc"].half_days_absent) == (1, 0)
