"""Intake's daily watch: supplement cases (补办件) whose promised date passed with materials
still owed are announced (`case.materials_promise_lapsed`). Run once per centre day, by every
replica: a case is flagged once (a versioned change), whoever gets there first."""

from datetime import date

from services.kit.clock import centre_date

from ..deps import Deps
from .handlers import flag_lapsed_promises


class PromiseWatch:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps
        self.checked: date | None = None
        self.task = None  # the periodic task, kept referenced while it runs

    async def tick(self) -> int:
        today = centre_date(self.deps.clock.now())
        if today == self.checked:
            return 0
        flagged = await flag_lapsed_promises(self.deps)
        self.checked = today
        return flagged
