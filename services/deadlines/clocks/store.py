"""The deadlines service's storage: clocks as versioned aggregates keyed by `domain.clock_id`.

A subject has one clock of each kind (and part): starting it again (a redelivered
`case.accepted`) finds version 1 taken, which is what makes redelivery harmless.
"""

from datetime import date

from pymongo import ASCENDING, IndexModel

from services.kit.case_names import CaseNames
from services.kit.aggregates import AlreadyExists, VersionedStore, indexes

from ..calendar.rules import Suspension
from .domain import Card, Clock, ClockKind, ClockStatus, Outcome, TimelineEntry

SOURCE = "onewindow/deadlines"
CLOCKS = "clocks"
INDEXES = indexes(CLOCKS, [
    # Day-granular equality keys: "what is due on day D" is an index hit, not a scan.
    IndexModel([("due_key", ASCENDING)], name="due_key"),
    IndexModel([("department", ASCENDING)], name="department"),
    IndexModel([("status", ASCENDING)], name="status"),
])


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
