"""The calendar in force: a periodic refresh must never undo a change this process applied."""

import asyncio
from datetime import date

from services.deadlines.calendar.domain import ClosureDay
from services.deadlines.calendar.store import Calendars


class SlowStore:
    """Returns what was stored when `all` was called, but only once `release` is set."""

    def __init__(self) -> None:
        self.closures: frozenset[ClosureDay] = frozenset()
        self.version = 0
        self.reading = asyncio.Event()
        self.release = asyncio.Event()

    async def all(self):
        seen, version = self.closures, self.version
        self.reading.set()
        await self.release.wait()
        return {}, seen, ((), ((2026, version),) if version else ())


async def test_a_refresh_that_read_before_a_closure_does_not_undo_it():
    store = SlowStore()
    calendars = Calendars(store)
    day = date(2026, 12, 16)
    assert calendars.current.is_working(day)

    refreshing = asyncio.create_task(calendars.refresh())
    await store.reading.wait()  # the refresh has read the database: no closure yet
    closure = ClosureDay(day, "中心搬迁")
    store.closures, store.version = frozenset({closure}), 1  # the handler stores it ...
    applying = asyncio.create_task(calendars.use_closures(2026, [closure]))  # ... applies it
    await asyncio.sleep(0)
    store.release.set()
    await asyncio.gather(refreshing, applying)

    assert not calendars.current.is_working(day)  # what the handler counts the clocks on
    assert calendars.closure_reasons == {day: "中心搬迁"}
    store.reading.clear()
    assert await calendars.refresh()  # the next refresh reads the stored closure: no change
    assert not calendars.current.is_working(day)
