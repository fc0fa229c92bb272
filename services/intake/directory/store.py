"""The staff directory's storage: departments and staff as versioned aggregates, with short
read caches for the names printed on every step."""

from pymongo import ASCENDING, IndexModel

from services.kit.aggregates import indexes

from ..storage import AggregateStore, ReadCache
from .domain import Department, StaffMember

DEPARTMENTS, STAFF = "departments", "staff"
INDEXES = {**indexes(DEPARTMENTS, []),
           **indexes(STAFF, [IndexModel([("department", ASCENDING)], name="department")])}


class DirectoryStore:
    def __init__(self, db) -> None:
        self.departments = AggregateStore(db, DEPARTMENTS, Department)
        self.staff = AggregateStore(db, STAFF, StaffMember)
        self.staff_names = ReadCache(self.staff)
        self.department_names = ReadCache(self.departments)

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

    async def all_departments(self) -> list[Department]:
        return await self.departments.find({}, [("_id", ASCENDING)], 5000)

    async def department_staff(self, department: str) -> list[StaffMember]:
        """Every member of one department (the review chain addresses them by position)."""
        members, after = [], None
        while page := await self.staff_in(department, after, 500):
            members += page
            after = page[-1].id
            if len(page) < 500:
                break
        return members
