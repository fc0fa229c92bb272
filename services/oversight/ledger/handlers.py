"""The case ledger's handlers: load the entry, apply the event once, save; on a concurrent
change (two events of one case at once) decide again on fresh state."""

from collections.abc import Callable

from services.kit.aggregates import retry_on_conflict
from services.kit.case_names import CaseName
from services.kit.domain import InputError

from ..deps import Deps
from . import commands
from .domain import OPEN_CASES, DepartmentOpenCases, LedgerEntry


async def _apply(case_id: str, event_id: str, deps: Deps,
                 change: Callable[[LedgerEntry], bool]) -> None:
    """`change(entry)` is False for an event applied before: nothing to store. Then the
    open-cases gauge gets what this event did to it (again, on a redelivery: the gauge's bucket
    adds each event once)."""
    async def attempt() -> LedgerEntry:
        entry = await deps.store.ledger.get(case_id)
        before = entry.status
        if change(entry):
            entry.note_gauge(event_id, before)
            await deps.store.ledger.save(entry)
        return entry

    entry = await retry_on_conflict(attempt)
    delta = entry.gauge_deltas.get(event_id)
    if delta and entry.department:
        await deps.store.bucket_writer.apply(
            OPEN_CASES, lambda c: c.apply(event_id, {entry.department: delta}))


async def open_cases_by_department(deps: Deps,
                                   department: str | None) -> list[DepartmentOpenCases]:
    """One `_id` read, however many cases."""
    (gauge,) = await deps.store.buckets_of([OPEN_CASES])
    return [DepartmentOpenCases(d, n) for d, n in sorted(gauge.counts.items())
            if n > 0 and department in (None, d)]


async def record_case_accepted(cmd: commands.RecordCaseAccepted, deps: Deps) -> None:
    await _apply(cmd.case_id, cmd.event_id, deps, lambda e: e.record_accepted(
        cmd.event_id, cmd.case_number, cmd.department, cmd.service_item_code, cmd.accepted_at,
        cmd.accepted_by, cmd.applicant_ref, cmd.due_date))


async def record_clock_started(cmd: commands.RecordClockStarted, deps: Deps) -> None:
    await _apply(cmd.case_id, cmd.event_id, deps, lambda e: e.record_clock_started(
        cmd.event_id, cmd.case_number, cmd.department, cmd.due_date))


async def record_case_closed(cmd: commands.RecordCaseClosed, deps: Deps) -> None:
    await _apply(cmd.case_id, cmd.event_id, deps, lambda e: e.record_closed(
        cmd.event_id, cmd.department, cmd.case_number, cmd.closed_on))


async def record_case_decided(cmd: commands.RecordCaseDecided, deps: Deps) -> None:
    await _apply(cmd.case_id, cmd.event_id, deps, lambda e: e.record_decided(
        cmd.event_id, cmd.department, cmd.case_number, cmd.opinions))


async def record_case_name(case_id: str, case_number: str, department: str | None,
                           deps: Deps) -> None:
    """The number printed on a received case's notices, so complaints and the office may name
    the case by it (kit.case_names)."""
    await deps.store.ledger.names.record(case_id, case_number, department)


async def case_named(ref: str, deps: Deps, field: str) -> CaseName:
    """The case a complainant or the office named, by its printed number (OW…) or its id;
    an unknown one is refused with the field (nothing is drawn or stored)."""
    found = await deps.store.ledger.names.resolve(ref)
    if found is None:
        raise InputError(field, "UNKNOWN_CASE",
                         f"未找到办件“{(ref or '').strip()[:64]}”，请核对受理通知书上的办件编号")
    return found
