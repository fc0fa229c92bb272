"""Intake's GraphQL subgraph, composed of its concepts' parts: cases at the window, the
catalogue, the staff directory, the first-inquiry ledger, the review chain, special procedures and extensions, delivery, and applicants' accounts."""

from strawberry.tools import merge_types

from services.kit.graphql import Schema

from .accounts.schema import AccountMutation, AccountQuery
from .assistance.schema import AssistanceMutation, AssistanceQuery
from .audit.schema import AuditQuery
from .cases.progress_schema import ProgressQuery
from .cases.schema import CaseMutation, CaseQuery
from .catalogue.schema import CatalogueMutation, CatalogueQuery
from .delivery.schema import DeliveryMutation
from .directory.schema import DirectoryMutation, DirectoryQuery
from .inquiries.schema import InquiryMutation, InquiryQuery
from .procedures.schema import ProceduresMutation
from .joint.schema import JointMutation
from .numbering.schema import NumberingQuery
from .ratings.schema import RatingMutation
from .review.schema import ReviewMutation, ReviewQuery
from .systems.schema import SystemMutation, SystemQuery

Query = merge_types("Query", (AccountQuery, CaseQuery, ProgressQuery, AssistanceQuery, AuditQuery, CatalogueQuery, DirectoryQuery, InquiryQuery,
                              ReviewQuery, NumberingQuery, SystemQuery))
Mutation = merge_types("Mutation", (AccountMutation, CaseMutation, CatalogueMutation, DirectoryMutation,
                                    InquiryMutation, ReviewMutation, DeliveryMutation,
                                    ProceduresMutation, RatingMutation, JointMutation,
                                    AssistanceMutation, SystemMutation))
schema = Schema(query=Query, mutation=Mutation)
