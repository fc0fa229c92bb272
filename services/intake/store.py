"""Intake's storage: items, cases, the staff directory and the inquiry ledger as versioned
aggregates (services.kit.aggregates), and unique claims for item codes and case numbers.

Uniqueness is enforced by inserting a claim document keyed by the code or number: on FerretDB
v1 and MongoDB alike an insert under a unique key is the one atomic conditional write.
"""

import re
import time
from datetime import date, datetime, timedelta
from typing import Generic, TypeVar

from pymongo import ASCENDING, DESCENDING, IndexModel
from pymongo.errors import DuplicateKeyError

from services.kit.aggregates import VersionedStore, claim, indexes
from services.kit.codec import dump, load_as

from .catalogue import ServiceItem
from .directory import Department, StaffMember
from .domain import Case, CaseStatus, case_number
from .inquiries import Inquiry

SOURCE = "onewindow/intake"
ITEMS, CASES, DEPARTMENTS, STAFF, INQUIRIES = (
    "service_items", "cases", "departments", "staff", "inquiries")
ITEM_CODES, CASE_NUMBERS, COUNTERS = "service_item_codes", "case_numbers", "counters"
INDEXES = {
    **indexes(ITEMS, [IndexModel([("code", ASCENDING)], name="code"),
                      IndexModel([("department", ASCENDING)], name="department")]),
    **indexes(CASES, [IndexModel([("case_number", ASCENDING)], name="case_number"),
                      IndexModel([("status", ASCENDING), ("proposal.addressed_to", ASCENDING)],
                                 name="status_addressee"),
                      IndexModel([("applicant.id_number", ASCENDING)], name="applicant")]),
    **indexes(DEPARTMENTS, []),
    **indexes(STAFF, [IndexModel([("department", ASCENDING)], name="department")]),
    **indexes(INQUIRIES, [IndexModel([("owner_id", ASCENDING), ("open", ASCENDING)],
                                     name="owner_open"),
                          IndexModel([("logged_on", ASCENDING)], name="logged_on")]),
}
CASE_NUMBER_PROBES = 1000
ORPHAN_CLAIM_AGE = timedelta(minutes=5)
A = TypeVar("A")


class DuplicateCode(Exception):
    pass


class AggregateStore(Generic[A]):
    """One aggregate kind: state images written with their events (kit.aggregates)."""

    def __init__(self, db, name: str, cls: type[A]) -> None:
        self.versions = VersionedStore(db, name, SOURCE)
        self.cls = cls

    def _from(self, aggregate_id: str, state: dict, version: int) -> A:
        return load_as(self.cls, {**state, "id": aggregate_id}, version=version)

    async def get(self, aggregate_id: str) -> A | None:
        found = await self.versions.load(aggregate_id)
        return self._from(aggregate_id, *found) if found else None

    async def save(self, aggregate, actor: str | None) -> None:
        """Write the aggregate and its events, unless someone changed it since it was loaded
        (ConcurrentChange); a new aggregate has version 0 (AlreadyExists if it was there)."""
        events = [e.to_cloud_event(SOURCE) for e in aggregate.events]
        state = dump(aggregate)
        del state["id"]
        aggregate.version = await self.versions.save(aggregate.id, state, aggregate.version,
                                                     events, actor)
        aggregate.events.clear()

    async def find(self, query: dict, sort: list, limit: int) -> list[A]:
        cursor = self.versions.current.find(query).sort(sort).limit(limit)
        return [self._from(d["_id"], {k: v for k, v in d.items() if k not in ("_id", "version")},
                           d["version"]) async for d in cursor]


class ReadCache(Generic[A]):
    """Directory records for display (names on notices, window lists), kept for a few
    seconds: they change rarely and are read on every step at the window. Authority checks
    (chief approvers, absences) never use it."""

    def __init__(self, store: AggregateStore[A], seconds: float = 10.0) -> None:
        self.store = store
        self.seconds = seconds
        self._kept: dict[str, tuple[float, A | None]] = {}

    async def get(self, aggregate_id: str) -> A | None:
        now = time.monotonic()
        kept = self._kept.get(aggregate_id)
        if kept and now - kept[0] < self.seconds:
            return kept[1]
        found = await self.store.get(aggregate_id)
        if len(self._kept) > 10_000:
            self._kept.clear()
        self._kept[aggregate_id] = (now, found)
        return found


class IntakeStore:
    def __init__(self, db) -> None:
        self.items = AggregateStore(db, ITEMS, ServiceItem)
        self.cases = AggregateStore(db, CASES, Case)
        self.departments = AggregateStore(db, DEPARTMENTS, Department)
        self.staff = AggregateStore(db, STAFF, StaffMember)
        self.inquiries = AggregateStore(db, INQUIRIES, Inquiry)
        self.staff_names = ReadCache(self.staff)
        self.department_names = ReadCache(self.departments)
        self.item_codes = db[ITEM_CODES]
        self.case_numbers = db[CASE_NUMBERS]
        self.counters = db[COUNTERS]

    # -- service items -------------------------------------------------------------------
    async def add_item(self, item: ServiceItem, actor: str | None, now: datetime) -> None:
        if not await claim(self.item_codes, item.code, item.id, {"at": now}):
            holder = await self.item_codes.find_one({"_id": item.code})
            orphaned = (holder is not None and holder["at"] < now - ORPHAN_CLAIM_AGE
                        and not await self.items.versions.exists(holder["owner"]))
            if not orphaned:
                raise DuplicateCode(item.code)
            # A claim left long ago by a writer that died before storing its item.
            await self.item_codes.delete_one({"_id": item.code, "owner": holder["owner"]})
            if not await claim(self.item_codes, item.code, item.id, {"at": now}):
                raise DuplicateCode(item.code)
        await self.items.save(item, actor)

    async def published_items(self, department: str | None, item_type: str | None,
                              keyword: str | None, after_code: str | None,
                              limit: int) -> list[ServiceItem]:
        query: dict = {"published": {"$ne": None}}
        if department:
            query["department"] = department
        if item_type:
            query["published.type"] = item_type
        if keyword:
            pattern = {"$regex": re.escape(keyword)}
            query["$or"] = [{"published.name": pattern}, {"published.conditions": pattern},
                            {"code": pattern}]
        if after_code:
            query["code"] = {"$gt": after_code}
        return await self.items.find(query, [("code", ASCENDING)], limit)

    async def draft_items(self, department: str | None, after_code: str | None,
                          limit: int) -> list[ServiceItem]:
        query: dict = {"draft_changed": True}
        if department:
            query["department"] = department
        if after_code:
            query["code"] = {"$gt": after_code}
        return await self.items.find(query, [("code", ASCENDING)], limit)

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
                try:
                    await self.counters.replace_one({"_id": key}, {"value": sequence},
                                                    upsert=True)
                except DuplicateKeyError:
                    pass  # two first upserts raced (FerretDB); the hint is only a hint
                return candidate
            sequence += 1
        raise RuntimeError(f"no free case number found after {CASE_NUMBER_PROBES} probes")

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

    # -- directory -----------------------------------------------------------------------
    async def staff_of(self, ids: list[str]) -> dict[str, StaffMember]:
        found = {}
        for staff_id in dict.fromkeys(ids):
            if (member := await self.staff.get(staff_id)) is not None:
                found[staff_id] = member
        return found

    async def staff_in(self, department: str, after_id: str | None,
                       limit: int) -> list[StaffMember]:
        query: dict = {"department": department}
        if after_id:
            query["_id"] = {"$gt": after_id}
        return await self.staff.find(query, [("_id", ASCENDING)], limit)

    # -- inquiries -----------------------------------------------------------------------
    async def open_inquiries(self, owner_id: str, limit: int) -> list[Inquiry]:
        return await self.inquiries.find({"owner_id": owner_id, "open": True},
                                         [("logged_at", ASCENDING)], limit)

    async def ledger(self, from_on: date, to_on: date, staff: str | None, channel: str | None,
                     department: str | None, after: str | None, limit: int) -> list[Inquiry]:
        query: dict = {"logged_on": {"$gte": from_on.isoformat(), "$lte": to_on.isoformat()}}
        if staff:
            query["responders"] = staff
        if channel:
            query["channel"] = channel
        if department:
            query["department"] = department
        if after:
            # Chronological pages: the cursor is "<logged_at ISO>|<id>".
            at_text, _, after_id = after.partition("|")
            at = datetime.fromisoformat(at_text)
            query["$or"] = [{"logged_at": {"$gt": at}}, {"logged_at": at, "_id": {"$gt": after_id}}]
        return await self.inquiries.find(query, [("logged_at", ASCENDING), ("_id", ASCENDING)],
                                         limit)
