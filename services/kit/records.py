"""Aggregates that are plain dataclasses, stored as versioned state images with their events
(`kit.aggregates`): `dump`/`load` from the type hints (`kit.codec`); `transient()` fields
(version, recorded events) are never stored. The aggregate has an `id`, a `version` and an
`events` list of `DomainEvent`s."""

import inspect
from collections.abc import Callable
from typing import Generic, TypeVar

from .aggregates import VersionedStore, retry_on_conflict
from .codec import dump, load_as
from .domain import NotFoundError

A = TypeVar("A")


class AggregateStore(Generic[A]):
    """One aggregate kind: state images written with their events (kit.aggregates)."""

    def __init__(self, db, name: str, cls: type[A], source: str) -> None:
        self.versions = VersionedStore(db, name, source)
        self.cls = cls
        self.source = source

    def _from(self, aggregate_id: str, state: dict, version: int) -> A:
        return load_as(self.cls, {**state, "id": aggregate_id}, version=version)

    async def get(self, aggregate_id: str) -> A | None:
        found = await self.versions.load(aggregate_id)
        return self._from(aggregate_id, *found) if found else None

    async def save(self, aggregate, actor: str | None) -> None:
        """Write the aggregate and its events, unless someone changed it since it was loaded
        (ConcurrentChange); a new aggregate has version 0 (AlreadyExists if it was there)."""
        events = [e.to_cloud_event(self.source) for e in aggregate.events]
        state = dump(aggregate)
        del state["id"]
        aggregate.version = await self.versions.save(aggregate.id, state, aggregate.version,
                                                     events, actor)
        aggregate.events.clear()

    async def bar(self, aggregate_id: str, events: list, actor: str, reason: str) -> bool:
        """Make sure `aggregate_id` is never created (kit.aggregates `bar`), announcing
        `events` (DomainEvents); False if it exists."""
        return await self.versions.bar(
            aggregate_id, [e.to_cloud_event(self.source) for e in events], actor, reason)

    async def change(self, aggregate_id: str, what: str, decide: Callable[[A], object],
                     actor: str | None) -> A:
        """Load, `decide(aggregate)` (sync or async; raising changes nothing), save; again on
        fresh state when someone else changed it first. `what` names the kind for
        NotFoundError."""
        async def attempt() -> A:
            aggregate = await self.get(aggregate_id)
            if aggregate is None:
                raise NotFoundError(what, aggregate_id)
            decided = decide(aggregate)
            if inspect.isawaitable(decided):
                await decided
            await self.save(aggregate, actor)
            return aggregate

        return await retry_on_conflict(attempt)

    async def find(self, query: dict, sort: list, limit: int) -> list[A]:
        cursor = self.versions.current.find(query).sort(sort).limit(limit)
        return [self._from(d["_id"], {k: v for k, v in d.items() if k not in ("_id", "version")},
                           d["version"]) async for d in cursor]
