"""Intake's daily watch, run once per centre day by every replica (each case changes once, as
a versioned change, whoever gets there first):
- supplement cases (补办件) whose promised date passed with materials still owed are announced
  (`case.materials_promise_lapsed`);
- completed cases left unrated for the policy's days receive the default rating
  (`rating.defaulted`, ratings/)."""

from datetime import date

from services.kit.clock import centre_date

from ..deps import Deps
from .step_handlers import give_default_ratings
from .handlers import flag_lapsed_promises


class DailyWatch:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps
        self.checked: date | None = None

    async def tick(self) -> int:
        today = centre_date(self.deps.clock.now())
        if today == self.checked:
            return 0
        changed = await flag_lapsed_promises(self.deps)
        changed += await give_default_ratings(self.deps)
        self.checked = today
        return changed
