"""Electronic supervision through the gateway: a case the window let run past its due date
becomes a supervision case with its evidence; the office verifies it (never a case naming
itself); the department head sees their department's only."""

import uuid

import pytest

from tests.support import (
    create_item, error_codes, eventually, gql, set_clock, submit_and_accept, token,
)

pytestmark = pytest.mark.e2e
CASES = """query($d: String) { supervisionCases(department: $d) { edges { node {
  id trigger breach caseNumber people status evidence { eventType summary } } } } }"""
DECIDE = """mutation($id: ID!, $v: Boolean!) { decideSupervisionCase(id: $id, verify: $v,
  reasons: "逾期无正当理由") { __typename ... on SupervisionCaseSaved { supervisionCase {
  status decidedBy } } ... on StateConflict { code } } }"""


def test_an_overdue_case_becomes_a_supervision_case_the_office_verifies(stack):
    set_clock(stack, "2026-11-23T09:00:00+08:00")  # Monday; 2 working days: due Wed 25
    department = f"dept-{uuid.uuid4().hex[:6]}"
    case_id = submit_and_accept(stack, create_item(stack, department, committed=2))
    supervisor = token(stack, "supervisor", subject="sup-1")
    set_clock(stack, "2026-11-25T09:00:00+08:00")  # the yellow card's day
    warnings = "query($d: String) { warnings(department: $d) { subjectId workingDaysLeft } }"
    eventually(lambda: gql(stack.gateway_url, warnings, {"d": department}, supervisor)[
        "data"]["warnings"] == [{"subjectId": case_id, "workingDaysLeft": 0}],
        what="the yellow card listed as a warning")
    set_clock(stack, "2026-11-26T09:00:00+08:00")  # overdue
    edges = eventually(lambda: gql(stack.gateway_url, CASES, {"d": department}, supervisor)[
        "data"]["supervisionCases"]["edges"], what="a supervision case opened")
    case = edges[0]["node"]
    assert (case["trigger"], case["breach"], case["people"], case["status"]) == (
        "RED_CARD", "OVERDUE", ["staff-1"], "OPEN")
    assert case["evidence"][0]["eventType"] == "clock.red_card"

    head = token(stack, "department_head", department="elsewhere")
    assert gql(stack.gateway_url, CASES, {"d": department}, head)["data"][
        "supervisionCases"]["edges"] == []
    own = token(stack, "supervisor", subject="staff-1")  # names themselves
    assert gql(stack.gateway_url, DECIDE, {"id": case["id"], "v": True}, own)["data"][
        "decideSupervisionCase"]["code"] == "OWN_CASE"
    assert error_codes(gql(stack.gateway_url, DECIDE, {"id": case["id"], "v": True},
                           token(stack, "window_staff", department=department))) == [
        "FORBIDDEN"]
    verified = gql(stack.gateway_url, DECIDE, {"id": case["id"], "v": True}, supervisor)[
        "data"]["decideSupervisionCase"]["supervisionCase"]
    assert verified == {"status": "VERIFIED", "decidedBy": "sup-1"}
