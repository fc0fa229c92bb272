"""The outbox against real FerretDB/MongoDB and RabbitMQ."""

import asyncio
import json
import uuid

import aio_pika
import pytest
from pymongo import AsyncMongoClient

from services.kit import outbox
from services.kit.events import CloudEvent
from services.kit.messaging import Broker
from services.kit.settings import ServiceSettings

pytestmark = pytest.mark.integration


async def test_relay_publishes_pending_events_once_and_clears_the_outbox(infra):
    exchange = f"onewindow.test.outbox-{uuid.uuid4().hex[:8]}"
    settings = ServiceSettings(service_name="outbox-test", amqp_url=infra.amqp_url,
                               jwt_secret="x" * 32, exchange=exchange)
    client = AsyncMongoClient(infra.mongo_url)
    collection = client[f"outbox_test_{uuid.uuid4().hex[:8]}"]["things"]
    broker = Broker(settings)
    broker.start()
    await broker.wait_connected(30)

    # A listener bound to everything on the test exchange.
    connection = await aio_pika.connect(infra.amqp_url)
    channel = await connection.channel()
    ex = await channel.get_exchange(exchange)
    listener = await channel.declare_queue(exclusive=True)
    await listener.bind(ex, routing_key="#")

    first = CloudEvent(type="thing.made", source="test", subject="t1", data={"n": 1})
    second = CloudEvent(type="thing.changed", source="test", subject="t1", data={"n": 2})
    await collection.insert_one(outbox.new_document({"_id": "t1", "n": 1}, [first]))
    await collection.update_one(
        {"_id": "t1"}, outbox.append_update({"$set": {"n": 2}}, [second])
    )
    relay = outbox.OutboxRelay(collection.database, broker, ["things"], sweep_seconds=60)
    assert await relay.relay_pending() == 2
    assert await relay.relay_pending() == 0  # nothing is published twice

    doc = await collection.find_one({"_id": "t1"})
    assert doc["outbox"] == [] and doc["outbox_pending"] is False and doc["n"] == 2
    received = []
    for _ in range(2):
        message = await listener.get(timeout=5)
        await message.ack()
        received.append(json.loads(message.body)["id"])
    assert received == [first.id, second.id]  # in the order they were written
    assert await listener.get(fail=False) is None

    await connection.close()
    await broker.close()
    await client.drop_database(collection.database.name)
    await client.close()


async def test_relay_leaves_events_in_place_while_the_broker_is_unreachable(infra):
    settings = ServiceSettings(service_name="outbox-test", amqp_url="amqp://guest:guest@127.0.0.1:1/",
                               jwt_secret="x" * 32)
    client = AsyncMongoClient(infra.mongo_url)
    collection = client[f"outbox_test_{uuid.uuid4().hex[:8]}"]["things"]
    event = CloudEvent(type="thing.made", source="test", subject="t1", data={})
    await collection.insert_one(outbox.new_document({"_id": "t1"}, [event]))
    relay = outbox.OutboxRelay(collection.database, Broker(settings), ["things"], 60)
    assert await relay.relay_pending() == 0
    doc = await collection.find_one({"_id": "t1"})
    assert doc["outbox_pending"] is True and doc["outbox"] == [event.to_dict()]
    await client.drop_database(collection.database.name)
    await client.close()
