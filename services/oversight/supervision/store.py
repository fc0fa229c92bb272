"""Supervision cases and warnings, each keyed by its trigger: a second delivery finds the key
taken (version 1 exists), which is what makes each trigger open one case."""

from pymongo import ASCENDING, DESCENDING, IndexModel

from services.kit.aggregates import indexes

from ..storage import AggregateStore
from .domain import SupervisionCase, Warning

CASES, WARNINGS = "supervision_cases", "warnings"
INDEXES = {**indexes(CASES, [IndexModel([("department", ASCENDING), ("status", ASCENDING)],
                                        name="department_status")]),
           **indexes(WARNINGS, [IndexModel([("department", ASCENDING)], name="department")])}


class SupervisionStore:
    def __init__(self, db) -> None:
        self.supervision = AggregateStore(db, CASES, SupervisionCase)
        self.warnings = AggregateStore(db, WARNINGS, Warning)

    async def supervision_cases(self, department: str | None, status: str | None,
                                trigger: str | None, after: str | None,
                                limit: int) -> list[SupervisionCase]:
        """Newest first; the cursor is "<opened_on>|<id>"."""
        query: dict = {}
        if department:
            query["department"] = department
        if status:
            query["status"] = status
        if trigger:
            query["trigger"] = trigger
        if after:
            on, _, key = after.partition("|")
            query["$or"] = [{"opened_on": {"$lt": on}},
                            {"opened_on": on, "_id": {"$lt": key}}]
        return await self.supervision.find(query, [("opened_on", DESCENDING),
                                                   ("_id", DESCENDING)], limit)

    async def warnings_of(self, department: str | None, since: str,
                          limit: int) -> list[Warning]:
        query: dict = {"due_date": {"$gte": since}}
        if department:
            query["department"] = department
        return await self.warnings.find(query, [("due_date", ASCENDING)], limit)
