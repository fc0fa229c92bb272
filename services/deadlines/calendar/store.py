"""The calendar's storage: each year's official arrangement and the centre's closure days, one
versioned document per year; and the calendar in force in this process (`Calendars`), built
from the database and rebuilt when it changes.

Loading a year goes through the database, so every replica sees it: each one compares the
stored years' versions every `calendar_refresh_seconds` and rebuilds when they differ.
"""

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import date

from services.kit.aggregates import indexes
from services.kit.codec import transient
from services.kit.records import AggregateStore
from services.kit.tasks import every

from .domain import ClosureDay, WorkingCalendar, YearArrangement
from .official import arrangements as package_arrangements

log = logging.getLogger(__name__)
SOURCE = "onewindow/deadlines"
CALENDAR_YEARS, CLOSURE_DAYS = "calendar_years", "closure_days"
INDEXES = {**indexes(CALENDAR_YEARS, []), **indexes(CLOSURE_DAYS, [])}


@dataclass
class StoredYear:
    """One year's arrangement as stored: every load of it is kept as a change."""
    id: str  # the year
    year: int
    holidays: frozenset[date]
    working_days: frozenset[date]
    source_title: str
    source_date: date | None = None
    version: int = transient(default=0)
    events: list = transient(default_factory=list)

    @classmethod
    def of(cls, a: YearArrangement, version: int = 0) -> "StoredYear":
        return cls(str(a.year), a.year, a.holidays, a.working_days, a.source_title,
                   a.source_date, version=version)

    def arrangement(self) -> YearArrangement:
        return YearArrangement(self.year, self.holidays, self.working_days, self.source_title,
                               self.source_date)


@dataclass(frozen=True)
class StoredClosure:
    date: date
    reason: str


@dataclass
class ClosureYear:
    """The centre's closure days of one year."""
    id: str  # the year
    year: int
    days: list[StoredClosure] = field(default_factory=list)
    version: int = transient(default=0)
    events: list = transient(default_factory=list)

    def closure_days(self) -> list[ClosureDay]:
        return [ClosureDay(d.date, d.reason) for d in self.days]


class CalendarStore:
    """One versioned document per year: every load of an arrangement is kept as a change.
    The centre's closure days likewise, one document per year."""

    def __init__(self, db) -> None:
        self.years = AggregateStore(db, CALENDAR_YEARS, StoredYear, SOURCE)
        self.closures = AggregateStore(db, CLOSURE_DAYS, ClosureYear, SOURCE)

    async def closure_days(self, year: int) -> tuple[list[ClosureDay], int]:
        found = await self.closures.get(str(year))
        return (found.closure_days(), found.version) if found else ([], 0)

    async def put_closure_days(self, year: int, days: list[ClosureDay], version: int,
                               actor: str | None) -> None:
        """Raises `ConcurrentChange` when another change got there first."""
        stored = ClosureYear(str(year), year, [StoredClosure(c.day, c.reason) for c in
                                               sorted(days, key=lambda c: c.day)],
                             version=version)
        await self.closures.save_or_conflict(stored, actor)

    async def seed(self, arrangement: YearArrangement) -> bool:
        """Store a year from the package unless the year is there already."""
        return await self.years.add(StoredYear.of(arrangement), "seed")

    async def put(self, arrangement: YearArrangement, actor: str | None) -> int:
        found = await self.years.get(str(arrangement.year))
        stored = StoredYear.of(arrangement, found.version if found else 0)
        await self.years.save(stored, actor)
        return stored.version

    async def all(self) -> tuple[dict[int, YearArrangement], frozenset[ClosureDay], tuple]:
        """Every stored year and closure day, and a fingerprint that changes when any does."""
        years = await self.years.find({}, [("_id", 1)], 10_000)
        closure_years = await self.closures.find({}, [("_id", 1)], 10_000)
        closures = frozenset(c for y in closure_years for c in y.closure_days())
        fingerprint = (tuple(sorted((y.year, y.version) for y in years)),
                       tuple(sorted((y.year, y.version) for y in closure_years)))
        return {y.year: y.arrangement() for y in years}, closures, fingerprint


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
