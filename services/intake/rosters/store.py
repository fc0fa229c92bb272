"""Duty rosters and duty directors: one aggregate per department and day, one per day, each
found by `_id` (the day's roster of a department is `roster_id(department, day)`)."""

from datetime import date, timedelta

from services.kit.aggregates import indexes

from ..storage import AggregateStore
from .domain import DutyDirector, DutyRoster, roster_id

DUTY_ROSTERS, DUTY_DIRECTORS = "duty_rosters", "duty_directors"
INDEXES = {**indexes(DUTY_ROSTERS, []), **indexes(DUTY_DIRECTORS, [])}
RANGE_DAYS_MAX = 62


class RosterStore:
    def __init__(self, db) -> None:
        self.duty_rosters = AggregateStore(db, DUTY_ROSTERS, DutyRoster)
        self.duty_directors = AggregateStore(db, DUTY_DIRECTORS, DutyDirector)

    async def rosters_between(self, department: str, first: date,
                              last: date) -> list[DutyRoster]:
        """A department's rosters of a period, by `_id` look-ups (one per day)."""
        days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
        found = await self.duty_rosters.peek_many([roster_id(department, d) for d in days])
        return [found[roster_id(department, d)] for d in days
                if roster_id(department, d) in found]

    async def directors_between(self, first: date, last: date) -> list[DutyDirector]:
        days = [(first + timedelta(days=n)).isoformat() for n in range((last - first).days + 1)]
        found = await self.duty_directors.peek_many(days)
        return [found[d] for d in days if d in found]
