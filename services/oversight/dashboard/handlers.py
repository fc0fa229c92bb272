"""Counting one event into every bucket it concerns, once."""

import asyncio

from ..deps import Deps
from .domain import deltas_for


async def count_event(event_id: str, event_type: str, data: dict, deps: Deps) -> int:
    """The buckets it changed (none for a redelivery); each bucket's changes from concurrent
    events are written together."""
    changes = deltas_for(event_type, data)
    changed = await asyncio.gather(*(
        deps.store.bucket_writer.apply(bucket_id, lambda c, d=deltas: c.apply(event_id, d))
        for bucket_id, deltas in changes.items()))
    return sum(changed)
