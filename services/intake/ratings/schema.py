"""GraphQL for ratings (好差评): the applicant rates their completed case once, and may add one
rating of the follow-up; staff of the department and the applicant read the rating."""

from datetime import date
from enum import Enum

import strawberry
from strawberry.types import Info

from services.kit.auth import Role

from ..cases.schema import CaseOutcome, run_case_step
from . import commands, domain, handlers

RatingLevel = strawberry.enum(
    Enum("RatingLevel", {m.name: m.value for m in domain.RatingLevel}),
    description="非常满意, 满意, 基本满意, 不满意, 非常不满意 (the last two: 差评)")


@strawberry.type(description="好差评 of a case.")
class Rating:
    level: RatingLevel
    level_name: str
    poor: bool = strawberry.field(description="差评: 不满意 or 非常不满意")
    comment: str | None
    rated_on: date
    defaulted: bool = strawberry.field(
        description="The centre's default for a case left unrated, not the applicant's")

    @classmethod
    def of(cls, r: domain.Rating) -> "Rating":
        return cls(level=RatingLevel(r.level.value), level_name=domain.LEVEL_NAMES[r.level],
                   poor=r.poor, comment=r.comment, rated_on=r.on, defaulted=r.defaulted)


@strawberry.type
class RatingMutation:
    @strawberry.mutation(description="The applicant rates their completed case, once.")
    async def rate_case(self, info: Info, case_id: strawberry.ID, level: RatingLevel,
                        comment: str | None = None) -> CaseOutcome:
        principal = info.context.require(Role.APPLICANT)
        cmd = commands.RateCase(case_id, level.value, comment)
        return await run_case_step(info, handlers.rate_case(cmd, info.context.deps, principal))

    @strawberry.mutation(description="One more rating after the first (追评), e.g. of how a "
                                     "poor rating was followed up.")
    async def rate_follow_up(self, info: Info, case_id: strawberry.ID, level: RatingLevel,
                             comment: str | None = None) -> CaseOutcome:
        principal = info.context.require(Role.APPLICANT)
        cmd = commands.RateFollowUp(case_id, level.value, comment)
        return await run_case_step(info, handlers.rate_follow_up(cmd, info.context.deps,
                                                                 principal))
