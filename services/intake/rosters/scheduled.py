"""Timed work of the duty rosters: the lunch-time duty check (003 延时服务制), once per centre
working day from the start of the lunch break."""

from datetime import date

from services.kit.clock import CENTRE_TZ

from ..deps import Deps
from .domain import HOURS
from .handlers import report_lunch_duty_gaps


class LunchDutyWatch:
    """Once per centre working day, from the start of the lunch break (every replica; each
    roster changes once, as a versioned change, whoever gets there first)."""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps
        self.checked: date | None = None

    async def tick(self) -> int:
        now = self.deps.clock.now()
        local = now.astimezone(CENTRE_TZ)
        today = local.date()
        if today == self.checked or local.time() < HOURS.lunch_first[0]:
            return 0
        found = await report_lunch_duty_gaps(self.deps, today)
        if found is None:
            return 0
        self.checked = today
        return found
