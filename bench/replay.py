"""Many cases' events replayed into oversight's read models in memory, through the same
consumers and handlers the service runs (ledger, cards, dashboard), then written to the
database in bulk (`insert_many`): how `bench.oversight --replay` puts a million cases behind
the dashboard's reads in minutes instead of the hours the per-event path would take.

What is written is what the per-event path leaves in the read models' current documents
(`case_ledger`, `card_boards` with their tombstones and tops, `dashboard_buckets`); not written: the change history each
per-event save also keeps, supervision cases and rating follow-ups (the dashboard's reads
touch none of them).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from services.kit.clock import FixedClock
from services.kit.codec import dump
from services.oversight.cards import consumers as cards
from services.oversight.cards.domain import CardBoard
from services.oversight.cards.store import BOARDS, CENTRE, TOMBSTONES, TOP_MAX, TOPS
from services.oversight.cards.store import pack as pack_top
from services.oversight.dashboard import handlers as dashboard
from services.oversight.dashboard.consumers import EVENT_TYPES as DASHBOARD_TYPES
from services.kit.counters import Counter
from services.oversight.dashboard.store import BUCKETS
from services.oversight.ledger import consumers as ledger
from services.oversight.ledger.domain import LedgerEntry
from services.oversight.ledger.store import LEDGER


class MemoryWriter:
    """GroupCommit's interface over a dict: one change at a time, no database."""

    def __init__(self, new: Callable[[str], object]) -> None:
        self.docs: dict[str, object] = {}
        self.new = new

    async def apply(self, doc_id: str, change) -> bool:
        doc = self.docs.get(doc_id)
        if doc is None:
            doc = self.docs[doc_id] = self.new(doc_id)
        changed = bool(change(doc))
        if changed:  # as a save would: the next version
            doc.version += 1
        return changed


class MemoryLedger:
    def __init__(self) -> None:
        self.entries: dict[str, LedgerEntry] = {}

    async def get(self, case_id: str) -> LedgerEntry:
        return self.entries.get(case_id) or LedgerEntry(case_id=case_id)

    async def save(self, entry: LedgerEntry) -> None:
        entry.version += 1
        self.entries[entry.case_id] = entry


@dataclass
class MemoryStore:
    ledger: MemoryLedger
    bucket_writer: MemoryWriter
    board_writer: MemoryWriter


@dataclass
class MemoryDeps:
    store: MemoryStore
    clock: FixedClock
    events_written: Callable[[], None] = lambda: None


def memory_deps(clock: FixedClock) -> MemoryDeps:
    return MemoryDeps(MemoryStore(MemoryLedger(), MemoryWriter(Counter), MemoryWriter(CardBoard)),
                      clock)


async def replay(events: Iterator, deps: MemoryDeps) -> int:
    applied = 0
    for event in events:
        if event.type in ledger.EVENT_TYPES:
            await ledger.handle(event, deps)
        if event.type in cards.EVENT_TYPES:
            await cards.handle(event, deps)
        if event.type in DASHBOARD_TYPES:
            await dashboard.count_event(event.id, event.type, event.data, deps)
        applied += 1
    return applied


def _documents(deps: MemoryDeps) -> dict[str, Iterator[dict]]:
    def ledger_docs():
        for entry in deps.store.ledger.entries.values():
            state = dump(entry)  # as the ledger's store writes it (kit.records): the id apart
            del state["case_id"]
            yield {"_id": entry.case_id, **state, "version": entry.version}

    def bucket_docs():
        for bucket_id, c in deps.store.bucket_writer.docs.items():
            yield {"_id": bucket_id, "counts": c.counts, "recent": c.recent,
                   "version": 1}

    def board_docs():
        for department, b in deps.store.board_writer.docs.items():
            yield {"_id": department, "cards": {k: vars(c) for k, c in b.cards.items()},
                   "version": 1}

    def tombstone_docs():
        for department, b in deps.store.board_writer.docs.items():
            yield {"_id": department, "ended": b.ended, "version": 1}

    def top_docs():
        centre = []
        for department, b in deps.store.board_writer.docs.items():
            top = [{**vars(c), "seen": list(c.seen)} for c in b.overdue()[:TOP_MAX]]
            centre += [{**e, "department": department} for e in top]
            yield {"_id": department, "board_version": 1, "version": 1, "overdue": pack_top(top)}
        centre.sort(key=lambda e: (e["due_date"], e["subject_id"]))
        yield {"_id": CENTRE, "version": 1, "overdue": pack_top(centre[:TOP_MAX]),
               "versions": {d: 1 for d in deps.store.board_writer.docs}}

    return {LEDGER: ledger_docs(), BUCKETS: bucket_docs(), BOARDS: board_docs(),
            TOMBSTONES: tombstone_docs(), TOPS: top_docs()}


async def write(db, deps: MemoryDeps, chunk: int = 2000) -> dict[str, float]:
    """insert_many in chunks; returns documents per second per collection."""
    rates = {}
    for name, docs in _documents(deps).items():
        t, n, batch = time.perf_counter(), 0, []
        for doc in docs:
            batch.append(doc)
            if len(batch) == chunk:
                await db[name].insert_many(batch, ordered=False)
                n, batch = n + len(batch), []
        if batch:
            await db[name].insert_many(batch, ordered=False)
            n += len(batch)
        rates[name] = {"documents": n, "per_second": round(n / (time.perf_counter() - t), 1)}
    return rates
