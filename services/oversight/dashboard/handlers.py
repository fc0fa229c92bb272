"""Counting one event into every bucket it concerns, once."""

from services.kit.aggregates import retry_on_conflict

from ..deps import Deps
from .domain import deltas_for


async def count_event(event_id: str, event_type: str, data: dict, deps: Deps) -> int:
    changed = 0
    for bucket_id, deltas in deltas_for(event_type, data).items():
        async def attempt(bucket_id=bucket_id, deltas=deltas) -> bool:
            counters = await deps.store.bucket(bucket_id)
            if not counters.apply(event_id, deltas):
                return False
            await deps.store.save_bucket(bucket_id, counters)
            return True

        changed += await retry_on_conflict(attempt, attempts=20)
    return changed
