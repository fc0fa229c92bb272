"""Start-up index creation against the real database, as on a restart with existing data."""

import asyncio
import uuid

import pytest
from pymongo import AsyncMongoClient

from services.deadlines.store import INDEXES as DEADLINES
from services.intake.store import INDEXES as INTAKE
from services.kit.mongo import ensure_indexes
from services.oversight.store import INDEXES as OVERSIGHT

pytestmark = pytest.mark.integration


async def test_index_creation_is_repeatable(infra):
    client = AsyncMongoClient(infra.mongo_url)
    db = client[f"index_test_{uuid.uuid4().hex[:8]}"]
    for spec in (INTAKE, DEADLINES, OVERSIGHT):
        await ensure_indexes(db, spec)
        await ensure_indexes(db, spec)  # the second start finds them all in place
    names = {i["name"] async for i in await db["cases"].list_indexes()}
    assert {"case_number", "status_addressee", "applicant"} <= names
    await db.command("ping")  # the server is still answering
    await client.drop_database(db.name)
    await client.close()


async def test_a_projection_left_behind_by_a_cancelled_writer_is_repaired_on_load(infra):
    """bench.faults found a clock stored as a change whose projection never came: its writer
    was cancelled when the broker connection dropped, and its redelivery found it applied."""
    from services.kit.aggregates import AlreadyExists, VersionedStore, change_id

    client = AsyncMongoClient(infra.mongo_url)
    db = client[f"projection_{uuid.uuid4().hex[:8]}"]
    try:
        store = VersionedStore(db, "clocks", "test")
        await store.save("c1", {"status": "running"}, 0, [])
        # a second change stored, its projection never written (the writer cancelled)
        await store.changes.insert_one({"_id": change_id("c1", 2), "aggregate_id": "c1",
                                        "version": 2, "state": {"status": "completed"},
                                        "outbox": []})
        assert (await store.peek("c1"))[1] == 1
        assert await store.load("c1") == ({"status": "completed"}, 2)
        assert await store.peek("c1") == ({"status": "completed"}, 2)  # repaired
        assert await db["clocks"].count_documents({"status": "completed"}) == 1
        # the first change stored, the database gone before its projection; the retry finds
        # the version taken (AlreadyExists) and must leave the projection there all the same
        await store.changes.insert_one({"_id": change_id("c2", 1), "aggregate_id": "c2",
                                        "version": 1, "state": {"status": "running"},
                                        "outbox": []})
        with pytest.raises(AlreadyExists):
            await store.save("c2", {"status": "running"}, 0, [])
        assert await store.peek("c2") == ({"status": "running"}, 1)
    finally:
        await client.drop_database(db.name)
        await client.close()


async def test_many_changes_saved_in_bulk_each_once_a_taken_version_reported(infra):
    """`save_many`: one bulk insert of markers and changes; a version another writer took is
    reported (False), the others stored, projected and announced."""
    from services.kit.aggregates import RECENT_OUTBOX, VersionedStore
    from services.kit.events import CloudEvent

    client = AsyncMongoClient(infra.mongo_url)
    db = client[f"bulk_{uuid.uuid4().hex[:8]}"]
    try:
        store = VersionedStore(db, "clocks", "test")
        for i in range(5):
            await store.save(f"c{i}", {"n": 0}, 0, [])
        await store.save("c2", {"n": 1, "by": "another writer"}, 1, [])  # takes version 2
        peeked = await store.peek_many([f"c{i}" for i in range(5)] + ["missing"])
        assert sorted(peeked) == [f"c{i}" for i in range(5)] and peeked["c2"][1] == 2

        def event(i):
            return CloudEvent(type="card.issued", source="test", subject=f"c{i}", data={})

        stored = await store.save_many([(f"c{i}", {"n": 1}, 1, [event(i)]) for i in range(5)],
                                       actor="scheduler")
        assert stored == [True, True, False, True, True]
        assert await store.load("c2") == ({"n": 1, "by": "another writer"}, 2)
        for i in (0, 1, 3, 4):
            assert await store.load(f"c{i}") == ({"n": 1}, 2)
            assert (await store.current.find_one({"_id": f"c{i}"}))["version"] == 2
            assert RECENT_OUTBOX.pop(f"clocks_changes/c{i}:{2:010d}") is not None
        assert await db["outbox"].count_documents({}) == 5  # c2's marker too: harmless
    finally:
        await client.drop_database(db.name)
        await client.close()


async def test_concurrent_appends_of_one_process_lose_no_insert_and_a_lagging_replica_skips_ahead(
        infra):
    """kit.runs: sixty-four appends at once take slots 0..63 with sixty-four inserts (they
    used to race for the same remembered slot, most losing several inserts each), and a
    second replica whose memory lags finds the run's end by look-ups."""
    from services.kit.slotlog import SlotLog

    client = AsyncMongoClient(infra.mongo_url)
    db = client[f"slotlog_{uuid.uuid4().hex[:8]}"]
    try:
        one = SlotLog(db["entries"], db["hints"])
        inserts: list[str] = []
        insert_one = db["entries"].insert_one

        async def counted(doc, *args, **kwargs):
            inserts.append(doc["_id"])
            return await insert_one(doc, *args, **kwargs)

        one.entries.insert_one = counted
        await one.append("day", "first", {})  # the hint is read once, then remembered
        slots = await asyncio.gather(*(one.append("day", f"o{i}", {}) for i in range(63)))
        assert sorted(slots) == list(range(1, 64))
        assert len(inserts) == 64

        other = SlotLog(db["entries"], db["hints"])  # read the hint (written at slot 56)
        other._next["day"] = 3  # as if it had appended long ago and slept since
        assert await other.append("day", "late", {}) == 64
        assert [slot async for slot, _ in one.read("day")] == list(range(65))
    finally:
        await client.drop_database(db.name)
        await client.close()
