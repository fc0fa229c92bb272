"""GraphQL types of the review chain: opinions (承办/审核/批准) with denial escalation (否定报备),
hand-overs; its mutations and the work queue are cases/step_schema.py's."""

from datetime import date, datetime
from enum import Enum

import strawberry

from services.kit.auth import Role

from ..directory.schema import Position
from . import domain

ReviewRole = strawberry.enum(Enum("ReviewRole", {m.name: m.value for m in domain.ReviewRole}),
                             description="承办人 / 审核人 / 批准人")
Verdict = strawberry.enum(Enum("Verdict", {m.name: m.value for m in domain.Verdict}))
Awaiting = strawberry.enum(Enum("Awaiting", {m.name: m.value for m in domain.Awaiting}),
                           description="The step a case waits for; NONE once decided")
WINDOW_AND_LEADERS = (Role.WINDOW_STAFF, Role.CHIEF_APPROVER, Role.DEPARTMENT_HEAD, Role.ADMIN)


@strawberry.type(description="One opinion in the review chain, overruled ones too.")
class ReviewOpinion:
    role: ReviewRole
    staff_id: str
    staff_name: str
    position: Position
    verdict: Verdict
    reasons: list[str]
    legal_basis: str | None
    at: datetime
    on: date
    acting_for: str | None
    applicant_disagrees: bool
    escalated: bool = strawberry.field(description="Given on the way up (否定报备)")
    decisive: bool

    @classmethod
    def of(cls, o: domain.Opinion) -> "ReviewOpinion":
        return cls(role=ReviewRole(o.role.value), staff_id=o.staff_id, staff_name=o.staff_name,
                   position=Position(o.position.value), verdict=Verdict(o.verdict.value),
                   reasons=list(o.reasons), legal_basis=o.legal_basis, at=o.at, on=o.on,
                   acting_for=o.acting_for, applicant_disagrees=o.applicant_disagrees,
                   escalated=o.escalated, decisive=o.decisive)


@strawberry.type(description="Where the case stands in its review chain.")
class ReviewState:
    awaiting: Awaiting
    escalation_level: Position | None
    handler: str
    addressed_to: list[str] = strawberry.field(description="Whose step it is (A posts)")
    opinions: list[ReviewOpinion]


@strawberry.type(description="A hand-over between windows or departments (001 §8).")
class HandOver:
    step: str
    from_staff: str
    to_staff: str
    to_department: str
    on: date
    limit: int
    note: str | None


@strawberry.input
class RecordOpinionInput:
    case_id: strawberry.ID
    verdict: Verdict
    reasons: list[str] = strawberry.field(default_factory=list)
    legal_basis: str | None = None
    applicant_disagrees: bool = strawberry.field(
        default=False, description="The handler and the applicant disagree (否定报备 §1)")
