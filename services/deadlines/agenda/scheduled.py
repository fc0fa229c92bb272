"""The deadlines scheduler: issues yellow and red cards when their day comes.

Driven by the injected clock, never by wall-clock sleeps in domain code. Each tick reads the
agenda from where the last tick stopped (progress is stored), through every day up to today,
so a service that was down catches up on start. Replicas may run it at once: each card is
issued once because issuing it is a versioned change of the clock.
"""

import asyncio
import logging
from datetime import date, datetime, timedelta

from services.kit.clock import CENTRE_TZ, centre_date
from services.kit.tasks import every

from ..clocks import handlers
from ..deps import Deps
from ..clocks.domain import Card
from .store import AgendaStore

log = logging.getLogger(__name__)
CLOSE_AFTER = timedelta(minutes=10)
BATCH = 200  # agenda entries whose cards are decided together and stored in bulk


def start_of(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=CENTRE_TZ)


class Scheduler:
    def __init__(self, deps: Deps, agenda: AgendaStore) -> None:
        self.deps = deps
        self.agenda = agenda
        self._task: asyncio.Task | None = None

    async def tick(self) -> int:
        """Process everything due up to today; returns how many cards this call issued."""
        now = self.deps.time.now()
        today = centre_date(now)
        state = await self.agenda.progress()
        if state is None or state[0] > today:
            # First start, or a clock set back (tests do that; production clocks do not).
            state = (today, {})
        open_from, slots = state
        issued = 0
        day = open_from
        while day <= today:
            key = day.isoformat()
            while True:
                batch: list[dict] = []
                read = 0
                async for slot_no, entry in self.agenda.read(day, slots.get(key, 0)):
                    batch.append(entry)
                    read += 1
                    slots[key] = slot_no + 1
                    if len(batch) == BATCH:
                        issued += await self._issue(batch, today)
                        batch = []
                        await self.agenda.save_progress(open_from, slots, now)
                issued += await self._issue(batch, today)
                # a yellow entry dealt with late puts its red one on today's agenda: read on
                if day != today or not read:
                    break
            day += timedelta(days=1)
        # A day is closed only some minutes after it ends, so that an entry written for it
        # just before midnight is still read.
        while open_from < today and now >= start_of(open_from + timedelta(days=1)) + CLOSE_AFTER:
            slots.pop(open_from.isoformat(), None)
            open_from += timedelta(days=1)
        await self.agenda.save_progress(open_from, slots, now)
        await self._advance_oldest_due_day(today)
        return issued

    async def _issue(self, entries: list[dict], today: date) -> int:
        """Cards of different clocks are independent: issue a batch of them at once. The same
        clock twice in one batch (entries are hints, written on every change) goes alone."""
        first, repeated, seen = [], [], set()
        for e in entries:
            entry = (e["owner"], Card(e["card"]), date.fromisoformat(e["due_date"]))
            (repeated if entry[0] in seen else first).append(entry)
            seen.add(entry[0])
        issued = await handlers.issue_cards(first, today, self.deps) if first else 0
        for clock_id, card, due in repeated:
            issued += await handlers.issue_card(clock_id, card, due, today, self.deps)
        return issued

    async def _advance_oldest_due_day(self, today: date) -> None:
        """Move the overdue list's starting day past days whose clocks are all closed."""
        oldest = await self.agenda.oldest_due_day()
        start = oldest or today
        day = start
        while day < today and not await self._has_open_clock_due(day):
            day += timedelta(days=1)
        if oldest is None or day != oldest:
            await self.agenda.save_oldest_due_day(day)

    async def _has_open_clock_due(self, day: date) -> bool:
        async for _, entry in self.agenda.read_due(day):
            clock = await self.deps.store.get(entry["owner"])
            if clock is not None and clock.is_open and clock.due_date == day:
                return True
        return False

    def start(self, every_seconds: float) -> None:
        self._task = every(every_seconds, self.tick, "deadline scheduler tick")

