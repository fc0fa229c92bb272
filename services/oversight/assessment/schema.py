"""GraphQL for assessment: a scorecard of a staff member, a window or a department for a
month, a quarter or a year (the office; a department head for their department)."""

from enum import Enum

import strawberry
from strawberry.types import Info

from services.kit.auth import CENTRE_WIDE, Role, department_scope

from ..dashboard.domain import month_bucket
from . import domain

Grade = strawberry.enum(Enum("AssessmentGrade", {m.name: m.value for m in domain.Grade}),
                        description="合格 / 基本合格 / 不合格")


@strawberry.enum(description="Whose scorecard")
class AssessedKind(Enum):
    STAFF = "staff"
    WINDOW = "window"
    DEPARTMENT = "department"


@strawberry.type(description="考核 scorecard; the score deducts configured points from 100.")
class Scorecard:
    kind: AssessedKind
    key: str
    period: str
    cases_completed: int
    cases_timed: int
    on_time_rate: float | None
    complaints_received: int
    complaints_substantiated: int
    rated: int
    poor_ratings: int
    breaches: int
    sanctions: int
    attendance_half_days: int = strawberry.field(description="Half-days signed in (001 考勤制度)")
    absences_without_leave: int = strawberry.field(description="Half-days absent without "
                                                               "approved leave (擅自离岗)")
    leave_days: int = strawberry.field(description="Days of approved leave begun in the period")
    attendance_months_published: int = strawberry.field(
        description="The period's months whose attendance 综合科 published (每月公布; a "
                    "department's card)")
    inspection_findings: int = strawberry.field(description="Weekly inspections' findings (值周)")
    score: float
    grade: Grade
    award_eligible: bool = strawberry.field(description="No sanction from loss of award "
                                                        "eligibility up in the year")


@strawberry.type
class AssessmentQuery:
    @strawberry.field(description="A scorecard for YYYY-MM, YYYY-Qn or YYYY: one `_id` read "
                                  "per month.")
    async def scorecard(self, info: Info, kind: AssessedKind, key: str, period: str,
                        department: str | None = None) -> Scorecard:
        """`department`: for a staff member or window, scope to that department's work."""
        viewer = info.context.require(*CENTRE_WIDE, Role.DEPARTMENT_HEAD)
        if not viewer.has_any(*CENTRE_WIDE):
            department = department_scope(viewer, department)
            if kind is AssessedKind.DEPARTMENT:
                department_scope(viewer, key)  # another department's card is refused
        months = domain.months_of(period)
        year = domain.months_of(period[:4])

        def bucket(m: str) -> str:
            if kind is AssessedKind.DEPARTMENT:
                return month_bucket(m, "department", key)
            scope = ("department", department) if department else ()
            return month_bucket(m, kind.value, key, *scope)

        store = info.context.deps.store
        period_counts = domain.total(await store.buckets_of([bucket(m) for m in months]))
        year_counts = domain.total(await store.buckets_of([bucket(m) for m in year]))
        card = domain.scorecard(period, period_counts, year_counts,
                                info.context.deps.assessment_weights)
        return Scorecard(kind=kind, key=key, period=card.period,
                         cases_completed=card.cases_completed, cases_timed=card.cases_timed,
                         on_time_rate=card.on_time_rate,
                         complaints_received=card.complaints_received,
                         complaints_substantiated=card.complaints_substantiated,
                         rated=card.rated, poor_ratings=card.poor_ratings,
                         breaches=card.breaches, sanctions=card.sanctions,
                         attendance_half_days=card.attendance_half_days,
                         absences_without_leave=card.absences_without_leave,
                         leave_days=card.leave_days,
                         attendance_months_published=card.attendance_months_published,
                         inspection_findings=card.inspection_findings, score=card.score,
                         grade=Grade(card.grade.value), award_eligible=card.award_eligible)
