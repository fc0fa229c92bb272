"""Every case number drawn names one stored case or is void (numbering/): the sweep against
the real database and broker, with the clock injected."""

import asyncio
from datetime import datetime, timedelta

import pytest

from services.intake.cases import commands as case_c, handlers
from services.intake.numbering.domain import SWEEPER
from services.intake.numbering.handlers import sweep_case_numbers
from services.kit.aggregates import AlreadyExists
from services.kit.clock import CENTRE_TZ
from tests.integration.conftest import NOW
from tests.integration.test_intake_store import PERSON, STAFF, _item
from tests.support import broker_and_listener, relay_and_listen

pytestmark = pytest.mark.integration
GRACE = timedelta(minutes=10)


async def _submit(deps, item):
    return await handlers.submit_application(case_c.SubmitApplication(
        item.id, PERSON, [case_c.HandedInMaterial("申请书")]), deps, STAFF)


async def _lost(deps, case_id: str) -> str:
    """What a writer killed between drawing the number and storing the case leaves."""
    now = deps.clock.now()
    return await deps.store.allocate_case_number(now.date(), case_id, now, "civil")


async def test_a_number_whose_case_never_came_is_voided_once_and_the_case_never_stored(
        deps, infra):
    item = await _item(deps)
    stored = await _submit(deps, item)
    lost = await _lost(deps, "case-lost")
    assert await sweep_case_numbers(deps, GRACE) == 0  # its writer may still be at work
    deps.clock.instant = NOW + timedelta(minutes=11)
    young = await _lost(deps, "case-young")
    after = await _submit(deps, item)

    assert await sweep_case_numbers(deps, GRACE) == 1
    voids = await deps.store.voided_case_numbers.of_day(NOW.date(), None)
    assert [(v.number, v.owner, v.department, v.reason) for v in voids] == [
        (lost, "case-lost", "civil", "NEVER_STORED")]
    assert voids[0].reason_text.startswith("编号已取号")
    assert await deps.store.cases.get("case-lost") is None
    assert (await deps.store.cases.get(stored.id)).case_number == stored.case_number
    # the audit trail shows who voided it; a writer arriving now cannot store the case
    (tombstone,) = await deps.store.cases.versions.history("case-lost")
    assert tombstone["actor"] == SWEEPER and tombstone["barred"] == "NEVER_STORED"
    with pytest.raises(AlreadyExists):
        await deps.store.cases.versions.save("case-lost", {"late": True}, 0, [])
    assert await deps.store.cases.get("case-lost") is None

    assert await sweep_case_numbers(deps, GRACE) == 0  # once
    deps.clock.instant += GRACE
    assert await sweep_case_numbers(deps, GRACE) == 1  # the young one, old enough now
    numbers = [v.number for v in await deps.store.voided_case_numbers.of_day(NOW.date(), "civil")]
    assert numbers == [lost, young] and after.case_number not in numbers
    assert await deps.store.voided_case_numbers.of_day(NOW.date(), "market") == []

    async with broker_and_listener(infra.amqp_url, "intake-test") as (broker, listener):
        events, _ = await relay_and_listen(deps.store.cases.versions.current.database, broker,
                                           listener)
    voided = [e for e in events if e["type"] == "case_number.voided"]
    assert sorted(e["data"]["case_number"] for e in voided) == [lost, young]
    assert {e["data"]["reason"] for e in voided} == {"NEVER_STORED"}


async def test_a_case_stored_before_the_sweep_decides_is_never_voided(deps):
    """The bar and the case's creation race for one insert: whichever wins, the number names
    exactly one of a stored case or a void."""
    item = await _item(deps)
    cases = [await _submit(deps, item) for _ in range(3)]
    deps.clock.instant = NOW + timedelta(hours=1)
    results = await asyncio.gather(*(sweep_case_numbers(deps, GRACE) for _ in range(3)))
    assert sum(results) == 0
    assert await deps.store.voided_case_numbers.of_day(NOW.date(), None) == []
    for case in cases:
        assert await deps.store.cases.get(case.id) is not None


async def test_concurrent_sweeps_void_each_lost_number_once(deps):
    await _item(deps)
    lost = [await _lost(deps, f"case-lost-{i}") for i in range(6)]
    deps.clock.instant = NOW + timedelta(hours=1)
    await asyncio.gather(*(sweep_case_numbers(deps, GRACE) for _ in range(3)))
    assert [v.number for v in await deps.store.voided_case_numbers.of_day(NOW.date(), None)] == lost
    for i in range(6):
        assert len(await deps.store.cases.versions.history(f"case-lost-{i}")) == 1


async def test_a_number_drawn_just_before_midnight_is_judged_the_next_day(deps):
    await _item(deps)
    deps.clock.instant = datetime(2026, 9, 28, 23, 59, tzinfo=CENTRE_TZ)
    lost = await _lost(deps, "case-late")
    deps.clock.instant = datetime(2026, 9, 29, 0, 5, tzinfo=CENTRE_TZ)
    assert await sweep_case_numbers(deps, GRACE) == 0
    deps.clock.instant = datetime(2026, 9, 29, 0, 30, tzinfo=CENTRE_TZ)
    next_day = await _lost(deps, "case-next-day")
    deps.clock.instant = datetime(2026, 9, 29, 9, 0, tzinfo=CENTRE_TZ)
    assert await sweep_case_numbers(deps, GRACE) == 2
    assert [v.number for v in await deps.store.voided_case_numbers.of_day(NOW.date(), None)] == [lost]
    assert next_day.startswith("OW20260929")


async def test_a_replica_whose_memory_lags_draws_the_first_free_number(deps, infra):
    """Another replica drew 3,000 numbers while this one served nothing: this one finds the
    run's end by look-ups (it used to claim one by one and give up after 1,000 probes)."""
    from services.kit import numbers

    day = NOW.date()
    first = await _lost(deps, "case-first")  # this process remembers number 1
    assert first.endswith("00001")
    await deps.store.case_numbers.insert_many(  # drawn by the other replica meanwhile
        [{"_id": numbers.day_number("OW", day, n), "owner": f"other-{n}"}
         for n in range(2, 3002)])
    commands: list[str] = []
    lookups = deps.store.case_numbers.find_one

    async def counted(*args, **kwargs):
        commands.append("find")
        return await lookups(*args, **kwargs)

    deps.store.case_numbers.find_one = counted
    drawn = await _lost(deps, "case-after")
    assert drawn == numbers.day_number("OW", day, 3002)  # no gap, nothing skipped
    assert len(commands) <= 30  # galloping and halving, not 3,000 claims


async def test_a_case_whose_projection_the_database_refused_is_listed_not_left_unaccounted(
        deps, infra):
    """Issue 29: the database went away after the case's change and before its projection
    (bench.faults: a number neither a stored case nor void). The sweep rightly leaves the
    number (the case is stored); the relay projects the case, so every list shows it."""
    from datetime import UTC

    from pymongo.errors import AutoReconnect

    from services.kit.outbox import OWNER_FIRST
    from tests.integration.test_outbox import _GoneOnReplace

    item = await _item(deps)
    versions = deps.store.cases.versions
    versions.current = _GoneOnReplace(versions.current)
    with pytest.raises(AutoReconnect):
        await _submit(deps, item)
    versions.current = versions.current.real
    (claimed,) = [c async for c in deps.store.case_numbers.find({})]
    assert await versions.current.find_one({"_id": claimed["owner"]}) is None
    deps.clock.instant = NOW + timedelta(hours=1)
    assert await sweep_case_numbers(deps, GRACE) == 0

    outbox = versions.current.database["outbox"]
    await outbox.update_many({}, {"$set": {"at": datetime.now(UTC) - OWNER_FIRST * 2}})
    async with broker_and_listener(infra.amqp_url, "intake-test") as (broker, listener):
        events, _ = await relay_and_listen(versions.current.database, broker, listener)
    assert "application.received" in {e["type"] for e in events}
    listed = await versions.current.find_one({"_id": claimed["owner"]})
    assert listed is not None and listed["case_number"] == claimed["_id"]
    assert await deps.store.voided_case_numbers.of_day(NOW.date(), None) == []
