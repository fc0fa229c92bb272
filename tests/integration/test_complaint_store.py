"""Complaints on FerretDB: numbers never shared, a repeat recognised once, under concurrency."""

import asyncio
import uuid

import pytest
from pymongo import AsyncMongoClient

from services.kit.auth import Principal, Role
from datetime import timedelta

from services.kit.clock import FixedClock
from services.kit.lookups import AttemptLimits, LookupLocked
from services.oversight.complaints import commands, handlers
from services.oversight.deps import Deps
from services.oversight.store import OversightStore
from tests.integration.conftest import NOW

pytestmark = pytest.mark.integration
OFFICER = Principal("eff", frozenset({Role.EFFICIENCY_OFFICER}))


async def test_twenty_complaints_at_once_get_twenty_numbers_and_one_first(infra):
    client = AsyncMongoClient(infra.mongo_url, tz_aware=True)
    db = client[f"oversight_test_{uuid.uuid4().hex[:8]}"]
    deps = Deps(OversightStore(db), FixedClock(NOW), lambda: None,
                lookups=AttemptLimits(db["lookup_attempts"], 5, 20, 900))
    def cmd(i: int) -> commands.RegisterComplaint:  # the same complainant, in other words
        return commands.RegisterComplaint("phone", "staff", "w-01", "civil", "rude_conduct",
                                          f"粗暴（第{i}次）", complainant_name="张三",
                                          complainant_contact="13800000000")
    try:
        results = await asyncio.gather(*(handlers.register_complaint(cmd(i), deps, OFFICER)
                                         for i in range(20)))
        numbers = {c.number for c, _ in results}
        assert len(numbers) == 20
        firsts = [c for c, _ in results if c.repeat_of is None]
        assert len(firsts) == 1
        assert {c.repeat_of for c, _ in results if c.repeat_of} == {firsts[0].id}
        complaint, code = results[0]
        found = await handlers.complaint_for_complainant(complaint.number, code.lower(), deps)
        assert found is not None and found.id == complaint.id
        assert await handlers.complaint_for_complainant(complaint.number, "X" * 8, deps) is None
        # twenty identical ones at once (a double-clicking client, a script): one complaint,
        # the others join it
        same = await asyncio.gather(*(handlers.register_complaint(cmd(99), deps, OFFICER)
                                      for _ in range(20)))
        stored = [r for r in same if not isinstance(r, handlers.Joined)]
        assert len(stored) == 1
        assert {r.number for r in same if isinstance(r, handlers.Joined)} <= {
            stored[0][0].number, None}
    finally:
        await client.drop_database(db.name)
        await client.close()


async def test_a_complaint_number_whose_complaint_never_came_is_voided_once(infra):
    """What a killed writer leaves (the number's claim, no complaint) is voided after the grace
    period; stored complaints keep theirs; a late writer cannot store the complaint."""
    from datetime import timedelta

    from services.kit.aggregates import AlreadyExists

    client = AsyncMongoClient(infra.mongo_url, tz_aware=True)
    db = client[f"oversight_test_{uuid.uuid4().hex[:8]}"]
    clock = FixedClock(NOW)
    deps = Deps(OversightStore(db), clock, lambda: None)
    cmd = commands.RegisterComplaint("phone", "staff", "w-01", "civil", "rude_conduct", "粗暴",
                                     complainant_name="张三", complainant_contact="13800000000")
    grace = timedelta(minutes=10)
    try:
        stored, _ = await handlers.register_complaint(cmd, deps, OFFICER)
        lost = await deps.store.allocate_number(NOW.date(), "lost-complaint", NOW, "civil")
        assert await handlers.sweep_complaint_numbers(deps, grace) == 0
        clock.instant = NOW + timedelta(minutes=11)
        swept = await asyncio.gather(*(handlers.sweep_complaint_numbers(deps, grace)
                                       for _ in range(3)))
        assert sum(swept) >= 1
        voids = await deps.store.voided_complaint_numbers.of_day(NOW.date(), None)
        assert [(v.number, v.owner, v.department) for v in voids] == [
            (lost, "lost-complaint", "civil")]
        assert await deps.store.complaints.get(stored.id) is not None
        (tombstone,) = await deps.store.complaints.versions.history("lost-complaint")
        assert [e["type"] for e in tombstone["outbox"]] == ["complaint_number.voided"]
        with pytest.raises(AlreadyExists):
            await deps.store.complaints.versions.save("lost-complaint", {"late": 1}, 0, [])
        assert await deps.store.complaints.get("lost-complaint") is None
    finally:
        await client.drop_database(db.name)
        await client.close()


async def test_wrong_codes_lock_the_number_then_the_address_until_the_window_ends(infra):
    """Issue 22: five wrong codes for a number lock it (even to the right code) with a message
    saying until when; twenty wrong look-ups from one address lock the address; both are
    released when the window ends. Concurrent wrong attempts are all counted."""
    client = AsyncMongoClient(infra.mongo_url, tz_aware=True)
    db = client[f"oversight_test_{uuid.uuid4().hex[:8]}"]
    clock = FixedClock(NOW)
    deps = Deps(OversightStore(db), clock, lambda: None,
                lookups=AttemptLimits(db["lookup_attempts"], 5, 20, 900))
    cmd = commands.RegisterComplaint("phone", "staff", "w-01", "civil", "rude_conduct", "粗暴",
                                     complainant_name="张三")
    try:
        complaint, code = await handlers.register_complaint(cmd, deps, OFFICER)
        wrong = await asyncio.gather(*(handlers.complaint_for_complainant(
            complaint.number, f"WRONG{i:03d}", deps, "10.0.0.1") for i in range(5)))
        assert wrong == [None] * 5
        with pytest.raises(LookupLocked) as locked:
            await handlers.complaint_for_complainant(complaint.number, code, deps, "10.0.0.2")
        assert locked.value.code == "TOO_MANY_ATTEMPTS" and "后再试" in str(locked.value)
        # another address, other numbers: 20 wrong look-ups, then that address is locked
        for i in range(15):
            await handlers.complaint_for_complainant(f"TS2026092899{i:03d}", "X" * 8, deps,
                                                     "10.0.0.1")
        with pytest.raises(LookupLocked):
            await handlers.complaint_for_complainant("TS20260928000999", "X" * 8, deps,
                                                     "10.0.0.1")
        clock.instant = NOW + timedelta(minutes=16)  # the window ended
        found = await handlers.complaint_for_complainant(complaint.number, code, deps,
                                                         "10.0.0.1")
        assert found is not None and found.id == complaint.id
    finally:
        await client.drop_database(db.name)
        await client.close()
