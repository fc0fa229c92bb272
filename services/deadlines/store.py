"""The deadlines service's storage: clocks as versioned aggregates keyed by `domain.clock_id`.

A subject has one clock of each kind (and part): starting it again (a redelivered
`case.accepted`) finds version 1 taken, which is what makes redelivery harmless.
"""

from datetime import date, datetime

from collections.abc import AsyncIterator

from pymongo import ASCENDING, IndexModel
from pymongo.errors import DuplicateKeyError

from services.kit.case_names import CaseNames
from services.kit.aggregates import (
    AlreadyExists, ConcurrentChange, VersionedStore, indexes,
)
from services.kit.slotlog import SlotLog

from .calendar import ClosureDay, YearArrangement
from .domain import Card, Clock, ClockKind, ClockStatus, Outcome, TimelineEntry
from .rules import Suspension
from .statistics import COUNTS, Tally

SOURCE = "onewindow/deadlines"
CLOCKS, CALENDAR_YEARS, STATISTICS = "clocks", "calendar_years", "statistics"
CLOSURE_DAYS = "closure_days"
AGENDA, AGENDA_HINTS, SCHEDULER, DUE_INDEX = "agenda", "agenda_hints", "scheduler", "due_index"
INDEXES = {
    **indexes(CLOCKS, [
        # Day-granular equality keys: "what is due on day D" is an index hit, not a scan.
        IndexModel([("due_key", ASCENDING)], name="due_key"),
        IndexModel([("department", ASCENDING)], name="department"),
        IndexModel([("status", ASCENDING)], name="status"),
    ]),
    **indexes(CALENDAR_YEARS, []),
    **indexes(CLOSURE_DAYS, []),
    **indexes(STATISTICS, []),
}


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _day(iso: str | None) -> date | None:
    return date.fromisoformat(iso) if iso else None


def clock_to_state(clock: Clock) -> dict:
    return {
        "subject_id": clock.subject_id,
        "part": clock.part,
        "case_number": clock.case_number,
        "department": clock.department,
        "service_item_code": clock.service_item_code,
        "started_on": clock.started_on.isoformat(),
        "limit": clock.limit,
        "unit": clock.unit,
        "due_date": _iso(clock.due_date),
        "due_key": _iso(clock.due_date),
        "provisional": clock.provisional,
        "status": clock.status.value,
        "count_start_day": clock.count_start_day,
        "kind": clock.kind.value,
        "window": clock.window,
        "staff": clock.staff,
        "suspensions": [{"suspended_on": s.suspended_on.isoformat(),
                         "resumed_on": _iso(s.resumed_on)} for s in clock.suspensions],
        "extensions": clock.extensions,
        "card": clock.card.value,
        "cards_issued": clock.cards_issued,
        "outcome": clock.outcome.value if clock.outcome else None,
        "closed_on": _iso(clock.closed_on),
        "applied_events": clock.applied_events,
        "timeline": [
            {"at": t.at, "what": t.what, "due_date": _iso(t.due_date),
             "cause_event_id": t.cause_event_id}
            for t in clock.timeline
        ],
    }


def clock_from_state(doc: dict, version: int) -> Clock:
    return Clock(
        subject_id=doc["subject_id"], part=doc.get("part"), case_number=doc["case_number"], department=doc["department"],
        service_item_code=doc["service_item_code"],
        started_on=date.fromisoformat(doc["started_on"]), limit=doc["limit"], unit=doc["unit"],
        due_date=_day(doc["due_date"]), provisional=doc["provisional"],
        status=ClockStatus(doc["status"]),
        timeline=[TimelineEntry(t["at"], t["what"], _day(t["due_date"]), t["cause_event_id"])
                  for t in doc["timeline"]],
        count_start_day=doc.get("count_start_day", False),
        kind=ClockKind(doc.get("kind", ClockKind.CASE_LIMIT.value)),
        window=doc.get("window"),
        staff=doc.get("staff"),
        suspensions=[Suspension(date.fromisoformat(s["suspended_on"]), _day(s["resumed_on"]))
                     for s in doc.get("suspensions", [])],
        extensions=list(doc.get("extensions", [])),
        card=Card(doc.get("card", Card.NONE.value)),
        cards_issued=dict(doc.get("cards_issued", {})),
        outcome=Outcome(doc["outcome"]) if doc.get("outcome") else None,
        closed_on=_day(doc.get("closed_on")),
        applied_events=list(doc.get("applied_events", [])),
        version=version,
    )


def _events(clock: Clock) -> list:
    events = [e.to_cloud_event(SOURCE) for e in clock.events]
    clock.events.clear()
    return events


class ClockStore:
    def __init__(self, db) -> None:
        self.clocks = VersionedStore(db, CLOCKS, SOURCE)
        self.names = CaseNames(db["case_names"])  # a case's printed number ⇄ id

    async def add(self, clock: Clock) -> bool:
        """Store a new clock with its events; False if the case already has one."""
        try:
            clock.version = await self.clocks.save(
                clock.clock_id, clock_to_state(clock), 0, _events(clock))
        except AlreadyExists:
            return False
        return True

    async def get(self, clock_id: str) -> Clock | None:
        """By clock id: a case's limit clock has the case's id (see `domain.clock_id`)."""
        found = await self.clocks.load(clock_id)
        return clock_from_state(*found) if found else None

    async def save(self, clock: Clock, actor: str | None = None) -> None:
        clock.version = await self.clocks.save(
            clock.clock_id, clock_to_state(clock), clock.version, _events(clock), actor)

    async def peek_many(self, clock_ids: list[str]) -> dict[str, Clock]:
        """Clocks as their projections stand: for a batch whose save finds any lag."""
        found = await self.clocks.peek_many(clock_ids)
        return {i: clock_from_state(*found[i]) for i in clock_ids if i in found}

    async def save_many(self, clocks: list[Clock], actor: str | None = None) -> list[bool]:
        """Save each clock with its events in bulk; False for one someone changed meanwhile."""
        stored = await self.clocks.save_many(
            [(c.clock_id, clock_to_state(c), c.version, _events(c)) for c in clocks], actor)
        for clock, ok in zip(clocks, stored, strict=True):
            if ok:
                clock.version += 1
        return stored

    async def open_clock_ids(self) -> list[str]:
        """Every open clock's id. A scan on FerretDB: used when the calendar changes."""
        cursor = self.clocks.current.find({}, {"_id": 1, "status": 1})
        open_states = {ClockStatus.RUNNING.value, ClockStatus.SUSPENDED.value}
        return [doc["_id"] async for doc in cursor if doc["status"] in open_states]


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


class AgendaStore:
    """What the scheduler must look at on each day: a slot log per day (kit.slotlog).

    Entries are hints: the scheduler checks each against the clock itself. The same shape
    indexes due dates (`due`, one log per due day, for work lists) and red cards (`red`, one
    log, for the overdue list).
    """

    def __init__(self, db) -> None:
        self.log = SlotLog(db[AGENDA], db[AGENDA_HINTS])
        self.due = SlotLog(db[DUE_INDEX], db[AGENDA_HINTS])
        self.progress_doc = db[SCHEDULER]

    async def add(self, day: date, clock_id: str, card: Card, due_date: date) -> None:
        await self.log.append(day.isoformat(), clock_id,
                              {"card": card.value, "due_date": due_date.isoformat()})

    def read(self, day: date, slot: int) -> AsyncIterator[tuple[int, dict]]:
        return self.log.read(day.isoformat(), slot)

    async def add_due(self, due_date: date, clock_id: str, department: str, kind: str) -> None:
        """Index a clock under its due date; callers do it when the due date changes, so a
        clock is indexed once per date it had (a redelivered start or a date that comes back
        indexes it again: readers drop repeats)."""
        await self.due.append(f"due-{due_date.isoformat()}", clock_id,
                              {"department": department, "kind": kind})

    async def oldest_due_day(self) -> date | None:
        doc = await self.progress_doc.find_one({"_id": "oldest-open-due-day"})
        return date.fromisoformat(doc["day"]) if doc else None

    async def save_oldest_due_day(self, day: date) -> None:
        try:
            await self.progress_doc.replace_one({"_id": "oldest-open-due-day"},
                                                {"day": day.isoformat()}, upsert=True)
        except DuplicateKeyError:
            pass

    def read_due(self, due_date: date, slot: int = 0) -> AsyncIterator[tuple[int, dict]]:
        return self.due.read(f"due-{due_date.isoformat()}", slot)

    async def progress(self) -> tuple[date, dict[str, int]] | None:
        """The first day not yet closed, and how far each open day has been read."""
        doc = await self.progress_doc.find_one({"_id": "progress"})
        return (date.fromisoformat(doc["open_from"]), dict(doc["slots"])) if doc else None

    async def save_progress(self, open_from: date, slots: dict[str, int],
                            tick_at: datetime) -> None:
        """`tick_at`: the time the tick that saves it began with (when the scheduler last
        worked, for whoever watches it)."""
        try:  # replicas may race here; the worst case is reading some entries again
            await self.progress_doc.replace_one(
                {"_id": "progress"}, {"open_from": open_from.isoformat(), "slots": slots,
                                      "tick_at": tick_at}, upsert=True)
        except DuplicateKeyError:
            pass


class StatisticsStore:
    """Statistics buckets as versioned aggregates: concurrent additions never lose a count."""

    def __init__(self, db) -> None:
        self.buckets = VersionedStore(db, STATISTICS, SOURCE)

    async def get(self, bucket: str) -> Tally:
        found = await self.buckets.load(bucket)
        if not found:
            return Tally()
        state, version = found
        return Tally(**{c: state.get(c, 0) for c in COUNTS}, recent=list(state["recent"]),
                     version=version)

    async def save(self, bucket: str, tally: Tally) -> None:
        state = {c: getattr(tally, c) for c in COUNTS} | {"recent": tally.recent}
        tally.version = await self.buckets.save(bucket, state, tally.version, [])
