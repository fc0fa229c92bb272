"""Oversight's storage: one store per concept, joined here with every index."""

from .accountability.store import INDEXES as FINDING_INDEXES, FindingStore
from .complaints.store import INDEXES as COMPLAINT_INDEXES, ComplaintStore
from .ledger.store import INDEXES as LEDGER_INDEXES, LedgerStore
from .supervision.store import INDEXES as SUPERVISION_INDEXES, SupervisionStore


class OversightStore(ComplaintStore, SupervisionStore, FindingStore):
    def __init__(self, db) -> None:
        ComplaintStore.__init__(self, db)
        FindingStore.__init__(self, db)
        SupervisionStore.__init__(self, db)
        self.ledger = LedgerStore(db)


INDEXES = {**LEDGER_INDEXES, **COMPLAINT_INDEXES, **SUPERVISION_INDEXES, **FINDING_INDEXES}
