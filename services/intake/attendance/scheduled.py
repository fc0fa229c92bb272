"""Timed work of attendance: the half-day check (001 考勤制度, 責任追究 §7), once each
working morning and afternoon after the sign-in's grace (every replica; each member's day
changes once, as a versioned change, whoever gets there first)."""

from datetime import date, time

from services.kit.clock import CENTRE_TZ

from ..deps import Deps
from .domain import Half
from .handlers import find_absent_without_leave

CHECKS = ((Half.MORNING, time(9, 30)), (Half.AFTERNOON, time(14, 30)))


class AttendanceWatch:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps
        self.checked: set[tuple[date, Half]] = set()

    async def tick(self) -> int:
        local = self.deps.clock.now().astimezone(CENTRE_TZ)
        found = 0
        for half, at in CHECKS:
            key = (local.date(), half)
            if key in self.checked or local.time() < at:
                continue
            result = await find_absent_without_leave(self.deps, local.date(), half)
            if result is None:
                return found
            if len(self.checked) > 64:
                self.checked.clear()
            self.checked.add(key)
            found += result
        return found
