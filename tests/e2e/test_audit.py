"""The audit trail through the gateway: who changed a case and when, by case, by staff member
and by day, for the monitoring office only, naming events, never the applicant."""

import json
import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.support import create_item, error_codes, gql, submit_and_accept, token

pytestmark = pytest.mark.e2e
TRAIL = """query($c: ID, $s: String, $d: Date) { auditTrail(caseId: $c, staffId: $s, day: $d) {
  at actor kind recordId version events } }"""


def test_who_changed_a_case_and_when(stack):
    department = f"dept-{uuid.uuid4().hex[:6]}"
    case_id = submit_and_accept(stack, create_item(stack, department))
    supervisor = token(stack, "supervisor")
    trail = gql(stack.gateway_url, TRAIL, {"c": case_id}, supervisor)["data"]["auditTrail"]
    assert [(e["version"], e["actor"], e["events"][:1]) for e in trail[:2]] == [
        (1, "staff-1", ["application.received"]), (2, "staff-1", ["case.accepted"])]
    assert {e["actor"] for e in trail[2:]} <= {"deadlines"}  # the due date it was told
    assert "张三" not in json.dumps(trail, ensure_ascii=False)
    number = gql(stack.gateway_url, "query($id: ID!) { case(id: $id) { caseNumber } }",
                 {"id": case_id}, supervisor)["data"]["case"]["caseNumber"]
    by_number = gql(stack.gateway_url, TRAIL, {"c": number}, supervisor)["data"]["auditTrail"]
    assert [e["version"] for e in by_number][:2] == [1, 2]  # the printed number finds it too
    by_staff = gql(stack.gateway_url, TRAIL, {"s": "staff-1"}, supervisor)["data"]["auditTrail"]
    assert case_id in {e["recordId"] for e in by_staff}
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()
    by_day = gql(stack.gateway_url, TRAIL, {"d": today}, supervisor)["data"]["auditTrail"]
    assert case_id in {e["recordId"] for e in by_day}
    assert error_codes(gql(stack.gateway_url, TRAIL, {"c": case_id},
                           token(stack, "window_staff", department=department))) == [
        "FORBIDDEN"]
    both = gql(stack.gateway_url, TRAIL, {"c": case_id, "s": "staff-1"}, supervisor)
    assert error_codes(both) == ["ONE_CRITERION"]
