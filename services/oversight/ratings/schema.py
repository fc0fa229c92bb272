"""GraphQL for the follow-up of poor ratings and the rated staff's appeal (申诉复核)."""

from datetime import date
from enum import Enum
from typing import Annotated

import strawberry
from strawberry.types import Info

from services.kit.auth import CENTRE_WIDE, Role, department_scope
from services.kit.graphql import InvalidInput, NotFound, page_size

from ..results import StateConflict, outcome
from . import domain, handlers


def _enum(name: str, source):
    return strawberry.enum(Enum(name, {m.name: m.value for m in source}))


FollowUpStatus = _enum("RatingFollowUpStatus", domain.FollowUpStatus)
Verification = _enum("RatingVerification", domain.Verification)
RatingLevel = _enum("RatingLevel", domain.Level)
AppealKind = _enum("RatingAppealKind", domain.AppealKind)


@strawberry.type
class RatingAppeal:
    by: str
    kind: AppealKind
    reasons: str
    filed_on: date
    upheld: bool | None = strawberry.field(description="True: the rating stands")
    decided_by: str | None


@strawberry.type(description="差评回访: verification, rectification, the applicant's feedback.")
class RatingFollowUp:
    case_id: str
    case_number: str | None
    department: str
    staff: list[str]
    level: RatingLevel
    real_name: bool
    rated_on: date
    contact_due_on: date
    status: FollowUpStatus
    contacted_on: date | None
    verification: Verification | None
    rectification: str | None
    rectification_rating: RatingLevel | None
    closed_on: date | None
    appeals: list[RatingAppeal]

    @classmethod
    def of(cls, f: domain.FollowUp) -> "RatingFollowUp":
        return cls(
            case_id=f.id, case_number=f.case_number, department=f.department,
            staff=list(f.staff), level=RatingLevel(f.level.value), real_name=f.real_name,
            rated_on=f.rated_on, contact_due_on=f.contact_due_on,
            status=FollowUpStatus(f.status.value), contacted_on=f.contacted_on,
            verification=Verification(f.verification.value) if f.verification else None,
            rectification=f.rectification,
            rectification_rating=RatingLevel(f.rectification_rating.value)
            if f.rectification_rating else None, closed_on=f.closed_on,
            appeals=[RatingAppeal(by=a.by, kind=AppealKind(a.kind.value), reasons=a.reasons,
                                  filed_on=a.filed_on, upheld=a.upheld, decided_by=a.decided_by)
                     for a in f.appeals])


@strawberry.type
class RatingFollowUpSaved:
    follow_up: RatingFollowUp


FollowUpResult = Annotated[RatingFollowUpSaved | InvalidInput | NotFound | StateConflict,
                           strawberry.union("RatingFollowUpResult")]


async def _run(call) -> FollowUpResult:
    return await outcome(call, lambda f: RatingFollowUpSaved(follow_up=RatingFollowUp.of(f)))


@strawberry.type
class RatingQuery:
    @strawberry.field(description="Follow-ups of poor ratings, by contact due date; "
                                  "department heads see their department's.")
    async def rating_follow_ups(self, info: Info, department: str | None = None,
                                status: FollowUpStatus | None = None,
                                first: int = 50) -> list[RatingFollowUp]:
        viewer = info.context.require(*CENTRE_WIDE, Role.DEPARTMENT_HEAD)
        department = department_scope(viewer, department)
        found = await info.context.deps.store.follow_ups_of(
            department, status.value if status else None, page_size(first))
        return [RatingFollowUp.of(f) for f in found]


@strawberry.type
class RatingMutation:
    @strawberry.mutation(description="The applicant was contacted: the rating verified (核实).")
    async def record_rating_contact(self, info: Info, case_id: strawberry.ID,
                                    verification: Verification,
                                    notes: str) -> FollowUpResult:
        return await _run(handlers.work_follow_up(
            str(case_id), "contact", info.context.deps, info.context.viewer(),
            verification=verification.value, notes=notes))

    @strawberry.mutation(description="What was put right (整改).")
    async def record_rating_rectification(self, info: Info, case_id: strawberry.ID,
                                          measures: str) -> FollowUpResult:
        return await _run(handlers.work_follow_up(
            str(case_id), "rectify", info.context.deps, info.context.viewer(),
            measures=measures))

    @strawberry.mutation(description="Closed with the applicant's rating of the "
                                     "rectification (反馈).")
    async def close_rating_follow_up(self, info: Info, case_id: strawberry.ID,
                                     rectification_rating: RatingLevel | None = None
                                     ) -> FollowUpResult:
        return await _run(handlers.work_follow_up(
            str(case_id), "close", info.context.deps, info.context.viewer(),
            rectification_rating=rectification_rating.value if rectification_rating else None))

    @strawberry.mutation(description="An anonymous rater who cannot be reached; never a "
                                     "real-name one.")
    async def close_rating_follow_up_unreachable(self, info: Info, case_id: strawberry.ID,
                                                 reason: str) -> FollowUpResult:
        return await _run(handlers.work_follow_up(
            str(case_id), "unreachable", info.context.deps, info.context.viewer(),
            reason=reason))

    @strawberry.mutation(description="The rated staff member asks for a mistaken or malicious "
                                     "rating to be reviewed (申诉复核).")
    async def appeal_rating(self, info: Info, case_id: strawberry.ID, kind: AppealKind,
                            reasons: str) -> FollowUpResult:
        return await _run(handlers.appeal_rating(str(case_id), kind.value, reasons,
                                                 info.context.deps, info.context.viewer()))

    @strawberry.mutation(description="A supervisor decides the rating appeal.")
    async def decide_rating_appeal(self, info: Info, case_id: strawberry.ID,
                                   rating_stands: bool) -> FollowUpResult:
        return await _run(handlers.decide_rating_appeal(str(case_id), rating_stands,
                                                        info.context.deps,
                                                        info.context.viewer()))
