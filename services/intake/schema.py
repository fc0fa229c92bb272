"""Intake's GraphQL subgraph, composed of its concepts' parts: cases at the window, the
catalogue, the staff directory and the first-inquiry ledger."""

from strawberry.tools import merge_types

from services.kit.graphql import Schema

from .cases.schema import CaseMutation, CaseQuery
from .catalogue.schema import CatalogueMutation, CatalogueQuery
from .directory.schema import DirectoryMutation, DirectoryQuery
from .inquiries.schema import InquiryMutation, InquiryQuery

Query = merge_types("Query", (CaseQuery, CatalogueQuery, DirectoryQuery, InquiryQuery))
Mutation = merge_types("Mutation", (CaseMutation, CatalogueMutation, DirectoryMutation,
                                    InquiryMutation))
schema = Schema(query=Query, mutation=Mutation)
