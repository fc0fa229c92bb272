"""Relay of the outbox: publishes the events that change documents carry, then marks them sent.

Events are written in the same insert as the state they belong to, and a marker in the
service's `outbox` collection points at each change with events (see `aggregates`). The relay
reads the markers (a small collection: only what is not yet published), publishes each
change's events with publisher confirms, in version order per aggregate, then clears the
change's `outbox_pending` flag and deletes the marker. A crash or a broker outage in between
leaves the marker, so the next sweep publishes again: delivery is at-least-once and every
consumer is idempotent.
"""

import asyncio
import logging
from datetime import UTC, datetime, timedelta

from pymongo.asynchronous.database import AsyncDatabase

from .aggregates import OUTBOX
from .events import CloudEvent
from .logs import log_fields
from .messaging import Broker, BrokerUnavailable

log = logging.getLogger(__name__)
# A marker whose change is still missing after this long belongs to a write that failed.
ABANDONED_AFTER = timedelta(minutes=2)


class OutboxRelay:
    """Publishes what the outbox markers point at: when poked after a write, and on sweeps."""

    def __init__(self, db: AsyncDatabase, broker: Broker, sweep_seconds: float) -> None:
        self.db = db
        self.markers = db[OUTBOX]
        self.broker = broker
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

    async def relay_pending(self, batch: int = 1000) -> int:
        """Publish every pending event once; returns how many were published."""
        if not self.broker.is_connected:
            return 0
        markers = [m async for m in self.markers.find({}).limit(batch)]
        # "<collection>/<aggregate>:<zero-padded version>": sorted, each aggregate keeps order.
        markers.sort(key=lambda m: m["_id"])
        published = 0
        for marker in markers:
            changes = self.db[marker["collection"]]
            change = await changes.find_one({"_id": marker["change_id"]})
            if change is None:
                if marker["at"] < datetime.now(UTC) - ABANDONED_AFTER:
                    await self.markers.delete_one({"_id": marker["_id"]})
                continue
            try:
                for raw in change["outbox"]:
                    await self.broker.publish(CloudEvent.from_dict(raw))
                    published += 1
            except BrokerUnavailable as exc:
                log.warning("broker unavailable, events stay in the outbox",
                            extra=log_fields(error=str(exc)))
                return published
            await changes.update_one({"_id": change["_id"]}, {"$set": {"outbox_pending": False}})
            await self.markers.delete_one({"_id": marker["_id"]})
        return published
