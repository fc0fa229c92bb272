"""Yellow and red cards from an advanced injected clock, read through the gateway."""

import asyncio
import json
import uuid
from collections import Counter
from contextlib import asynccontextmanager

import aio_pika
import pytest

from tests.support import create_item, eventually, gql, set_clock, submit_and_accept, token

pytestmark = pytest.mark.e2e

CLOCK = """query($id: ID!) { case(id: $id) { clock { dueDate card timeline { what } } } }"""


def test_yellow_then_red_card_as_the_clock_advances(stack):
    department = f"dept-{uuid.uuid4().hex[:6]}"
    set_clock(stack, "2026-11-02T09:00:00+08:00")  # Monday
    case_id = submit_and_accept(stack, create_item(stack, department, committed=3))
    staff = token(stack, "window_staff", department=department)

    def clock():
        return gql(stack.gateway_url, CLOCK, {"id": case_id}, staff)["data"]["case"]["clock"]

    assert eventually(clock, 30, what="the clock")["dueDate"] == "2026-11-05"
    assert clock()["card"] == "NONE"
    set_clock(stack, "2026-11-04T00:01:00+08:00")  # one working day before the due date
    eventually(lambda: clock()["card"] == "YELLOW", 30, what="the yellow card")
    set_clock(stack, "2026-11-06T00:01:00+08:00")  # the first day after the due date
    eventually(lambda: clock()["card"] == "RED", 30, what="the red card")
    assert [t["what"] for t in clock()["timeline"]] == ["started", "yellow_card", "red_card"]


async def test_two_replicas_issue_each_card_once_and_a_restart_misses_nothing(stack):
    """Two deadlines processes share one database; both schedulers run. Then both stop, the
    day turns while they are down, and the red cards come when one starts again."""
    department = f"dept-{uuid.uuid4().hex[:6]}"
    set_clock(stack, "2026-08-03T09:00:00+08:00")  # Monday
    replica = stack.start_replica("deadlines", 2)
    try:
        item = create_item(stack, department, committed=2)  # due Wed 5 Aug
        cases = [submit_and_accept(stack, item) for _ in range(6)]
        staff = token(stack, "window_staff", department=department)
        for case_id in cases:
            eventually(lambda case_id=case_id: gql(stack.gateway_url, CLOCK, {"id": case_id},
                                                   staff)["data"]["case"]["clock"], 30,
                       what="the clock")
        async with cards_seen(stack) as seen:
            set_clock(stack, "2026-08-04T00:01:00+08:00")  # Tuesday: the yellow card
            await seen.until(lambda c: all(c[(x, "clock.yellow_card")] for x in cases))
            stack.stop_service("deadlines")
            stack.stop_service(replica)
            set_clock(stack, "2026-08-06T00:01:00+08:00")  # Thursday, while both are down
            stack.start_service("deadlines")
            stack.start_replica("deadlines", 2)
            await seen.until(lambda c: all(c[(x, "clock.red_card")] for x in cases))
            await asyncio.sleep(3)  # six scheduler ticks of both replicas: room for a repeat
        for case_id in cases:
            assert seen.counts[(case_id, "clock.yellow_card")] == 1
            assert seen.counts[(case_id, "clock.red_card")] == 1
        timeline = gql(stack.gateway_url, CLOCK, {"id": cases[0]}, staff)["data"]["case"]["clock"]
        assert [t["what"] for t in timeline["timeline"]] == ["started", "yellow_card", "red_card"]
    finally:
        stack.stop_service(replica)
        if "deadlines" not in stack.processes:
            stack.start_service("deadlines")


class _Seen:
    def __init__(self, queue) -> None:
        self.queue = queue
        self.ids: set[str] = set()
        self.counts: Counter = Counter()

    async def _drain(self) -> None:
        while (message := await self.queue.get(fail=False)) is not None:
            await message.ack()
            event = json.loads(message.body)
            if event["id"] not in self.ids:  # a redelivered message is not a second card
                self.ids.add(event["id"])
                self.counts[(event["subject"], event["type"])] += 1

    async def until(self, check, timeout: float = 60) -> None:
        for _ in range(int(timeout / 0.2)):
            await self._drain()
            if check(self.counts):
                return
            await asyncio.sleep(0.2)
        raise AssertionError(f"cards not seen within {timeout}s: {dict(self.counts)}")


@asynccontextmanager
async def cards_seen(stack):
    connection = await aio_pika.connect(stack.amqp_url)
    async with connection:
        channel = await connection.channel()
        queue = await channel.declare_queue(exclusive=True)
        exchange = await channel.get_exchange("onewindow.events")
        for card in ("clock.yellow_card", "clock.red_card"):
            await queue.bind(exchange, routing_key=card)
        seen = _Seen(queue)
        yield seen
        await seen._drain()
