"""Relay of the outbox: publishes the events that change documents carry, then marks them sent.

Events are written in the same insert as the state they belong to (see `aggregates`). The
relay finds change documents with `outbox_pending: true` (an equality lookup on an index),
publishes their events with publisher confirms, in version order per aggregate, and only then
sets `outbox_pending: false`. A crash or a broker outage in between leaves the flag set, so the
next sweep publishes again: delivery is at-least-once and every consumer is idempotent.
"""

import asyncio
import logging

from pymongo.asynchronous.database import AsyncDatabase

from .events import CloudEvent
from .logs import log_fields
from .messaging import Broker, BrokerUnavailable

log = logging.getLogger(__name__)


class OutboxRelay:
    """Publishes pending events of the given change collections: when poked, and on sweeps."""

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

    async def relay_pending(self, batch: int = 500) -> int:
        """Publish every pending event once; returns how many were published."""
        if not self.broker.is_connected or not self.collections:
            return 0
        published = 0
        for name in self.collections:
            collection = self.db[name]
            cursor = collection.find({"outbox_pending": True}, {"outbox": 1}).limit(batch)
            # `_id` is "<aggregate>:<zero-padded version>": sorting keeps each aggregate's order.
            pending = sorted([doc async for doc in cursor], key=lambda d: d["_id"])
            for doc in pending:
                try:
                    for raw in doc.get("outbox", []):
                        await self.broker.publish(CloudEvent.from_dict(raw))
                        published += 1
                except BrokerUnavailable as exc:
                    log.warning("broker unavailable, events stay in the outbox",
                                extra=log_fields(error=str(exc)))
                    return published
                await collection.update_one({"_id": doc["_id"]},
                                            {"$set": {"outbox_pending": False}})
        return published
