"""Complaints on FerretDB: numbers never shared, a repeat recognised once, under concurrency."""

import asyncio
import uuid

import pytest
from pymongo import AsyncMongoClient

from services.kit.auth import Principal, Role
from services.kit.clock import FixedClock
from services.oversight.complaints import commands, handlers
from services.oversight.deps import Deps
from services.oversight.store import OversightStore
from tests.integration.conftest import NOW

pytestmark = pytest.mark.integration
OFFICER = Principal("eff", frozenset({Role.EFFICIENCY_OFFICER}))


async def test_twenty_complaints_at_once_get_twenty_numbers_and_one_first(infra):
    client = AsyncMongoClient(infra.mongo_url, tz_aware=True)
    db = client[f"oversight_test_{uuid.uuid4().hex[:8]}"]
    deps = Deps(OversightStore(db), FixedClock(NOW), lambda: None)
    cmd = commands.RegisterComplaint("phone", "staff", "w-01", "civil", "rude_conduct", "粗暴",
                                     complainant_name="张三", complainant_contact="13800000000")
    try:
        results = await asyncio.gather(*(handlers.register_complaint(cmd, deps, OFFICER)
                                         for _ in range(20)))
        numbers = {c.number for c, _ in results}
        assert len(numbers) == 20
        firsts = [c for c, _ in results if c.repeat_of is None]
        assert len(firsts) == 1
        assert {c.repeat_of for c, _ in results if c.repeat_of} == {firsts[0].id}
        complaint, code = results[0]
        found = await handlers.complaint_for_complainant(complaint.number, code.lower(), deps)
        assert found is not None and found.id == complaint.id
        assert await handlers.complaint_for_complainant(complaint.number, "X" * 8, deps) is None
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
