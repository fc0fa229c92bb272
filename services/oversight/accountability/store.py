"""Findings as versioned aggregates. One finding per verified supervision case (its id is
derived from the case's, so opening it twice finds it there)."""

from datetime import date

from pymongo import ASCENDING, DESCENDING, IndexModel

from services.kit.aggregates import indexes

from ..storage import AggregateStore
from .domain import Finding

FINDINGS = "findings"
INDEXES = indexes(FINDINGS, [
    IndexModel([("department", ASCENDING), ("opened_on", DESCENDING)], name="department"),
    IndexModel([("sanctions.staff_id", ASCENDING)], name="sanctioned")])


class FindingStore:
    def __init__(self, db) -> None:
        self.findings = AggregateStore(db, FINDINGS, Finding)

    async def sanction_days_of(self, staff_id: str) -> list[date]:
        """The days of every sanction decided against `staff_id` (heavier circumstances)."""
        found = await self.findings.find({"sanctions.staff_id": staff_id}, [("_id", ASCENDING)],
                                         1000)
        return [s.decided_on for f in found for s in f.sanctions if s.staff_id == staff_id]

    async def retaliation_days_of(self, staff_id: str) -> list[date]:
        """The days of retaliation findings that hold `staff_id` responsible."""
        found = await self.findings.find({"breach": "retaliation",
                                          "allocation.shares.staff_id": staff_id},
                                         [("_id", ASCENDING)], 1000)
        return [f.opened_on for f in found if staff_id in f.responsible()]

    async def findings_listed(self, department: str | None, after: str | None,
                     limit: int) -> list[Finding]:
        query: dict = {}
        if department:
            query["department"] = department
        if after:
            on, _, key = after.partition("|")
            query["$or"] = [{"opened_on": {"$lt": on}}, {"opened_on": on, "_id": {"$lt": key}}]
        return await self.findings.find(query, [("opened_on", DESCENDING), ("_id", DESCENDING)],
                                        limit)
