"""Clocks driven by intake's case events on the real broker, read through the gateway."""

import asyncio
import uuid

import pytest

from services.kit.events import CloudEvent
from tests.support import database, eventually, gql, publish, set_clock, token

pytestmark = pytest.mark.integration

CLOCK = """query($id: ID!) { caseClock(caseId: $id) {
    status dueDate outcome workingDaysLeft timeline { what } } }"""


def _event(type_: str, case_id: str, **data) -> CloudEvent:
    return CloudEvent(type=type_, source="onewindow/intake", subject=case_id,
                      data={"case_id": case_id, **data},
                      time="2026-11-02T10:00:00+08:00")


def _accepted(case_id: str, department: str) -> CloudEvent:
    return _event("case.accepted", case_id, case_number="OW2026110299999",
                  department=department, service_item_code="T-1", service_item_name="测试",
                  service_item_id="i", committed_limit=10, limit_unit="working_days",
                  accepted_on="2026-11-02", accepted_at="2026-11-02T10:00:00+08:00",
                  accepted_by="staff")


async def test_suspension_resumption_extension_and_completion(stack):
    set_clock(stack, "2026-11-02T10:00:00+08:00")  # no card falls due during the test
    case_id, department = str(uuid.uuid4()), f"dept-{uuid.uuid4().hex[:6]}"
    staff = token(stack, "window_staff", department=department)

    def clock():
        return gql(stack.gateway_url, CLOCK, {"id": case_id}, staff)["data"]["caseClock"]

    await publish(stack, _accepted(case_id, department))
    await asyncio.to_thread(eventually, clock, 30, what="the clock")
    # Each lifecycle event delivered twice: applied once.
    await publish(stack, _event("case.suspended", case_id, suspended_on="2026-11-04"), times=2)
    await asyncio.to_thread(eventually, lambda: clock()["status"] == "SUSPENDED", 30,
                            what="suspended")
    assert clock()["dueDate"] is None
    await publish(stack, _event("case.resumed", case_id, resumed_on="2026-11-10"), times=2)
    await asyncio.to_thread(eventually, lambda: clock()["dueDate"] == "2026-11-20", 30,
                            what="resumed with the suspended days added")
    await publish(stack, _event("case.extension_approved", case_id, extension_days=2,
                                 requested_on="2026-11-18"), times=2)
    await asyncio.to_thread(eventually, lambda: clock()["dueDate"] == "2026-11-24", 30,
                            what="extended")
    await publish(stack, _event("case.completed", case_id, completed_on="2026-11-23",
                                 applicant_delay=False), times=2)
    done = await asyncio.to_thread(eventually, lambda: (c := clock())["status"] == "COMPLETED" and c,
                                   30, what="completed")
    assert done["outcome"] == "EARLY"
    assert [t["what"] for t in done["timeline"]] == [
        "started", "suspended", "resumed", "extended", "completed_early"]


STATS = """query($v: String!) { deadlineStatistics(dimension: DEPARTMENT, value: $v,
    firstDay: "2026-11-01", lastDay: "2026-11-30") {
    completed completedOnTime early late onTimeRate averageWorkingDaysUsed openOverdue } }"""


async def test_statistics_follow_completions_and_count_each_once(stack):
    set_clock(stack, "2026-11-02T10:00:00+08:00")
    department = f"dept-{uuid.uuid4().hex[:6]}"
    cases = [str(uuid.uuid4()) for _ in range(3)]
    await publish(stack, *(_accepted(c, department) for c in cases))  # all due 16 Nov
    outcomes = [("2026-11-13", False), ("2026-11-18", False), ("2026-11-18", True)]
    completions = [_event("case.completed", c, completed_on=on, applicant_delay=delay)
                   for c, (on, delay) in zip(cases, outcomes, strict=True)]
    clocks = database(stack, "deadlines")["clocks"]
    await asyncio.to_thread(eventually, lambda: all(clocks.find_one({"_id": c}) for c in cases),
                            30, what="three clocks")
    await publish(stack, *completions, times=2)
    supervisor = token(stack, "supervisor")

    def stats():
        return gql(stack.gateway_url, STATS, {"v": department}, supervisor)["data"][
            "deadlineStatistics"]

    await asyncio.to_thread(eventually, lambda: stats()["completed"] == 3, 30,
                            what="three completions counted")
    # The completions' clock.completed events, delivered again, change nothing.
    changes = database(stack, "deadlines")["clocks_changes"]
    completed_events = [e for c in cases for ch in changes.find({"aggregate_id": c})
                        for e in ch["outbox"] if e["type"] == "clock.completed"]
    assert len(completed_events) == 3
    await publish(stack, *(CloudEvent.from_dict(e) for e in completed_events))
    await asyncio.sleep(2)
    figures = stats()
    assert figures == {"completed": 3, "completedOnTime": 2, "early": 1, "late": 1,
                       "onTimeRate": 0.6667, "averageWorkingDaysUsed": figures["averageWorkingDaysUsed"],
                       "openOverdue": 0}
    assert figures["averageWorkingDaysUsed"] == round((9 + 12 + 12) / 3, 2)
    head = token(stack, "department_head", department="elsewhere")
    refused = gql(stack.gateway_url, STATS, {"v": department}, head)
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"

