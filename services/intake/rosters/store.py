"""Duty rosters and duty directors: one aggregate per department and day, one per day, each
found by `_id` (the day's roster of a department is `roster_id(department, day)`)."""

import asyncio
import time
from datetime import date, timedelta

from services.kit.aggregates import indexes

from ..directory.domain import StaffMember
from ..storage import AggregateStore
from .domain import DutyDirector, DutyRoster, roster_id

DUTY_ROSTERS, DUTY_DIRECTORS = "duty_rosters", "duty_directors"
INDEXES = {**indexes(DUTY_ROSTERS, []), **indexes(DUTY_DIRECTORS, [])}
RANGE_DAYS_MAX = 62
STAFFING_SECONDS = 5.0
STAFFING_KEPT = 2_000


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


class DayStaffing:
    """A department's roster of a day with its rostered staff (their absences decide the
    capacity), as every booking of that day reads them: kept `STAFFING_SECONDS`, loaded once
    for all the bookings waiting on it (a day's roster has hundreds of duties). A few seconds
    stale at most; the seat claims themselves never overbook."""

    def __init__(self, rosters: AggregateStore[DutyRoster],
                 staff: AggregateStore[StaffMember]) -> None:
        self.rosters, self.staff = rosters, staff
        self._kept: dict[str, tuple[float, asyncio.Future]] = {}

    async def of(self, department: str, on: date) -> tuple[DutyRoster | None,
                                                             dict[str, StaffMember]]:
        key, now = roster_id(department, on), time.monotonic()
        kept = self._kept.get(key)
        if kept is None or now - kept[0] >= STAFFING_SECONDS or (
                kept[1].done() and kept[1].exception() is not None):
            if len(self._kept) >= STAFFING_KEPT:
                self._kept.clear()
            kept = self._kept[key] = (now, asyncio.ensure_future(self._load(key)))
        return await asyncio.shield(kept[1])

    async def _load(self, key: str) -> tuple[DutyRoster | None, dict[str, StaffMember]]:
        roster = await self.rosters.peek(key)
        ids = list(dict.fromkeys(s for d in (roster.duties if roster else ())
                                 for s in d.staff_ids))
        return roster, await self.staff.peek_many(ids)
