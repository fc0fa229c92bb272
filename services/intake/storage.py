"""How intake stores its aggregates: each a state image written with its events
(kit.aggregates), loaded back through `kit.codec` from the dataclass type hints; and a short
read cache for directory records shown on every step."""

import time
from typing import Generic, TypeVar

from services.kit.aggregates import VersionedStore
from services.kit.codec import dump, load_as

SOURCE = "onewindow/intake"
A = TypeVar("A")


class AggregateStore(Generic[A]):
    """One aggregate kind: state images written with their events (kit.aggregates)."""

    def __init__(self, db, name: str, cls: type[A]) -> None:
        self.versions = VersionedStore(db, name, SOURCE)
        self.cls = cls

    def _from(self, aggregate_id: str, state: dict, version: int) -> A:
        return load_as(self.cls, {**state, "id": aggregate_id}, version=version)

    async def get(self, aggregate_id: str) -> A | None:
        found = await self.versions.load(aggregate_id)
        return self._from(aggregate_id, *found) if found else None

    async def save(self, aggregate, actor: str | None) -> None:
        """Write the aggregate and its events, unless someone changed it since it was loaded
        (ConcurrentChange); a new aggregate has version 0 (AlreadyExists if it was there)."""
        events = [e.to_cloud_event(SOURCE) for e in aggregate.events]
        state = dump(aggregate)
        del state["id"]
        aggregate.version = await self.versions.save(aggregate.id, state, aggregate.version,
                                                     events, actor)
        aggregate.events.clear()

    async def find(self, query: dict, sort: list, limit: int) -> list[A]:
        cursor = self.versions.current.find(query).sort(sort).limit(limit)
        return [self._from(d["_id"], {k: v for k, v in d.items() if k not in ("_id", "version")},
                           d["version"]) async for d in cursor]


class ReadCache(Generic[A]):
    """Directory records for display (names on notices, window lists), kept for a few
    seconds: they change rarely and are read on every step at the window. Authority checks
    (chief approvers, absences) never use it."""

    def __init__(self, store: AggregateStore[A], seconds: float = 10.0) -> None:
        self.store = store
        self.seconds = seconds
        self._kept: dict[str, tuple[float, A | None]] = {}

    async def get(self, aggregate_id: str) -> A | None:
        now = time.monotonic()
        kept = self._kept.get(aggregate_id)
        if kept and now - kept[0] < self.seconds:
            return kept[1]
        found = await self.store.get(aggregate_id)
        if len(self._kept) > 10_000:
            self._kept.clear()
        self._kept[aggregate_id] = (now, found)
        return found
