"""Oversight's case ledger: one versioned aggregate per case (services.kit.aggregates)."""

from datetime import date

from pymongo import ASCENDING, IndexModel

from services.kit.aggregates import AlreadyExists, ConcurrentChange, VersionedStore, indexes
from services.kit.case_names import CaseNames

from ..storage import SOURCE
from .domain import LedgerEntry, LedgerStatus

LEDGER = "case_ledger"
INDEXES = indexes(LEDGER, [
    IndexModel([("department", ASCENDING)], name="department"),
])


def entry_to_state(entry: LedgerEntry) -> dict:
    return {
        "department": entry.department, "case_number": entry.case_number,
        "service_item_code": entry.service_item_code, "accepted_at": entry.accepted_at,
        "due_date": entry.due_date.isoformat() if entry.due_date else None,
        "status": entry.status.value, "seen_events": entry.seen_events,
        "closed_on": entry.closed_on.isoformat() if entry.closed_on else None,
        "chain": entry.chain, "accepted_by": entry.accepted_by,
        "applicant_ref": entry.applicant_ref, "gauge_deltas": entry.gauge_deltas,
    }


def entry_from_state(case_id: str, doc: dict, version: int) -> LedgerEntry:
    return LedgerEntry(
        case_id=case_id, department=doc["department"], case_number=doc["case_number"],
        service_item_code=doc["service_item_code"], accepted_at=doc["accepted_at"],
        due_date=date.fromisoformat(doc["due_date"]) if doc["due_date"] else None,
        status=LedgerStatus(doc["status"]), seen_events=list(doc["seen_events"]),
        closed_on=date.fromisoformat(doc["closed_on"]) if doc.get("closed_on") else None,
        chain=list(doc.get("chain") or []), accepted_by=doc.get("accepted_by"),
        applicant_ref=doc.get("applicant_ref"), gauge_deltas=dict(doc.get("gauge_deltas") or {}),
        version=version,
    )


CASE_NAMES = "case_names"


class LedgerStore:
    def __init__(self, db) -> None:
        self.entries = VersionedStore(db, LEDGER, SOURCE)
        self.names = CaseNames(db[CASE_NAMES])  # a case's number ⇄ id (kit.case_names)

    async def get(self, case_id: str) -> LedgerEntry:
        found = await self.entries.load(case_id)
        return entry_from_state(case_id, *found) if found else LedgerEntry(case_id=case_id)

    async def save(self, entry: LedgerEntry) -> None:
        """Two first events of one case may race to create its entry: the loser decides
        again on what the winner wrote (ConcurrentChange, retried by the handler)."""
        try:
            entry.version = await self.entries.save(
                entry.case_id, entry_to_state(entry), entry.version, []
            )
        except AlreadyExists:
            raise ConcurrentChange(entry.case_id) from None
