"""Idempotent consumers: the same `case.accepted` delivered three times is applied once."""

import asyncio
import uuid
from collections import Counter

import pytest

from services.kit.events import CloudEvent
from tests.support import database, eventually, log_records, publish

pytestmark = pytest.mark.integration


async def test_same_case_accepted_three_times_gives_one_clock_and_one_ledger_entry(stack):
    case_id = str(uuid.uuid4())
    department = f"dept-{uuid.uuid4().hex[:6]}"
    event = CloudEvent(
        type="case.accepted", source="onewindow/intake", subject=case_id,
        data={"case_id": case_id, "case_number": "OW2026092899999", "service_item_id": "i1",
              "service_item_code": "T-1", "service_item_name": "测试", "department": department,
              "committed_limit": 10, "limit_unit": "working_days",
              "accepted_at": "2026-09-28T10:00:00+08:00", "accepted_on": "2026-09-28",
              "accepted_by": "staff-1"},
    )
    await publish(stack, event, times=3)

    def handled(service: str) -> int:
        return Counter(r.get("event_id") for r in log_records(stack, service)
                       if r.get("message") == "event handled"
                       and r.get("group") == service)[event.id]  # not its webhooks' group

    await asyncio.to_thread(eventually, lambda: handled("deadlines") == 3, 30,
                            what="three deliveries handled by deadlines")
    await asyncio.to_thread(eventually, lambda: handled("oversight") == 3, 30,
                            what="three deliveries handled by oversight")

    clocks = database(stack, "deadlines")["clocks"]
    assert clocks.count_documents({"_id": case_id}) == 1
    assert clocks.find_one({"_id": case_id})["due_date"] == "2026-10-16"
    ledger = database(stack, "oversight")["case_ledger"]
    assert ledger.count_documents({"department": department}) == 1
    # clock.started was emitted once, not three times: oversight saw it once.
    started = [r for r in log_records(stack, "oversight")
               if r.get("message") == "event handled" and r.get("event_type") == "clock.started"]
    started_for_case = [r for r in log_records(stack, "deadlines")
                        if r.get("message") == "clock started" and r.get("subject_id") == case_id
               and r.get("kind") == "case_limit"]
    assert len(started_for_case) == 1
    assert started  # oversight consumed clock.started events at all
