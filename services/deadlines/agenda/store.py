"""The agenda's storage: what the scheduler must look at on each day, and the due-date index
of the work lists (slot logs, kit.slotlog)."""

from collections.abc import AsyncIterator
from datetime import date, datetime

from pymongo.errors import DuplicateKeyError

from services.kit.slotlog import SlotLog

from ..clocks.domain import Card

AGENDA, AGENDA_HINTS, SCHEDULER, DUE_INDEX = "agenda", "agenda_hints", "scheduler", "due_index"


class AgendaStore:
    """What the scheduler must look at on each day: a slot log per day (kit.slotlog).

    Entries are hints: the scheduler checks each against the clock itself. The same shape
    indexes due dates (`due`, one log per due day, for work lists) and red cards (`red`, one
    log, for the overdue list).
    """

    def __init__(self, db) -> None:
        self.log = SlotLog(db[AGENDA], db[AGENDA_HINTS])
        self.due = SlotLog(db[DUE_INDEX], db[AGENDA_HINTS])
        self.progress_doc = db[SCHEDULER]

    async def add(self, day: date, clock_id: str, card: Card, due_date: date) -> None:
        await self.log.append(day.isoformat(), clock_id,
                              {"card": card.value, "due_date": due_date.isoformat()})

    async def add_many(self, day: date, entries: list[tuple[str, Card, date]]) -> None:
        """Entries of one day `(clock_id, card, due_date)`, in one bulk insert."""
        await self.log.append_many(day.isoformat(), [
            (clock_id, {"card": card.value, "due_date": due.isoformat()})
            for clock_id, card, due in entries])

    def read(self, day: date, slot: int) -> AsyncIterator[tuple[int, dict]]:
        return self.log.read(day.isoformat(), slot)

    async def add_due(self, due_date: date, clock_id: str, department: str, kind: str) -> None:
        """Index a clock under its due date; callers do it when the due date changes, so a
        clock is indexed once per date it had (a redelivered start or a date that comes back
        indexes it again: readers drop repeats)."""
        await self.due.append(f"due-{due_date.isoformat()}", clock_id,
                              {"department": department, "kind": kind})

    async def oldest_due_day(self) -> date | None:
        doc = await self.progress_doc.find_one({"_id": "oldest-open-due-day"})
        return date.fromisoformat(doc["day"]) if doc else None

    async def save_oldest_due_day(self, day: date) -> None:
        try:
            await self.progress_doc.replace_one({"_id": "oldest-open-due-day"},
                                                {"day": day.isoformat()}, upsert=True)
        except DuplicateKeyError:
            pass

    def read_due(self, due_date: date, slot: int = 0) -> AsyncIterator[tuple[int, dict]]:
        return self.due.read(f"due-{due_date.isoformat()}", slot)

    async def progress(self) -> tuple[date, dict[str, int]] | None:
        """The first day not yet closed, and how far each open day has been read."""
        doc = await self.progress_doc.find_one({"_id": "progress"})
        return (date.fromisoformat(doc["open_from"]), dict(doc["slots"])) if doc else None

    async def save_progress(self, open_from: date, slots: dict[str, int],
                            tick_at: datetime) -> None:
        """`tick_at`: the time the tick that saves it began with (when the scheduler last
        worked, for whoever watches it)."""
        try:  # replicas may race here; the worst case is reading some entries again
            await self.progress_doc.replace_one(
                {"_id": "progress"}, {"open_from": open_from.isoformat(), "slots": slots,
                                      "tick_at": tick_at}, upsert=True)
        except DuplicateKeyError:
            pass
