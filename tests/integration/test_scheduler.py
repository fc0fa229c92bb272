"""The card scheduler against the real database: replicas, catch-up, cost per day."""

import asyncio
import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from pymongo import AsyncMongoClient

from services.deadlines.clocks import commands
from services.deadlines.clocks import handlers
from services.deadlines import store
from services.deadlines.agenda.store import AgendaStore
from services.deadlines.calendar.store import Calendars, CalendarStore
from services.deadlines.clocks.store import ClockStore
from services.deadlines.deps import Deps
from services.deadlines.statistics.store import StatisticsStore
from services.deadlines.agenda.scheduled import Scheduler
from services.kit.clock import FixedClock
from services.kit.memory import MemoryDatabase
from services.kit.mongo import ensure_indexes

pytestmark = pytest.mark.integration
TZ = ZoneInfo("Asia/Shanghai")


class MovableClock(FixedClock):
    def at(self, day: date, hour: int = 0, minute: int = 5) -> None:
        self.instant = datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


@pytest.fixture(params=["ferretdb", "memory"])
async def db(request):
    """The clock handlers and the scheduler over FerretDB, and over the in-memory database."""
    if request.param == "memory":
        yield MemoryDatabase()
        return
    infra = request.getfixturevalue("infra")
    client = AsyncMongoClient(infra.mongo_url, tz_aware=True)
    database = client[f"scheduler_test_{uuid.uuid4().hex[:8]}"]
    await ensure_indexes(database, store.INDEXES)
    yield database
    await client.drop_database(database.name)
    await client.close()


async def _deps(db, time) -> Deps:
    calendar_store = CalendarStore(db)
    calendars = Calendars(calendar_store)
    await calendars.seed_and_load()
    return Deps(ClockStore(db), calendar_store, calendars, time, lambda: None,
                         AgendaStore(db), StatisticsStore(db))


def _accepted(case_id: str, on: date, limit: int = 10) -> commands.StartClock:
    return commands.StartClock(case_id, f"N-{case_id}", "civil", "MZ", on, limit,
                               "working_days", f"event-{case_id}",
                               datetime(on.year, on.month, on.day, 10, tzinfo=TZ))


async def _cards(db, kind: str) -> list[str]:
    """Case ids of the card events stored in the clocks' outboxes."""
    return sorted([e["subject"] async for change in db["clocks_changes"].find({})
                   for e in change["outbox"] if e["type"] == f"clock.{kind}_card"])


async def test_two_replicas_issue_each_card_exactly_once(db):
    time = MovableClock(datetime(2026, 9, 28, 10, tzinfo=TZ))
    deps_a, deps_b = await _deps(db, time), await _deps(db, time)
    cases = [f"c{i}" for i in range(12)]
    for case_id in cases:
        await handlers.start_clock(_accepted(case_id, date(2026, 9, 28)), deps_a)  # due 16 Oct
    replica_a = Scheduler(deps_a, deps_a.agenda)
    replica_b = Scheduler(deps_b, deps_b.agenda)

    for day in (date(2026, 10, 14), date(2026, 10, 15), date(2026, 10, 16), date(2026, 10, 17),
                date(2026, 10, 19)):
        time.at(day)
        # Both replicas tick at the same moment, twice.
        await asyncio.gather(replica_a.tick(), replica_b.tick(), replica_a.tick(), replica_b.tick())
        if day == date(2026, 10, 14):
            assert await _cards(db, "yellow") == []
        if day == date(2026, 10, 15):
            assert await _cards(db, "yellow") == sorted(cases)
            assert await _cards(db, "red") == []
    assert await _cards(db, "yellow") == sorted(cases)
    assert await _cards(db, "red") == sorted(cases)


async def test_a_scheduler_that_was_down_catches_up_on_start(db):
    time = MovableClock(datetime(2026, 11, 2, 10, tzinfo=TZ))
    deps = await _deps(db, time)
    await handlers.start_clock(_accepted("late", date(2026, 11, 2), limit=3), deps)  # due Thu 5 Nov
    first = Scheduler(deps, deps.agenda)
    time.at(date(2026, 11, 3))
    assert await first.tick() == 0
    # Down from Wed 4 Nov until Mon 9 Nov: the yellow day (4 Nov) and the red day (6 Nov) pass.
    time.at(date(2026, 11, 9), hour=8)
    restarted = Scheduler(await _deps(db, time), deps.agenda)
    assert await restarted.tick() == 1  # red; yellow is not sent after the due date
    assert await _cards(db, "red") == ["late"]
    assert await _cards(db, "yellow") == []
    assert await restarted.tick() == 0


async def test_a_day_costs_what_its_agenda_holds_not_what_is_open(db):
    time = MovableClock(datetime(2026, 11, 2, 10, tzinfo=TZ))
    deps = await _deps(db, time)
    for i in range(30):  # open clocks due far later: not on the days checked below
        await handlers.start_clock(_accepted(f"far{i}", date(2026, 11, 2), limit=60), deps)
    await handlers.start_clock(_accepted("near", date(2026, 11, 2), limit=2), deps)  # due 4 Nov
    reads = []
    agenda = deps.agenda
    original = agenda.read

    async def counting(day, slot):
        async for item in original(day, slot):
            reads.append(item[1]["owner"])
            yield item

    agenda.read = counting
    time.at(date(2026, 11, 3))
    await Scheduler(deps, agenda).tick()
    # Today's agenda: the near clock's yellow entry, nothing of the 30 far ones.
    assert reads == ["near"]
    assert deps.store.versions.current.name == "clocks"
    assert (await deps.store.get("near")).card.value == "yellow"
    time.at(date(2026, 11, 3) + timedelta(days=2))
    await Scheduler(deps, agenda).tick()
    assert (await deps.store.get("near")).card.value == "red"


async def test_an_entry_written_just_before_midnight_is_still_read(db):
    from services.deadlines.clocks.domain import Card, Clock

    time = MovableClock(datetime(2026, 11, 2, 10, tzinfo=TZ))
    deps = await _deps(db, time)
    # A clock stored without agenda entries: the only entry is the late one written below.
    clock = Clock.start(_accepted("edge", date(2026, 11, 2), limit=3), deps.calendar)
    await deps.store.add(clock)  # due Thu 5 Nov, yellow day Wed 4 Nov
    scheduler = Scheduler(deps, deps.agenda)
    time.at(date(2026, 11, 3), hour=23, minute=59)
    await scheduler.tick()
    time.at(date(2026, 11, 4), hour=0, minute=0)
    await scheduler.tick()  # 3 Nov has been read to its end at this point
    # A writer that took "today" to be 3 Nov a moment ago lands its entry on 3 Nov.
    await deps.agenda.add(date(2026, 11, 3), "edge", Card.YELLOW, clock.due_date)
    time.at(date(2026, 11, 4), hour=0, minute=5)
    assert await scheduler.tick() == 1  # 3 Nov is still open: the entry is read
    assert (await deps.store.get("edge")).card.value == "yellow"
    # Once a day is closed, the scheduler no longer reads it.
    time.at(date(2026, 11, 4), hour=0, minute=11)
    await scheduler.tick()
    assert (await deps.agenda.progress())[0] == date(2026, 11, 4)


async def test_a_tick_between_a_change_and_its_agenda_entries_loses_no_card(db):
    """The case's acceptance reaches the deadlines service when its red day is already today
    (the event queued while the clock moved on): a scheduler tick that runs while the clock is
    being stored must not read the clock's entries before the clock exists, and so drop them."""
    time = MovableClock(datetime(2026, 11, 26, 9, tzinfo=TZ))
    deps = await _deps(db, time)
    scheduler = Scheduler(deps, deps.agenda)
    await scheduler.tick()
    store_add, store_save, ticks = deps.store.add, deps.store.save, []

    async def add_after_a_tick(clock):
        ticks.append(await scheduler.tick())
        return await store_add(clock)

    async def save_after_a_tick(clock, actor=None):
        ticks.append(await scheduler.tick())
        return await store_save(clock, actor)

    deps.store.add, deps.store.save = add_after_a_tick, save_after_a_tick
    # Accepted Monday 23 Nov, 2 working days: due Wed 25, red on Thu 26, today.
    await handlers.start_clock(_accepted("late", date(2026, 11, 23), limit=2), deps)
    deps.store.add, deps.store.save = store_add, store_save
    assert ticks == [0]
    assert await scheduler.tick() == 1
    assert await _cards(db, "red") == ["late"]

    # A change that moves the due date: its new date's entries come after it is stored too.
    await handlers.start_clock(_accepted("moved", date(2026, 11, 20), limit=6), deps)  # due 30
    ticks.clear()
    deps.store.save = save_after_a_tick
    await handlers.change_clock(commands.RestartClock(
        "moved", "case_limit", None, "e-restart", datetime(2026, 11, 26, 9, tzinfo=TZ),
        restarted_on=date(2026, 11, 20), limit=3), deps)  # due 25: red today
    deps.store.save = store_save
    assert ticks == [0]
    assert await scheduler.tick() == 1
    assert await _cards(db, "red") == ["late", "moved"]
