"""Delivering the log to each subscriber over HTTP (the edge: httpx, the database, time).

HTTP goes out through aiohttp: 0.09 ms of CPU per request where httpx took 3.3 ms (measured
against bench.webhook_sink), which decided whether deliveries cost the platform its case rate.

Every oversight process keeps the subscribers in memory (which events to log). One process
delivers (`webhook_dispatcher`, on by default; set it off on the other replicas): a task per
active subscriber, so a slow or failing receiver holds up only its own task, never the
platform's consumers nor another subscriber.

A subscriber's task takes the log from its cursor. Events of different cases go out side by
side (up to `concurrency` at once), one case's strictly one after the other: when a delivery
fails it waits for its next attempt (domain.RETRY_SCHEDULE) in `webhook_pending`, and every
later event of its case waits behind it. A round's attempts are written together, then the
cursor. A crash between a send and that write sends again with the same `webhook-id`
(at least once; receivers de-duplicate).
"""

import asyncio
import json
import logging
import time
from collections import OrderedDict, deque
from datetime import datetime

import aiohttp

from services.kit.logs import log_fields

from . import handlers
from .deps import Fanout, Webhooks
from .domain import (
    Attempt, Pending, Subscriber, SubscriberStatus, next_attempt, signature, webhook_id,
)

log = logging.getLogger(__name__)
RECENT = 20_000  # log entries kept in memory for the subscribers' tasks
CURSOR_EVERY = 1.0  # seconds between a busy subscriber's cursor writes
CONTENT_TYPE = "application/cloudevents+json; charset=utf-8"


class Dispatcher(Fanout):
    def __init__(self, webhooks: Webhooks, deliver: bool, timeout: float = 10.0,
                 concurrency: int = 8, window: int = 256, idle: float = 0.5,
                 linger: float = 0.2) -> None:
        self.webhooks = webhooks
        self.deliver = deliver
        self.subscribers: dict[str, Subscriber] = {}
        self._tasks: dict[str, asyncio.Task] = {}
        self._wake: dict[str, asyncio.Event] = {}
        self._recent: OrderedDict[int, dict] = OrderedDict()
        self._requeued: set[str] = set()
        self._timeout, self._concurrency, self._window, self._idle = \
            timeout, concurrency, window, idle
        self._linger = linger  # after a round with work: let more gather (fewer writes)
        self._http: aiohttp.ClientSession | None = None

    # -- what every process knows -----------------------------------------------------------
    def known(self, subscriber: Subscriber) -> None:
        if subscriber.status is SubscriberStatus.DELETED:
            self.subscribers.pop(subscriber.id, None)
        else:
            self.subscribers[subscriber.id] = subscriber
        self._steer(subscriber.id)

    def wanted(self, event_type: str, department: str | None) -> bool:
        return any(s.wants(event_type, department) for s in self.subscribers.values())

    def appended(self, slot: int, entry: dict) -> None:
        self._recent[slot] = entry
        while len(self._recent) > RECENT:
            self._recent.popitem(last=False)
        for wake in self._wake.values():
            wake.set()

    def requeued(self, subscriber_id: str) -> None:
        """Replays were queued: its task reads what waits again."""
        self._requeued.add(subscriber_id)
        if subscriber_id in self._wake:
            self._wake[subscriber_id].set()

    async def refresh(self) -> None:
        """Subscribers as stored (another replica may have changed them)."""
        found = {s.id: s for s in await self.webhooks.store.every_subscriber()}
        for gone in set(self.subscribers) - set(found):
            self.subscribers.pop(gone)
            self._steer(gone)
        for subscriber in found.values():
            if self.subscribers.get(subscriber.id) is None or \
                    self.subscribers[subscriber.id].version <= subscriber.version:
                self.subscribers[subscriber.id] = subscriber
                self._steer(subscriber.id)

    async def stop(self) -> None:
        for task in self._tasks.values():
            task.cancel()
        await asyncio.gather(*self._tasks.values(), return_exceptions=True)
        self._tasks.clear()
        if self._http:
            await self._http.close()

    # -- one task per active subscriber ----------------------------------------------------
    def _steer(self, subscriber_id: str) -> None:
        if not self.deliver:
            return
        subscriber = self.subscribers.get(subscriber_id)
        running = self._tasks.get(subscriber_id)
        active = subscriber is not None and subscriber.status is SubscriberStatus.ACTIVE
        if active and (running is None or running.done()):
            self._wake[subscriber_id] = asyncio.Event()
            self._tasks[subscriber_id] = asyncio.create_task(
                self._run(subscriber_id), name=f"webhook {subscriber_id}")
        elif not active and running is not None:
            running.cancel()
            self._tasks.pop(subscriber_id, None)
            self._wake.pop(subscriber_id, None)
        elif active and subscriber_id in self._wake:
            self._wake[subscriber_id].set()  # e.g. replays queued: read what waits again

    async def _run(self, subscriber_id: str) -> None:
        while True:
            try:
                await Delivering(self, subscriber_id).run()
                return
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the database went away: start again from the cursor
                log.warning("webhook deliveries interrupted, restarting",
                            extra=log_fields(subscriber=subscriber_id, error=repr(exc)))
                await asyncio.sleep(1.0)

    # -- the log, from memory where it can ---------------------------------------------------
    async def entries(self, slot: int) -> list[tuple[int, dict]]:
        found = []
        while slot in self._recent and len(found) < self._window:
            found.append((slot, self._recent[slot]))
            slot += 1
        if found:
            return found
        return await self.webhooks.store.entries_from(slot, self._window)

    async def entry(self, slot: int) -> dict | None:
        return self._recent.get(slot) or await self.webhooks.store.entry(slot)

    # -- one HTTP attempt ----------------------------------------------------------------------
    async def send(self, subscriber: Subscriber, slot: int, entry: dict, attempt: int,
                   replay: bool) -> Attempt:
        if self._http is None:
            self._http = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=self._timeout),
                connector=aiohttp.TCPConnector(limit=200, limit_per_host=self._concurrency),
                skip_auto_headers=("user-agent",))
        now = self.webhooks.clock.now()
        # one body per event and masking, whatever the number of subscribers sharing it
        bodies = entry.setdefault("_bodies", {})
        body = bodies.get(subscriber.personal_data)
        if body is None:
            body = bodies[subscriber.personal_data] = json.dumps(
                subscriber.shown(entry["event"]), ensure_ascii=False,
                separators=(",", ":")).encode()
        event_id = entry["event"]["id"]
        msg_id = webhook_id(event_id)
        timestamp = int(time.time())  # the receiver's tolerance is about real time
        signatures = " ".join(signature(self.webhooks.sealer.open(s), msg_id, timestamp, body)
                              for s in subscriber.signing_secrets(now))
        headers = {"webhook-id": msg_id, "webhook-timestamp": str(timestamp),
                   "webhook-signature": signatures, "content-type": CONTENT_TYPE,
                   "user-agent": "onewindow-webhooks/1"}
        started = time.perf_counter()
        status, error = None, None
        try:
            async with self._http.post(subscriber.url, data=body, headers=headers,
                                       allow_redirects=False) as response:
                status = response.status
                await response.content.read(65536)  # what it says is not kept
            if not 200 <= status < 300:
                error = f"HTTP {status}"
        except aiohttp.ClientConnectorError:
            error = "ConnectError"  # refused, unreachable, no such host
        except TimeoutError:
            error = "Timeout"
        except (aiohttp.ClientError, ValueError) as exc:
            error = type(exc).__name__
        return Attempt(subscriber.id, slot, event_id, entry["type"], entry["case_key"],
                       attempt, now, status, error,
                       round((time.perf_counter() - started) * 1000, 1), replay)


class Delivering:
    """One subscriber's deliveries while its task lives."""

    def __init__(self, dispatcher: Dispatcher, subscriber_id: str) -> None:
        self.d = dispatcher
        self.id = subscriber_id
        self.store = dispatcher.webhooks.store
        self.waiting: dict[str, deque[Pending]] = {}
        self.attempts: list[Attempt] = []
        self.gave_up: datetime | None = None
        self.stalled = False
        self.gate = asyncio.Semaphore(dispatcher._concurrency)

    @property
    def subscriber(self) -> Subscriber | None:
        s = self.d.subscribers.get(self.id)
        return s if s is not None and s.status is SubscriberStatus.ACTIVE else None

    async def _load_waiting(self, resumed: bool) -> None:
        self.waiting.clear()
        for p in await self.store.pending(self.id):
            if resumed:  # tried again now, the schedule from the start
                p.next_at, p.attempts = None, 0
            self.waiting.setdefault(p.case_key, deque()).append(p)

    async def run(self) -> None:
        cursor = await self.store.cursor(self.id)
        if cursor is None:
            cursor = await self.store.log_end()
        await self._load_waiting(resumed=True)
        wake = self.d._wake.get(self.id) or asyncio.Event()
        stored_cursor, stored_at = cursor, time.monotonic()
        while (subscriber := self.subscriber) is not None:
            wake.clear()
            now = self.d.webhooks.clock.now()
            runs: dict[str, list] = {}
            for key, queue in self.waiting.items():
                if queue[0].next_at is None or queue[0].next_at <= now:
                    runs[key] = []  # its waiting ones go first, from the queue
            # A receiver that gave no answer last round is down: only its waiting heads are
            # tried (on their schedule) until one gets through; new events stay in the log.
            new = [] if self.stalled else await self.d.entries(cursor)
            parked = []
            for slot, entry in new:
                if not subscriber.wants(entry["type"], entry.get("department")):
                    continue
                key = entry["case_key"]
                if key in self.waiting:
                    p = Pending(self.id, slot, key)
                    self.waiting[key].append(p)
                    parked.append(p)
                else:
                    runs.setdefault(key, []).append((slot, entry))
            await self.store.add_pending(parked)
            if runs:
                await asyncio.gather(*(self._case(subscriber, key, fresh)
                                       for key, fresh in runs.items()))
            attempts, self.attempts = self.attempts, []
            await self.store.record(attempts)
            if attempts:  # down: not one answer (an HTTP error is an answer: it is up)
                self.stalled = all(a.status_code is None for a in attempts)
            if new:
                cursor = new[-1][0] + 1
            if cursor != stored_cursor and (time.monotonic() - stored_at > CURSOR_EVERY
                                            or not new):
                # at most once a second under load: a crash re-sends what followed (same ids)
                await self.store.set_cursor(self.id, cursor)
                stored_cursor, stored_at = cursor, time.monotonic()
            if self.gave_up is not None:
                await handlers.pause_failing_subscriber(self.id, self.gave_up, self.d.webhooks)
                return
            if not new and not attempts:
                if self.id in self.d._requeued:
                    self.d._requeued.discard(self.id)
                    if await self._queued_again():
                        continue
                try:
                    await asyncio.wait_for(wake.wait(), self.d._idle)
                except TimeoutError:
                    pass
            else:
                await asyncio.sleep(self.d._linger)

    async def _queued_again(self) -> bool:
        """Replays queued by a handler (in `webhook_pending`, not yet in memory)."""
        stored = await self.store.pending(self.id)
        known = {p.id for q in self.waiting.values() for p in q}
        fresh = [p for p in stored if p.id not in known]
        for p in fresh:
            queue = self.waiting.setdefault(p.case_key, deque())
            queue.append(p)
            ordered = sorted(queue, key=lambda x: x.slot)
            queue.clear()
            queue.extend(ordered)
        return bool(fresh)

    async def _case(self, subscriber: Subscriber, key: str, fresh: list) -> None:
        """The case's waiting deliveries, then its new ones, in order, until one fails."""
        async with self.gate:
            queue = self.waiting.get(key)
            while queue:
                p = queue[0]
                if p.next_at is not None and p.next_at > self.d.webhooks.clock.now():
                    break
                entry = await self.d.entry(p.slot)
                if entry is None:  # the log lost it (it never does): nothing to send
                    await self.store.drop_pending(p)
                    queue.popleft()
                    continue
                result = await self.d.send(subscriber, p.slot, entry, p.attempts + 1, p.replay)
                self.attempts.append(result)
                if not result.ok:
                    await self._failed(p, result)
                    break
                await self.store.drop_pending(p)
                queue.popleft()
            if queue:  # still held up: the new ones wait behind
                await self._park(key, fresh)
                return
            self.waiting.pop(key, None)
            for i, (slot, entry) in enumerate(fresh):
                result = await self.d.send(subscriber, slot, entry, 1, False)
                self.attempts.append(result)
                if not result.ok:
                    first = Pending(self.id, slot, key)
                    self.waiting[key] = deque([first])
                    await self.store.add_pending([first])
                    await self._failed(first, result)
                    await self._park(key, fresh[i + 1:])
                    return

    async def _park(self, key: str, fresh: list) -> None:
        behind = [Pending(self.id, slot, key) for slot, _ in fresh]
        if behind:
            self.waiting.setdefault(key, deque()).extend(behind)
            await self.store.add_pending(behind)

    async def _failed(self, p: Pending, result: Attempt) -> None:
        p.attempts += 1
        p.first_failed_at = p.first_failed_at or result.at
        p.next_at = next_attempt(p.attempts, result.at)
        if p.next_at is None:
            self.gave_up = p.first_failed_at
            p.next_at = result.at  # tried first once the subscriber is resumed
        await self.store.update_pending(p)
