"""The calendar in force in this process: built from the database, rebuilt when it changes.

Loading a year goes through the database, so every replica sees it: each one compares the
stored years' versions every `calendar_refresh_seconds` and rebuilds when they differ.
"""

import asyncio
import logging

from services.kit.tasks import every

from .calendar import ClosureDay, WorkingCalendar, YearArrangement
from .official_calendar import arrangements as package_arrangements
from .store import CalendarStore

log = logging.getLogger(__name__)


class Calendars:
    def __init__(self, store: CalendarStore) -> None:
        self.store = store
        self.current = WorkingCalendar(package_arrangements())
        self._fingerprint: tuple = ()
        self.closure_reasons: dict = {}
        self._task: asyncio.Task | None = None
        # A refresh reads the database, then builds: one that read before a change this
        # process stored must not replace the calendar after the change was applied (the
        # clocks would be counted again on the old one; seen in CI). Both take this lock.
        self._lock = asyncio.Lock()

    async def seed_and_load(self) -> None:
        """At start-up: store the package's years that are not stored yet, then load all."""
        for arrangement in package_arrangements().values():
            await self.store.seed(arrangement)
        await self.refresh()

    async def refresh(self) -> bool:
        async with self._lock:
            return await self._refresh()

    async def _refresh(self) -> bool:
        years, closures, fingerprint = await self.store.all()
        if fingerprint == self._fingerprint:
            return False
        self.closure_reasons = {c.day: c.reason for c in closures}
        self.current = await asyncio.to_thread(WorkingCalendar, years,
                                               frozenset(self.closure_reasons))
        self._fingerprint = fingerprint
        log.info("calendar loaded", extra={"fields": {"years": len(years)}})
        return True

    async def use(self, arrangement: YearArrangement) -> None:
        """Apply a year this process just stored, without waiting for the next refresh."""
        async with self._lock:
            self.current = WorkingCalendar(
                {**self.current.arrangements, arrangement.year: arrangement},
                self.current.closures)

    async def use_closures(self, year: int, days: list[ClosureDay]) -> None:
        """Apply a year's closure days this process just stored."""
        async with self._lock:
            reasons = {d: r for d, r in self.closure_reasons.items() if d.year != year}
            reasons.update({c.day: c.reason for c in days})
            self.closure_reasons = reasons
            self.current = WorkingCalendar(self.current.arrangements, frozenset(reasons))

    def start_refreshing(self, every_seconds: float) -> None:
        self._task = every(every_seconds, self.refresh, "calendar refresh")
