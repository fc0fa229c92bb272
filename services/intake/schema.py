"""Intake's GraphQL subgraph, composed of its concepts' parts: cases at the window and their
steps (review chain, special procedures and extensions, delivery, joint opinions, ratings), the
catalogue, the staff directory, duty rosters, appointments, the first-inquiry ledger, assistance, applicants' accounts and
department systems."""

from strawberry.tools import merge_types

from services.kit.graphql import Schema

from .accounts.schema import AccountMutation, AccountQuery
from .appointments.schema import AppointmentMutation, AppointmentQuery
from .assistance.schema import AssistanceMutation, AssistanceQuery
from .attendance.schema import AttendanceMutation, AttendanceQuery
from .audit.schema import AuditQuery
from .cases.progress_schema import ProgressQuery
from .cases.schema import CaseMutation, CaseQuery
from .cases.step_schema import (
    DeliveryMutation, JointMutation, ProceduresMutation, RatingMutation, ReviewMutation,
    ReviewQuery,
)
from .catalogue.schema import CatalogueMutation, CatalogueQuery
from .directory.schema import DirectoryMutation, DirectoryQuery
from .inquiries.schema import InquiryMutation, InquiryQuery
from .numbering.schema import NumberingQuery
from .rosters.schema import RosterMutation, RosterQuery
from .systems.schema import SystemMutation, SystemQuery

Query = merge_types("Query", (AccountQuery, CaseQuery, ProgressQuery, AssistanceQuery,
                              AuditQuery, CatalogueQuery, DirectoryQuery, InquiryQuery,
                              ReviewQuery, NumberingQuery, SystemQuery, RosterQuery,
                              AppointmentQuery, AttendanceQuery))
Mutation = merge_types("Mutation", (AccountMutation, CaseMutation, CatalogueMutation,
                                    DirectoryMutation, InquiryMutation, ReviewMutation, DeliveryMutation,
                                    ProceduresMutation, RatingMutation, JointMutation,
                                    AssistanceMutation, SystemMutation, RosterMutation,
                                    AppointmentMutation, AttendanceMutation))
schema = Schema(query=Query, mutation=Mutation)
