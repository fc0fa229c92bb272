"""The clocks' storage: versioned aggregates (kit.records) keyed by `domain.clock_id`.

A subject has one clock of each kind (and part): starting it again (a redelivered
`case.accepted`) finds version 1 taken, which is what makes redelivery harmless.
"""

from pymongo import ASCENDING, IndexModel

from services.kit.case_names import CaseNames
from services.kit.aggregates import indexes
from services.kit.records import AggregateStore

from .domain import Clock, ClockStatus

SOURCE = "onewindow/deadlines"
CLOCKS = "clocks"
INDEXES = indexes(CLOCKS, [
    # Day-granular equality keys: "what is due on day D" is an index hit, not a scan.
    IndexModel([("due_key", ASCENDING)], name="due_key"),
    IndexModel([("department", ASCENDING)], name="department"),
    IndexModel([("status", ASCENDING)], name="status"),
])


def _due_key(clock: Clock) -> dict:
    """Stored beside the state for the index: what is due on a day is an index hit."""
    return {"due_key": clock.due_date.isoformat() if clock.due_date else None}


class ClockStore(AggregateStore[Clock]):
    """Clocks by `Clock.clock_id` (a case's limit clock has the case's id), and a case's
    printed number ⇄ id."""

    def __init__(self, db) -> None:
        super().__init__(db, CLOCKS, Clock, SOURCE, key="clock_id", indexed=_due_key)
        self.names = CaseNames(db["case_names"])

    async def open_clock_ids(self) -> list[str]:
        """Every open clock's id. A scan on FerretDB: used when the calendar changes."""
        cursor = self.versions.current.find({}, {"_id": 1, "status": 1})
        open_states = {ClockStatus.RUNNING.value, ClockStatus.SUSPENDED.value}
        return [doc["_id"] async for doc in cursor if doc["status"] in open_states]
