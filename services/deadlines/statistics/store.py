"""限时办结 statistics' storage: one versioned bucket per period and department."""

from services.kit.aggregates import VersionedStore, indexes

from .domain import COUNTS, Tally

SOURCE = "onewindow/deadlines"
STATISTICS = "statistics"
INDEXES = indexes(STATISTICS, [])


class StatisticsStore:
    """Statistics buckets as versioned aggregates: concurrent additions never lose a count."""

    def __init__(self, db) -> None:
        self.buckets = VersionedStore(db, STATISTICS, SOURCE)

    async def get(self, bucket: str) -> Tally:
        found = await self.buckets.load(bucket)
        if not found:
            return Tally()
        state, version = found
        return Tally(**{c: state.get(c, 0) for c in COUNTS}, recent=list(state["recent"]),
                     version=version)

    async def save(self, bucket: str, tally: Tally) -> None:
        state = {c: getattr(tally, c) for c in COUNTS} | {"recent": tally.recent}
        tally.version = await self.buckets.save(bucket, state, tally.version, [])
