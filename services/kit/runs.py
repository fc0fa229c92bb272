"""Runs of claimed keys: case and complaint numbers of a day, the slots of a log (kit.numbers,
kit.slotlog). Each claim takes the first free key after one known taken, so the claimed keys
always form a run from the first, and a reader can walk them by `_id` without a scan.

Two helpers keep claiming cheap:
- `KeyedLocks`: a process claims on one run one request at a time. Without it, concurrent
  requests of one process start from the same remembered key and all but one lose the insert
  (a failed insert costs a round trip and a database transaction): measured under the case
  load as several tries per agenda entry and per case number.
- `first_free`: where a process's memory lags other replicas (it served nothing for a while),
  the run's end is found by look-ups, galloping then halving, never by claiming one key at a
  time past thousands taken.
"""

import asyncio
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager


class KeyedLocks:
    """One asyncio lock per key while anyone holds or awaits it (then forgotten)."""

    def __init__(self) -> None:
        self._locks: dict[str, asyncio.Lock] = {}
        self._users: Counter[str] = Counter()

    @asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._users[key] += 1
        try:
            async with lock:
                yield
        finally:
            self._users[key] -= 1
            if not self._users[key]:
                del self._users[key], self._locks[key]


async def first_free(taken: Callable[[int], Awaitable[bool]], start: int) -> int:
    """The first position at or after `start` that `taken` says is free, in a run that is
    taken up to some position and free after it: about 2·log2(distance) look-ups."""
    if not await taken(start):
        return start
    low, step = start, 1  # low: taken
    while await taken(low + step):
        low, step = low + step, step * 2
    high = low + step  # free
    while high - low > 1:
        middle = (low + high) // 2
        if await taken(middle):
            low = middle
        else:
            high = middle
    return high
