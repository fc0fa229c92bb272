"""An application left without a decision for five working days is deemed overdue."""

import asyncio
import json
import uuid

import aio_pika
import pytest

from tests.support import SUBMIT, applicant, create_item, database, eventually, gql, set_clock, token

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

    connection = await aio_pika.connect(stack.amqp_url)
    async with connection:
        channel = await connection.channel()
        queue = await channel.declare_queue(exclusive=True)
        await queue.bind(await channel.get_exchange("onewindow.events"),
                         routing_key="clock.deemed_overdue")
        set_clock(stack, "2026-11-10T00:05:00+08:00")  # the first day after the limit
        found = None
        for _ in range(300):
            message = await queue.get(fail=False)
            if message is None:
                await asyncio.sleep(0.1)
                continue
            event = json.loads(message.body)
            if event["subject"] == case_id:
                found = event
                break
    assert found is not None, "no clock.deemed_overdue for the case"
    assert found["data"]["kind"] == "acceptance_decision"
    assert found["data"]["reason"] == "no_decision_within_limit"
    assert found["data"]["started_on"] == "2026-11-02"
    # The case itself has no limit clock: it was never accepted.
    assert clocks.count_documents({"_id": case_id}) == 0
