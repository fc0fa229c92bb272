"""The ten rules of 000 责任追究制 §7 and §4-8 around them, one test each; 002's chain for
conduct. Pure."""

import pytest

from services.kit.domain import InputError
from services.oversight.accountability.allocation import (
    AllocationError, ChainOpinion, Fault, Responsibility, Role, allocate,
)

H, R, A = "handler-1", "reviewer-1", "approver-1"


def chain(h: str | None, r: str | None, a: str | None) -> list[ChainOpinion]:
    return [ChainOpinion(role, who, verdict) for role, who, verdict in
            (("handler", H, h), ("reviewer", R, r), ("approver", A, a)) if verdict]


def who(allocation) -> list[tuple[str, str]]:
    return [(s.staff_id, s.responsibility.value) for s in allocation.shares]


def test_rule_1_handler_acted_without_review_or_approval():
    a = allocate(Fault.HANDLER_ACTED_ALONE, chain("approve", None, None))
    assert who(a) == [(H, "direct")] and "§7（一）" in a.rule


def test_rule_2_handler_did_not_implement_what_was_approved():
    a = allocate(Fault.NOT_AS_APPROVED, chain("approve", "approve", "approve"))
    assert who(a) == [(H, "direct")] and "§7（二）" in a.rule


def test_rule_3_handler_falsified():
    a = allocate(Fault.HANDLER_FALSIFIED, chain("approve", "approve", "approve"))
    assert who(a) == [(H, "direct")] and "§7（三）" in a.rule


def test_rule_4_a_wrong_proposal_nobody_corrected_is_shared_by_all_three():
    a = allocate(Fault.WRONG_OPINIONS, chain("approve", "approve", "approve"), "deny")
    assert who(a) == [(H, "direct"), (R, "supervisory"), (A, "supervisory")]
    assert "§7（四）" in a.rule


def test_rule_5_the_reviewer_changed_the_handlers_right_opinion():
    a = allocate(Fault.WRONG_OPINIONS, chain("deny", "approve", "approve"), "deny")
    assert who(a) == [(R, "supervisory"), (A, "supervisory")] and "§7（五）" in a.rule


def test_rule_6_the_reviewer_decided_without_the_approver():
    a = allocate(Fault.REVIEWER_DECIDED_ALONE, chain("approve", "approve", None))
    assert who(a) == [(R, "supervisory")] and "§7（六）" in a.rule


def test_rule_7_the_reviewer_falsified():
    a = allocate(Fault.REVIEWER_FALSIFIED, chain("approve", "approve", "approve"))
    assert who(a) == [(R, "supervisory")] and "§7（七）" in a.rule


def test_rule_8_the_reviewers_wrong_instruction_approved():
    a = allocate(Fault.REVIEWER_WRONG_INSTRUCTION, chain("approve", "approve", "approve"))
    assert who(a) == [(R, "supervisory"), (A, "supervisory")] and "§7（八）" in a.rule


def test_rule_9_the_approver_overruled_a_right_opinion():
    a = allocate(Fault.WRONG_OPINIONS, chain("approve", "deny", "approve"), "deny")
    assert who(a) == [(A, "supervisory")] and "§7（九）" in a.rule


def test_rule_10_the_approver_decided_without_handler_and_reviewer():
    a = allocate(Fault.WRONG_OPINIONS, chain(None, None, "approve"), "deny")
    assert who(a) == [(A, "supervisory")] and "§7（十）" in a.rule


def test_false_material_from_the_applicant_with_no_staff_fault_is_nobodys():
    a = allocate(Fault.APPLICANT_FALSE_MATERIAL, chain("approve", "approve", "approve"))
    assert a.shares == () and "§5" in a.rule


def test_the_site_inspector_carries_a_bad_inspection():
    a = allocate(Fault.SITE_INSPECTION, [], named={Role.SITE_INSPECTOR: "insp"})
    assert who(a) == [("insp", "direct")]
    with pytest.raises(InputError):
        allocate(Fault.SITE_INSPECTION, [])


def test_a_collective_decision_makes_the_leaders_reviewer_and_approver():
    a = allocate(Fault.COLLECTIVE_DECISION, [],
                 named={Role.REVIEWER: "deputy", Role.APPROVER: "leader"})
    assert [(s.staff_id, s.role) for s in a.shares] == [("deputy", Role.REVIEWER),
                                                        ("leader", Role.APPROVER)]
    assert "§8" in a.rule


def test_conduct_follows_the_chain_of_002_as_named():
    a = allocate(Fault.CONDUCT, [], named={Role.WINDOW_STAFF: "w", Role.CENTRE_SUPERVISOR: "s"})
    assert [(s.staff_id, s.responsibility) for s in a.shares] == [
        ("w", Responsibility.DIRECT), ("s", Responsibility.SUPERVISION)]


def test_a_right_decision_or_a_missing_role_allocates_nothing():
    with pytest.raises(AllocationError) as err:
        allocate(Fault.WRONG_OPINIONS, chain("deny", "deny", "deny"), "deny")
    assert err.value.code == "DECISION_RIGHT"
    with pytest.raises(AllocationError) as err:
        allocate(Fault.REVIEWER_FALSIFIED, chain("approve", None, "approve"))
    assert err.value.code == "ROLE_NOT_IN_CHAIN"
