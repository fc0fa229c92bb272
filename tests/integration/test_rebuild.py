"""Projections rebuilt from change documents (kit.rebuild): after a projection is lost or
damaged, every aggregate shows its newest state again, barred ids stay hidden, and a
projection left behind its changes catches up."""

import pytest

from services.kit.aggregates import VersionedStore
from services.kit.rebuild import rebuild_all, rebuild_projection

pytestmark = pytest.mark.integration


async def test_a_lost_projection_comes_back_from_the_changes(db):
    cases, clocks = VersionedStore(db, "cases", "test"), VersionedStore(db, "clocks", "test")
    for n in range(3):
        await cases.save(f"c{n}", {"status": "received"}, 0, [])
    await cases.save("c1", {"status": "accepted"}, 1, [])
    await cases.save("c1", {"status": "concluded"}, 2, [])
    await cases.bar("c9", [], "sweep", "number voided")
    await clocks.save("k1", {"due": "2027-01-04"}, 0, [])
    await db["cases"].drop()
    await db["clocks"].replace_one({"_id": "k1"}, {"due": "damaged", "version": 1})

    assert await rebuild_all(db) == {"cases": 3, "clocks": 1}
    shown = {d["_id"]: (d["status"], d["version"]) async for d in db["cases"].find({})}
    assert shown == {"c0": ("received", 1), "c1": ("concluded", 3), "c2": ("received", 1)}
    assert await clocks.load("k1") == ({"due": "2027-01-04"}, 1)


async def test_the_newest_change_wins_whatever_the_projection_showed(db):
    cases = VersionedStore(db, "cases", "test")
    await cases.save("c1", {"status": "received"}, 0, [])
    await cases.save("c1", {"status": "accepted"}, 1, [])
    # a projection behind (a writer that died before projecting), and a change stored
    # without one (as bench.faults leaves them)
    await db["cases"].replace_one({"_id": "c1"}, {"status": "received", "version": 1})
    await db["cases_changes"].insert_one({
        "_id": "c1:0000000003", "aggregate_id": "c1", "version": 3,
        "state": {"status": "concluded"}, "outbox": []})
    assert await rebuild_projection(db, "cases") == 1
    assert await cases.peek("c1") == ({"status": "concluded"}, 3)
