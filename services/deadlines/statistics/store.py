"""限时办结 statistics' storage: one versioned counter per bucket (kit.counters)."""

from services.kit.aggregates import indexes
from services.kit.counters import CounterStore, digest

from .domain import COUNTS

SOURCE = "onewindow/deadlines"
STATISTICS = "statistics"
INDEXES = indexes(STATISTICS, [])


def _upgrade(state: dict) -> dict:
    """Buckets stored before kit.counters: a field per count, the raw event ids."""
    if "counts" in state:
        return state
    return {"counts": {c: state[c] for c in COUNTS if state.get(c)},
            "recent": "".join(digest(e) for e in state.get("recent", []))}


class StatisticsStore(CounterStore):
    def __init__(self, db) -> None:
        super().__init__(db, STATISTICS, SOURCE, upgrade=_upgrade)
