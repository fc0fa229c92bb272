"""How intake stores its aggregates: each a state image written with its events
(kit.aggregates), loaded back through `kit.codec` from the dataclass type hints; and a short
read cache for directory records shown on every step."""

import time
from typing import Generic, TypeVar

from services.kit import records

SOURCE = "onewindow/intake"
A = TypeVar("A")


class AggregateStore(records.AggregateStore[A]):
    """Intake's aggregates, published as `onewindow/intake`."""

    def __init__(self, db, name: str, cls: type[A], **options) -> None:
        super().__init__(db, name, cls, SOURCE, **options)


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
