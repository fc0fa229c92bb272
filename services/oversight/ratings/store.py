"""Follow-ups of poor ratings, one per rated case (keyed by the case id: a redelivered rating
finds it there)."""

from pymongo import ASCENDING, IndexModel

from services.kit.aggregates import indexes

from ..storage import AggregateStore
from .domain import FollowUp

FOLLOW_UPS = "rating_follow_ups"
INDEXES = indexes(FOLLOW_UPS, [IndexModel([("department", ASCENDING), ("status", ASCENDING)],
                                          name="department_status")])


class FollowUpStore:
    def __init__(self, db) -> None:
        self.follow_ups = AggregateStore(db, FOLLOW_UPS, FollowUp)

    async def follow_ups_of(self, department: str | None, status: str | None,
                            limit: int) -> list[FollowUp]:
        query: dict = {}
        if department:
            query["department"] = department
        if status:
            query["status"] = status
        return await self.follow_ups.find(query, [("contact_due_on", ASCENDING),
                                                  ("_id", ASCENDING)], limit)
