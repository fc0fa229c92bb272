"""Leave requests and attendance days: one aggregate per request, one per member and day
(`attendance_id`), found by `_id` on the hot paths (a sign-in); lists scan (a month's
summary, the approver's queue). A department's published month: one document, by `_id`."""

from datetime import date

from pymongo import ASCENDING, IndexModel

from services.kit.aggregates import indexes

from ..storage import AggregateStore
from .domain import AttendanceDay, AttendanceMonth, LeaveRequest, LeaveStatus

LEAVE_REQUESTS, ATTENDANCE_DAYS = "leave_requests", "attendance_days"
ATTENDANCE_MONTHS = "attendance_months"  # as published, `_id` month_id
INDEXES = {
    **indexes(LEAVE_REQUESTS, [IndexModel([("department", ASCENDING), ("from_on", ASCENDING)],
                                          name="department_from"),
                               IndexModel([("status", ASCENDING)], name="status")]),
    **indexes(ATTENDANCE_DAYS, [IndexModel([("department", ASCENDING), ("on", ASCENDING)],
                                           name="department_day")]),
    **indexes(ATTENDANCE_MONTHS, []),
}
LIST_MAX = 2_000


class AttendanceStore:
    def __init__(self, db) -> None:
        self.leave_requests = AggregateStore(db, LEAVE_REQUESTS, LeaveRequest)
        self.attendance_days = AggregateStore(db, ATTENDANCE_DAYS, AttendanceDay)
        self.attendance_months = AggregateStore(db, ATTENDANCE_MONTHS, AttendanceMonth)

    async def leave_between(self, department: str | None, first: date,
                            last: date) -> list[LeaveRequest]:
        """Leave that touches the period (of one department, or all), by start."""
        query: dict = {"from_on": {"$lte": last.isoformat()},
                       "until_on": {"$gte": first.isoformat()}}
        if department:
            query["department"] = department
        return await self.leave_requests.find(query, [("from_on", ASCENDING), ("_id", ASCENDING)],
                                              LIST_MAX)

    async def leave_awaiting(self) -> list[LeaveRequest]:
        return await self.leave_requests.find({"status": LeaveStatus.REQUESTED.value},
                                              [("requested_at", ASCENDING)], LIST_MAX)

    async def attendance_between(self, department: str, first: date,
                                 last: date) -> list[AttendanceDay]:
        return await self.attendance_days.find(
            {"department": department, "on": {"$gte": first.isoformat(),
                                              "$lte": last.isoformat()}},
            [("on", ASCENDING), ("_id", ASCENDING)], 50 * LIST_MAX)

    async def signs_in(self, department: str, first: date, last: date) -> bool:
        """Whether anyone of the department signed in during the period (it uses attendance)."""
        found = await self.attendance_days.find(
            {"department": department, "on": {"$gte": first.isoformat(),
                                              "$lte": last.isoformat()}}, [("on", ASCENDING)], 1)
        return bool(found)
