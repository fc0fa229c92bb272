"""The assistance ledger (帮办代办工作登记台账): one aggregate per request."""

from datetime import date

from pymongo import ASCENDING, IndexModel

from services.kit.aggregates import indexes

from ..storage import AggregateStore
from .domain import Assistance

ASSISTANCE = "assistance"
INDEXES = indexes(ASSISTANCE, [IndexModel([("requested_on", ASCENDING)], name="requested"),
                               IndexModel([("applicant_id_number", ASCENDING)],
                                          name="applicant")])


class AssistanceStore:
    def __init__(self, db) -> None:
        self.assistance = AggregateStore(db, ASSISTANCE, Assistance)

    async def assistance_between(self, first: date, last: date, department: str | None,
                                 after: str | None, limit: int) -> list[Assistance]:
        """Requests made from `first` to `last` (for one department's items, or all), oldest
        first (a scan on FerretDB: a ledger read for a period, not a hot path)."""
        query: dict = {"requested_on": {"$gte": first.isoformat(), "$lte": last.isoformat()}}
        if department:
            query["department"] = department
        if after:
            on, _, key = after.partition("|")
            query["$or"] = [{"requested_on": {"$gt": on}},
                            {"requested_on": on, "_id": {"$gt": key}}]
        return await self.assistance.find(query, [("requested_on", ASCENDING),
                                                  ("_id", ASCENDING)], limit)

    async def assistance_of_applicant(self, id_number: str, after: str | None,
                                      limit: int) -> list[Assistance]:
        """One applicant's requests, newest first (their ID number or credit code)."""
        query: dict = {"applicant_id_number": id_number}
        if after:
            on, _, key = after.partition("|")
            query["$or"] = [{"requested_on": {"$lt": on}},
                            {"requested_on": on, "_id": {"$lt": key}}]
        return await self.assistance.find(query, [("requested_on", -1), ("_id", -1)], limit)
