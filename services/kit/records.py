"""Aggregates that are plain dataclasses, stored as versioned state images with their events
(`kit.aggregates`): `dump`/`load` from the type hints (`kit.codec`); `transient()` fields
(version, recorded events) are never stored. The aggregate has a `version` and an `events`
list of `DomainEvent`s, and an id: its `id` field unless `key` names another attribute (a
field, or a property computed from fields, as a clock's id is). Every aggregate of every
service is stored this way (DEVELOPERS.md, "Storage")."""

import dataclasses
import inspect
from collections.abc import Callable
from typing import Generic, TypeVar

from .aggregates import AlreadyExists, ConcurrentChange, VersionedStore, retry_on_conflict
from .codec import dump, load_as
from .domain import NotFoundError

A = TypeVar("A")


class AggregateStore(Generic[A]):
    """One aggregate kind: state images written with their events (kit.aggregates).

    `indexed(aggregate)`: fields stored beside the state for an index, never read back (a
    clock's due day); `upgrade(state)`: the state as this version of the class reads it, for
    images stored in an older shape."""

    def __init__(self, db, name: str, cls: type[A], source: str, key: str = "id",
                 indexed: Callable[[A], dict] | None = None,
                 upgrade: Callable[[dict], dict] | None = None) -> None:
        self.versions = VersionedStore(db, name, source)
        self.cls = cls
        self.source = source
        self.key = key
        self.indexed = indexed
        self.upgrade = upgrade
        fields = {f.name for f in dataclasses.fields(cls)}
        self._key_is_field = key in fields

    def id_of(self, aggregate: A) -> str:
        return getattr(aggregate, self.key)

    def _from(self, aggregate_id: str, state: dict, version: int) -> A:
        if self.upgrade is not None:
            state = self.upgrade(state)
        if self._key_is_field:
            state = {**state, self.key: aggregate_id}
        return load_as(self.cls, state, version=version)

    def _state(self, aggregate: A) -> dict:
        state = dump(aggregate)
        if self._key_is_field:
            del state[self.key]
        if self.indexed is not None:
            state.update(self.indexed(aggregate))
        return state

    def _events(self, aggregate: A) -> list:
        events = [e.to_cloud_event(self.source) for e in aggregate.events]
        aggregate.events.clear()
        return events

    async def get(self, aggregate_id: str, absent_is_new: bool = False) -> A | None:
        """`absent_is_new`: the caller creates what is not found (see `VersionedStore.load`):
        on a first attempt, a missing projection is taken as the truth."""
        found = await self.versions.load(aggregate_id, absent_is_new)
        return self._from(aggregate_id, *found) if found else None

    async def peek(self, aggregate_id: str) -> A | None:
        """The projection as it stands (one look-up): for reads and checks that may lag a
        change being projected by moments, never to decide a change of this aggregate."""
        found = await self.versions.peek(aggregate_id)
        return self._from(aggregate_id, *found) if found else None

    async def peek_many(self, aggregate_ids: list[str]) -> dict[str, A]:
        """Projections as they stand, by id: for a batch then saved with `save_many`."""
        found = await self.versions.peek_many(aggregate_ids)
        return {i: self._from(i, *found[i]) for i in aggregate_ids if i in found}

    async def exists(self, aggregate_id: str) -> bool:
        """One look-up of its first change (the truth, not the projection)."""
        return await self.versions.exists(aggregate_id)

    async def save(self, aggregate, actor: str | None = None) -> None:
        """Write the aggregate and its events, unless someone changed it since it was loaded
        (ConcurrentChange); a new aggregate has version 0 (AlreadyExists if it was there)."""
        await self._save(aggregate, actor)

    async def _save(self, aggregate, actor: str | None) -> None:
        state = self._state(aggregate)
        events = [e.to_cloud_event(self.source) for e in aggregate.events]
        aggregate.version = await self.versions.save(self.id_of(aggregate), state,
                                                     aggregate.version, events, actor)
        aggregate.events.clear()

    async def save_or_conflict(self, aggregate, actor: str | None = None) -> None:
        """`save`, where two writers may create the aggregate at once (a bucket's, an entry's
        first events): the loser's creation is a ConcurrentChange, decided again on what the
        winner stored (`retry_on_conflict`)."""
        try:
            await self.save(aggregate, actor)
        except AlreadyExists:
            raise ConcurrentChange(self.id_of(aggregate)) from None

    async def add(self, aggregate, actor: str | None = None) -> bool:
        """Store a new aggregate; False if one with its id exists already."""
        try:
            await self._save(aggregate, actor)
        except AlreadyExists:
            return False
        return True

    async def save_many(self, aggregates: list[A], actor: str | None = None) -> list[bool]:
        """Each with its events, in bulk (kit.aggregates `save_many`); False for one someone
        changed meanwhile (decide again on fresh state)."""
        stored = await self.versions.save_many(
            [(self.id_of(a), self._state(a), a.version, self._events(a)) for a in aggregates],
            actor)
        for aggregate, ok in zip(aggregates, stored, strict=True):
            if ok:
                aggregate.version += 1
        return stored

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
