"""Transactional outbox without transactions: pending events live inside the changed document.

A write that changes an aggregate also appends its events to that document's `outbox` array
and sets `outbox_pending`; MongoDB (and FerretDB) apply one document's update atomically, so a
state change is never stored without its events, nor the reverse. The relay publishes pending
events with publisher confirms, then removes exactly those it published (`$pullAll` on the
whole stored event) and clears the flag once the array is empty. A crash between publishing
and removing re-publishes on the next sweep: delivery is at-least-once and consumers are
idempotent, keyed by event id or by the aggregate.
"""

import asyncio
import logging
from collections.abc import Iterable

from pymongo import ASCENDING, IndexModel
from pymongo.asynchronous.database import AsyncDatabase

from .events import CloudEvent
from .logs import log_fields
from .messaging import Broker, BrokerUnavailable

log = logging.getLogger(__name__)
OUTBOX_INDEX = IndexModel([("outbox_pending", ASCENDING)], name="outbox_pending")


def new_document(doc: dict, events: Iterable[CloudEvent]) -> dict:
    """A document to insert, carrying its events."""
    pending = [e.to_dict() for e in events]
    return {**doc, "outbox": pending, "outbox_pending": bool(pending)}


def append_update(update: dict, events: Iterable[CloudEvent]) -> dict:
    """Extend an update document so that it also queues `events` in the same write."""
    pending = [e.to_dict() for e in events]
    if not pending:
        return update
    merged = {op: dict(fields) for op, fields in update.items()}
    merged.setdefault("$push", {})["outbox"] = {"$each": pending}
    merged.setdefault("$set", {})["outbox_pending"] = True
    return merged


class OutboxRelay:
    """Publishes what the given collections' outboxes hold: at once when poked, and on sweeps."""

    def __init__(
        self, db: AsyncDatabase, broker: Broker, collections: list[str], sweep_seconds: float
    ) -> None:
        self.db = db
        self.broker = broker
        self.collections = collections
        self.sweep_seconds = sweep_seconds
        self._wake = asyncio.Event()
        self._task: asyncio.Task | None = None
        broker.on_connected.append(self.poke)

    def poke(self) -> None:
        self._wake.set()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="outbox-relay")

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass

    async def _run(self) -> None:
        while True:
            try:
                await asyncio.wait_for(self._wake.wait(), self.sweep_seconds)
            except TimeoutError:
                pass
            self._wake.clear()
            try:
                await self.relay_pending()
            except Exception:
                log.exception("outbox sweep failed; will try again")

    async def relay_pending(self, batch: int = 200) -> int:
        """Publish every pending event once; returns how many were published."""
        if not self.broker.is_connected:
            return 0
        published = 0
        for name in self.collections:
            collection = self.db[name]
            docs = collection.find({"outbox_pending": True}, {"outbox": 1}).limit(batch)
            async for doc in docs:
                try:
                    published += await self._relay_document(collection, doc)
                except BrokerUnavailable as exc:
                    log.warning("broker unavailable, events stay in the outbox",
                                extra=log_fields(error=str(exc)))
                    return published
        return published

    async def _relay_document(self, collection, doc: dict) -> int:
        sent = []
        try:
            for raw in doc.get("outbox", []):
                await self.broker.publish(CloudEvent.from_dict(raw))
                sent.append(raw)
        finally:
            if sent:
                await collection.update_one({"_id": doc["_id"]}, {"$pullAll": {"outbox": sent}})
        # Cleared only if nothing new was queued meanwhile (single-document atomic check).
        await collection.update_one(
            {"_id": doc["_id"], "outbox": {"$size": 0}}, {"$set": {"outbox_pending": False}}
        )
        return len(sent)
