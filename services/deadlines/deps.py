"""What every deadlines handler is given (`Deps`)."""

from collections.abc import Callable
from dataclasses import dataclass

from services.kit.clock import Clock as TimeSource

from .agenda.store import AgendaStore
from .calendar.store import Calendars, CalendarStore
from .clocks.store import ClockStore
from .statistics.store import StatisticsStore


@dataclass
class Deps:
    store: ClockStore
    calendar_store: CalendarStore
    calendars: Calendars
    time: TimeSource
    events_written: Callable[[], None]
    agenda: AgendaStore
    statistics: StatisticsStore
    count_start_day: bool = False
    yellow_at: int = 1

    @property
    def calendar(self):
        return self.calendars.current
