"""The storage contract every store builds on, run on FerretDB and on the in-memory database
(kit.memory) alike: what handler tests on memory assume holds on the real thing. Versioned
changes (a version taken once, a creation once, a bar, a lagging projection caught up), slot
logs, claims and numbers, and the query subset the stores use."""

import asyncio
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from pymongo import AsyncMongoClient
from pymongo.errors import BulkWriteError, DuplicateKeyError

from services.kit.aggregates import (
    AlreadyExists, ConcurrentChange, VersionedStore, change_id, claim,
)
from services.kit.codec import transient
from services.kit.memory import MemoryDatabase
from services.kit.numbers import allocate_number
from services.kit.records import AggregateStore
from services.kit.slotlog import SlotLog

pytestmark = pytest.mark.integration


@pytest.fixture(params=["ferretdb", "memory"])
async def db(request):
    if request.param == "memory":
        yield MemoryDatabase()
        return
    infra = request.getfixturevalue("infra")
    client = AsyncMongoClient(infra.mongo_url, tz_aware=True)
    database = client[f"contract_{uuid.uuid4().hex[:8]}"]
    yield database
    await client.drop_database(database.name)
    await client.close()


@dataclass
class Tally:
    id: str
    count: int = 0
    on: date | None = None
    tags: tuple[str, ...] = ()
    version: int = transient(default=0)
    events: list = transient(default_factory=list)


async def test_a_version_is_taken_once_and_a_creation_happens_once(db):
    store = VersionedStore(db, "things", "test")
    assert await store.save("a", {"n": 1}, 0, []) == 1
    with pytest.raises(AlreadyExists):
        await store.save("a", {"n": 99}, 0, [])
    assert await store.save("a", {"n": 2}, 1, []) == 2
    with pytest.raises(ConcurrentChange):
        await store.save("a", {"n": 3}, 1, [])
    assert await store.load("a") == ({"n": 2}, 2)
    assert [c["version"] for c in await store.history("a")] == [1, 2]
    assert await store.exists("a") and not await store.exists("b")
    results = await asyncio.gather(*(store.save("r", {"w": i}, 0, []) for i in range(8)),
                                   return_exceptions=True)
    assert sum(r == 1 for r in results) == 1  # one racing creator wins, whatever the store


async def test_a_projection_that_lags_its_changes_is_caught_up_on_load(db):
    store = VersionedStore(db, "things", "test")
    await store.save("a", {"n": 1}, 0, [])
    await store.changes.insert_one({"_id": change_id("a", 2), "aggregate_id": "a", "version": 2,
                                    "at": datetime.now(UTC), "actor": None,
                                    "state": {"n": 2}, "outbox": []})
    assert await store.peek("a") == ({"n": 1}, 1)  # the projection as it stands
    assert await store.load("a") == ({"n": 2}, 2)  # the changes are the truth
    assert await store.peek("a") == ({"n": 2}, 2)  # and the projection repaired


async def test_a_barred_aggregate_is_never_created(db):
    store = VersionedStore(db, "things", "test")
    assert await store.bar("x", [], "sweeper", "never stored") is True
    with pytest.raises(AlreadyExists):
        await store.save("x", {"n": 1}, 0, [])
    assert await store.load("x") is None


async def test_aggregates_round_trip_through_the_codec(db):
    store = AggregateStore(db, "tallies", Tally, "test")
    tally = Tally("t1", 3, date(2026, 12, 5), ("a", "b"))
    await store.save(tally, "someone")
    assert tally.version == 1
    loaded = await store.get("t1")
    assert loaded == tally and loaded.version == 1
    assert await store.peek("t1") == tally
    await store.change("t1", "tally", lambda t: setattr(t, "count", t.count + 1), "x")
    assert (await store.get("t1")).count == 4
    found = await store.find({"count": {"$gte": 4}}, [("_id", 1)], 10)
    assert [t.id for t in found] == ["t1"]


async def test_the_query_subset_the_stores_use(db):
    docs = db["subset"]
    at = datetime(2026, 12, 5, 8, 30, 1, 123456, tzinfo=UTC)
    await docs.insert_many([
        {"_id": "a", "status": "open", "n": 1, "tags": ["x", "y"], "at": at,
         "sanctions": [{"staff_id": "s1"}, {"staff_id": "s2"}], "rating": None},
        {"_id": "b", "status": "closed", "n": 2, "tags": ["y"], "at": at},
        {"_id": "c", "status": "open", "n": 3, "tags": [], "at": at, "rating": "good"},
    ])

    async def ids(query, sort=("_id", 1), limit=0):
        cursor = docs.find(query).sort([sort])
        if limit:
            cursor = cursor.limit(limit)
        return [d["_id"] async for d in cursor]

    assert await ids({"status": "open"}) == ["a", "c"]
    assert await ids({"tags": "y"}) == ["a", "b"]  # an array matches its elements
    assert await ids({"sanctions.staff_id": "s2"}) == ["a"]  # a path through an array
    assert await ids({"rating": None}) == ["a", "b"]  # null or missing
    assert await ids({"status": {"$in": ["closed", "x"]}}) == ["b"]
    assert await ids({"status": {"$ne": "open"}}) == ["b"]
    assert await ids({"n": {"$gt": 1, "$lte": 3}}) == ["b", "c"]
    assert await ids({"n": {"$gte": 2, "$lt": 3}}) == ["b"]
    assert await ids({"$or": [{"n": 1}, {"status": "closed"}]}) == ["a", "b"]
    assert await ids({"$and": [{"status": "open"}, {"n": {"$gt": 1}}]}) == ["c"]
    assert await ids({"rating": {"$exists": True}}) == ["a", "c"]
    assert await ids({"status": {"$regex": "^clo"}}) == ["b"]
    assert await ids({}, ("n", -1), 2) == ["c", "b"]
    assert await ids({"at": {"$gte": at.replace(microsecond=0)}}) == ["a", "b", "c"]
    found = await docs.find_one({"_id": "a"}, {"status": 1})
    assert found == {"_id": "a", "status": "open"}
    stored_at = (await docs.find_one({"_id": "a"}))["at"]
    assert stored_at.tzinfo is not None and stored_at.microsecond == 123000  # milliseconds
    assert await docs.count_documents({"status": "open"}) == 2
    with pytest.raises(DuplicateKeyError):
        await docs.insert_one({"_id": "a"})
    with pytest.raises(BulkWriteError) as refused:
        await docs.insert_many([{"_id": "d"}, {"_id": "a"}, {"_id": "e"}], ordered=False)
    assert [e["index"] for e in refused.value.details["writeErrors"]] == [1]
    assert await docs.find_one({"_id": "e"}) is not None  # unordered: the rest went in
    await docs.replace_one({"_id": "z"}, {"v": 1}, upsert=True)
    await docs.replace_one({"_id": "z"}, {"v": 2}, upsert=True)
    assert await docs.find_one({"_id": "z"}) == {"_id": "z", "v": 2}
    assert (await docs.delete_many({"_id": {"$in": ["d", "e", "z"]}})).deleted_count == 3
    with pytest.raises(Exception):  # BSON has no date: stores write ISO strings (kit.codec)
        await docs.insert_one({"_id": "bad", "on": date(2026, 12, 5)})


async def test_claims_slot_logs_and_numbers(db):
    assert await claim(db["claims"], "k", "me") is True
    assert await claim(db["claims"], "k", "you") is False
    log = SlotLog(db["log"], db["log_hints"])
    slots = await asyncio.gather(*(log.append("day", f"o{i}", {"i": i}) for i in range(20)))
    assert sorted(slots) == list(range(20))
    assert sorted([e["owner"] async for _, e in log.read("day")]) == sorted(
        f"o{i}" for i in range(20))
    assert await log.end("day") == 20
    await claim(db["log"], SlotLog.entry_id("day", 22), "another replica")  # a slot taken ahead
    await log.append_many("day", [(f"b{i}", {"i": i}) for i in range(5)])
    owners = [e["owner"] async for _, e in log.read("day", 20)]
    assert sorted(owners) == sorted(["another replica", *(f"b{i}" for i in range(5))])
    assert await log.end("day") == 26  # no gap, nothing lost
    numbers = await asyncio.gather(*(allocate_number(
        db["numbers"], db["counters"], "T", date(2026, 12, 5), f"c{i}", "test")
        for i in range(10)))
    assert len(set(numbers)) == 10 and min(numbers) == "T2026120500001"


async def test_a_first_attempt_may_take_a_missing_projection_as_new(db):
    """`absent_is_new` (the ledger's first event creates its entry): on a first attempt a
    missing projection is believed, and a creation that was there already conflicts, so the
    retry loads carefully and finds it."""
    from services.kit.aggregates import retry_on_conflict

    store = AggregateStore(db, "tallies", Tally, "test")
    await store.save(Tally("lagging", 5), None)
    await db["tallies"].delete_one({"_id": "lagging"})  # its projection not written yet
    seen = []

    async def attempt():
        found = await store.get("lagging", absent_is_new=True)
        seen.append(found.count if found else None)
        tally = found or Tally("lagging")
        tally.count += 1
        try:
            await store.save(tally, None)
        except AlreadyExists:
            raise ConcurrentChange("lagging") from None
        return tally

    assert (await retry_on_conflict(attempt)).count == 6
    assert seen == [None, 5]
