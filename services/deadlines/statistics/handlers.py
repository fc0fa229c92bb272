"""Handlers of 限时办结 statistics: each clock event added to the buckets it concerns."""

from services.kit.aggregates import retry_on_conflict

from ..deps import Deps
from .domain import changes_for


async def record_statistics(event_id: str, event_type: str, data: dict, deps: Deps) -> int:
    """Add one clock event to every statistics bucket it concerns; returns buckets changed."""
    changed = 0
    for bucket, counts in changes_for(event_type, data).items():
        async def attempt(bucket=bucket, counts=counts) -> bool:
            counter = await deps.statistics.get(bucket)
            if not counter.apply(event_id, counts):
                return False
            await deps.statistics.save(bucket, counter)
            return True

        changed += await retry_on_conflict(attempt, attempts=20)
    return changed
