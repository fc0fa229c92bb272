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


class ClockStore:
    def __init__(self, db) -> None:
        self.clocks = AggregateStore(db, CLOCKS, Clock, SOURCE, key="clock_id",
                                     indexed=_due_key)
        self.names = CaseNames(db["case_names"])  # a case's printed number ⇄ id

    async def add(self, clock: Clock) -> bool:
        """Store a new clock with its events; False if the case already has one."""
        return await self.clocks.add(clock)

    async def exists(self, clock_id: str) -> bool:
        """One look-up of its first change (the truth, not the projection)."""
        return await self.clocks.exists(clock_id)

    async def get(self, clock_id: str) -> Clock | None:
        """By clock id: a case's limit clock has the case's id (see `domain.clock_id`)."""
        return await self.clocks.get(clock_id)

    async def save(self, clock: Clock, actor: str | None = None) -> None:
        await self.clocks.save(clock, actor)

    async def peek_many(self, clock_ids: list[str]) -> dict[str, Clock]:
        """Clocks as their projections stand: for a batch whose save finds any lag."""
        return await self.clocks.peek_many(clock_ids)

    async def save_many(self, clocks: list[Clock], actor: str | None = None) -> list[bool]:
        """Save each clock with its events in bulk; False for one someone changed meanwhile."""
        return await self.clocks.save_many(clocks, actor)

    async def open_clock_ids(self) -> list[str]:
        """Every open clock's id. A scan on FerretDB: used when the calendar changes."""
        cursor = self.clocks.versions.current.find({}, {"_id": 1, "status": 1})
        open_states = {ClockStatus.RUNNING.value, ClockStatus.SUSPENDED.value}
        return [doc["_id"] async for doc in cursor if doc["status"] in open_states]
