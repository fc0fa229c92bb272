"""Every case number names one case or is void: a number drawn by a writer that was killed
before storing its case (simulated by leaving exactly what it leaves: the number's claim) is
found by intake's sweep, voided with its reason, announced, and shown to the monitoring office
through the gateway. bench.faults does the same with real kills at scale."""

import asyncio
import uuid
from datetime import datetime

import pytest

from tests.support import (
    SUBMIT, applicant, create_item, database, eventually, gql, listening, set_clock, token,
)

pytestmark = pytest.mark.e2e
VOIDED = """query($d: Date!, $dep: String) { voidedCaseNumbers(day: $d, department: $dep) {
    number day department reason reasonText } }"""
TRAIL = """query($c: ID) { auditTrail(caseId: $c) { actor version events } }"""
# A day after every other test's clock: the sweep goes forward through the days, as time does.
DAY = "2027-06-01"


async def test_a_number_left_by_a_killed_writer_is_voided_and_accounted_for(stack):
    department = f"dept-{uuid.uuid4().hex[:6]}"
    set_clock(stack, f"{DAY}T09:00:00+08:00")
    item = create_item(stack, department)
    staff = token(stack, "window_staff", department=department)

    def submit() -> str:
        return gql(stack.gateway_url, SUBMIT, {"input": {
            "serviceItemId": item["id"], "applicant": applicant()}}, staff
        )["data"]["submitApplication"]["case"]["caseNumber"]

    first = submit()
    numbers = database(stack, "intake")["case_numbers"]
    lost = f"{first[:-5]}{int(first[-5:]) + 1:05d}"
    lost_case = f"lost-{uuid.uuid4().hex[:8]}"
    numbers.insert_one({"_id": lost, "owner": lost_case, "department": department,
                        "at": datetime.fromisoformat(f"{DAY}T09:00:01+08:00")})
    after = submit()
    assert after > lost

    supervisor = token(stack, "supervisor")
    async with listening(stack, "case_number.voided") as wait_for:
        set_clock(stack, f"{DAY}T09:30:00+08:00")  # the grace period (10 minutes) is over
        event = await wait_for(lost_case)
    assert event["data"]["case_number"] == lost
    assert event["data"]["reason"] == "NEVER_STORED"

    voids = await asyncio.to_thread(eventually, lambda: gql(
        stack.gateway_url, VOIDED, {"d": DAY, "dep": department}, supervisor
    )["data"]["voidedCaseNumbers"], 30, what="the void register")
    assert voids == [{"number": lost, "day": DAY, "department": department,
                      "reason": "NEVER_STORED", "reasonText": voids[0]["reasonText"]}]
    assert "作废" in voids[0]["reasonText"]
    # the department head sees their department's; another department's head sees none
    head = token(stack, "department_head", department=department)
    other = token(stack, "department_head", department="dept-other")
    assert gql(stack.gateway_url, VOIDED, {"d": DAY}, head)["data"]["voidedCaseNumbers"] == voids
    assert gql(stack.gateway_url, VOIDED, {"d": DAY}, other)["data"]["voidedCaseNumbers"] == []
    refused = gql(stack.gateway_url, VOIDED, {"d": DAY}, staff)
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    # the audit trail names who voided it; the stored cases around it were left alone
    trail = gql(stack.gateway_url, TRAIL, {"c": lost}, supervisor)["data"]["auditTrail"]
    assert trail == [{"actor": "system:number-sweep", "version": 1,
                      "events": ["case_number.voided"]}]
    for number in (first, after):
        (entry, *_) = gql(stack.gateway_url, TRAIL, {"c": number}, supervisor
                          )["data"]["auditTrail"]
        assert entry["events"] == ["application.received"]
