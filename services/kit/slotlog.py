"""Append-only logs that FerretDB can read without scanning.

A log is a run of documents with `_id`s "<key>:<slot>", slot 0, 1, 2, ... Writers claim the
first free slot from a hint (an insert under a unique `_id` is atomic on FerretDB v1 and
MongoDB alike), so the run has no gaps, and a reader goes from any slot to the first missing
one by `_id` look-ups only: its cost follows the entries it reads, never the collection.
The hint is a best-effort `_id`-keyed document; losing an update of it costs probes, never an
entry. Each process keeps its own hints in memory and writes the document only every
`HINT_EVERY` appends; a process appends to one log one entry at a time, and finds the run's
end by look-ups when its memory lags another replica's appends (kit.runs).
"""

import asyncio
from collections.abc import AsyncIterator

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import BulkWriteError, DuplicateKeyError

from .aggregates import claim
from .runs import KeyedLocks, first_free

MAX_PROBES = 1_000
HINT_EVERY = 8
READ_WINDOW = 256  # slots looked up at once by a reader
HINTS_KEPT = 4096  # logs whose next slot a process remembers


class SlotLog:
    def __init__(self, entries: AsyncCollection, hints: AsyncCollection) -> None:
        self.entries = entries
        self.hints = hints
        self._next: dict[str, int] = {}
        self._appending = KeyedLocks()

    @staticmethod
    def entry_id(key: str, slot: int) -> str:
        return f"{key}:{slot:07d}"

    async def append(self, key: str, owner: str, fields: dict) -> int:
        """Append an entry; returns its slot."""
        async with self._appending.hold(key):
            slot = await self._remembered(key)
            for probe in range(MAX_PROBES):
                if probe % HINT_EVERY == 1:  # taken, and the next one too: find the run's end
                    slot = await first_free(lambda s: self._taken(key, s), slot)
                if await claim(self.entries, self.entry_id(key, slot), owner, fields):
                    if len(self._next) >= HINTS_KEPT:
                        self._next.clear()
                    self._next[key] = slot + 1
                    if slot % HINT_EVERY == 0:
                        try:
                            await self.hints.replace_one({"_id": key}, {"next": slot + 1},
                                                         upsert=True)
                        except DuplicateKeyError:
                            pass
                    return slot
                slot += 1
        raise RuntimeError(f"log {key} is full")

    async def append_many(self, key: str, entries: list[tuple[str, dict]]) -> None:
        """Append `(owner, fields)` entries to one log in one bulk insert of a run of slots
        (a day's red cards follow its yellow ones by the thousand); any slot another replica
        took meanwhile, and what comes after it, is appended one at a time."""
        if not entries:
            return
        async with self._appending.hold(key):
            slot = await first_free(lambda s: self._taken(key, s), await self._remembered(key))
            docs = [{"_id": self.entry_id(key, slot + i), "owner": owner, **fields}
                    for i, (owner, fields) in enumerate(entries)]
            try:
                await self.entries.insert_many(docs, ordered=True)
                stored = len(docs)
            except BulkWriteError as exc:
                if any(e.get("code") != 11000 for e in exc.details.get("writeErrors", [])):
                    raise
                stored = exc.details.get("nInserted", 0)
            self._next[key] = slot + stored
            try:
                await self.hints.replace_one({"_id": key}, {"next": slot + stored}, upsert=True)
            except DuplicateKeyError:
                pass
        for owner, fields in entries[stored:]:
            await self.append(key, owner, fields)

    async def end(self, key: str) -> int:
        """The first free slot of a log (where a reader that wants only what comes next
        starts)."""
        return await first_free(lambda s: self._taken(key, s), await self._remembered(key))

    async def _remembered(self, key: str) -> int:
        """Where this process believes the log ends: its memory, else the stored hint."""
        slot = self._next.get(key)
        if slot is None:
            hint = await self.hints.find_one({"_id": key})
            slot = hint["next"] if hint else 0
        return slot

    async def _taken(self, key: str, slot: int) -> bool:
        return await self.entries.find_one({"_id": self.entry_id(key, slot)}, {"_id": 1}) \
            is not None

    async def read(self, key: str, slot: int = 0) -> AsyncIterator[tuple[int, dict]]:
        """From `slot` to the first missing one. The look-ups go out a window at a time, side
        by side (one after the other, a day's 5,000 entries cost 5,000 round trips in a row:
        most of a day rollover's time); the window grows while the log goes on."""
        window = 8
        while True:
            found = await asyncio.gather(*(
                self.entries.find_one({"_id": self.entry_id(key, s)})
                for s in range(slot, slot + window)))
            for entry in found:
                if entry is None:
                    return
                yield slot, entry
                slot += 1
            window = min(window * 4, READ_WINDOW)
