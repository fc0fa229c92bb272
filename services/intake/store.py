"""Intake's MongoDB collections and the mapping between documents and aggregates.

Every write that changes an aggregate carries its events into the document's outbox in the
same single-document operation (see services.kit.outbox).
"""

from datetime import date

from pymongo import ASCENDING, IndexModel, ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from services.kit import outbox

from .domain import (
    Applicant, Case, CaseStatus, IdType, ItemSnapshot, ItemStatus, LimitUnit, ServiceItem,
)

SOURCE = "onewindow/intake"
ITEMS, CASES, COUNTERS = "service_items", "cases", "counters"
OUTBOX_COLLECTIONS = [ITEMS, CASES]
INDEXES = {
    ITEMS: [
        IndexModel([("code", ASCENDING)], unique=True, name="code"),
        IndexModel([("status", ASCENDING)], name="status"),
        IndexModel([("department", ASCENDING)], name="department"),
    ],
    CASES: [
        IndexModel([("case_number", ASCENDING)], unique=True, name="case_number"),
        IndexModel([("department", ASCENDING)], name="department"),
    ],
}


class DuplicateCode(Exception):
    pass


class ConcurrentChange(Exception):
    """The document changed between read and write; the caller re-reads and decides again."""


def _events(aggregate) -> list:
    events = [e.to_cloud_event(SOURCE) for e in aggregate.events]
    aggregate.events.clear()
    return events


def item_to_doc(item: ServiceItem) -> dict:
    return {
        "_id": item.id, "code": item.code, "name": item.name, "department": item.department,
        "statutory_limit": item.statutory_limit, "committed_limit": item.committed_limit,
        "limit_unit": item.limit_unit.value, "status": item.status.value,
    }


def item_from_doc(doc: dict) -> ServiceItem:
    return ServiceItem(
        id=doc["_id"], code=doc["code"], name=doc["name"], department=doc["department"],
        statutory_limit=doc["statutory_limit"], committed_limit=doc["committed_limit"],
        limit_unit=LimitUnit(doc["limit_unit"]), status=ItemStatus(doc["status"]),
    )


def case_to_doc(case: Case) -> dict:
    return {
        "_id": case.id,
        "case_number": case.case_number,
        "department": case.department,
        "item": {
            "id": case.item.id, "code": case.item.code, "name": case.item.name,
            "department": case.item.department, "committed_limit": case.item.committed_limit,
            "limit_unit": case.item.limit_unit.value,
        },
        "applicant": {
            "name": case.applicant.name, "id_type": case.applicant.id_type.value,
            "id_number": case.applicant.id_number, "contact": case.applicant.contact,
        },
        "materials": case.materials,
        "status": case.status.value,
        "received_at": case.received_at,
        "received_by": case.received_by,
        "window": case.window,
        "accepted_at": case.accepted_at,
        "accepted_by": case.accepted_by,
    }


def case_from_doc(doc: dict) -> Case:
    item, applicant = doc["item"], doc["applicant"]
    return Case(
        id=doc["_id"],
        case_number=doc["case_number"],
        item=ItemSnapshot(item["id"], item["code"], item["name"], item["department"],
                          item["committed_limit"], LimitUnit(item["limit_unit"])),
        applicant=Applicant(applicant["name"], IdType(applicant["id_type"]),
                            applicant["id_number"], applicant["contact"]),
        materials=list(doc["materials"]),
        status=CaseStatus(doc["status"]),
        received_at=doc["received_at"],
        received_by=doc["received_by"],
        window=doc.get("window"),
        accepted_at=doc.get("accepted_at"),
        accepted_by=doc.get("accepted_by"),
    )


class IntakeStore:
    def __init__(self, db: AsyncDatabase) -> None:
        self.items = db[ITEMS]
        self.cases = db[CASES]
        self.counters = db[COUNTERS]

    async def add_item(self, item: ServiceItem) -> None:
        try:
            await self.items.insert_one(outbox.new_document(item_to_doc(item), _events(item)))
        except DuplicateKeyError:
            raise DuplicateCode(item.code) from None

    async def get_item(self, item_id: str) -> ServiceItem | None:
        doc = await self.items.find_one({"_id": item_id})
        return item_from_doc(doc) if doc else None

    async def get_item_by_code(self, code: str) -> ServiceItem | None:
        doc = await self.items.find_one({"code": code})
        return item_from_doc(doc) if doc else None

    async def published_items(
        self, department: str | None, after_code: str | None, limit: int
    ) -> list[ServiceItem]:
        # Equality filters only (FerretDB pushes those down); ordered by the unique code.
        query: dict = {"status": ItemStatus.PUBLISHED.value}
        if department:
            query["department"] = department
        if after_code:
            query["code"] = {"$gt": after_code}
        cursor = self.items.find(query).sort("code", ASCENDING).limit(limit)
        return [item_from_doc(d) async for d in cursor]

    async def next_case_sequence(self, day: date) -> int:
        doc = await self.counters.find_one_and_update(
            {"_id": f"case-number:{day:%Y%m%d}"}, {"$inc": {"value": 1}},
            upsert=True, return_document=ReturnDocument.AFTER,
        )
        return doc["value"]

    async def add_case(self, case: Case) -> None:
        await self.cases.insert_one(outbox.new_document(case_to_doc(case), _events(case)))

    async def get_case(self, case_id: str) -> Case | None:
        doc = await self.cases.find_one({"_id": case_id})
        return case_from_doc(doc) if doc else None

    async def save_case(self, case: Case, previous_status: CaseStatus) -> None:
        """Write the case and its events, only if nobody moved it on meanwhile."""
        doc = case_to_doc(case)
        doc.pop("_id")
        update = outbox.append_update({"$set": doc}, _events(case))
        result = await self.cases.update_one(
            {"_id": case.id, "status": previous_status.value}, update
        )
        if result.matched_count != 1:
            raise ConcurrentChange(case.id)
