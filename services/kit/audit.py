"""The audit trail: who changed what and when, from the change documents every versioned
aggregate already writes (kit.aggregates). An entry names the record, its version, the actor,
the time and the events the change announced; never the record's state (no personal data)."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from pymongo import DESCENDING

from .aggregates import VersionedStore

CENTRE_TZ = ZoneInfo("Asia/Shanghai")
TRAIL_MAX = 200


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


async def trail_by(stores: dict[str, VersionedStore], actor: str | None, day: date | None,
                   limit: int = TRAIL_MAX) -> list[AuditEntry]:
    """Changes by one person and/or on one centre day, newest first, across record kinds (a
    scan of the change documents on FerretDB: a supervisor's look-up, not a hot path)."""
    query: dict = {}
    if actor:
        query["actor"] = actor
    if day:
        start = datetime.combine(day, time(), CENTRE_TZ).astimezone(UTC)
        query["at"] = {"$gte": start, "$lt": start + timedelta(days=1)}
    found: list[AuditEntry] = []
    for kind, store in stores.items():
        cursor = store.changes.find(query, {"state": 0}).sort([("at", DESCENDING)]).limit(limit)
        found += [_entry(kind, c) async for c in cursor]
    return sorted(found, key=lambda e: e.at, reverse=True)[:limit]
