"""Accounting for every case number drawn (domain.py)."""

from datetime import timedelta

from services.kit.numbers import sweep_numbers, number_day

from ..deps import Deps
from .domain import (
    CASE_NUMBER_COUNTER, CASE_NUMBER_PREFIX, NEVER_STORED, SWEEPER, VoidedNumber,
)
from .events import CaseNumberVoided


async def account_case_number(claimed: dict, deps: Deps) -> bool:
    """The case of a claimed number is stored, or it never will be and the number is void
    (True when voided now or before)."""
    number, case_id = claimed["_id"], claimed["owner"]
    now = deps.clock.now()
    void = VoidedNumber(number, case_id, number_day(number, CASE_NUMBER_PREFIX),
                        claimed.get("department"), NEVER_STORED, now)
    event = CaseNumberVoided(case_id, number, void.day, void.department, void.reason, now)
    if not await deps.store.cases.bar(case_id, [event], SWEEPER, NEVER_STORED):
        return False  # the case is stored: the usual answer, one `_id` look-up
    await deps.store.voided_case_numbers.record(void)
    deps.events_written()
    return True


async def sweep_case_numbers(deps: Deps, grace: timedelta) -> int:
    """Void the numbers older than `grace` whose case was never stored; how many."""
    return await sweep_numbers(deps.store.case_numbers, deps.store.counters, CASE_NUMBER_PREFIX,
                               CASE_NUMBER_COUNTER, deps.clock.now(), grace,
                               lambda claimed: account_case_number(claimed, deps))
