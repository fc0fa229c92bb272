"""The dashboard's buckets as versioned documents keyed by `_id`: concurrent additions never
lose a count (kit.aggregates), and a read is a handful of `_id` look-ups."""

import asyncio

from services.kit.aggregates import AlreadyExists, ConcurrentChange, VersionedStore, indexes
from services.kit.batching import GroupCommit

from ..storage import SOURCE
from .domain import Counters

BUCKETS = "dashboard_buckets"
INDEXES = indexes(BUCKETS, [])


class DashboardStore:
    def __init__(self, db) -> None:
        self.buckets = VersionedStore(db, BUCKETS, SOURCE)
        # every event of a month touches the centre-wide bucket: its changes are written
        # together (kit.batching), not retried against each other
        self.bucket_writer: GroupCommit[Counters] = GroupCommit(self.bucket, self.save_bucket)

    async def bucket(self, bucket_id: str) -> Counters:
        found = await self.buckets.load(bucket_id)
        if not found:
            return Counters()
        state, version = found
        return Counters(dict(state["counts"]), list(state["recent"]), version)

    async def buckets_of(self, ids: list[str]) -> list[Counters]:
        return list(await asyncio.gather(*(self.bucket(i) for i in ids)))

    async def save_bucket(self, bucket_id: str, counters: Counters) -> None:
        """A bucket's first two events racing: the loser counts again on the winner's."""
        try:
            counters.version = await self.buckets.save(
                bucket_id, {"counts": counters.counts, "recent": counters.recent},
                counters.version, [])
        except AlreadyExists:
            raise ConcurrentChange(bucket_id) from None
