"""GraphQL types of ratings (好差评); the applicant's rating mutations are
cases/step_schema.py's."""

from datetime import date
from enum import Enum

import strawberry


from . import domain

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
