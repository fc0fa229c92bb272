"""An application left without a decision for five working days is deemed overdue, and
intake deems it accepted from the receipt day (行政许可法 §32)."""

import asyncio
import uuid

import pytest

from tests.support import (
    SUBMIT, applicant, create_item, database, eventually, gql, listening, set_clock, token,
)

pytestmark = pytest.mark.e2e


async def test_no_decision_within_five_working_days(stack):
    department = f"dept-{uuid.uuid4().hex[:6]}"
    set_clock(stack, "2026-11-02T09:00:00+08:00")  # received Monday
    item = create_item(stack, department)
    staff = token(stack, "window_staff", department=department)
    case_id = gql(stack.gateway_url, SUBMIT, {"input": {
        "serviceItemId": item["id"], "applicant": applicant()}}, staff
    )["data"]["submitApplication"]["case"]["id"]
    clocks = database(stack, "deadlines")["clocks"]
    key = f"acceptance_decision:{case_id}"
    started = await asyncio.to_thread(eventually, lambda: clocks.find_one({"_id": key}), 30,
                                      what="the acceptance-decision clock")
    assert started["due_date"] == "2026-11-09"

    async with listening(stack, "clock.deemed_overdue") as wait_for:
        set_clock(stack, "2026-11-10T00:05:00+08:00")  # the first day after the limit
        found = await wait_for(case_id)
    assert found["data"]["kind"] == "acceptance_decision"
    assert found["data"]["reason"] == "no_decision_within_limit"
    assert found["data"]["started_on"] == "2026-11-02"
    query = """query($id: ID!) { case(id: $id) { status acceptance acceptedOn
        notices { kind } clock { startedOn dueDate } } }"""

    def deemed():
        case = gql(stack.gateway_url, query, {"id": case_id}, staff)["data"]["case"]
        return case if case["clock"] else None

    case = await asyncio.to_thread(eventually, deemed, 30, what="deemed acceptance")
    assert (case["status"], case["acceptance"], case["acceptedOn"]) == (
        "ACCEPTED", "DEEMED", "2026-11-02")
    assert [n["kind"] for n in case["notices"]] == ["MATERIAL_RECEIPT", "ACCEPTANCE_NOTICE"]
    # The case clock counts from the receipt day: 10 working days from Mon 2 Nov.
    assert case["clock"] == {"startedOn": "2026-11-02", "dueDate": "2026-11-16"}


async def test_after_a_resubmission_the_decision_clock_restarts(stack):
    """The applicant came back with the corrections; nobody decided within five working days
    of that: accepted from the resubmission day, and the case clock counts from it."""
    department = f"dept-{uuid.uuid4().hex[:6]}"
    set_clock(stack, "2026-11-02T09:00:00+08:00")  # received Monday
    item = create_item(stack, department, materials=[{"name": "申请书"}, {"name": "身份证"}])
    staff = token(stack, "window_staff", department=department)
    case_id = gql(stack.gateway_url, SUBMIT, {"input": {
        "serviceItemId": item["id"], "applicant": applicant(), "materials": [{"name": "申请书"}]}},
        staff)["data"]["submitApplication"]["case"]["id"]
    correct = """mutation($id: ID!) { requestCorrection(caseId: $id) { __typename } }"""
    assert gql(stack.gateway_url, correct, {"id": case_id}, staff)["data"][
        "requestCorrection"]["__typename"] == "CaseUpdated"
    clocks = database(stack, "deadlines")["clocks"]
    key = f"acceptance_decision:{case_id}"
    await asyncio.to_thread(eventually, lambda: (clocks.find_one({"_id": key}) or {}).get(
        "status") == "completed", 30, what="the decision clock closed by the correction notice")

    set_clock(stack, "2026-11-04T10:00:00+08:00")  # back on Wednesday
    back = """mutation($id: ID!) { resubmitMaterials(caseId: $id, materials: [{name: "申请书"},
        {name: "身份证"}]) { __typename } }"""
    assert gql(stack.gateway_url, back, {"id": case_id}, staff)["data"][
        "resubmitMaterials"]["__typename"] == "CaseUpdated"
    restarted = await asyncio.to_thread(eventually, lambda: (lambda c: c if c and c[
        "status"] == "running" else None)(clocks.find_one({"_id": key})), 30,
        what="the decision clock restarted")
    assert (restarted["started_on"], restarted["due_date"]) == ("2026-11-04", "2026-11-11")

    async with listening(stack, "clock.deemed_overdue") as wait_for:
        set_clock(stack, "2026-11-12T00:05:00+08:00")
        found = await wait_for(case_id)
    assert (found["data"]["reason"], found["data"]["started_on"]) == (
        "no_decision_within_limit", "2026-11-04")
    query = """query($id: ID!) { case(id: $id) { status acceptance acceptedOn
        clock { startedOn dueDate } } }"""

    def deemed():
        case = gql(stack.gateway_url, query, {"id": case_id}, staff)["data"]["case"]
        return case if case["clock"] else None

    case = await asyncio.to_thread(eventually, deemed, 30, what="deemed acceptance")
    assert (case["status"], case["acceptance"], case["acceptedOn"]) == (
        "ACCEPTED", "DEEMED", "2026-11-04")
    assert case["clock"] == {"startedOn": "2026-11-04", "dueDate": "2026-11-18"}
