"""The number sweep, run on every scheduler tick by every replica (voiding is idempotent and
decided by one insert, kit.aggregates `bar`)."""

from datetime import timedelta

from ..deps import Deps
from .handlers import sweep_case_numbers


class NumberSweep:
    def __init__(self, deps: Deps, grace: timedelta) -> None:
        self.deps = deps
        self.grace = grace
        self.task = None  # the periodic task, kept referenced while it runs

    async def tick(self) -> int:
        return await sweep_case_numbers(self.deps, self.grace)
