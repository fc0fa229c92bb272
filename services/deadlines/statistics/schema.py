"""GraphQL of 限时办结 statistics (part of the deadlines subgraph)."""

import asyncio
from datetime import date
from enum import Enum

import strawberry
from strawberry.types import Info

from services.kit.auth import CENTRE_WIDE, AuthError, Role
from services.kit.counters import Counter
from services.kit.domain import InputError

from . import domain as statistics

MAX_DAYS = 3 * 366


@strawberry.enum
class StatisticsDimension(Enum):
    DEPARTMENT = "department"
    WINDOW = "window"
    STAFF = "staff"
    SERVICE_ITEM = "service_item"


@strawberry.type(description="限时办结 over a period for one department, window, staff member "
                             "or service item.")
class DeadlineStatistics:
    completed: int
    completed_on_time: int = strawberry.field(
        description="Early, on the due date, or late only through the applicant's delay.")
    early: int
    late: int
    on_time_rate: float | None = strawberry.field(
        description="限时办结率 = completed on time / completed; null when nothing completed.")
    average_working_days_used: float | None
    open_overdue: int = strawberry.field(description="Open clocks past due now (red cards).")


@strawberry.type
class StatisticsQuery:
    @strawberry.field
    async def deadline_statistics(
        self, info: Info, dimension: StatisticsDimension, value: str, first_day: date,
        last_day: date,
    ) -> DeadlineStatistics:
        viewer = info.context.require(*CENTRE_WIDE, Role.DEPARTMENT_HEAD)
        if not viewer.has_any(*CENTRE_WIDE) and not (
            dimension is StatisticsDimension.DEPARTMENT and value == viewer.department
        ):
            raise AuthError("FORBIDDEN", "department heads see their own department's figures")
        if last_day < first_day:
            raise InputError("lastDay", "END_BEFORE_START", "the period ends before it starts")
        if (last_day - first_day).days > MAX_DAYS:
            raise InputError("lastDay", "OUT_OF_RANGE", "a period is at most three years")
        store = info.context.deps.statistics
        buckets = statistics.period_buckets(first_day, last_day, dimension.value, value)
        found = await asyncio.gather(*(store.get(b, False) for b in buckets))
        total = sum(found, Counter())
        gauge = await store.get(statistics.gauge_bucket(dimension.value, value), False)
        completed = total.get("completed")
        on_time = total.get("early") + total.get("on_time") + total.get("on_time_applicant_delay")
        return DeadlineStatistics(
            completed=completed, completed_on_time=on_time, early=total.get("early"),
            late=total.get("late"),
            on_time_rate=round(on_time / completed, 4) if completed else None,
            average_working_days_used=(round(total.get("working_days_used") / completed, 2)
                                       if completed else None),
            open_overdue=max(gauge.get("open_overdue"), 0),
        )
