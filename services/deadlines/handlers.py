"""The deadlines service's command handlers."""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from services.kit.aggregates import retry_on_conflict
from services.kit.clock import Clock as TimeSource
from services.kit.logs import log_fields

from . import commands
from .calendar import YearArrangement
from .calendars import Calendars
from .domain import Clock
from .store import CalendarStore, ClockStore

log = logging.getLogger(__name__)


@dataclass
class Deps:
    store: ClockStore
    calendar_store: CalendarStore
    calendars: Calendars
    time: TimeSource
    events_written: Callable[[], None]
    count_start_day: bool = False

    @property
    def calendar(self):
        return self.calendars.current


async def start_clock(cmd: commands.StartClock, deps: Deps) -> None:
    clock = Clock.start(cmd, deps.calendar, deps.count_start_day)
    if await deps.store.add(clock):
        deps.events_written()
        log.info("clock started", extra=log_fields(case_id=cmd.case_id, due=str(clock.due_date)))
    else:
        log.info("clock already running; duplicate ignored", extra=log_fields(case_id=cmd.case_id))


async def load_calendar_year(arrangement: YearArrangement, deps: Deps, actor: str | None) -> int:
    """Store a year's arrangement, use it, and count every open clock again on it.

    Returns how many clocks got a new due date (each records `clock.rescheduled`).
    """
    arrangement.validate()
    version = await deps.calendar_store.put(arrangement, actor)
    deps.calendars.use(arrangement)
    reason = f"calendar {arrangement.year} loaded (version {version}): {arrangement.source_title}"
    rescheduled = 0
    for case_id in await deps.store.open_case_ids():
        if await _reschedule(case_id, deps, reason):
            rescheduled += 1
    if rescheduled:
        deps.events_written()
    log.info("calendar year loaded", extra=log_fields(year=arrangement.year, version=version,
                                                      rescheduled=rescheduled))
    return rescheduled


async def _reschedule(case_id: str, deps: Deps, reason: str) -> bool:
    async def attempt() -> bool:
        clock = await deps.store.get(case_id)
        if clock is None or not clock.is_open:
            return False
        if not clock.reschedule(deps.calendar, deps.time.now(), reason):
            return False
        await deps.store.save(clock)
        return True

    return await retry_on_conflict(attempt)
