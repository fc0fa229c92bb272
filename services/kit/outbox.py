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

    async def relay_pending(self, batch: int = 500) -> int:
        """Publish every pending event once; returns how many were published.

        A batch's messages are all sent before any confirm is awaited: RabbitMQ confirms
        persistent messages on quorum queues only after writing them to disk, so waiting
        for each in turn would cap the relay at a few dozen events a second. They are sent
        in marker order on one channel, which keeps each aggregate's events in order.
        """
        published = 0
        while self.broker.is_connected:
            markers = [m async for m in self.markers.find({}).limit(batch)]
            if not markers:
                break
            # "<collection>/<aggregate>:<zero-padded version>": each aggregate stays in order.
            markers.sort(key=lambda m: m["_id"])
            changes = await asyncio.gather(*(
                self.db[m["collection"]].find_one({"_id": m["change_id"]}) for m in markers
            ))
            ready = [(m, c) for m, c in zip(markers, changes, strict=True) if c is not None]
            await self._drop_abandoned([m for m, c in zip(markers, changes) if c is None])
            outcomes = await asyncio.gather(*(
                self._publish_change(change) for _, change in ready
            ))
            done = [(m, c) for (m, c), ok in zip(ready, outcomes, strict=True) if ok]
            await asyncio.gather(*(
                self.db[m["collection"]].update_one(
                    {"_id": c["_id"]}, {"$set": {"outbox_pending": False}})
                for m, c in done
            ))
            await self.markers.delete_many({"_id": {"$in": [m["_id"] for m, _ in done]}})
            published += sum(len(c["outbox"]) for _, c in done)
            if len(done) < len(ready):
                break  # the broker went away mid-batch; the rest waits for the next sweep
            if len(markers) < batch:
                break
        return published

    async def _publish_change(self, change: dict) -> bool:
        try:
            await asyncio.gather(*(
                self.broker.publish(CloudEvent.from_dict(raw)) for raw in change["outbox"]
            ))
            return True
        except BrokerUnavailable as exc:
            log.warning("broker unavailable, events stay in the outbox",
                        extra=log_fields(error=str(exc)))
            return False

    async def _drop_abandoned(self, markers: list[dict]) -> None:
        """Markers whose change never appeared: the write failed after the marker went in."""
        cutoff = datetime.now(UTC) - ABANDONED_AFTER
        for marker in markers:
            if marker["at"] < cutoff:
                await self.markers.delete_one({"_id": marker["_id"]})
