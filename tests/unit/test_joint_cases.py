"""Joint cases (联办件): co-departments asked at acceptance, their written opinions, silence at
the meeting means agreement, the lead decides only with every opinion in. Pure."""

from datetime import timedelta

import pytest

from services.intake.cases.domain import CaseStateError, CaseStatus
from services.kit.domain import InputError
from tests.unit.test_case_processing import DEPUTY, HEAD, accepted, opine, types, who
from tests.unit.test_intake_domain import NOW, STAFF, TODAY, handed, receive

JOINT = {"case_kind": "joint", "co_departments": ["planning", "fire"]}


def joint_case():
    case = receive(handed("申请书", "身份证", "场所平面图"), **JOINT)
    case.accept(NOW, TODAY, STAFF, TODAY + timedelta(days=14))
    return case


def test_acceptance_asks_each_co_department_for_its_opinion():
    case = joint_case()
    asked = [e for e in case.events if e.event_type == "joint.opinion_requested"]
    assert [(e.department, e.lead_department, e.limit, e.notified_on) for e in asked] == [
        ("planning", "market", 5, TODAY), ("fire", "market", 5, TODAY)]
    assert case.joint.pending == ["planning", "fire"]
    assert accepted().joint is None  # an ordinary item asks nobody


def test_only_a_department_asked_gives_an_opinion_once():
    case = joint_case()
    with pytest.raises(CaseStateError) as err:
        case.give_joint_opinion("housing", True, "同意", TODAY, "h-1")
    assert err.value.code == "JOINT_NOT_ASKED"
    with pytest.raises(InputError):
        case.give_joint_opinion("planning", True, " ", TODAY, "p-1")
    case.give_joint_opinion("planning", False, "规划条件不符", TODAY, "p-1")
    given = case.events[-1]
    assert (given.event_type, given.department, given.agrees, given.deemed) == (
        "joint.opinion_given", "planning", False, False)
    with pytest.raises(CaseStateError) as err:
        case.give_joint_opinion("planning", True, "改为同意", TODAY, "p-1")
    assert err.value.code == "JOINT_OPINION_GIVEN"


def test_silent_at_the_meeting_means_agreeing():
    case = joint_case()
    case.give_joint_opinion("planning", True, "同意", TODAY, "p-1")
    later = TODAY + timedelta(days=8)
    with pytest.raises(InputError) as err:
        case.record_joint_meeting(later, ["market", "tax"], "纪要", later, "sup")
    assert err.value.code == "NOT_INVOLVED"
    meeting = case.record_joint_meeting(later, ["market"], "联审通过", later, "sup")
    assert meeting.deemed_agreeing == ("fire",)
    fire = case.joint.opinion_of("fire")
    assert (fire.agrees, fire.deemed) == (True, True)
    assert types(case)[-2:] == ["joint.meeting_recorded", "joint.opinion_given"]
    assert case.events[-1].deemed and case.joint.pending == []


def test_the_lead_decides_only_with_every_opinion_in_and_takes_none_after():
    case = joint_case()
    opine(case, who("s-1"))
    opine(case, who("head", HEAD, decides=True))  # the review runs alongside (并联审批)
    with pytest.raises(CaseStateError) as err:
        opine(case, who("deputy", DEPUTY, decides=True))
    assert err.value.code == "JOINT_OPINIONS_PENDING" and "planning" in err.value.message
    assert case.status is CaseStatus.ACCEPTED  # nothing changed
    case.give_joint_opinion("planning", True, "同意", TODAY, "p-1")
    case.give_joint_opinion("fire", True, "同意", TODAY, "f-1")
    opine(case, who("deputy", DEPUTY, decides=True))
    assert case.status is CaseStatus.DECIDED
    with pytest.raises(CaseStateError) as err:
        case.record_joint_meeting(TODAY, ["market"], "会后补记", TODAY, "sup")
    assert err.value.code == "JOINT_DECIDED"
