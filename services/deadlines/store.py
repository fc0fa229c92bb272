"""Every collection the deadlines service keeps, with its indexes (created at start)."""

from .calendar.store import INDEXES as CALENDAR_INDEXES
from .clocks.store import INDEXES as CLOCK_INDEXES
from .statistics.store import INDEXES as STATISTICS_INDEXES

INDEXES = {**CLOCK_INDEXES, **CALENDAR_INDEXES, **STATISTICS_INDEXES}
