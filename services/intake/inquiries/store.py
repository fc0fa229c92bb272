"""The first-inquiry ledger's storage: inquiries as versioned aggregates."""

from datetime import date, datetime

from pymongo import ASCENDING, IndexModel

from services.kit.aggregates import indexes

from ..storage import AggregateStore
from .domain import Inquiry

INQUIRIES = "inquiries"
INDEXES = indexes(INQUIRIES, [IndexModel([("owner_id", ASCENDING), ("open", ASCENDING)],
                                         name="owner_open"),
                              IndexModel([("logged_on", ASCENDING)], name="logged_on")])


class InquiryStore:
    def __init__(self, db) -> None:
        self.inquiries = AggregateStore(db, INQUIRIES, Inquiry)

    async def open_inquiries(self, owner_id: str, limit: int) -> list[Inquiry]:
        return await self.inquiries.find({"owner_id": owner_id, "open": True},
                                         [("logged_at", ASCENDING)], limit)

    async def ledger(self, from_on: date, to_on: date, staff: str | None, channel: str | None,
                     department: str | None, after: tuple[datetime, str] | None,
                     limit: int) -> list[Inquiry]:
        query: dict = {"logged_on": {"$gte": from_on.isoformat(), "$lte": to_on.isoformat()}}
        if staff:
            query["responders"] = staff
        if channel:
            query["channel"] = channel
        if department:
            query["department"] = department
        if after:
            # Chronological pages: after (logged at, id).
            at, after_id = after
            query["$or"] = [{"logged_at": {"$gt": at}}, {"logged_at": at, "_id": {"$gt": after_id}}]
        return await self.inquiries.find(query, [("logged_at", ASCENDING), ("_id", ASCENDING)],
                                         limit)
