"""Handlers of the calendar: a year's official arrangement loaded, a closure day of the centre
changed; every open clock is counted again on the new calendar."""

import logging

from services.kit.aggregates import retry_on_conflict
from services.kit.domain import InputError
from services.kit.logs import log_fields

from ..clocks.domain import RescheduleCause
from ..clocks.handlers import reschedule_open_clocks
from ..deps import Deps
from .domain import ClosureDay, YearArrangement

log = logging.getLogger(__name__)


async def load_calendar_year(arrangement: YearArrangement, deps: Deps, actor: str | None) -> int:
    """Store a year's arrangement, use it, and count every open clock again on it.

    Returns how many clocks got a new due date (each records `clock.rescheduled`).
    """
    arrangement.validate()
    version = await deps.calendar_store.put(arrangement, actor)
    await deps.calendars.use(arrangement)
    reason = f"calendar {arrangement.year} loaded (version {version}): {arrangement.source_title}"
    rescheduled = await reschedule_open_clocks(deps, reason, RescheduleCause.CALENDAR_LOADED)
    log.info("calendar year loaded", extra=log_fields(year=arrangement.year, version=version,
                                                      rescheduled=rescheduled))
    return rescheduled


async def change_closure_day(closure: ClosureDay, closed: bool, deps: Deps,
                             actor: str | None) -> int:
    """Close the centre on a day (`closed`) or open it again; every open clock is counted
    again. Returns how many clocks got a new due date."""
    year = closure.day.year

    async def attempt() -> list[ClosureDay]:
        days, version = await deps.calendar_store.closure_days(year)
        if closed:
            if closure.day in {c.day for c in days}:  # stored by a replica not yet refreshed
                raise InputError("date", "ALREADY_CLOSED", f"{closure.day} is closed already")
            closure.validate(deps.calendar)
            days = [*days, closure]
        else:
            if closure.day not in {c.day for c in days}:
                raise InputError("date", "NOT_CLOSED",
                                 f"{closure.day.isoformat()} is not a closure day")
            days = [c for c in days if c.day != closure.day]
        await deps.calendar_store.put_closure_days(year, days, version, actor)
        return days

    days = await retry_on_conflict(attempt)
    await deps.calendars.use_closures(year, days)
    what = "closed" if closed else "reopened"
    reason = f"centre {what} on {closure.day.isoformat()}"
    rescheduled = await reschedule_open_clocks(
        deps, f"{reason}: {closure.reason}" if closed else reason,
        RescheduleCause.CLOSURE_CHANGED)
    log.info(f"centre {what}", extra=log_fields(day=closure.day.isoformat(),
                                                rescheduled=rescheduled))
    return rescheduled
