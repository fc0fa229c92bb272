"""The deadlines subgraph, composed of its concepts' parts: the clocks and work lists, the
calendar and forecasts, 限时办结 statistics, the audit trail."""

import strawberry

from services.kit.graphql import Schema

from .audit.schema import AuditQuery
from .calendar.schema import CalendarMutation, CalendarQuery
from .clocks.schema import Case, ClockQuery, Inquiry
from .statistics.schema import StatisticsQuery


@strawberry.type
class Query(CalendarQuery, StatisticsQuery, AuditQuery, ClockQuery):
    pass


@strawberry.type
class Mutation(CalendarMutation):
    pass


schema = Schema(query=Query, mutation=Mutation, types=[Case, Inquiry])
