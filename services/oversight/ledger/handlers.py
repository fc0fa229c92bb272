"""The case ledger's handlers: load the entry, apply the event once, save; on a concurrent
change (two events of one case at once) decide again on fresh state."""

from collections.abc import Callable

from services.kit.aggregates import retry_on_conflict

from ..deps import Deps
from . import commands
from .domain import LedgerEntry


async def _apply(case_id: str, deps: Deps, change: Callable[[LedgerEntry], bool]) -> None:
    """`change(entry)` is False for an event applied before: nothing to store."""
    async def attempt() -> None:
        entry = await deps.store.ledger.get(case_id)
        if change(entry):
            await deps.store.ledger.save(entry)

    await retry_on_conflict(attempt)


async def record_case_accepted(cmd: commands.RecordCaseAccepted, deps: Deps) -> None:
    await _apply(cmd.case_id, deps, lambda e: e.record_accepted(
        cmd.event_id, cmd.case_number, cmd.department, cmd.service_item_code, cmd.accepted_at,
        cmd.accepted_by, cmd.applicant_ref))


async def record_clock_started(cmd: commands.RecordClockStarted, deps: Deps) -> None:
    await _apply(cmd.case_id, deps, lambda e: e.record_clock_started(
        cmd.event_id, cmd.case_number, cmd.department, cmd.due_date))


async def record_case_closed(cmd: commands.RecordCaseClosed, deps: Deps) -> None:
    await _apply(cmd.case_id, deps, lambda e: e.record_closed(
        cmd.event_id, cmd.department, cmd.case_number, cmd.closed_on))


async def record_case_decided(cmd: commands.RecordCaseDecided, deps: Deps) -> None:
    await _apply(cmd.case_id, deps, lambda e: e.record_decided(
        cmd.event_id, cmd.department, cmd.case_number, cmd.opinions))
