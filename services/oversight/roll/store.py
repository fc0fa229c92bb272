"""The staff roll, one member a document (`_id`: the staff id)."""

from services.kit.aggregates import indexes

from ..storage import AggregateStore
from .domain import Roll, RollMember

ROLL = "staff_roll"
INDEXES = indexes(ROLL, [])


class RollStore:
    def __init__(self, db) -> None:
        self.staff_roll = AggregateStore(db, ROLL, RollMember)

    async def roll_of(self, staff_ids: list[str], centre_department: str) -> Roll:
        ids = [s for s in dict.fromkeys(staff_ids) if isinstance(s, str) and s]
        return Roll(await self.staff_roll.peek_many(ids) if ids else {}, centre_department)
