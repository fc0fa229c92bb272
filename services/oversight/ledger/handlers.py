"""The case ledger's handlers: load the entry, apply the event once, save; on a concurrent
change (two events of one case at once) decide again on fresh state."""

from services.kit.aggregates import retry_on_conflict

from ..deps import Deps
from . import commands


async def record_case_accepted(cmd: commands.RecordCaseAccepted, deps: Deps) -> None:
    async def attempt() -> None:
        entry = await deps.store.ledger.get(cmd.case_id)
        if entry.record_accepted(cmd.event_id, cmd.case_number, cmd.department,
                                 cmd.service_item_code, cmd.accepted_at):
            await deps.store.ledger.save(entry)

    await retry_on_conflict(attempt)


async def record_clock_started(cmd: commands.RecordClockStarted, deps: Deps) -> None:
    async def attempt() -> None:
        entry = await deps.store.ledger.get(cmd.case_id)
        if entry.record_clock_started(cmd.event_id, cmd.case_number, cmd.department,
                                      cmd.due_date):
            await deps.store.ledger.save(entry)

    await retry_on_conflict(attempt)


async def record_case_closed(cmd: commands.RecordCaseClosed, deps: Deps) -> None:
    async def attempt() -> None:
        entry = await deps.store.ledger.get(cmd.case_id)
        if entry.record_closed(cmd.event_id, cmd.department, cmd.case_number, cmd.closed_on):
            await deps.store.ledger.save(entry)

    await retry_on_conflict(attempt)


async def record_case_decided(cmd: commands.RecordCaseDecided, deps: Deps) -> None:
    async def attempt() -> None:
        entry = await deps.store.ledger.get(cmd.case_id)
        if entry.record_decided(cmd.event_id, cmd.department, cmd.case_number, cmd.opinions):
            await deps.store.ledger.save(entry)

    await retry_on_conflict(attempt)
