"""Versioned aggregates and the outbox relay against the real database and broker."""

import asyncio
import json
import uuid

import pytest
from pymongo.errors import AutoReconnect

from services.kit.aggregates import (
    RECENT_OUTBOX,
    AlreadyExists, ConcurrentChange, VersionedStore, claim,
)
from services.kit.events import CloudEvent
from services.kit.messaging import Broker
from services.kit.outbox import OutboxRelay
from services.kit.settings import ServiceSettings
from tests.support import broker_and_listener

pytestmark = pytest.mark.integration


def _event(n: int) -> CloudEvent:
    return CloudEvent(type="thing.changed", source="test", subject="t1", data={"n": n})


async def test_state_and_events_are_one_write_and_versions_are_exclusive(db):
    store = VersionedStore(db, "things", "test")
    assert await store.save("t1", {"n": 1}, 0, [_event(1)]) == 1
    with pytest.raises(AlreadyExists):
        await store.save("t1", {"n": 1}, 0, [_event(1)])
    # Fifty writers race for version 2: exactly one wins, on FerretDB as on MongoDB.
    results = await asyncio.gather(
        *(store.save("t1", {"n": i}, 1, [_event(i)]) for i in range(50)), return_exceptions=True
    )
    winners = [r for r in results if r == 2]
    assert len(winners) == 1
    assert all(isinstance(r, ConcurrentChange) for r in results if r != 2)
    state, version = await store.load("t1")
    assert version == 2
    assert (await store.current.find_one({"_id": "t1"}))["version"] == 2
    changes = await store.history("t1")
    assert [c["version"] for c in changes] == [1, 2]
    assert changes[1]["state"] == state and len(changes[1]["outbox"]) == 1


async def test_loading_catches_up_with_a_change_not_yet_projected(db):
    store = VersionedStore(db, "things", "test")
    await store.save("t1", {"n": 1}, 0, [])
    # A writer that stored version 2 and died before projecting it.
    await store.changes.insert_one({"_id": "t1:0000000002", "aggregate_id": "t1", "version": 2,
                                    "state": {"n": 2}, "outbox": []})
    assert await store.load("t1") == ({"n": 2}, 2)


async def test_unique_claims_have_one_winner(db):
    results = await asyncio.gather(*(claim(db["codes"], "MZ-001", f"o{i}") for i in range(30)))
    assert results.count(True) == 1


async def test_relay_publishes_pending_events_once_in_order(db, infra):
    async with broker_and_listener(infra.amqp_url, "outbox-test") as (broker, listener):
        await _relay_once_in_order(db, broker, listener)


async def _relay_once_in_order(db, broker, listener) -> None:
    store = VersionedStore(db, "things", "test")
    first, second = _event(1), _event(2)
    await store.save("t1", {"n": 1}, 0, [first])
    await store.save("t1", {"n": 2}, 1, [second])
    relay = OutboxRelay(db, broker, sweep_seconds=60)
    # the second change as another process stored it: left to that process for a while ...
    marker = f"things_changes/t1:{2:010d}"
    assert RECENT_OUTBOX.pop(marker) is not None
    assert await relay.relay_pending() == 1
    # ... then, that process gone, read back from the database and published here
    await _age(db, marker)
    assert await relay.relay_pending() == 1
    assert await relay.relay_pending() == 0  # nothing is published twice
    assert await db["outbox"].count_documents({}) == 0
    received = []
    for _ in range(2):
        message = await listener.get(timeout=5)
        await message.ack()
        received.append(json.loads(message.body)["id"])
    assert received == [first.id, second.id]
    assert await listener.get(fail=False) is None


async def test_relay_leaves_events_pending_while_the_broker_is_unreachable(db):
    settings = ServiceSettings(service_name="outbox-test", jwt_secret="x" * 32,
                               amqp_url="amqp://guest:guest@127.0.0.1:1/")
    store = VersionedStore(db, "things", "test")
    await store.save("t1", {"n": 1}, 0, [_event(1)])
    relay = OutboxRelay(db, Broker(settings), 60)
    assert await relay.relay_pending() == 0
    assert await db["outbox"].count_documents({}) == 1  # still to be published


async def test_a_marker_without_its_change_is_dropped_after_the_grace_period(db, infra):
    from datetime import UTC, datetime, timedelta

    settings = ServiceSettings(service_name="outbox-test", amqp_url=infra.amqp_url,
                               jwt_secret="x" * 32, exchange=f"onewindow.test.{uuid.uuid4().hex[:8]}")
    broker = Broker(settings)
    broker.start()
    await broker.wait_connected(30)
    now = datetime.now(UTC)
    await db["outbox"].insert_many([
        {"_id": "things_changes/a:1", "collection": "things_changes", "change_id": "a:1",
         "at": now - timedelta(hours=1)},
        {"_id": "things_changes/b:1", "collection": "things_changes", "change_id": "b:1",
         "at": now},  # a writer may still be inserting this one
    ])
    relay = OutboxRelay(db, broker, 60)
    assert await relay.relay_pending() == 0
    assert [m["_id"] async for m in db["outbox"].find({})] == ["things_changes/b:1"]
    await broker.close()


async def test_the_relay_repairs_a_projection_its_writer_never_wrote(db, infra):
    """A writer killed between its change and its projection (bench.faults found a received
    case missing from every list): the relay, reading the change back, projects it."""
    store = VersionedStore(db, "things", "test")
    await store.save("t1", {"n": 1}, 0, [_event(1)])
    await store.current.delete_one({"_id": "t1"})  # as if the projection never came
    RECENT_OUTBOX.pop(f"things_changes/t1:{1:010d}")  # ... nor the process that knew it
    await _age(db, f"things_changes/t1:{1:010d}")
    async with broker_and_listener(infra.amqp_url, "outbox-test") as (broker, _):
        assert await OutboxRelay(db, broker, sweep_seconds=60).relay_pending() == 1
    assert await store.current.find_one({"_id": "t1"}) == {"_id": "t1", "n": 1, "version": 1}


class _GoneOnReplace:
    """The collection as the database leaves it when it goes away between two writes: the
    change was inserted, the projection's replace fails (everything else is the real one)."""

    def __init__(self, real) -> None:
        self.real = real

    def __getattr__(self, name):
        return getattr(self.real, name)

    async def replace_one(self, *args, **kwargs):
        raise AutoReconnect("connection closed")


async def test_a_projection_the_database_refused_after_its_change_is_repaired_by_the_relay(
        db, infra):
    """Issue 29 (bench.faults: a case number neither a case nor void): FerretDB went away
    after a case's change was inserted and before its projection. The writer's process lives
    on and its relay published the events from memory, so nothing read the change back and
    the case stayed out of every list. Now the failed projection's events leave memory and
    the relay, reading the change, projects it."""
    store = VersionedStore(db, "things", "test")
    store.current = _GoneOnReplace(store.current)
    with pytest.raises(AutoReconnect):
        await store.save("t1", {"n": 1}, 0, [_event(1)])
    with pytest.raises(AutoReconnect):
        await store.save_many([("t2", {"n": 2}, 0, [_event(2)])])
    store.current = store.current.real
    assert await store.current.find_one({"_id": "t1"}) is None
    for marker in ("things_changes/t1:0000000001", "things_changes/t2:0000000001"):
        await _age(db, marker)
    async with broker_and_listener(infra.amqp_url, "outbox-test") as (broker, _):
        assert await OutboxRelay(db, broker, sweep_seconds=60).relay_pending() == 2
    assert await store.current.find_one({"_id": "t1"}) == {"_id": "t1", "n": 1, "version": 1}
    assert await store.current.find_one({"_id": "t2"}) == {"_id": "t2", "n": 2, "version": 1}


async def _age(db, marker: str) -> None:
    """As if the marker had waited for its owner longer than the relay leaves it to them."""
    from datetime import UTC, datetime, timedelta

    from services.kit.outbox import OWNER_FIRST

    await db["outbox"].update_one({"_id": marker}, {"$set": {
        "at": datetime.now(UTC) - OWNER_FIRST - timedelta(seconds=1)}})


async def test_published_changes_are_settled_together_and_never_published_twice(db, infra):
    """The relay publishes this process's changes from memory (no marker read), and settles
    them later in one round: the audit index and one delete of every marker. A sweep before
    that does not publish them again; a relay that dies before settling leaves the markers,
    so they are published again (at least once), never lost."""
    RECENT_OUTBOX.clear()  # other tests' databases' changes, held by this process
    async with broker_and_listener(infra.amqp_url, "outbox-settle") as (broker, listener):
        store = VersionedStore(db, "things", "test")
        for n in range(1, 4):
            await store.save(f"s{n}", {"n": n}, 0, [_event(n)])
        relay = OutboxRelay(db, broker, sweep_seconds=60, settle_seconds=3600)
        assert await relay.relay_pending(from_memory=True, settle=False) == 3
        assert await db["outbox"].count_documents({}) == 3  # published, not yet settled
        assert await relay.relay_pending(settle=False) == 0  # the sweep leaves them
        assert await relay.settle() == 3
        assert await db["outbox"].count_documents({}) == 0
        assert await db["audit_log"].count_documents({}) >= 1  # indexed before unmarked
        published = []
        while (message := await listener.get(fail=False, timeout=2)) is not None:
            await message.ack()
            published.append(json.loads(message.body)["data"]["n"])
        assert sorted(published) == [1, 2, 3]

        await store.save("s4", {"n": 4}, 0, [_event(4)])
        dying = OutboxRelay(db, broker, sweep_seconds=60, settle_seconds=3600)
        assert await dying.relay_pending(from_memory=True, settle=False) == 1
        marker = f"things_changes/s4:{1:010d}"
        await _age(db, marker)  # its process gone before settling: the sweep of another
        assert await OutboxRelay(db, broker, sweep_seconds=60).relay_pending() == 1
        assert await db["outbox"].count_documents({}) == 0
