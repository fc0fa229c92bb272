"""Work lists: clocks due soon, and overdue clocks, read from the due-date index.

The due-date index holds one slot log per due day (see `store.AgendaStore`). A list reads the
days it covers in order, checks each entry against the clock (still open, same due date,
the kind and department asked for), and pages by "<day>|<slot>" cursors. Its cost follows the clocks
due in the days it covers, not the number of open clocks.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, timedelta

from ..clocks.domain import Clock, ClockKind
from .store import AgendaStore

# How far back the overdue list looks when it has no record of the oldest open due day.
OVERDUE_LOOKBACK = timedelta(days=3 * 366)


@dataclass(frozen=True)
class Page:
    clocks: list[Clock]
    cursors: list[str]
    has_next: bool


def _cursor(day: date, slot: int) -> str:
    return f"{day.isoformat()}|{slot}"


def parse_cursor(cursor: str | None) -> tuple[date, int] | None:
    if not cursor:
        return None
    day, _, slot = cursor.partition("|")
    return date.fromisoformat(day), int(slot) + 1


async def read_due(
    agenda: AgendaStore, load: Callable[[str], Awaitable[Clock | None]], first_day: date,
    last_day: date, department: str | None, kind: ClockKind, first: int,
    after: tuple[date, int] | None,
) -> Page:
    day, slot = after if after else (first_day, 0)
    day = max(day, first_day)
    found: list[Clock] = []
    cursors: list[str] = []
    while day <= last_day:
        seen: set[str] = set()  # a rare race indexes a clock twice under one day
        async for slot_no, entry in agenda.read_due(day, slot):
            if department and entry["department"] != department or \
                    entry.get("kind", ClockKind.CASE_LIMIT.value) != kind.value:
                continue
            clock_id = entry["owner"]
            if clock_id in seen:
                continue
            seen.add(clock_id)
            clock = await load(clock_id)
            if clock is None or not clock.is_open or clock.due_date != day:
                continue
            if len(found) == first:
                return Page(found, cursors, True)
            found.append(clock)
            cursors.append(_cursor(day, slot_no))
        day, slot = day + timedelta(days=1), 0
    return Page(found, cursors, False)


async def overdue_first_day(agenda: AgendaStore, today: date) -> date:
    return await agenda.oldest_due_day() or today - OVERDUE_LOOKBACK
