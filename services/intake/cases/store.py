"""Cases as versioned aggregates, and case numbers claimed uniquely per day."""

import re
from dataclasses import dataclass
from datetime import date, datetime

from pymongo import ASCENDING, DESCENDING, IndexModel

from services.kit.aggregates import indexes
from services.kit.numbers import VoidRegister, allocate_number

from ..numbering.domain import CASE_NUMBER_COUNTER, CASE_NUMBER_PREFIX
from ..storage import AggregateStore
from .domain import Case, CaseStatus

CASES, CASE_NUMBERS, COUNTERS = "cases", "case_numbers", "counters"
VOIDED_CASE_NUMBERS = "voided_case_numbers"  # numbering/
INDEXES = indexes(CASES, [
    IndexModel([("case_number", ASCENDING)], name="case_number"),
    IndexModel([("addressed_to", ASCENDING), ("due_on", ASCENDING)], name="addressed_due"),
    IndexModel([("status", ASCENDING), ("proposal.addressed_to", ASCENDING)],
               name="status_addressee"),
    IndexModel([("applicant.id_number", ASCENDING)], name="applicant")])


class CaseStore:
    def __init__(self, db) -> None:
        self.cases = AggregateStore(db, CASES, Case)
        self.case_numbers = db[CASE_NUMBERS]
        self.counters = db[COUNTERS]
        self.voided_case_numbers = VoidRegister(db[VOIDED_CASE_NUMBERS])

    async def allocate_case_number(self, day: date, case_id: str, at: datetime,
                                   department: str, code_hash: str | None = None) -> str:
        """The next free case number of the day (OW…), claimed for `case_id` at `at` (the
        number sweep, numbering/, judges by it whether the case should be stored by now);
        `code_hash`: its query code's (kit.lookups), so a public look-up checks the code before
        it loads anything."""
        return await allocate_number(self.case_numbers, self.counters, CASE_NUMBER_PREFIX, day,
                                     case_id, CASE_NUMBER_COUNTER,
                                     {"at": at, "department": department,
                                      "code_hash": code_hash})

    async def cases_of_applicant(self, id_number: str, after_number: str | None,
                                 limit: int) -> list[Case]:
        query: dict = {"applicant.id_number": id_number}
        if after_number:
            query["case_number"] = {"$lt": after_number}
        return await self.cases.find(query, [("case_number", DESCENDING)], limit)

    async def pending_rejections(self, addressee: str | None, after_number: str | None,
                                 limit: int) -> list[Case]:
        """Cases waiting for a chief approver's consent; `addressee`: only those addressed to
        this staff member (as chief approver, or as the B of an absent one)."""
        query: dict = {"status": CaseStatus.REJECTION_PENDING.value}
        if addressee:
            query["proposal.addressed_to"] = addressee
        if after_number:
            query["case_number"] = {"$gt": after_number}
        return await self.cases.find(query, [("case_number", ASCENDING)], limit)

    async def search(self, f: "CaseFilter", after_number: str | None, limit: int) -> list[Case]:
        """Cases matching every given criterion, newest number first. A scan on FerretDB
        (DEVELOPERS.md rule 2); indexed on MongoDB."""
        query: dict = {}
        if f.department:
            query["item.department"] = f.department
        if f.applicant_id_number:
            query["applicant.id_number"] = f.applicant_id_number
        if f.applicant_name:
            query["applicant.name"] = {"$regex": re.escape(f.applicant_name)}
        if f.window:
            query["window"] = f.window
        if f.status:
            query["status"] = f.status
        received: dict = {}
        if f.received_from:
            received["$gte"] = f.received_from.isoformat()
        if f.received_to:
            received["$lte"] = f.received_to.isoformat()
        if received:
            query["received_on"] = received
        if after_number:
            query["case_number"] = {"$lt": after_number}
        return await self.cases.find(query, [("case_number", DESCENDING)], limit)

    async def addressed_to(self, staff_ids: list[str], after: tuple[str | None, str] | None,
                           limit: int, department: str | None = None) -> list[Case]:
        """Cases whose awaited step is addressed to one of `staff_ids` (or, a joint case, that
        wait for `department`'s opinion), by due date (unknown first), then number; `after` is
        the last page's (due date, number)."""
        mine: list[dict] = [{"addressed_to": {"$in": staff_ids}}]
        if department:
            mine.append({"joint_awaiting": department})
        query: dict = {"$and": [{"$or": mine}]}
        if after:
            due, number = after
            later = {"$gt": due} if due else {"$ne": None}
            query["$and"].append({"$or": [{"due_on": later},
                                          {"due_on": due, "case_number": {"$gt": number}}]})
        return await self.cases.find(query, [("due_on", ASCENDING), ("case_number", ASCENDING)],
                                     limit)

    async def unrated_before(self, completed_before: date) -> list[Case]:
        """Completed cases not rated, completed on or before the day (a scan on FerretDB,
        once a day)."""
        return await self.cases.find({"status": "completed", "rating": None,
                                      "completed_on": {"$lte": completed_before.isoformat()}},
                                     [("_id", ASCENDING)], 10_000)

    async def lapsed_promises(self, today: date) -> list[Case]:
        """Supplement cases still owing materials after the promised date, not yet flagged
        (a scan on FerretDB, once a day)."""
        return await self.cases.find({"status": {"$in": ["accepted", "suspended"]},
                                      "promised_on": {"$lt": today.isoformat()},
                                      "promise_lapsed_on": None, "owed.0": {"$exists": True}},
                                     [("_id", ASCENDING)], 10_000)


@dataclass(frozen=True)
class CaseFilter:
    department: str | None = None
    applicant_id_number: str | None = None
    applicant_name: str | None = None
    window: str | None = None
    status: str | None = None
    received_from: date | None = None
    received_to: date | None = None
