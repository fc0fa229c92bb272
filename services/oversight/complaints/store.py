"""Complaints as versioned aggregates; numbers (TS…) and "same complainant, same matter"
claimed by `_id`, so a number is never shared and a repeat is recognised atomically."""

from datetime import date, datetime, timedelta

from pymongo import ASCENDING, DESCENDING, IndexModel

from services.kit.aggregates import claim, indexes
from services.kit.numbers import VoidRegister, allocate_number, owner_of

from ..storage import AggregateStore
from .domain import Complaint

COMPLAINTS, NUMBERS, COUNTERS, REPEATS, VOIDED, DUPLICATES, CHALLENGES = (
    "complaints", "complaint_numbers", "counters", "complaint_repeats",
    "voided_complaint_numbers", "complaint_duplicates", "challenges_used")
ORPHAN_DUPLICATE_AGE = timedelta(minutes=5)
NUMBER_PREFIX, NUMBER_COUNTER = "TS", "complaint-number"
INDEXES = indexes(COMPLAINTS, [
    IndexModel([("subject.department", ASCENDING), ("status", ASCENDING)], name="department"),
    IndexModel([("number", ASCENDING)], name="number")])


class ComplaintStore:
    def __init__(self, db) -> None:
        self.complaints = AggregateStore(db, COMPLAINTS, Complaint)
        self.numbers = db[NUMBERS]
        self.counters = db[COUNTERS]
        self.repeats = db[REPEATS]
        self.voided_complaint_numbers = VoidRegister(db[VOIDED])  # numbers whose complaint never came
        self.duplicates = db[DUPLICATES]  # the same complaint sent again the same day
        self.challenges_used = db[CHALLENGES]  # kit.challenges: each used once

    async def allocate_number(self, day: date, complaint_id: str, at: datetime,
                              department: str, code_hash: str | None = None) -> str:
        """The next free complaint number of the day (TS…), claimed at `at` (the number
        sweep judges by it whether the complaint should be stored by now), with its query
        code's hash (the look-up checks it before loading anything: kit.lookups)."""
        return await allocate_number(self.numbers, self.counters, NUMBER_PREFIX, day,
                                     complaint_id, NUMBER_COUNTER,
                                     {"at": at, "department": department,
                                      "code_hash": code_hash})

    async def first_of_duplicate(self, key: str, complaint_id: str,
                                 now: datetime) -> tuple[bool, Complaint | None]:
        """Claim `key` (the same complaint sent again) for `complaint_id`: (True, None) when
        it is the first; else (False, the first complaint, None while it is being stored). A
        claim whose complaint never came is taken over after a while."""
        if await claim(self.duplicates, key, complaint_id, {"at": now}):
            return True, None
        held = await self.duplicates.find_one({"_id": key})
        first = await self.complaints.get(held["owner"]) if held else None
        if first is None and held and held["at"] < now - ORPHAN_DUPLICATE_AGE:
            await self.duplicates.delete_one({"_id": key, "owner": held["owner"]})
            return await claim(self.duplicates, key, complaint_id, {"at": now}), None
        return False, first

    async def by_number(self, number: str) -> Complaint | None:
        owner = await owner_of(self.numbers, number)
        return await self.complaints.get(owner) if owner else None

    async def first_about(self, repeat_key: str,
                          complaint_id: str) -> tuple[str | None, Complaint | None]:
        """The id of the earlier complaint of this complainant about this matter, and that
        complaint if it is stored yet; (None, None) when this one is the first."""
        if await claim(self.repeats, repeat_key, complaint_id):
            return None, None
        owner = await owner_of(self.repeats, repeat_key)
        if owner is None or owner == complaint_id:
            return None, None
        return owner, await self.complaints.get(owner)

    async def complaints_listed(self, department: str | None, status: str | None,
                                category: str | None, after_number: str | None,
                                limit: int) -> list[Complaint]:
        query: dict = {}
        if department:
            query["subject.department"] = department
        if status:
            query["status"] = status
        if category:
            query["category"] = category
        if after_number:
            query["number"] = {"$lt": after_number}
        return await self.complaints.find(query, [("number", DESCENDING)], limit)
