"""The audit trail through the gateway: who changed a case and when, by case, by staff member
and by day, for the monitoring office only, naming events, never the applicant."""

import json
import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.support import (
    create_item, error_codes, eventually, gql, log_records, submit_and_accept, token,
)

pytestmark = pytest.mark.e2e
TRAIL = """query($c: ID, $s: String, $d: Date) { auditTrail(caseId: $c, staffId: $s, day: $d) {
  at actor kind recordId version events } }"""


def _clock_starts_handled_by_intake(stack) -> int:
    return sum(1 for r in log_records(stack, "intake") if r.get("message") == "event handled"
               and r.get("event_type") == "clock.started" and r.get("group") == "intake")


def test_who_changed_a_case_and_when(stack):
    department = f"dept-{uuid.uuid4().hex[:6]}"
    before = _clock_starts_handled_by_intake(stack)
    case_id = submit_and_accept(stack, create_item(stack, department))
    supervisor = token(stack, "supervisor")
    # both clocks' starts reached intake (the acceptance decision's, the case's) ...
    eventually(lambda: _clock_starts_handled_by_intake(stack) >= before + 2,
               what="clock.started handled by intake")
    trail = gql(stack.gateway_url, TRAIL, {"c": case_id}, supervisor)["data"]["auditTrail"]
    # ... and the case was stored twice, received and accepted: the clock's due date is the
    # one the acceptance notice printed, so nobody stores it again
    assert [(e["version"], e["actor"], e["events"][:1]) for e in trail] == [
        (1, "staff-1", ["application.received"]), (2, "staff-1", ["case.accepted"])]
    assert "张三" not in json.dumps(trail, ensure_ascii=False)
    number = gql(stack.gateway_url, "query($id: ID!) { case(id: $id) { caseNumber } }",
                 {"id": case_id}, supervisor)["data"]["case"]["caseNumber"]
    by_number = gql(stack.gateway_url, TRAIL, {"c": number}, supervisor)["data"]["auditTrail"]
    assert [e["version"] for e in by_number][:2] == [1, 2]  # the printed number finds it too
    # by person and by day: indexed when the relay settles what it published (within about a
    # second, kit.outbox)
    eventually(lambda: case_id in {e["recordId"] for e in gql(
        stack.gateway_url, TRAIL, {"s": "staff-1"}, supervisor)["data"]["auditTrail"]},
        what="the case in staff-1's trail")
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()
    eventually(lambda: case_id in {e["recordId"] for e in gql(
        stack.gateway_url, TRAIL, {"d": today}, supervisor)["data"]["auditTrail"]},
        what="the case in today's trail")
    assert error_codes(gql(stack.gateway_url, TRAIL, {"c": case_id},
                           token(stack, "window_staff", department=department))) == [
        "FORBIDDEN"]
    both = gql(stack.gateway_url, TRAIL, {"c": case_id, "s": "staff-1"}, supervisor)
    assert error_codes(both) == ["ONE_CRITERION"]


OVERSIGHT_TRAIL = """query($r: String, $s: String) { oversightAuditTrail(recordId: $r,
  staffId: $s) { actor kind recordId version events } }"""
DEADLINES_TRAIL = """query($r: String) { deadlinesAuditTrail(recordId: $r) {
  actor kind recordId version events } }"""


def test_who_handled_a_complaint_and_what_its_clock_did(stack):
    """Oversight's and the deadlines service's records have their trails too."""
    from tests.e2e.test_complaints import REGISTER, act
    from tests.support import eventually

    officer = token(stack, "efficiency_officer", subject="eff-audit")
    registered = gql(stack.gateway_url, REGISTER, {"i": {
        "channel": "PHONE", "subjectKind": "STAFF", "subjectRef": "w-01",
        "subjectDepartment": f"dept-{uuid.uuid4().hex[:6]}", "category": "RUDE_CONDUCT",
        "description": "态度粗暴", "complainantName": "张三",
        "complainantContact": "13800000000"}}, officer)["data"]["registerComplaint"]
    number, cid = registered["complaint"]["number"], registered["complaint"]["id"]
    act(stack, officer, "($id: ID!) { decideComplaint(id: $id, accept: true)",
        {"id": cid})
    supervisor = token(stack, "supervisor")
    trail = gql(stack.gateway_url, OVERSIGHT_TRAIL, {"r": number}, supervisor)["data"][
        "oversightAuditTrail"]
    assert [(e["kind"], e["recordId"], e["version"], e["actor"]) for e in trail] == [
        ("complaints", cid, 1, "eff-audit"), ("complaints", cid, 2, "eff-audit")]
    assert trail[0]["events"][0] == "complaint.received"
    assert "张三" not in json.dumps(trail, ensure_ascii=False)
    eventually(lambda: [e["version"] for e in gql(
        stack.gateway_url, OVERSIGHT_TRAIL, {"s": "eff-audit"}, supervisor)["data"][
        "oversightAuditTrail"]] == [2, 1], what="eff-audit's trail, newest first")

    clock_id = eventually(lambda: gql(stack.gateway_url, """query($id: ID!) {
        clock(kind: COMPLAINT_HANDLING, subjectId: $id) { id } }""", {"id": cid}, officer
    )["data"]["clock"], what="the complaint's clock")["id"]
    clock_trail = gql(stack.gateway_url, DEADLINES_TRAIL, {"r": clock_id}, supervisor)["data"][
        "deadlinesAuditTrail"]
    assert clock_trail[0]["kind"] == "clocks" and clock_trail[0]["version"] == 1
    assert clock_trail[0]["events"][0] == "clock.started"
    for query in (OVERSIGHT_TRAIL, DEADLINES_TRAIL):
        assert error_codes(gql(stack.gateway_url, query, {"r": number},
                               token(stack, "department_head", department="x"))) == [
            "FORBIDDEN"]
        assert error_codes(gql(stack.gateway_url, query, {}, supervisor)) == ["ONE_CRITERION"]
