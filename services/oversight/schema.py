"""The oversight subgraph, composed of its concepts' parts: what the monitoring office (效能监察)
reads and decides, and what complainants follow."""

from strawberry.tools import merge_types

from services.kit.graphql import Schema

from .accountability.schema import AccountabilityMutation, AccountabilityQuery
from .assessment.schema import AssessmentQuery
from .audit.schema import AuditQuery
from .cards.schema import CardsQuery
from .complaints.schema import ComplaintMutation, ComplaintQuery
from .dashboard.schema import DashboardQuery
from .inspections.schema import InspectionMutation, InspectionQuery
from .ledger.schema import LedgerQuery
from .petitions.schema import PetitionMutation, PetitionQuery
from .ratings.schema import RatingMutation, RatingQuery
from .supervision.schema import SupervisionMutation, SupervisionQuery
from .webhooks.schema import WebhookMutation, WebhookQuery

Query = merge_types("Query", (LedgerQuery, ComplaintQuery, AccountabilityQuery,
                              SupervisionQuery, DashboardQuery, RatingQuery,
                              AssessmentQuery, CardsQuery, AuditQuery, PetitionQuery, WebhookQuery,
                              InspectionQuery))
Mutation = merge_types("Mutation", (ComplaintMutation, SupervisionMutation,
                                    AccountabilityMutation, RatingMutation, PetitionMutation,
                                    WebhookMutation, InspectionMutation))
schema = Schema(query=Query, mutation=Mutation)
