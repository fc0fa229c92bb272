"""The dashboard's buckets: versioned counters keyed by `_id` (kit.counters), so concurrent
additions never lose a count and a read is a handful of `_id` look-ups."""

import asyncio

from services.kit.aggregates import indexes
from services.kit.batching import GroupCommit
from services.kit.counters import Counter, CounterStore

from ..storage import SOURCE

BUCKETS = "dashboard_buckets"
INDEXES = indexes(BUCKETS, [])


def _upgrade(state: dict) -> dict:
    """Buckets stored before kit.counters kept their digests as an array."""
    recent = state.get("recent", "")
    return {**state, "recent": "".join(recent) if isinstance(recent, list) else recent}


class DashboardStore:
    def __init__(self, db) -> None:
        self.bucket_store = CounterStore(db, BUCKETS, SOURCE, upgrade=_upgrade)
        # every event of a month touches the centre-wide bucket: its changes are written
        # together (kit.batching), not retried against each other
        self.bucket_writer: GroupCommit[Counter] = GroupCommit(self.bucket_store.get,
                                                               self.bucket_store.save)

    async def buckets_of(self, ids: list[str]) -> list[Counter]:
        """For reads: the projections as they stand, one look-up each."""
        return list(await asyncio.gather(*(self.bucket_store.get(i, False) for i in ids)))
