"""The audit trail: who changed what and when, from the change documents every versioned
aggregate already writes (kit.aggregates). An entry names the record, its version, the actor,
the time and the events the change announced; never the record's state (no personal data)."""

import asyncio
import heapq
from collections import defaultdict
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from .aggregates import VersionedStore
from .runs import first_free
from .slotlog import SlotLog

CENTRE_TZ = ZoneInfo("Asia/Shanghai")
TRAIL_MAX = 200
AUDIT_LOG, AUDIT_HINTS = "audit_log", "audit_log_hints"
READ_BACK = 16  # log entries looked up at once, newest first
SCANNED_MAX = 20_000  # references read at most for one trail (a person's other services')
RELAY_DISORDER = timedelta(minutes=10)


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    actor: str | None
    kind: str  # the aggregate kind (its collection)
    record_id: str
    version: int
    events: tuple[str, ...]


def _entry(kind: str, change: dict) -> AuditEntry:
    return AuditEntry(change["at"], change.get("actor"), kind, change["aggregate_id"],
                      change["version"], tuple(e["type"] for e in change.get("outbox") or []))


async def trail_of(kind: str, store: VersionedStore, record_id: str) -> list[AuditEntry]:
    """Every change of one record, oldest first (`_id` look-ups only)."""
    return [_entry(kind, c) for c in await store.history(record_id)]


def audit_ref(marker: dict, events: list[dict]) -> dict:
    """What the audit index keeps of one change, from its outbox marker and its events."""
    aggregate_id, _, version = marker["change_id"].rpartition(":")
    at = marker["at"] if marker["at"].tzinfo else marker["at"].replace(tzinfo=UTC)
    return {"kind": marker["collection"].removesuffix("_changes"), "id": aggregate_id,
            "v": int(version), "at": at, "actor": marker.get("actor"),
            "events": [e["type"] for e in events]}


class AuditIndex:
    """Who changed what, by person and by centre day: slot logs "actor|<id>" and "day|<date>"
    (kit.slotlog), each entry a batch of change references appended by the outbox relay, so
    the trail of a person or a day is read by `_id` look-ups, newest first, whatever the
    number of records (the scan over every change document it replaces took 7.8-10 s at
    10,000 cases). Changes that announce no event have no marker and are not indexed: every
    step a person takes announces one."""

    BATCH = 200  # references per log entry

    def __init__(self, db) -> None:
        self.log = SlotLog(db[AUDIT_LOG], db[AUDIT_HINTS])

    async def record(self, refs: list[dict]) -> None:
        groups: dict[str, list[dict]] = defaultdict(list)
        for ref in refs:
            groups[f"day|{ref['at'].astimezone(CENTRE_TZ).date().isoformat()}"].append(ref)
            if ref.get("actor"):
                groups[f"actor|{ref['actor']}"].append(ref)
        await asyncio.gather(*(
            self.log.append(key, "audit", {"refs": batch[i:i + self.BATCH]})
            for key, batch in groups.items() for i in range(0, len(batch), self.BATCH)))

    async def newest(self, key: str, limit: int) -> AsyncIterator[dict]:
        """The references of one log, newest first (from its end, a window at a time)."""
        hint = await self.log.hints.find_one({"_id": key})
        end = await first_free(lambda s: self.log._taken(key, s), hint["next"] if hint else 0)
        slot, seen = end - 1, 0
        while slot >= 0 and seen < limit:
            window = list(range(slot, max(slot - READ_BACK, -1), -1))
            found = await asyncio.gather(*(
                self.log.entries.find_one({"_id": self.log.entry_id(key, s)}) for s in window))
            for entry in found:
                for ref in reversed(entry["refs"] if entry else []):
                    seen += 1
                    yield ref
            slot -= READ_BACK


async def trail_by(index: AuditIndex, kinds: set[str], actor: str | None, day: date | None,
                   limit: int = TRAIL_MAX) -> list[AuditEntry]:
    """Changes by one person or on one centre day, newest first, across the service's record
    kinds (`kinds`), from the audit index: `_id` look-ups only."""
    key = f"actor|{actor}" if actor else f"day|{day.isoformat()}"
    found: dict[tuple, AuditEntry] = {}
    newest: list[datetime] = []  # a heap of the newest `limit` times found so far
    async for ref in index.newest(key, SCANNED_MAX):
        at = ref["at"] if ref["at"].tzinfo else ref["at"].replace(tzinfo=UTC)
        # the relay indexes in publication order, which lags the changes' own order by its
        # batches (a replica's markers: seconds; a dead writer's: minutes): read on past the
        # newest `limit` until the log is older than them by more than that
        if len(newest) >= limit and at < newest[0] - RELAY_DISORDER:
            break
        if ref["kind"] not in kinds or (actor and day and at.astimezone(CENTRE_TZ).date() != day):
            continue
        key_of = (ref["kind"], ref["id"], ref["v"])
        if key_of in found:
            continue  # indexed twice (a relay that died between indexing and unmarking)
        found[key_of] = AuditEntry(at, ref.get("actor"), ref["kind"], ref["id"], ref["v"],
                                   tuple(ref["events"]))
        (heapq.heappush if len(newest) < limit else heapq.heappushpop)(newest, at)
    return sorted(found.values(), key=lambda e: (e.at, e.kind, e.record_id, e.version),
                  reverse=True)[:limit]
