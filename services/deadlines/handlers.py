"""The deadlines service's command handlers."""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from services.kit.clock import Clock as TimeSource
from services.kit.logs import log_fields

from . import commands
from .calendar import WorkingCalendar
from .domain import Clock
from .store import ClockStore

log = logging.getLogger(__name__)


@dataclass
class Deps:
    store: ClockStore
    calendar: WorkingCalendar
    time: TimeSource
    events_written: Callable[[], None]
    count_start_day: bool = False


async def start_clock(cmd: commands.StartClock, deps: Deps) -> None:
    clock = Clock.start(cmd, deps.calendar, deps.count_start_day)
    if await deps.store.add(clock):
        deps.events_written()
        log.info("clock started", extra=log_fields(case_id=cmd.case_id, due=str(clock.due_date)))
    else:
        log.info("clock already running; duplicate ignored", extra=log_fields(case_id=cmd.case_id))
