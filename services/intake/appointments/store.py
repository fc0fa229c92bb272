"""Appointments and their seats.

A slot's seats are claims: `_id` "<department>:<window>:<day>:<HH:MM>:<n>" for n below the slot's capacity,
won by one insert (atomic on FerretDB v1 and MongoDB alike, so a slot is never overbooked by
two bookings at once); a cancelled or missed appointment's seat is deleted by `_id` and free
again. One applicant holds one open appointment per item and day (a claim too)."""

import time
from datetime import date
from datetime import time as time_of_day

from pymongo import ASCENDING, IndexModel

from services.kit.aggregates import claim, indexes

from ..storage import AggregateStore
from .domain import Appointment

APPOINTMENTS, SEATS = "appointments", "appointment_seats"
SEATS_REMEMBERED = 200_000
SEATS_TRUSTED = 30.0  # seconds a seat seen taken is believed taken
INDEXES = indexes(APPOINTMENTS, [
    IndexModel([("department", ASCENDING), ("on", ASCENDING)], name="department_day"),
    IndexModel([("applicant_id_number", ASCENDING)], name="applicant")])


def seat_id(department: str, window: str, on: date, starts_at: time_of_day, n: int) -> str:
    """Window codes are a department's own ("1", "W-1"): the department is part of the key."""
    return f"{department}:{window}:{on.isoformat()}:{starts_at.strftime('%H:%M')}:{n}"


def holder_id(id_number: str, item_id: str, on: date) -> str:
    return f"holder:{id_number}:{item_id}:{on.isoformat()}"


class AppointmentStore:
    def __init__(self, db) -> None:
        self.appointments = AggregateStore(
            db, APPOINTMENTS, Appointment,
            indexed=lambda a: {"applicant_id_number": a.applicant.id_number})
        self.appointment_seats = db[SEATS]
        self._taken: dict[str, float] = {}  # seats this process saw taken, and when

    async def take_seat(self, department: str, windows: list[tuple[str, int]], on: date,
                        starts_at: time_of_day,
                        owner: str) -> tuple[str, int] | None:
        """The first free seat of the slot at one of `windows` ((window, capacity), in order),
        claimed for `owner`; None when all are taken. Seats this process saw taken in the last
        `SEATS_TRUSTED` seconds are not tried again (this process frees its own at once;
        another replica's freeing is seen after that), so a busy slot costs one insert, not
        one per seat booked before, and a full one none."""
        now = time.monotonic()
        if len(self._taken) > SEATS_REMEMBERED:
            self._taken.clear()
        for w, c in windows:
            for n in range(c):
                key = seat_id(department, w, on, starts_at, n)
                if now - self._taken.get(key, -SEATS_TRUSTED) < SEATS_TRUSTED:
                    continue
                won = await claim(self.appointment_seats, key, owner)
                self._taken[key] = now
                if won:
                    return w, n
        return None

    async def seats_taken(self, department: str, window: str, on: date, starts_at: time_of_day,
                          capacity: int) -> int:
        taken = 0
        for n in range(capacity):
            if await self.appointment_seats.find_one({"_id": seat_id(department, window, on, starts_at, n)},
                                                     {"_id": 1}) is not None:
                taken += 1
        return taken

    async def _release(self, key: str, owner: str) -> None:
        """Delete a claim by `_id` (the only filter FerretDB v1 pushes down), if it is
        `owner`'s."""
        found = await self.appointment_seats.find_one({"_id": key})
        if found is not None and found.get("owner") == owner:
            await self.appointment_seats.delete_one({"_id": key})

    async def free_seat(self, department: str, window: str, on: date, starts_at: time_of_day,
                        n: int,
                        owner: str) -> None:
        key = seat_id(department, window, on, starts_at, n)
        await self._release(key, owner)
        self._taken.pop(key, None)

    async def hold(self, id_number: str, item_id: str, on: date, owner: str) -> bool:
        return await claim(self.appointment_seats, holder_id(id_number, item_id, on), owner)

    async def release_hold(self, id_number: str, item_id: str, on: date, owner: str) -> None:
        await self._release(holder_id(id_number, item_id, on), owner)

    async def appointments_on(self, department: str, on: date, after: str | None,
                              limit: int) -> list[Appointment]:
        """A department's appointments of a day, by time (a scan on FerretDB: the day's list
        at the window, not a hot path)."""
        query: dict = {"department": department, "on": on.isoformat()}
        if after:
            starts, _, key = after.partition("|")
            query["$or"] = [{"starts_at": {"$gt": starts}},
                            {"starts_at": starts, "_id": {"$gt": key}}]
        return await self.appointments.find(query, [("starts_at", ASCENDING),
                                                    ("_id", ASCENDING)], limit)

    async def appointments_of_applicant(self, id_number: str, limit: int) -> list[Appointment]:
        return await self.appointments.find({"applicant_id_number": id_number},
                                            [("on", -1), ("starts_at", -1)], limit)
