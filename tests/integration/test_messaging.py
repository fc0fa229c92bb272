"""The kit's messaging against the real RabbitMQ: bounded retries, dead-lettering, confirms."""

import asyncio
import json
import uuid

import aio_pika
import pytest

from services.kit import topology
from services.kit.events import CloudEvent
from services.kit.messaging import ATTEMPT_HEADER, Broker, Rejected
from services.kit.settings import ServiceSettings

pytestmark = pytest.mark.integration


@pytest.fixture
async def broker(infra, monkeypatch):
    """A broker on an exchange of its own, with a consumer group that exists only here."""
    group = f"kit-test-{uuid.uuid4().hex[:8]}"
    event_type = f"{group}.happened"
    monkeypatch.setitem(topology.SUBSCRIPTIONS, group, (event_type,))
    settings = ServiceSettings(
        service_name="kit-test", amqp_url=infra.amqp_url, jwt_secret="x" * 32,
        exchange=f"onewindow.test.{group}", retry_delays_ms=[50, 100, 150],
    )
    broker = Broker(settings)
    broker.group, broker.event_type = group, event_type
    yield broker
    await broker.close()


async def _dead_letters(amqp_url: str, group: str, timeout: float = 15.0) -> list:
    """Takes the group's dead-lettered messages, waiting until there is at least one."""
    connection = await aio_pika.connect(amqp_url)
    async with connection:
        channel = await connection.channel()
        queue = await channel.get_queue(topology.GroupQueues(group, 0).dead_letter, ensure=True)
        found = []
        for _ in range(int(timeout / 0.05)):
            while (message := await queue.get(fail=False, no_ack=True)) is not None:
                found.append(message)
            if found:
                break
            await asyncio.sleep(0.05)
        return found


async def _consume_one(broker, handler) -> CloudEvent:
    """Start consuming with `handler` and publish one event to it."""
    broker.consume(broker.group, handler)
    broker.start()
    await broker.wait_connected(30)
    event = CloudEvent(type=broker.event_type, source="test", subject="s1", data={"n": 1})
    await broker.publish(event)
    return event


async def test_a_failing_consumer_ends_in_the_dead_letter_queue_after_bounded_retries(broker, infra):
    calls = []

    async def always_fails(event: CloudEvent) -> None:
        calls.append(event.id)
        raise RuntimeError("downstream is broken")

    event = await _consume_one(broker, always_fails)

    [message] = await _dead_letters(infra.amqp_url, broker.group)
    # One first delivery plus exactly one per configured retry, then no more.
    assert calls == [event.id] * 4
    assert json.loads(message.body)["id"] == event.id
    assert message.headers[ATTEMPT_HEADER] == 3
    assert message.message_id == event.id
    await asyncio.sleep(0.5)
    assert len(calls) == 4


async def test_a_business_rule_rejection_is_dead_lettered_without_retry(broker, infra):
    calls = []

    async def rejects(event: CloudEvent) -> None:
        calls.append(event.id)
        raise Rejected("can never succeed")

    await _consume_one(broker, rejects)
    found = await _dead_letters(infra.amqp_url, broker.group)
    assert len(calls) == 1 and len(found) == 1


async def test_a_transient_failure_is_retried_then_succeeds(broker):
    calls = []
    done = asyncio.Event()

    async def flaky(event: CloudEvent) -> None:
        calls.append(event.id)
        if len(calls) < 3:
            raise ConnectionError("briefly unavailable")
        done.set()

    await _consume_one(broker, flaky)
    await asyncio.wait_for(done.wait(), 15)
    assert len(calls) == 3
