"""Intake's storage: service items and cases as versioned aggregates (services.kit.aggregates),
and unique claims for item codes and case numbers.

Uniqueness is enforced by inserting a claim document keyed by the code or number: on FerretDB
v1 and MongoDB alike an insert under a unique key is the one atomic conditional write.
"""

from datetime import date, datetime, timedelta

from pymongo import ASCENDING, IndexModel

from services.kit.aggregates import VersionedStore, claim, indexes

from .domain import (
    Applicant, Case, CaseStatus, IdType, ItemSnapshot, ItemStatus, LimitUnit, ServiceItem,
    case_number,
)

SOURCE = "onewindow/intake"
ITEMS, CASES = "service_items", "cases"
ITEM_CODES, CASE_NUMBERS, COUNTERS = "service_item_codes", "case_numbers", "counters"
INDEXES = {
    **indexes(ITEMS, [
        IndexModel([("code", ASCENDING)], name="code"),
        IndexModel([("status", ASCENDING)], name="status"),
        IndexModel([("department", ASCENDING)], name="department"),
    ]),
    **indexes(CASES, [
        IndexModel([("case_number", ASCENDING)], name="case_number"),
        IndexModel([("department", ASCENDING)], name="department"),
    ]),
}
CASE_NUMBER_PROBES = 1000
ORPHAN_CLAIM_AGE = timedelta(minutes=5)

class DuplicateCode(Exception):
    pass


def _events(aggregate) -> list:
    events = [e.to_cloud_event(SOURCE) for e in aggregate.events]
    aggregate.events.clear()
    return events


def item_to_state(item: ServiceItem) -> dict:
    return {
        "code": item.code, "name": item.name, "department": item.department,
        "statutory_limit": item.statutory_limit, "committed_limit": item.committed_limit,
        "limit_unit": item.limit_unit.value, "status": item.status.value,
    }


def item_from_state(item_id: str, doc: dict, version: int) -> ServiceItem:
    return ServiceItem(
        id=item_id, code=doc["code"], name=doc["name"], department=doc["department"],
        statutory_limit=doc["statutory_limit"], committed_limit=doc["committed_limit"],
        limit_unit=LimitUnit(doc["limit_unit"]), status=ItemStatus(doc["status"]),
        version=version,
    )


def case_to_state(case: Case) -> dict:
    return {
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


def case_from_state(case_id: str, doc: dict, version: int) -> Case:
    item, applicant = doc["item"], doc["applicant"]
    return Case(
        id=case_id,
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
        version=version,
    )


class IntakeStore:
    def __init__(self, db) -> None:
        self.items = VersionedStore(db, ITEMS, SOURCE)
        self.cases = VersionedStore(db, CASES, SOURCE)
        self.item_codes = db[ITEM_CODES]
        self.case_numbers = db[CASE_NUMBERS]
        self.counters = db[COUNTERS]

    # -- service items -------------------------------------------------------------------
    async def add_item(self, item: ServiceItem, actor: str | None, now: datetime) -> None:
        if not await claim(self.item_codes, item.code, item.id, {"at": now}):
            holder = await self.item_codes.find_one({"_id": item.code})
            orphaned = (holder is not None and holder["at"] < now - ORPHAN_CLAIM_AGE
                        and not await self.items.exists(holder["owner"]))
            if not orphaned:
                raise DuplicateCode(item.code)
            # A claim left long ago by a writer that died before storing its item.
            await self.item_codes.delete_one({"_id": item.code, "owner": holder["owner"]})
            if not await claim(self.item_codes, item.code, item.id, {"at": now}):
                raise DuplicateCode(item.code)
        item.version = await self.items.save(item.id, item_to_state(item), 0, _events(item), actor)

    async def get_item(self, item_id: str) -> ServiceItem | None:
        found = await self.items.load(item_id)
        return item_from_state(item_id, *found) if found else None

    async def published_items(
        self, department: str | None, after_code: str | None, limit: int
    ) -> list[ServiceItem]:
        query: dict = {"status": ItemStatus.PUBLISHED.value}
        if department:
            query["department"] = department
        if after_code:
            query["code"] = {"$gt": after_code}
        cursor = self.items.current.find(query).sort("code", ASCENDING).limit(limit)
        return [item_from_state(d["_id"], d, d["version"]) async for d in cursor]

    # -- cases ---------------------------------------------------------------------------
    async def allocate_case_number(self, day: date, case_id: str) -> str:
        """The next free case number of the day, claimed for `case_id`.

        The claim insert decides, so two concurrent applications never share a number. The
        day's counter document (read and written by `_id`, the only lookup FerretDB's SQLite
        backend does not scan for) is only where probing starts: its updates may be lost
        under concurrency, which costs extra probes, never a duplicate.
        """
        key = f"case-number:{day:%Y%m%d}"
        hint = await self.counters.find_one({"_id": key})
        sequence = (hint["value"] if hint else 0) + 1
        for _ in range(CASE_NUMBER_PROBES):
            candidate = case_number(day, sequence)
            if await claim(self.case_numbers, candidate, case_id):
                await self.counters.replace_one({"_id": key}, {"value": sequence}, upsert=True)
                return candidate
            sequence += 1
        raise RuntimeError(f"no free case number found after {CASE_NUMBER_PROBES} probes")

    async def add_case(self, case: Case, actor: str | None) -> None:
        case.version = await self.cases.save(case.id, case_to_state(case), 0, _events(case), actor)

    async def get_case(self, case_id: str) -> Case | None:
        found = await self.cases.load(case_id)
        return case_from_state(case_id, *found) if found else None

    async def save_case(self, case: Case, actor: str | None) -> None:
        """Write the case and its events, unless someone changed it since it was loaded."""
        case.version = await self.cases.save(
            case.id, case_to_state(case), case.version, _events(case), actor
        )

