"""The deadlines service's collections. A clock's `_id` is its case id: starting a clock twice
for one case is a duplicate key, which is what makes `case.accepted` redelivery harmless."""

from datetime import date

from pymongo import ASCENDING, IndexModel
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from services.kit import outbox

from .domain import Clock, ClockStatus, TimelineEntry

SOURCE = "onewindow/deadlines"
CLOCKS = "clocks"
OUTBOX_COLLECTIONS = [CLOCKS]
INDEXES = {
    CLOCKS: [
        # Day-granular equality keys: "what is due on day D" is an index hit, not a scan.
        IndexModel([("due_key", ASCENDING)], name="due_key"),
        IndexModel([("department", ASCENDING)], name="department"),
    ],
}


def _day(d: date) -> str:
    return d.isoformat()


def clock_to_doc(clock: Clock) -> dict:
    return {
        "_id": clock.case_id,
        "case_number": clock.case_number,
        "department": clock.department,
        "service_item_code": clock.service_item_code,
        "started_on": _day(clock.started_on),
        "limit": clock.limit,
        "unit": clock.unit,
        "due_date": _day(clock.due_date),
        "due_key": _day(clock.due_date),
        "provisional": clock.provisional,
        "status": clock.status.value,
        "timeline": [
            {"at": t.at, "what": t.what, "due_date": _day(t.due_date),
             "cause_event_id": t.cause_event_id}
            for t in clock.timeline
        ],
    }


def clock_from_doc(doc: dict) -> Clock:
    return Clock(
        case_id=doc["_id"], case_number=doc["case_number"], department=doc["department"],
        service_item_code=doc["service_item_code"],
        started_on=date.fromisoformat(doc["started_on"]), limit=doc["limit"], unit=doc["unit"],
        due_date=date.fromisoformat(doc["due_date"]), provisional=doc["provisional"],
        status=ClockStatus(doc["status"]),
        timeline=[
            TimelineEntry(t["at"], t["what"], date.fromisoformat(t["due_date"]),
                          t["cause_event_id"])
            for t in doc["timeline"]
        ],
    )


class ClockStore:
    def __init__(self, db: AsyncDatabase) -> None:
        self.clocks = db[CLOCKS]

    async def add(self, clock: Clock) -> bool:
        """Store a new clock with its events; False if the case already has one."""
        events = [e.to_cloud_event(SOURCE) for e in clock.events]
        clock.events.clear()
        try:
            await self.clocks.insert_one(outbox.new_document(clock_to_doc(clock), events))
        except DuplicateKeyError:
            return False
        return True

    async def get(self, case_id: str) -> Clock | None:
        doc = await self.clocks.find_one({"_id": case_id})
        return clock_from_doc(doc) if doc else None
