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

MONDAY = date(2026, 12, 7)
AT = datetime(2026, 12, 8, 10, tzinfo=CENTRE_TZ)


def finding(**kw):
    base = {"department": "civil", "window": "W1", "item": "badge", "note": "未佩证上岗",
            "evidence": "照片 3 张", "people": ["clerk-1"], "referral": "none", "breach": None}
    return SimpleNamespace(**{**base, **kw})


def test_a_week_is_opened_on_monday_and_checks_stay_inside_it():
    with pytest.raises(InputError) as err:
        InspectionWeek.open(date(2026, 12, 8), "deputy-1", [], "eff-1")
    assert err.value.code == "NOT_MONDAY"
    week = InspectionWeek.open(MONDAY, "deputy-1", ["m-1", "m-2", "m-1"], "eff-1")
    assert week.member_ids == ("m-1", "m-2")
    with pytest.raises(InputError) as err:
        week.record_check("spot", date(2026, 12, 14), ["civil/W1"], [], "eff-1", AT)
    assert err.value.code == "NOT_THIS_WEEK"
    with pytest.raises(InputError) as err:
        week.record_check("spot", MONDAY, [], [], "eff-1", AT)
    assert err.value.code == "REQUIRED"


def test_findings_referred_on_name_the_breach_and_the_people():
    week = InspectionWeek.open(MONDAY, "deputy-1", ["m-1"], "eff-1")
    with pytest.raises(InputError) as err:
        week.record_check("full", MONDAY, ["civil/W1"], [finding(referral="supervision")],
                          "eff-1", AT)
    assert (err.value.field, err.value.code) == ("findings[0].breach", "REQUIRED")
    with pytest.raises(InputError) as err:
        week.record_check("full", MONDAY, ["civil/W1"], [finding(
            referral="accountability", breach="left_post", people=[])], "eff-1", AT)
    assert err.value.field == "findings[0].people"
    assert week.checks == () and week.events[-1].event_type == "inspection_week.opened"
    made = week.record_check("full", MONDAY, ["civil/W1", "civil/W2"], [
        finding(), finding(item="hygiene", note="台面杂乱", people=[], window="W2"),
        finding(referral="accountability", breach="left_post", note="上班时间离岗 40 分钟")],
        "eff-1", AT)
    assert [f.id for f in made] == ["2026-12-07:1", "2026-12-07:2", "2026-12-07:3"]
    recorded = [e for e in week.events if e.event_type == "inspection.finding_recorded"]
    assert [e.referral for e in recorded] == ["none", "none", "accountability"]
    assert recorded[0].summary == "值周全面检查：佩证上岗——未佩证上岗"


def test_the_week_is_handed_over_on_friday_after_a_full_check():
    week = InspectionWeek.open(MONDAY, "deputy-1", [], "eff-1")
    week.record_check("spot", MONDAY, ["civil/W1"], [], "eff-1", AT)
    friday = date(2026, 12, 11)
    with pytest.raises(InspectionError) as err:
        week.hand_over("deputy-2", "交接完毕", date(2026, 12, 10))
    assert err.value.code == "NOT_FRIDAY"
    with pytest.raises(InspectionError) as err:
        week.hand_over("deputy-2", "交接完毕", friday)
    assert err.value.code == "NO_FULL_CHECK"
    week.record_check("full", friday, ["civil/W1"], [], "eff-1", AT)
    week.hand_over("deputy-2", "本周情况已在周例会通报", friday)
    assert (week.status, week.events[-1].full_checks, week.events[-1].spot_checks) == (
        WeekStatus.HANDED_OVER, 1, 1)
    with pytest.raises(InspectionError) as err:
        week.record_check("spot", friday, ["civil/W1"], [], "eff-1", AT)
    assert err.value.code == "WEEK_CLOSED"
