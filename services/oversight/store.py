"""Oversight's storage: one store per concept, joined here with every index."""

from .accountability.store import INDEXES as FINDING_INDEXES, FindingStore
from .cards.store import INDEXES as CARD_INDEXES, CardBoardStore
from .complaints.store import INDEXES as COMPLAINT_INDEXES, ComplaintStore
from .dashboard.store import INDEXES as DASHBOARD_INDEXES, DashboardStore
from .inspections.store import INDEXES as INSPECTION_INDEXES, InspectionStore
from .ledger.store import INDEXES as LEDGER_INDEXES, LedgerStore
from .petitions.store import INDEXES as PETITION_INDEXES, PetitionStore
from .ratings.store import INDEXES as RATING_INDEXES, FollowUpStore
from .retaliation.store import INDEXES as COMPLAINANT_INDEXES, ComplainantStore
from .roll.store import INDEXES as ROLL_INDEXES, RollStore
from .supervision.store import INDEXES as SUPERVISION_INDEXES, SupervisionStore
from .webhooks.store import INDEXES as WEBHOOK_INDEXES


class OversightStore(ComplaintStore, SupervisionStore, FindingStore, DashboardStore,
                     FollowUpStore, ComplainantStore, CardBoardStore, PetitionStore,
                     InspectionStore, RollStore):
    def __init__(self, db) -> None:
        PetitionStore.__init__(self, db)
        ComplaintStore.__init__(self, db)
        FollowUpStore.__init__(self, db)
        DashboardStore.__init__(self, db)
        FindingStore.__init__(self, db)
        SupervisionStore.__init__(self, db)
        ComplainantStore.__init__(self, db)
        CardBoardStore.__init__(self, db)
        InspectionStore.__init__(self, db)
        RollStore.__init__(self, db)
        self.ledger = LedgerStore(db)


INDEXES = {**LEDGER_INDEXES, **COMPLAINT_INDEXES, **SUPERVISION_INDEXES, **FINDING_INDEXES,
           **DASHBOARD_INDEXES, **RATING_INDEXES, **COMPLAINANT_INDEXES,
           **CARD_INDEXES, **PETITION_INDEXES, **WEBHOOK_INDEXES, **INSPECTION_INDEXES,
           **ROLL_INDEXES}
