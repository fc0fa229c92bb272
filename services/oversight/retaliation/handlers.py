"""Recording who complained about which case, and recognising a later step against them by the
staff of that case."""

from services.kit.aggregates import AlreadyExists, ConcurrentChange, retry_on_conflict

from ..deps import Deps
from ..supervision.domain import Signal
from ..supervision.handlers import open_supervision_case
from .domain import AdverseStep, Complainant, Shield


async def record_complaint_about_case(complaint_id: str, complaint_number: str, case_id: str,
                                      received_on, deps: Deps) -> bool:
    """The complainant is the case's applicant; False when the case is unknown to the ledger
    or this complaint was recorded before."""
    entry = await deps.store.ledger.get(case_id)
    if not entry.applicant_ref:
        return False
    shield = Shield(complaint_id, complaint_number, case_id, received_on, tuple(entry.staff()))

    async def attempt() -> bool:
        complainant = await deps.store.complainants.get(entry.applicant_ref) or Complainant(
            entry.applicant_ref)
        if not complainant.record(shield):
            return False
        try:
            await deps.store.complainants.save(complainant, "electronic-supervision")
        except AlreadyExists:
            raise ConcurrentChange(entry.applicant_ref) from None
        return True

    return await retry_on_conflict(attempt)


async def check_adverse_step(applicant_ref: str, step: AdverseStep, signal_of,
                             deps: Deps) -> int:
    """Open a supervision case for each complaint the step may retaliate for;
    `signal_of(step, shield, staff)` makes its signal. Returns the cases opened."""
    complainant = await deps.store.complainants.get(applicant_ref) if applicant_ref else None
    if complainant is None:
        return 0
    opened = 0
    for shield, staff in complainant.retaliation(step):
        signal: Signal = signal_of(step, shield, staff)
        opened += await open_supervision_case(signal, deps)
    return opened
