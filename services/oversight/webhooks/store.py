"""Webhooks' storage.

- `webhook_subscribers`: the subscribers, versioned aggregates (kit.records).
- `webhook_log`: the events some subscriber wanted when they arrived, a slot log
  (kit.slotlog, key "events"): an event is written once however many subscribers get it.
- `webhook_cursors`: per subscriber, the first log slot it has not yet taken up (written by the
  one dispatcher: no concurrent writers).
- `webhook_pending`: deliveries waiting for their next attempt or behind an earlier one of
  their case; few while receivers answer.
- `webhook_attempts`: the delivery log, one document per attempt, written a round at a time.
"""

from datetime import datetime

from bson import ObjectId
from pymongo import ASCENDING, DESCENDING, IndexModel
from pymongo.errors import BulkWriteError

from services.kit.aggregates import indexes
from services.kit.slotlog import SlotLog

from ..storage import AggregateStore
from .domain import Attempt, Pending, Subscriber

SUBSCRIBERS = "webhook_subscribers"
LOG, LOG_HINTS, LOG_KEY = "webhook_log", "webhook_log_hints", "events"
CURSORS, PENDING, ATTEMPTS = "webhook_cursors", "webhook_pending", "webhook_attempts"
INDEXES = {
    **indexes(SUBSCRIBERS, []),
    PENDING: [IndexModel([("subscriber_id", ASCENDING), ("slot", ASCENDING)],
                         name="subscriber_slot")],
    ATTEMPTS: [IndexModel([("subscriber_id", ASCENDING), ("at", DESCENDING)],
                          name="subscriber_at"),
               IndexModel([("subscriber_id", ASCENDING), ("event_id", ASCENDING)],
                          name="subscriber_event")],
    LOG: [IndexModel([("received_at", ASCENDING)], name="received_at")],
}


def attempt_doc(a: Attempt) -> dict:
    return {"subscriber_id": a.subscriber_id, "slot": a.slot, "event_id": a.event_id,
            "event_type": a.event_type, "case_key": a.case_key, "attempt": a.attempt,
            "at": a.at, "status_code": a.status_code, "error": a.error,
            "duration_ms": a.duration_ms, "replay": a.replay, "ok": a.ok}


def attempt_of(d: dict) -> Attempt:
    return Attempt(d["subscriber_id"], d["slot"], d["event_id"], d["event_type"],
                   d["case_key"], d["attempt"], d["at"], d["status_code"], d["error"],
                   d["duration_ms"], d.get("replay", False))


def pending_doc(p: Pending) -> dict:
    return {"_id": p.id, "subscriber_id": p.subscriber_id, "slot": p.slot,
            "case_key": p.case_key, "attempts": p.attempts, "next_at": p.next_at,
            "first_failed_at": p.first_failed_at, "replay": p.replay}


def pending_of(d: dict) -> Pending:
    return Pending(d["subscriber_id"], d["slot"], d["case_key"], d["attempts"], d["next_at"],
                   d.get("first_failed_at"), d.get("replay", False))


class WebhookStore:
    def __init__(self, db) -> None:
        self.subscribers = AggregateStore(db, SUBSCRIBERS, Subscriber)
        self.log = SlotLog(db[LOG], db[LOG_HINTS])
        self._log = db[LOG]
        self._cursors, self._pending, self._attempts = db[CURSORS], db[PENDING], db[ATTEMPTS]

    async def every_subscriber(self) -> list[Subscriber]:
        """Every subscriber not deleted (a scan: there are tens, not thousands)."""
        return await self.subscribers.find({"status": {"$ne": "deleted"}}, [("_id", 1)], 1000)

    # -- the log --------------------------------------------------------------------------
    async def append(self, entry: dict) -> int:
        return await self.log.append(LOG_KEY, "webhooks", entry)

    async def log_end(self) -> int:
        """The first free slot: where a new subscriber starts."""
        return await self.log.end(LOG_KEY)

    async def entries_from(self, slot: int, limit: int) -> list[tuple[int, dict]]:
        found = []
        async for at, entry in self.log.read(LOG_KEY, slot):
            found.append((at, entry))
            if len(found) >= limit:
                break
        return found

    async def entry(self, slot: int) -> dict | None:
        return await self._log.find_one({"_id": SlotLog.entry_id(LOG_KEY, slot)})

    async def slots_between(self, since: datetime, until: datetime, limit: int) -> list[int]:
        """Log slots of events received in [since, until) (a scan, for a replay)."""
        cursor = self._log.find({"received_at": {"$gte": since, "$lt": until}},
                                {"_id": 1}).limit(limit)
        return sorted([int(d["_id"].rsplit(":", 1)[1]) async for d in cursor])

    # -- a subscriber's progress ------------------------------------------------------------
    async def cursor(self, subscriber_id: str) -> int | None:
        found = await self._cursors.find_one({"_id": subscriber_id})
        return found["next"] if found else None

    async def set_cursor(self, subscriber_id: str, slot: int) -> None:
        await self._cursors.replace_one({"_id": subscriber_id}, {"next": slot}, upsert=True)

    async def pending(self, subscriber_id: str) -> list[Pending]:
        cursor = self._pending.find({"subscriber_id": subscriber_id}).sort("slot", 1)
        return [pending_of(d) async for d in cursor]

    async def add_pending(self, waiting: list[Pending]) -> None:
        """Insert, leaving any already there as they are (a replay of one still waiting)."""
        if not waiting:
            return
        try:
            await self._pending.insert_many([pending_doc(p) for p in waiting], ordered=False)
        except BulkWriteError as error:
            if any(e.get("code") != 11000 for e in error.details.get("writeErrors", [])):
                raise

    async def update_pending(self, p: Pending) -> None:
        await self._pending.replace_one({"_id": p.id}, pending_doc(p))

    async def drop_pending(self, p: Pending) -> None:
        await self._pending.delete_one({"_id": p.id})

    # -- the delivery log -------------------------------------------------------------------
    async def record(self, attempts: list[Attempt]) -> None:
        if attempts:
            await self._attempts.insert_many([attempt_doc(a) for a in attempts], ordered=False)

    async def attempts(self, subscriber_id: str, event_id: str | None,
                       before: tuple[datetime, str] | None, limit: int) -> list[tuple[str, Attempt]]:
        """Newest first (a scan on FerretDB: read by people paging, not on a hot path)."""
        query: dict = {"subscriber_id": subscriber_id}
        if event_id:
            query["event_id"] = event_id
        if before:
            query["$or"] = [{"at": {"$lt": before[0]}},
                            {"at": before[0], "_id": {"$lt": ObjectId(before[1])}}]
        cursor = self._attempts.find(query).sort([("at", -1), ("_id", -1)]).limit(limit)
        return [(str(d["_id"]), attempt_of(d)) async for d in cursor]

    async def slot_of(self, subscriber_id: str, event_id: str) -> int | None:
        found = await self._attempts.find_one({"subscriber_id": subscriber_id,
                                               "event_id": event_id})
        return found["slot"] if found else None
