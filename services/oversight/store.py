"""Oversight's case ledger: one document per case, keyed by case id.

Every write is an upsert that sets the values an event carries, so the same event applied
once or ten times, and events of one case arriving in any order, leave the same document.
"""

from pymongo import ASCENDING, IndexModel
from pymongo.asynchronous.database import AsyncDatabase

from . import commands
from .domain import DepartmentOpenCases, LedgerStatus

LEDGER = "case_ledger"
OUTBOX_COLLECTIONS: list[str] = []
INDEXES = {
    LEDGER: [
        IndexModel([("status", ASCENDING)], name="status"),
        IndexModel([("department", ASCENDING)], name="department"),
    ],
}


class LedgerStore:
    def __init__(self, db: AsyncDatabase) -> None:
        self.ledger = db[LEDGER]

    async def record_accepted(self, cmd: commands.RecordCaseAccepted) -> None:
        await self.ledger.update_one(
            {"_id": cmd.case_id},
            {
                "$set": {
                    "case_number": cmd.case_number, "department": cmd.department,
                    "service_item_code": cmd.service_item_code, "accepted_at": cmd.accepted_at,
                },
                "$setOnInsert": {"status": LedgerStatus.OPEN.value},
            },
            upsert=True,
        )

    async def record_clock_started(self, cmd: commands.RecordClockStarted) -> None:
        await self.ledger.update_one(
            {"_id": cmd.case_id},
            {
                "$set": {"case_number": cmd.case_number, "department": cmd.department,
                         "due_date": cmd.due_date.isoformat()},
                "$setOnInsert": {"status": LedgerStatus.OPEN.value},
            },
            upsert=True,
        )

    async def open_cases_by_department(self, department: str | None) -> list[DepartmentOpenCases]:
        match: dict = {"status": LedgerStatus.OPEN.value}
        if department:
            match["department"] = department
        cursor = await self.ledger.aggregate([
            {"$match": match},
            {"$group": {"_id": "$department", "open": {"$sum": 1}}},
            {"$sort": {"_id": 1}},
        ])
        return [DepartmentOpenCases(d["_id"], d["open"]) async for d in cursor]

    async def count(self, case_id: str) -> int:
        return await self.ledger.count_documents({"_id": case_id})
