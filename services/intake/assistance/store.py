"""The assistance ledger (帮办代办工作登记台账): one aggregate per request."""

from datetime import date

from pymongo import ASCENDING, IndexModel

from services.kit.aggregates import indexes

from ..storage import AggregateStore
from .domain import Assistance

ASSISTANCE = "assistance"
INDEXES = indexes(ASSISTANCE, [IndexModel([("requested_on", ASCENDING)], name="requested")])


class AssistanceStore:
    def __init__(self, db) -> None:
        self.assistance = AggregateStore(db, ASSISTANCE, Assistance)

    async def assistance_between(self, first: date, last: date, helper: str | None,
                                 after: str | None, limit: int) -> list[Assistance]:
        """Requests made from `first` to `last`, oldest first (a scan on FerretDB: a ledger
        read for a period, not a hot path)."""
        query: dict = {"requested_on": {"$gte": first.isoformat(), "$lte": last.isoformat()}}
        if helper:
            query["helper"] = helper
        if after:
            on, _, key = after.partition("|")
            query["$or"] = [{"requested_on": {"$gt": on}},
                            {"requested_on": on, "_id": {"$gt": key}}]
        return await self.assistance.find(query, [("requested_on", ASCENDING),
                                                  ("_id", ASCENDING)], limit)
