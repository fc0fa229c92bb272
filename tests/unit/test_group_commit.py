"""Group commit (kit.batching): concurrent changes to one document are written together, none
lost, a failing change fails alone, and a round that lost the version race is decided again
on fresh state."""

import asyncio

import pytest

from services.kit.aggregates import ConcurrentChange
from services.kit.batching import GroupCommit


class Memory:
    """A versioned document store in memory; `steal` makes the next save lose a race."""

    def __init__(self) -> None:
        self.docs: dict[str, tuple[dict, int]] = {}
        self.saves = 0
        self.steal = 0

    async def load(self, doc_id: str) -> dict:
        await asyncio.sleep(0)
        state, version = self.docs.get(doc_id, ({"n": 0, "seen": []}, 0))
        return {**state, "seen": list(state["seen"]), "_v": version}

    async def save(self, doc_id: str, doc: dict) -> None:
        await asyncio.sleep(0.001)
        _, version = self.docs.get(doc_id, ({}, 0))
        if self.steal:
            self.steal -= 1
            self.docs[doc_id] = ({"n": 100, "seen": ["other"]}, version + 1)
            raise ConcurrentChange(doc_id)
        if doc["_v"] != version:
            raise ConcurrentChange(doc_id)
        self.saves += 1
        self.docs[doc_id] = ({"n": doc["n"], "seen": doc["seen"]}, version + 1)


def add(event_id: str):
    def change(doc: dict) -> bool:
        if event_id in doc["seen"]:
            return False
        doc["n"] += 1
        doc["seen"].append(event_id)
        return True
    return change


async def test_concurrent_changes_are_written_together_and_none_lost():
    store = Memory()
    writer = GroupCommit(store.load, store.save)
    results = await asyncio.gather(*(writer.apply("centre", add(f"e{i}")) for i in range(200)),
                                   writer.apply("centre", add("e0")))
    assert store.docs["centre"][0]["n"] == 200
    assert results.count(True) == 200 and results.count(False) == 1  # e0 twice: once
    assert store.saves < 20  # rounds, not one save per change


async def test_a_failing_change_fails_alone():
    store = Memory()
    writer = GroupCommit(store.load, store.save)

    def broken(doc: dict) -> bool:
        raise KeyError("department")

    ok, failed = await asyncio.gather(writer.apply("d", add("a")), writer.apply("d", broken),
                                      return_exceptions=True)
    assert ok is True and isinstance(failed, KeyError)
    assert store.docs["d"][0]["n"] == 1


async def test_a_round_that_lost_the_race_is_decided_again_on_fresh_state():
    store = Memory()
    store.steal = 2  # another process wrote twice in between
    writer = GroupCommit(store.load, store.save)
    assert await writer.apply("d", add("a")) is True
    assert store.docs["d"][0] == {"n": 101, "seen": ["other", "a"]}


async def test_every_waiter_learns_when_the_write_keeps_failing():
    store = Memory()
    store.steal = 100
    writer = GroupCommit(store.load, store.save, attempts=3)
    with pytest.raises(ConcurrentChange):
        await writer.apply("d", add("a"))
    store.steal = 0
    assert await writer.apply("d", add("a")) is True  # the next event finds a writer again
