"""The deadlines service's storage: clocks as versioned aggregates keyed by case id.

A case has one clock: starting it again (a redelivered `case.accepted`) finds version 1
taken, which is what makes redelivery harmless.
"""

from datetime import date

from pymongo import ASCENDING, IndexModel

from services.kit.aggregates import AlreadyExists, VersionedStore, indexes

from .domain import Clock, ClockStatus, TimelineEntry

SOURCE = "onewindow/deadlines"
CLOCKS = "clocks"
INDEXES = indexes(CLOCKS, [
    # Day-granular equality keys: "what is due on day D" is an index hit, not a scan.
    IndexModel([("due_key", ASCENDING)], name="due_key"),
    IndexModel([("department", ASCENDING)], name="department"),
])


def clock_to_state(clock: Clock) -> dict:
    return {
        "case_number": clock.case_number,
        "department": clock.department,
        "service_item_code": clock.service_item_code,
        "started_on": clock.started_on.isoformat(),
        "limit": clock.limit,
        "unit": clock.unit,
        "due_date": clock.due_date.isoformat(),
        "due_key": clock.due_date.isoformat(),
        "provisional": clock.provisional,
        "status": clock.status.value,
        "timeline": [
            {"at": t.at, "what": t.what, "due_date": t.due_date.isoformat(),
             "cause_event_id": t.cause_event_id}
            for t in clock.timeline
        ],
    }


def clock_from_state(case_id: str, doc: dict, version: int) -> Clock:
    return Clock(
        case_id=case_id, case_number=doc["case_number"], department=doc["department"],
        service_item_code=doc["service_item_code"],
        started_on=date.fromisoformat(doc["started_on"]), limit=doc["limit"], unit=doc["unit"],
        due_date=date.fromisoformat(doc["due_date"]), provisional=doc["provisional"],
        status=ClockStatus(doc["status"]),
        timeline=[
            TimelineEntry(t["at"], t["what"], date.fromisoformat(t["due_date"]),
                          t["cause_event_id"])
            for t in doc["timeline"]
        ],
        version=version,
    )


class ClockStore:
    def __init__(self, db) -> None:
        self.clocks = VersionedStore(db, CLOCKS, SOURCE)

    async def add(self, clock: Clock) -> bool:
        """Store a new clock with its events; False if the case already has one."""
        events = [e.to_cloud_event(SOURCE) for e in clock.events]
        clock.events.clear()
        try:
            clock.version = await self.clocks.save(clock.case_id, clock_to_state(clock), 0, events)
        except AlreadyExists:
            return False
        return True

    async def get(self, case_id: str) -> Clock | None:
        found = await self.clocks.load(case_id)
        return clock_from_state(case_id, *found) if found else None
