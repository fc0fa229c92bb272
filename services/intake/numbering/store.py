"""Void case numbers, one document each keyed by the number (few: a number is voided only
after a failure, so listing a day scans a small collection)."""

from datetime import date

from pymongo import ASCENDING, IndexModel

from services.kit.aggregates import claim

from .domain import VoidedCaseNumber

VOIDED = "voided_case_numbers"
INDEXES = {VOIDED: [IndexModel([("day", ASCENDING)], name="day")]}


class NumberingStore:
    def __init__(self, db) -> None:
        self.voided_numbers = db[VOIDED]

    async def record_void(self, void: VoidedCaseNumber) -> None:
        """Idempotent: a second sweep recording the same number changes nothing."""
        await claim(self.voided_numbers, void.case_number, void.case_id, {
            "day": void.day.isoformat(), "department": void.department,
            "reason": void.reason, "voided_at": void.voided_at})

    async def voids_of_day(self, day: date, department: str | None) -> list[VoidedCaseNumber]:
        query: dict = {"day": day.isoformat()}
        if department:
            query["department"] = department
        return [VoidedCaseNumber(d["_id"], d["owner"], date.fromisoformat(d["day"]),
                                 d.get("department"), d["reason"], d["voided_at"])
                async for d in self.voided_numbers.find(query).sort([("_id", ASCENDING)])]
