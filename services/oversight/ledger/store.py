"""Oversight's case ledger: one versioned aggregate per case (services.kit.aggregates)."""

from pymongo import ASCENDING, IndexModel

from services.kit.aggregates import indexes
from services.kit.case_names import CaseNames

from ..storage import AggregateStore
from .domain import LedgerEntry

LEDGER = "case_ledger"
INDEXES = indexes(LEDGER, [
    IndexModel([("department", ASCENDING)], name="department"),
])


CASE_NAMES = "case_names"


class LedgerStore:
    def __init__(self, db) -> None:
        self.entries = AggregateStore(db, LEDGER, LedgerEntry, key="case_id")
        self.names = CaseNames(db[CASE_NAMES])  # a case's number ⇄ id (kit.case_names)

    async def get(self, case_id: str) -> LedgerEntry:
        """A new entry when there is none (its first event creates it; a creation that was
        there already conflicts at save, and the retry loads carefully)."""
        return await self.entries.get(case_id, absent_is_new=True) or LedgerEntry(case_id=case_id)

    async def save(self, entry: LedgerEntry) -> None:
        """Two first events of one case may race to create its entry: the loser decides
        again on what the winner wrote (ConcurrentChange, retried by the handler)."""
        await self.entries.save_or_conflict(entry)
