"""The calendar's storage: each year's official arrangement and the centre's closure days, one
versioned document per year; and the calendar in force in this process (`Calendars`), built
from the database and rebuilt when it changes.

Loading a year goes through the database, so every replica sees it: each one compares the
stored years' versions every `calendar_refresh_seconds` and rebuilds when they differ.
"""

import asyncio
import logging
from datetime import date

from services.kit.aggregates import AlreadyExists, ConcurrentChange, VersionedStore, indexes
from services.kit.tasks import every

from .domain import ClosureDay, WorkingCalendar, YearArrangement
from .official import arrangements as package_arrangements

log = logging.getLogger(__name__)
SOURCE = "onewindow/deadlines"
CALENDAR_YEARS, CLOSURE_DAYS = "calendar_years", "closure_days"
INDEXES = {**indexes(CALENDAR_YEARS, []), **indexes(CLOSURE_DAYS, [])}


def arrangement_to_state(a: YearArrangement) -> dict:
    return {
        "year": a.year, "holidays": sorted(d.isoformat() for d in a.holidays),
        "working_days": sorted(d.isoformat() for d in a.working_days),
        "source_title": a.source_title,
        "source_date": a.source_date.isoformat() if a.source_date else None,
    }


def arrangement_from_state(doc: dict) -> YearArrangement:
    return YearArrangement(
        year=doc["year"], holidays=frozenset(date.fromisoformat(d) for d in doc["holidays"]),
        working_days=frozenset(date.fromisoformat(d) for d in doc["working_days"]),
        source_title=doc["source_title"],
        source_date=date.fromisoformat(doc["source_date"]) if doc["source_date"] else None,
    )


class CalendarStore:
    """One versioned document per year: every load of an arrangement is kept as a change.
    The centre's closure days likewise, one document per year."""

    def __init__(self, db) -> None:
        self.years = VersionedStore(db, CALENDAR_YEARS, SOURCE)
        self.closures = VersionedStore(db, CLOSURE_DAYS, SOURCE)

    async def closure_days(self, year: int) -> tuple[list[ClosureDay], int]:
        found = await self.closures.load(str(year))
        if not found:
            return [], 0
        state, version = found
        return [ClosureDay(date.fromisoformat(c["date"]), c["reason"]) for c in state["days"]], \
            version

    async def put_closure_days(self, year: int, days: list[ClosureDay], version: int,
                               actor: str | None) -> None:
        """Raises `ConcurrentChange` when another change got there first."""
        state = {"year": year, "days": [{"date": c.day.isoformat(), "reason": c.reason}
                                        for c in sorted(days, key=lambda c: c.day)]}
        try:
            await self.closures.save(str(year), state, version, [], actor)
        except AlreadyExists:
            raise ConcurrentChange(str(year)) from None

    async def seed(self, arrangement: YearArrangement) -> bool:
        """Store a year from the package unless the year is there already."""
        try:
            await self.years.save(str(arrangement.year), arrangement_to_state(arrangement), 0, [],
                                  "seed")
        except AlreadyExists:
            return False
        return True

    async def put(self, arrangement: YearArrangement, actor: str | None) -> int:
        found = await self.years.load(str(arrangement.year))
        version = found[1] if found else 0
        return await self.years.save(str(arrangement.year), arrangement_to_state(arrangement),
                                     version, [], actor)

    async def all(self) -> tuple[dict[int, YearArrangement], frozenset[ClosureDay], tuple]:
        """Every stored year and closure day, and a fingerprint that changes when any does."""
        docs = [d async for d in self.years.current.find({})]
        years = {d["year"]: arrangement_from_state(d) for d in docs}
        closure_docs = [d async for d in self.closures.current.find({})]
        closures = frozenset(ClosureDay(date.fromisoformat(c["date"]), c["reason"])
                             for d in closure_docs for c in d["days"])
        fingerprint = (tuple(sorted((d["year"], d["version"]) for d in docs)),
                       tuple(sorted((d["year"], d["version"]) for d in closure_docs)))
        return years, closures, fingerprint


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
