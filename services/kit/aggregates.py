"""Versioned aggregate storage whose only atomic step is an insert under a unique key.

Why: FerretDB v1 applies `update`/`findAndModify` as read-then-write without a transaction, so
concurrent updates of one document lose writes and conditional updates are not compare-and-set
(measured: 200 concurrent `$push` left 16 elements; 50 racing `status` CAS updates had 8
winners; see DEVELOPERS.md). Inserts are different: a unique index is enforced atomically on
both FerretDB and MongoDB. So every change to an aggregate is an *insert* of an immutable
change document:

    <name>_changes: {_id: "<aggregate id>:<version>", aggregate_id, version, at, actor,
                     state: {...full state after the change...},
                     outbox: [CloudEvents...]}

- Optimistic concurrency: two writers of version v+1 race for one `_id`; one wins, the other
  gets `ConcurrentChange` and decides again on fresh state.
- State and its events are one write (the transactional outbox without transactions).
- A change document is never updated: whether its events were published is told by its
  marker (below), which the relay deletes once RabbitMQ confirmed them.
- FerretDB's SQLite backend pushes down nothing but an exact `{_id: ...}` filter; any other
  filter scans the collection. So the relay does not search change documents for pending
  events: before a change is inserted, a marker `{_id: "<collection>/<change id>"}` goes into
  the service's small `outbox` collection, and the relay works through the markers. A marker
  whose change never got written (the writer died in between) is dropped after a grace period.
- `<name>` holds the current state of each aggregate for queries (a projection, with
  `version`). It is rewritten after each change and checked against newer changes, so a slow
  writer never leaves an old image behind; loading always catches up from the changes.
The change collection is also the audit trail of who changed what, when.
"""

from __future__ import annotations

import asyncio
import contextvars
import itertools
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

from pymongo import ASCENDING, IndexModel
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError, DuplicateKeyError

from .events import CloudEvent

T = TypeVar("T")
OUTBOX = "outbox"
BULK_CONCURRENCY = 32  # look-ups or single writes of one batch in flight at once


# True during the first attempt of `retry_on_conflict`: a load may then trust the projection
# without looking for a newer change, because deciding on a stale image ends in a version
# conflict at save, and the retry loads carefully. Saves one look-up per load on every change.
_first_attempt: contextvars.ContextVar[bool] = contextvars.ContextVar("first_attempt",
                                                                      default=False)


class RecentOutbox:
    """Markers and events of changes this process just stored, by marker id, so that its relay
    publishes them without reading the markers or the changes back (kit.outbox); bounded,
    oldest dropped first (the relay's sweep then finds the marker and reads the change, as it
    does for other processes' changes)."""

    def __init__(self, size: int = 20_000) -> None:
        self.size = size
        self._held: dict[str, tuple[dict, list[dict]]] = {}

    def put(self, marker: dict, events: list[dict]) -> None:
        self._held[marker["_id"]] = (marker, events)
        if len(self._held) > self.size:
            del self._held[next(iter(self._held))]

    def has(self, marker_id: str) -> bool:
        return marker_id in self._held

    def pop(self, marker_id: str) -> list[dict] | None:
        held = self._held.pop(marker_id, None)
        return held[1] if held else None

    def clear(self) -> None:
        """Forget everything held (tests: one process, many throw-away databases)."""
        self._held.clear()

    def markers(self, limit: int) -> list[dict]:
        """Up to `limit` markers held, oldest first (without copying all that is held)."""
        return [marker for marker, _ in itertools.islice(self._held.values(), limit)]


RECENT_OUTBOX = RecentOutbox()


class ConcurrentChange(Exception):
    """Someone else changed the aggregate first; load it again and redo the decision."""


class AlreadyExists(Exception):
    """An aggregate with this id was created before (a redelivered creation, typically)."""


def _marker(changes: str, change: str, aggregate_id: str, at: datetime,
            actor: str | None) -> dict:
    """The outbox marker of one change with events (the relay's pointer to it)."""
    return {"_id": f"{changes}/{change}", "owner": aggregate_id, "collection": changes,
            "change_id": change, "at": at, "actor": actor}


def change_id(aggregate_id: str, version: int) -> str:
    return f"{aggregate_id}:{version:010d}"


def changes_collection(name: str) -> str:
    return f"{name}_changes"


def indexes(name: str, current: list[IndexModel]) -> dict[str, list[IndexModel]]:
    """Index spec for one aggregate kind (used by MongoDB; FerretDB's SQLite backend keeps
    them but only ever looks documents up by `_id`)."""
    return {name: current, changes_collection(name): [IndexModel([("aggregate_id", ASCENDING)])]}


class VersionedStore:
    """Stores one aggregate kind as state images keyed by `(id, version)`."""

    def __init__(self, db: AsyncDatabase, name: str, source: str) -> None:
        self.current = db[name]
        self.changes = db[changes_collection(name)]
        self.outbox = db[OUTBOX]
        self.source = source

    async def load(self, aggregate_id: str, absent_is_new: bool = False
                   ) -> tuple[dict, int] | None:
        """The latest state image and its version, or None if the aggregate does not exist
        (the projection alone on a first attempt to change it: see `_first_attempt`; with
        `absent_is_new`, its absence too, where the caller creates what it does not find and
        a creation that was there already ends in a conflict, decided again carefully)."""
        doc = await self.current.find_one({"_id": aggregate_id})
        if _first_attempt.get() and (doc is not None or absent_is_new):
            if doc is None:
                return None
            return {k: v for k, v in doc.items() if k not in ("_id", "version")}, doc["version"]
        version = projected = doc["version"] if doc else 0
        state = {k: v for k, v in doc.items() if k not in ("_id", "version")} if doc else None
        # The projection may lag a change whose writer has not projected yet: catch up.
        while (change := await self.changes.find_one({"_id": change_id(aggregate_id, version + 1)})):
            version, state = change["version"], change["state"]
        if version > projected and state is not None:
            # ... and repair it: a writer cancelled between its change and its projection (a
            # broker connection lost mid-handler) would otherwise leave it behind for good,
            # invisible to every read of the projections (found by bench.faults).
            await self.project(aggregate_id, version, state)
        return (state, version) if state is not None else None

    async def peek(self, aggregate_id: str) -> tuple[dict, int] | None:
        """The projection as it stands (one look-up): for reads that may lag a change being
        projected, never for a load-decide-save."""
        doc = await self.current.find_one({"_id": aggregate_id})
        if doc is None:
            return None
        return {k: v for k, v in doc.items() if k not in ("_id", "version")}, doc["version"]

    async def exists(self, aggregate_id: str) -> bool:
        return await self.changes.find_one({"_id": change_id(aggregate_id, 1)}, {"_id": 1}) is not None

    async def save(
        self, aggregate_id: str, state: dict, expected_version: int, events: list[CloudEvent],
        actor: str | None = None,
    ) -> int:
        """Write version `expected_version + 1` with its events; returns the new version."""
        version = expected_version + 1
        change = {
            "_id": change_id(aggregate_id, version),
            "aggregate_id": aggregate_id,
            "version": version,
            "at": datetime.now(UTC),
            "actor": actor,
            "state": state,
            "outbox": [e.to_dict() for e in events],
        }
        marker = _marker(self.changes.name, change["_id"], aggregate_id, change["at"], actor)
        if events:
            # The marker first: a change with events is never stored without one. A racing
            # writer of the same version finds the marker there already, which is fine.
            await self._mark(marker)
        try:
            await self.changes.insert_one(change)
        except DuplicateKeyError:
            if version == 1:
                # Taken by another writer, or by this one's earlier attempt whose projection
                # never came (a database gone in between): callers stop at AlreadyExists, so
                # repair the projection here. A ConcurrentChange is retried with a load, which
                # repairs it then.
                await self.load(aggregate_id)
                raise AlreadyExists(aggregate_id) from None
            raise ConcurrentChange(aggregate_id) from None
        if events:
            RECENT_OUTBOX.put(marker, change["outbox"])
        # the change is stored: its projection is written even if the caller is cancelled now
        await _projected(self.project(aggregate_id, version, state),
                         [marker["_id"]] if events else [])
        return version

    async def _mark(self, marker: dict) -> None:
        """Insert a change's outbox marker; one a racing writer inserted first is as good."""
        try:
            await self.outbox.insert_one(dict(marker))
        except DuplicateKeyError:
            pass

    async def bar(self, aggregate_id: str, events: list[CloudEvent], actor: str,
                  reason: str) -> bool:
        """Make sure `aggregate_id` is never created: its first change is taken by a tombstone
        (no state, `barred: reason`) announcing `events`. True if barred now, False if the
        aggregate exists (its creation won the insert). The same insert decides as for two
        writers, so a creation arriving late finds AlreadyExists and nothing is half-stored;
        `load` then says the aggregate does not exist and the audit trail shows the bar."""
        tombstone = change_id(aggregate_id, 1)
        found = await self.changes.find_one({"_id": tombstone}, {"barred": 1})
        if found is not None:
            return bool(found.get("barred"))
        at = datetime.now(UTC)
        marker = _marker(self.changes.name, tombstone, aggregate_id, at, actor)
        if events:
            await self._mark(marker)
        outbox = [e.to_dict() for e in events]
        try:
            await self.changes.insert_one({
                "_id": tombstone, "aggregate_id": aggregate_id, "version": 1, "at": at,
                "actor": actor, "state": None, "barred": reason, "outbox": outbox})
        except DuplicateKeyError:
            found = await self.changes.find_one({"_id": tombstone}, {"barred": 1})
            return bool(found and found.get("barred"))
        if outbox:
            RECENT_OUTBOX.put(marker, outbox)
        return True

    async def peek_many(self, aggregate_ids: list[str]) -> dict[str, tuple[dict, int]]:
        """Projections as they stand, by id (concurrent `_id` look-ups): for a batch that then
        saves with `save_many`, where a lagging projection only costs a conflict."""
        gate = asyncio.Semaphore(BULK_CONCURRENCY)

        async def one(aggregate_id: str) -> dict | None:
            async with gate:
                return await self.current.find_one({"_id": aggregate_id})

        docs = await asyncio.gather(*(one(i) for i in aggregate_ids))
        return {d["_id"]: ({k: v for k, v in d.items() if k not in ("_id", "version")},
                           d["version"]) for d in docs if d is not None}

    async def save_many(self, changes: list[tuple[str, dict, int, list[CloudEvent]]],
                        actor: str | None = None) -> list[bool]:
        """`save` for many aggregates at once (`(id, state, expected_version, events)` each):
        markers and changes each go in one bulk insert (one transaction per hundred documents
        on FerretDB, where each single insert is one), then the projections. Per change, True
        if stored; False if another writer took the version (the caller decides again on
        fresh state, as after `ConcurrentChange`)."""
        if not changes:
            return []
        at = datetime.now(UTC)
        docs = [{"_id": change_id(a, v + 1), "aggregate_id": a, "version": v + 1, "at": at,
                 "actor": actor, "state": s, "outbox": [e.to_dict() for e in ev]}
                for a, s, v, ev in changes]
        markers = {d["_id"]: _marker(self.changes.name, d["_id"], d["aggregate_id"], at, actor)
                   for d in docs if d["outbox"]}
        if markers:  # a racing writer's marker is fine
            await _insert_all(self.outbox, list(markers.values()))
        taken = await _insert_all(self.changes, docs)
        stored = [i not in taken for i in range(len(docs))]
        for d, ok in zip(docs, stored, strict=True):
            if ok and d["outbox"]:
                RECENT_OUTBOX.put(markers[d["_id"]], d["outbox"])
        await _projected(self.project_many(
            [(d["aggregate_id"], d["version"], d["state"])
             for d, ok in zip(docs, stored, strict=True) if ok]),
            [f"{self.changes.name}/{d['_id']}" for d, ok in zip(docs, stored, strict=True)
             if ok and d["outbox"]])
        return stored

    async def project_many(self, images: list[tuple[str, int, dict]]) -> None:
        """`project` for many, at most `BULK_CONCURRENCY` at a time: FerretDB v1 hangs on a
        bulk write of upserting replaces (measured: 200 never returned), and two hundred
        single replaces at once run a third slower than thirty-two (1,403/s against 2,145/s)."""
        gate = asyncio.Semaphore(BULK_CONCURRENCY)

        async def one(aggregate_id: str, version: int, state: dict) -> None:
            async with gate:
                await self.project(aggregate_id, version, state)

        await asyncio.gather(*(one(*image) for image in images))

    async def project(self, aggregate_id: str, version: int, state: dict) -> None:
        """Make the projection show `version` or a newer one."""
        while True:
            image = {**state, "version": version}
            try:
                await self.current.replace_one({"_id": aggregate_id}, image, upsert=True)
            except DuplicateKeyError:
                # Two first projections raced on the insert; the next round replaces.
                await asyncio.sleep(0)
                continue
            newer = await self.changes.find_one({"_id": change_id(aggregate_id, version + 1)})
            if newer is None:
                return
            version, state = newer["version"], newer["state"]

    async def history(self, aggregate_id: str) -> list[dict]:
        """Every change of one aggregate, oldest first (equality lookups, one per version)."""
        found, version = [], 1
        while (change := await self.changes.find_one({"_id": change_id(aggregate_id, version)})):
            found.append(change)
            version += 1
        return found


async def _projected(projection: Awaitable[None], markers: list[str]) -> None:
    """Write the projection of stored changes even if the caller is cancelled now. If that
    fails (the database went away between a change and its projection: bench.faults found
    a received case in no list, its number neither a case nor void), the changes' events
    leave this process's memory, so that the relay reads the changes back and projects them
    (kit.outbox `_repair_projection`) once the database answers again."""
    task = asyncio.ensure_future(projection)

    def forget_if_failed(done: asyncio.Future) -> None:
        if not done.cancelled() and done.exception() is not None:
            for marker in markers:
                RECENT_OUTBOX.pop(marker)

    task.add_done_callback(forget_if_failed)
    await asyncio.shield(task)


async def _insert_all(collection, docs: list[dict]) -> set[int]:
    """Insert every document that is not there yet (unordered); the indexes of those whose
    `_id` was taken."""
    try:
        await collection.insert_many(docs, ordered=False)
        return set()
    except BulkWriteError as exc:
        errors = exc.details.get("writeErrors", [])
        if any(e.get("code") != 11000 for e in errors):
            raise
        return {e["index"] for e in errors}


async def retry_on_conflict(attempt: Callable[[], Awaitable[T]], attempts: int = 8) -> T:
    """Run a load-decide-save step again when another writer got there first."""
    for n in range(attempts):
        first = _first_attempt.set(n == 0)
        try:
            return await attempt()
        except ConcurrentChange:
            if n == attempts - 1:
                raise
            await asyncio.sleep(0.005 * (n + 1))
        finally:
            _first_attempt.reset(first)
    raise AssertionError("unreachable")


async def claim(collection, key: str, owner: str, extra: dict[str, Any] | None = None) -> bool:
    """Claim a unique key (a code, a number) for `owner`: True if won, False if taken."""
    try:
        await collection.insert_one({"_id": key, "owner": owner, **(extra or {})})
        return True
    except DuplicateKeyError:
        return False
