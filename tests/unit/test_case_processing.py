"""The review chain (承办 → 审核 → 批准, 000 责任追究 §4), denial escalation (否定报备 §1-5),
decision, hand-over, delivery, completion and withdrawal of a case. Pure: no I/O."""

from datetime import date, timedelta

import pytest

from services.intake.cases.domain import Actor, CaseStateError, CaseStatus, NoticeKind
from services.intake.review.staffing import Roster
from services.intake.delivery.domain import DeliveryInput
from services.intake.directory.domain import Position
from services.intake.review.domain import (
    Awaiting, OpinionInput, Reviewer, ReviewRole, Verdict,
)
from services.kit.domain import InputError
from tests.unit.test_intake_domain import NOW, STAFF, TODAY, handed, receive

S, HEAD, DEPUTY, LEADER = (Position.STAFF, Position.SECTION_HEAD, Position.DEPUTY_LEADER,
                           Position.MAIN_LEADER)
VIEW = Roster({S: ("s-1", "s-2"), HEAD: ("head",), DEPUTY: ("deputy",),
                LEADER: ("leader",)}, HEAD)
APPROVE = OpinionInput(Verdict.APPROVE, (), None)
DENY = OpinionInput(Verdict.DENY, ("不符合条件",), "《食品经营许可管理办法》第十条")


def who(staff_id: str, position: Position = S, decides: bool = False,
        acting_for: str | None = None) -> Reviewer:
    return Reviewer(staff_id, staff_id, "market", position, decides, acting_for)


def accepted(**item_kw):
    case = receive(handed("申请书", "身份证", "场所平面图"), **item_kw)
    level = Position(item_kw.get("decision_level", "section_head"))
    case.accept(NOW, TODAY, STAFF, TODAY + timedelta(days=14),
                roster=Roster(VIEW.holders, level))
    case.events.clear()
    return case


def opine(case, reviewer: Reviewer, opinion=APPROVE, view=VIEW):
    case.record_opinion(reviewer, opinion, NOW, TODAY, view, Actor(reviewer.id, reviewer.id))


def types(case) -> list[str]:
    return [e.event_type for e in case.events]


def test_handler_reviewer_approver_then_the_result():
    case = accepted()
    assert (case.review.awaiting, case.addressed_to) == (Awaiting.HANDLER, ("s-1",))
    opine(case, who("s-1"))
    assert (case.review.awaiting, case.addressed_to) == (Awaiting.REVIEWER, ("head",))
    opine(case, who("head", HEAD, decides=True))
    assert case.review.awaiting is Awaiting.APPROVER
    # the one section head gave the reviewer's opinion already: the next post up decides
    assert case.addressed_to == ("deputy",)
    opine(case, who("deputy", DEPUTY, decides=True))
    assert case.status is CaseStatus.DECIDED and case.approved
    assert [o.role for o in case.review.opinions] == [
        ReviewRole.HANDLER, ReviewRole.REVIEWER, ReviewRole.APPROVER]
    assert case.notices[-1].kind is NoticeKind.RESULT
    assert case.notices[-1].number.endswith("-JG1")
    assert types(case) == ["opinion.recorded"] * 3 + ["case.decided"]
    decided = case.events[-1]
    assert (decided.verdict, decided.decided_by) == ("approved", "deputy")
    assert [o["role"] for o in decided.opinions] == ["handler", "reviewer", "approver"]


def test_each_step_needs_its_authority_and_nothing_changes_on_refusal():
    case = accepted()
    before = (case.review, case.addressed_to, list(case.events))
    for reviewer, code in [(who("s-2"), "NOT_HANDLER"), (who("head", HEAD), "NOT_HANDLER")]:
        with pytest.raises(CaseStateError) as err:
            opine(case, reviewer)
        assert err.value.code == code
    assert (case.review, case.addressed_to, list(case.events)) == before
    opine(case, who("s-1"))
    with pytest.raises(CaseStateError) as err:
        opine(case, who("s-2"))
    assert err.value.code == "NOT_REVIEWER"
    opine(case, who("head", HEAD))
    with pytest.raises(CaseStateError) as err:
        opine(case, who("head", HEAD, decides=True))
    assert err.value.code == "SAME_PERSON"
    with pytest.raises(CaseStateError) as err:
        opine(case, who("other-head", HEAD, decides=False))
    assert err.value.code == "NO_DECISION_AUTHORITY"


def test_a_denial_climbs_section_head_deputy_main_leader_until_one_decides():
    case = accepted(decision_level="main_leader")
    opine(case, who("s-1"), DENY)
    assert (case.review.awaiting, case.review.level) == (Awaiting.ESCALATION, HEAD)
    assert case.addressed_to == ("head",)
    with pytest.raises(CaseStateError) as err:
        opine(case, who("deputy", DEPUTY))
    assert err.value.code == "NOT_ESCALATION_LEVEL"
    opine(case, who("head", HEAD), DENY)  # agrees, but has no authority: up it goes
    assert (case.review.level, case.addressed_to) == (DEPUTY, ("deputy",))
    opine(case, who("deputy", DEPUTY), APPROVE)  # disagrees, no authority either
    assert case.review.level is LEADER
    opine(case, who("leader", LEADER), DENY)
    assert case.status is CaseStatus.DECIDED and case.approved is False
    assert [e.to_level for e in case.events if e.event_type == "denial.escalated"] == [
        "section_head", "deputy_leader", "main_leader"]
    decided = case.events[-1]
    assert decided.verdict == "denied" and decided.document_number.endswith("-BX1")
    # every opinion is kept; the deputy's approval was overruled
    assert [(o["staff_id"], o["overruled"]) for o in decided.opinions] == [
        ("s-1", False), ("head", False), ("deputy", True), ("leader", False)]
    notice = case.notices[-1]
    assert notice.kind is NoticeKind.DENIAL_DECISION and notice.legal_basis == DENY.legal_basis


def test_a_level_with_decision_authority_decides_on_the_way_up():
    case = accepted()  # section heads decide this item
    opine(case, who("s-1"), DENY)
    opine(case, who("head", HEAD, decides=True), APPROVE)  # overrules the handler (§4)
    assert case.status is CaseStatus.DECIDED and case.approved


def test_a_disagreement_with_the_applicant_or_between_steps_climbs_too():
    case = accepted()
    opine(case, who("s-1"), OpinionInput(Verdict.APPROVE, (), None, applicant_disagrees=True))
    assert case.review.awaiting is Awaiting.ESCALATION
    assert case.events[-1].because == "applicant_disagreement"
    other = accepted()
    opine(other, who("s-1"))
    opine(other, who("head", HEAD), DENY)  # the reviewer disagrees and cannot decide
    assert (other.review.awaiting, other.review.level) == (Awaiting.ESCALATION, DEPUTY)


def test_a_level_nobody_holds_is_passed_over():
    view = Roster({S: ("s-1",), HEAD: ("head",), LEADER: ("leader",)}, LEADER)
    case = accepted(decision_level="main_leader")
    opine(case, who("s-1"), DENY, view)
    opine(case, who("head", HEAD), DENY, view)
    assert (case.review.level, case.addressed_to) == (LEADER, ("leader",))


def test_accept_and_approve_makes_the_acceptor_the_reviewer():
    case = accepted(review_chain="accept_and_approve")
    assert case.review.awaiting is Awaiting.APPROVER
    assert case.review.opinions[0].staff_id == STAFF.id
    opine(case, who("head", HEAD, decides=True))
    assert case.approved


def test_a_denial_needs_reasons_and_legal_basis():
    with pytest.raises(InputError) as err:
        OpinionInput.validate("deny", [], "依据", False)
    assert err.value.code == "REASONS_REQUIRED"
    with pytest.raises(InputError) as err:
        OpinionInput.validate("deny", ["理由"], " ", False)
    assert err.value.code == "LEGAL_BASIS_REQUIRED"


def test_b_acts_with_a_authority_and_is_recorded_as_such():
    case = accepted()
    opine(case, who("s-2", acting_for="s-1"))
    assert case.review.opinions[-1].acting_for == "s-1"


def test_an_immediate_case_accepted_earlier_is_decided_on_the_spot_later():
    case = receive(handed("申请书", "身份证", "场所平面图"), case_kind="immediate")
    case.accept(NOW, TODAY, STAFF, TODAY)
    case.decide_on_the_spot(NOW, TODAY + timedelta(days=1), STAFF)
    assert case.status is CaseStatus.COMPLETED
    assert types(case)[-4:] == ["opinion.recorded", "case.decided", "case.delivered",
                                "case.completed"]


def test_delivery_at_the_window_completes_mailing_completes_on_delivery():
    case = accepted(review_chain="accept_and_approve")
    with pytest.raises(CaseStateError) as err:
        case.deliver(DeliveryInput.validate("window", None, "phone", None, None, None), NOW,
                     TODAY, "s-1")
    assert err.value.code == "CASE_WRONG_STATE"  # not decided yet
    opine(case, who("head", HEAD, decides=True))
    case.deliver(DeliveryInput.validate("mail", None, None, "北京市东城区…", "EMS",
                                        "EA123456789CN"), NOW, TODAY, "s-1")
    assert case.status is CaseStatus.DELIVERING and types(case)[-1] == "case.result_mailed"
    with pytest.raises(InputError) as err:
        case.record_delivery(TODAY - timedelta(days=1), NOW, TODAY, "s-1")
    assert err.value.code == "BEFORE_MAILING"
    later = TODAY + timedelta(days=2)
    case.record_delivery(later, NOW + timedelta(days=3), later, "s-1")
    assert (case.status, case.completed_on) == (CaseStatus.COMPLETED, later)
    completed = case.events[-1]
    assert (completed.event_type, completed.completed_on, completed.applicant_delay) == (
        "case.completed", later, False)


def test_mailing_needs_address_carrier_and_tracking_number():
    with pytest.raises(InputError) as err:
        DeliveryInput.validate("mail", None, None, "地址", "EMS", "!")
    assert err.value.code == "INVALID_FORMAT"
    with pytest.raises(InputError) as err:
        DeliveryInput.validate("window", None, None, None, None, None)
    assert err.value.field == "notifiedVia"


def test_hand_over_registers_the_step_and_the_new_handler_proposes():
    case = accepted()
    case.hand_over("s-2", "market", 3, "请核查场地", NOW, TODAY, "s-1")
    handed_over = case.events[-1]
    assert (handed_over.event_type, handed_over.step, handed_over.limit,
            handed_over.registered_on) == ("case.handed_over", "handover-1", 3, TODAY)
    assert case.addressed_to == ("s-2",)
    with pytest.raises(CaseStateError):
        opine(case, who("s-1"))
    opine(case, who("s-2"))
    assert types(case)[-2:] == ["opinion.recorded", "case.step_completed"]
    with pytest.raises(CaseStateError) as err:
        case.hand_over("s-1", "market", 3, None, NOW, TODAY, "s-2")
    assert err.value.code == "NOT_AT_HANDLER_STEP"


def test_withdrawal_closes_without_a_decision_and_cancels_a_running_clock():
    case = accepted()
    case.withdraw("申请人书面申请撤回", NOW, TODAY, "s-1")
    assert case.status is CaseStatus.WITHDRAWN
    assert types(case) == ["case.withdrawn", "case.cancelled"]
    unaccepted = receive(handed("申请书"))
    unaccepted.withdraw("不再申请", NOW, TODAY, "s-1")
    assert [e.event_type for e in unaccepted.events][-1] == "case.withdrawn"
    with pytest.raises(CaseStateError):
        unaccepted.withdraw("again", NOW, TODAY, "s-1")
    assert not unaccepted.deem_accepted(NOW, date(2026, 10, 9), None)


def test_a_supplement_case_is_not_approved_while_materials_are_owed():
    case = receive(handed("申请书", "身份证"))
    case.accept_with_materials_owed(NOW, TODAY, STAFF, TODAY + timedelta(days=5))
    opine(case, who("s-1"))
    opine(case, who("head", HEAD))
    with pytest.raises(CaseStateError) as err:
        opine(case, who("deputy", DEPUTY, decides=True))
    assert err.value.code == "MATERIALS_OWED"
