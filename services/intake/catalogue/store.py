"""The catalogue's storage: items as versioned aggregates, and a unique claim per item code.

Uniqueness is enforced by inserting a claim document keyed by the code: on FerretDB v1 and
MongoDB alike an insert under a unique key is the one atomic conditional write.
"""

import re
from datetime import datetime, timedelta

from pymongo import ASCENDING, IndexModel

from services.kit.aggregates import claim, indexes

from ..storage import AggregateStore, ReadCache
from .domain import ServiceItem

ITEMS, ITEM_CODES = "service_items", "service_item_codes"
INDEXES = indexes(ITEMS, [IndexModel([("code", ASCENDING)], name="code"),
                          IndexModel([("department", ASCENDING)], name="department")])
ORPHAN_CLAIM_AGE = timedelta(minutes=5)


class DuplicateCode(Exception):
    pass


class CatalogueStore:
    def __init__(self, db) -> None:
        self.items = AggregateStore(db, ITEMS, ServiceItem)
        self.item_codes = db[ITEM_CODES]
        # items as published, for what many requests read and nothing decides on (a booking's
        # item: kept a few seconds)
        self.item_cache = ReadCache(self.items, seconds=5.0)

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
        query: dict = {"published": {"$ne": None}, "withdrawn_at": None}
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

    async def items_concerning(self, department: str) -> list[ServiceItem]:
        """Every item of a department or asking it for a joint opinion (a scan on FerretDB;
        only when the directory changes)."""
        return await self.items.find(
            {"$or": [{"department": department}, {"published.co_departments": department}]},
            [("code", ASCENDING)], 10_000)

    async def draft_items(self, department: str | None, after_code: str | None,
                          limit: int) -> list[ServiceItem]:
        query: dict = {"draft_changed": True}
        if department:
            query["department"] = department
        if after_code:
            query["code"] = {"$gt": after_code}
        return await self.items.find(query, [("code", ASCENDING)], limit)
