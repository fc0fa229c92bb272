"""Start-up index creation against the real database, as on a restart with existing data."""

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
