"""Relay of the outbox: publishes the events that change documents carry, then marks them sent.

Events are written in the same insert as the state they belong to, and a marker in the
service's `outbox` collection points at each change with events (see `aggregates`). The relay
reads the markers (a small collection: only what is not yet published), publishes each
change's events with publisher confirms, in version order per aggregate, then deletes the
marker. A crash or a broker outage in between leaves the marker, so the next sweep publishes
again: delivery is at-least-once and every consumer is idempotent. Changes this process
stored are relayed from memory (`RECENT_OUTBOX`: their markers and events), neither markers
nor changes read back; the sweep, every `sweep_seconds` and after the broker reconnects,
reads the markers for what memory does not hold (other processes', dropped). Published
changes are settled together at most every `settle_seconds`: indexed for the audit trail by
person and by day (kit.audit, a handful of inserts whatever their number), then their markers
deleted in one command; a crash before that publishes them again (at least once).
"""

import asyncio
import logging
from datetime import UTC, datetime, timedelta

from pymongo.asynchronous.database import AsyncDatabase

from .aggregates import OUTBOX, RECENT_OUTBOX, VersionedStore
from .audit import AuditIndex, audit_ref
from .events import CloudEvent
from .logs import log_fields
from .messaging import Broker, BrokerUnavailable
from .tracing import recorded_context

log = logging.getLogger(__name__)
# A marker whose change is still missing after this long belongs to a write that failed.
ABANDONED_AFTER = timedelta(minutes=2)
# Another process's marker is left to that process this long: its relay publishes from memory.
# Taken at once, every replica read back and published every other replica's events too
# (bench.goals --workers intake=2: the clock readable at p99 after 39 s instead of 0.1 s).
OWNER_FIRST = timedelta(seconds=10)


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)


class OutboxRelay:
    """Publishes what the outbox markers point at: when poked after a write, and on sweeps."""

    def __init__(self, db: AsyncDatabase, broker: Broker, sweep_seconds: float,
                 settle_seconds: float = 0.0) -> None:
        self.db = db
        self.markers = db[OUTBOX]
        self.audit = AuditIndex(db)  # who changed what, by person and by day (kit.audit)
        self.broker = broker
        self.sweep_seconds = sweep_seconds
        self.settle_seconds = settle_seconds
        # published, not yet indexed and unmarked: (marker, events), and their ids
        self._settling: list[tuple[dict, list[dict]]] = []
        self._settling_ids: set[str] = set()
        self._settler: asyncio.Task | None = None
        self._wake = asyncio.Event()
        self._sweep = True  # the first round reads the markers: a previous process's may wait
        self._task: asyncio.Task | None = None
        broker.on_connected.append(self.sweep_soon)

    def poke(self) -> None:
        """This process stored changes with events: relay them from memory."""
        self._wake.set()

    def sweep_soon(self) -> None:
        self._sweep = True
        self._wake.set()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="outbox-relay")

    async def stop(self) -> None:
        for task in (self._task, self._settler):
            if task:
                task.cancel()
                try:
                    await task
                except asyncio.CancelledError:
                    pass
        try:
            await self.settle()
        except Exception:  # the markers stay: published again by the next process
            log.exception("outbox not settled at stop")

    async def settle(self) -> int:
        """Index what was published for the audit trail, then delete its markers (one
        command for all); indexed before the markers go, so a crash in between indexes them
        again (the audit trail drops the repeats), never not at all."""
        done, self._settling = self._settling, []
        if not done:
            return 0
        try:
            await self.audit.record([audit_ref(m, events) for m, events in done])
            await self.markers.delete_many({"_id": {"$in": [m["_id"] for m, _ in done]}})
        except BaseException:
            self._settling = done + self._settling
            raise
        self._settling_ids.difference_update(m["_id"] for m, _ in done)
        return len(done)

    def _settle_later(self) -> None:
        if self._settler is None or self._settler.done():
            self._settler = asyncio.create_task(self._settle_after(), name="outbox-settle")

    async def _settle_after(self) -> None:
        while self._settling:
            await asyncio.sleep(self.settle_seconds)
            try:
                await self.settle()
            except Exception:
                log.exception("outbox settle failed; will try again")

    async def _run(self) -> None:
        while True:
            try:
                await asyncio.wait_for(self._wake.wait(), self.sweep_seconds)
            except TimeoutError:
                self._sweep = True
            self._wake.clear()
            sweep, self._sweep = self._sweep, False
            try:
                await self.relay_pending(from_memory=not sweep, settle=False)
            except Exception:
                self._sweep = True
                log.exception("outbox sweep failed; will try again")

    async def relay_pending(self, batch: int = 500, from_memory: bool = False,
                            settle: bool = True) -> int:
        """Publish every pending event once; returns how many were published. `from_memory`:
        only what this process stored and still holds, without reading the markers;
        `settle`: index and unmark what was published now, not later (`settle_seconds`).

        A batch's messages are all sent before any confirm is awaited: RabbitMQ confirms
        persistent messages on quorum queues only after writing them to disk, so waiting
        for each in turn would cap the relay at a few dozen events a second. They are sent
        in marker order on one channel, which keeps each aggregate's events in order.
        """
        published = 0
        while self.broker.is_connected:
            markers = RECENT_OUTBOX.markers(batch) if from_memory else [
                m async for m in self.markers.find({}).limit(batch)]
            if not markers:
                break
            # "<collection>/<aggregate>:<zero-padded version>": each aggregate stays in order.
            markers.sort(key=lambda m: m["_id"])
            mine_or_left = datetime.now(UTC) - OWNER_FIRST
            markers = [m for m in markers if m["_id"] not in self._settling_ids and (
                RECENT_OUTBOX.has(m["_id"]) or _aware(m["at"]) < mine_or_left)]
            if not markers:
                break
            changes = await asyncio.gather(*(self._events_of(m) for m in markers))
            ready = [(m, c) for m, c in zip(markers, changes, strict=True) if c is not None]
            await self._drop_abandoned([m for m, c in zip(markers, changes) if c is None])
            outcomes = await asyncio.gather(*(
                self._publish_change(events) for _, events in ready
            ))
            done = [(m, c) for (m, c), ok in zip(ready, outcomes, strict=True) if ok]
            for (m, events), ok in zip(ready, outcomes, strict=True):
                if not ok:  # kept for the next round (it was taken out of memory)
                    RECENT_OUTBOX.put(m, events)
            self._settling += done
            self._settling_ids.update(m["_id"] for m, _ in done)
            published += sum(len(events) for _, events in done)
            if len(done) < len(ready):
                break  # the broker went away mid-batch; the rest waits for the next sweep
            if len(markers) < batch:
                break
        if settle or not self.settle_seconds:
            await self.settle()
        elif self._settling:
            self._settle_later()
        return published

    async def _events_of(self, marker: dict) -> list[dict] | None:
        """The events a marker points at: from memory if this process stored them, else from
        the change document (None if it is not there)."""
        events = RECENT_OUTBOX.pop(marker["_id"])
        if events is not None:
            return events
        change = await self.db[marker["collection"]].find_one({"_id": marker["change_id"]})
        if change is None:
            return None
        await self._repair_projection(marker["collection"], change)
        return change["outbox"]

    async def _repair_projection(self, collection: str, change: dict) -> None:
        """A change whose events are not in memory was stored by a writer that may have died
        before projecting it (SIGKILL, the database gone: found by bench.faults, a received
        case missing from every list): make the projection show it."""
        if change.get("state") is None or not collection.endswith("_changes"):
            return
        store = VersionedStore(self.db, collection.removesuffix("_changes"), "")
        current = await store.current.find_one({"_id": change["aggregate_id"]}, {"version": 1})
        if current is None or current["version"] < change["version"]:
            await store.project(change["aggregate_id"], change["version"], change["state"])

    async def _publish_change(self, events: list[dict]) -> bool:
        try:
            await asyncio.gather(*(self._publish(raw) for raw in events))
            return True
        except BrokerUnavailable as exc:
            log.warning("broker unavailable, events stay in the outbox",
                        extra=log_fields(error=str(exc)))
            return False

    async def _publish(self, raw: dict) -> None:
        """One event, in a span of the trace it was recorded in (kit.tracing)."""
        with recorded_context(raw):
            await self.broker.publish(CloudEvent.from_dict(raw))

    async def _drop_abandoned(self, markers: list[dict]) -> None:
        """Markers whose change never appeared: the write failed after the marker went in."""
        cutoff = datetime.now(UTC) - ABANDONED_AFTER
        for marker in markers:
            if marker["at"] < cutoff:
                await self.markers.delete_one({"_id": marker["_id"]})
