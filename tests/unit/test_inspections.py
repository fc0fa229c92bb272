"""Weekly inspections (值周, 001 值周制度): the week starts on Monday, checks inside it, every
finding names its window and checklist item, a referral names the breach (and, to
accountability, the people), the hand-over comes on Friday and only after a full check.
Pure."""

from datetime import date, datetime
from types import SimpleNamespace

import pytest

from services.kit.clock import CENTRE_TZ
from services.kit.domain import InputError
from services.oversight.inspections.domain import InspectionError, InspectionWeek, WeekStatus
from services.oversight.roll.domain import Roll, RollMember

MONDAY = date(2026, 12, 7)
AT = datetime(2026, 12, 8, 10, tzinfo=CENTRE_TZ)
# the staff roll as the directory announced it: two of the centre's deputy directors, its
# director, window staff of civil affairs and of housing
ROLL = Roll({m.id: m for m in [
    RollMember.announced("deputy-1", "centre", "deputy_leader", AT),
    RollMember.announced("deputy-2", "centre", "deputy_leader", AT),
    RollMember.announced("director", "centre", "main_leader", AT),
    RollMember.announced("m-1", "civil", "staff", AT),
    RollMember.announced("m-2", "housing", "section_head", AT),
    RollMember.announced("clerk-1", "civil", "staff", AT),
    RollMember.announced("civil-head", "civil", "deputy_leader", AT)]}, "centre")


def finding(**kw):
    base = {"department": "civil", "window": "W1", "item": "badge", "note": "未佩证上岗",
            "evidence": "照片 3 张", "people": ["clerk-1"], "referral": "none", "breach": None}
    return SimpleNamespace(**{**base, **kw})


def test_a_week_is_opened_on_monday_and_checks_stay_inside_it():
    with pytest.raises(InputError) as err:
        InspectionWeek.open(date(2026, 12, 8), "deputy-1", [], "eff-1", ROLL)
    assert err.value.code == "NOT_MONDAY"
    week = InspectionWeek.open(MONDAY, "deputy-1", ["m-1", "m-2", "m-1"], "eff-1", ROLL)
    assert week.member_ids == ("m-1", "m-2")
    with pytest.raises(InputError) as err:
        week.record_check("spot", date(2026, 12, 14), ["civil/W1"], [], "eff-1", AT, ROLL)
    assert err.value.code == "NOT_THIS_WEEK"
    with pytest.raises(InputError) as err:
        week.record_check("spot", MONDAY, [], [], "eff-1", AT, ROLL)
    assert err.value.code == "REQUIRED"


def test_findings_referred_on_name_the_breach_and_the_people():
    week = InspectionWeek.open(MONDAY, "deputy-1", ["m-1"], "eff-1", ROLL)
    with pytest.raises(InputError) as err:
        week.record_check("full", MONDAY, ["civil/W1"], [finding(referral="supervision")],
                          "eff-1", AT, ROLL)
    assert (err.value.field, err.value.code) == ("findings[0].breach", "REQUIRED")
    with pytest.raises(InputError) as err:
        week.record_check("full", MONDAY, ["civil/W1"], [finding(
            referral="accountability", breach="left_post", people=[])], "eff-1", AT, ROLL)
    assert err.value.field == "findings[0].people"
    assert week.checks == () and week.events[-1].event_type == "inspection_week.opened"
    made = week.record_check("full", MONDAY, ["civil/W1", "civil/W2"], [
        finding(), finding(item="hygiene", note="台面杂乱", people=[], window="W2"),
        finding(referral="accountability", breach="left_post", note="上班时间离岗 40 分钟")],
        "eff-1", AT, ROLL)
    assert [f.id for f in made] == ["2026-12-07:1", "2026-12-07:2", "2026-12-07:3"]
    recorded = [e for e in week.events if e.event_type == "inspection.finding_recorded"]
    assert [e.referral for e in recorded] == ["none", "none", "accountability"]
    assert recorded[0].summary == "值周全面检查：佩证上岗——未佩证上岗"


def test_the_week_is_handed_over_on_friday_after_a_full_check():
    week = InspectionWeek.open(MONDAY, "deputy-1", [], "eff-1", ROLL)
    week.record_check("spot", MONDAY, ["civil/W1"], [], "eff-1", AT, ROLL)
    friday = date(2026, 12, 11)
    with pytest.raises(InspectionError) as err:
        week.hand_over("deputy-2", "交接完毕", date(2026, 12, 10), ROLL)
    assert err.value.code == "NOT_FRIDAY"
    with pytest.raises(InspectionError) as err:
        week.hand_over("deputy-2", "交接完毕", friday, ROLL)
    assert err.value.code == "NO_FULL_CHECK"
    week.record_check("full", friday, ["civil/W1"], [], "eff-1", AT, ROLL)
    week.hand_over("deputy-2", "本周情况已在周例会通报", friday, ROLL)
    assert (week.status, week.events[-1].full_checks, week.events[-1].spot_checks) == (
        WeekStatus.HANDED_OVER, 1, 1)
    with pytest.raises(InspectionError) as err:
        week.record_check("spot", friday, ["civil/W1"], [], "eff-1", AT, ROLL)
    assert err.value.code == "WEEK_CLOSED"


def test_the_week_is_led_by_a_deputy_director_of_the_centre_with_window_staff():
    """值周由一名中心副主任带队，各视窗单位轮流派员参加: checked against the staff roll."""
    for leader, wanted in [("nobody", "UNKNOWN_STAFF"), ("director", "NOT_DEPUTY_DIRECTOR"),
                           ("civil-head", "NOT_DEPUTY_DIRECTOR"), ("m-1", "NOT_DEPUTY_DIRECTOR")]:
        with pytest.raises(InputError) as err:
            InspectionWeek.open(MONDAY, leader, ["m-1"], "eff-1", ROLL)
        assert (err.value.field, err.value.code) == ("leaderId", wanted)
    for members, wanted in [(["m-1", "nobody"], "UNKNOWN_STAFF"),
                            (["m-1", "deputy-2"], "NOT_WINDOW_STAFF"),
                            (["deputy-1"], "NOT_WINDOW_STAFF")]:
        with pytest.raises(InputError) as err:
            InspectionWeek.open(MONDAY, "deputy-1", members, "eff-1", ROLL)
        assert (err.value.field, err.value.code) == ("memberIds", wanted)
    week = InspectionWeek.open(MONDAY, "deputy-1", ["m-1", "m-2"], "eff-1", ROLL)
    # the people a finding names work in the finding's department
    with pytest.raises(InputError) as err:
        week.record_check("full", MONDAY, ["civil/W1"], [finding(people=["m-2"])], "eff-1",
                          AT, ROLL)
    assert (err.value.field, err.value.code) == ("findings[0].people", "NOT_OF_DEPARTMENT")
    assert week.checks == ()
    week.record_check("full", date(2026, 12, 11), ["civil/W1"], [], "eff-1", AT, ROLL)
    # the week goes to another deputy director
    with pytest.raises(InputError) as err:
        week.hand_over("m-2", "交接", date(2026, 12, 11), ROLL)
    assert (err.value.field, err.value.code) == ("toLeaderId", "NOT_DEPUTY_DIRECTOR")
    week.hand_over("deputy-2", "交接", date(2026, 12, 11), ROLL)
    assert week.handed_over_to == "deputy-2"


def test_the_roll_keeps_the_newest_announcement():
    member = RollMember.announced("m-1", "civil", "staff", AT)
    later = datetime(2026, 12, 9, 10, tzinfo=CENTRE_TZ)
    assert member.reannounced("centre", "deputy_leader", later)
    # the earlier announcement redelivered, or the same one again, changes nothing
    assert not member.reannounced("civil", "staff", AT)
    assert not member.reannounced("civil", "staff", later.replace(microsecond=400))
    assert (member.department, member.position.value) == ("centre", "deputy_leader")
    # a post this version does not know leads nothing
    assert RollMember.announced("x", "centre", "chairman", AT).position.value == "staff"
