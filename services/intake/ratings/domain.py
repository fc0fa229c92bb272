"""Service ratings (好差评: 国办发〔2019〕51号; GB/T 39734-2020): the applicant rates a completed
case once, on five levels, with a comment, and may add one rating of the follow-up (追评). The
two lowest levels are a poor rating (差评), announced for the monitoring office to follow up.
A case left unrated for the policy's number of natural days receives the centre's default
level, marked as defaulted (Guangdong: 7 days, 基本满意). Pure.

Here the values and the rules; `CaseRating` (cases/rating_steps.py) applies them to a case and
records the events.
"""

import enum
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from services.kit.validation import choice, text



class RatingLevel(enum.StrEnum):
    VERY_SATISFIED = "very_satisfied"  # 非常满意
    SATISFIED = "satisfied"  # 满意
    BASICALLY_SATISFIED = "basically_satisfied"  # 基本满意
    DISSATISFIED = "dissatisfied"  # 不满意
    VERY_DISSATISFIED = "very_dissatisfied"  # 非常不满意


POOR_LEVELS = (RatingLevel.DISSATISFIED, RatingLevel.VERY_DISSATISFIED)
LEVEL_NAMES = {RatingLevel.VERY_SATISFIED: "非常满意", RatingLevel.SATISFIED: "满意",
               RatingLevel.BASICALLY_SATISFIED: "基本满意", RatingLevel.DISSATISFIED: "不满意",
               RatingLevel.VERY_DISSATISFIED: "非常不满意"}
COMMENT_MAX = 500


@dataclass(frozen=True)
class RatingPolicy:
    """The centre's default rating for a case left unrated (a policy setting)."""
    default_level: RatingLevel = RatingLevel.BASICALLY_SATISFIED
    default_after_days: int = 7  # natural days after completion

    def due(self, completed_on: date) -> date:
        """The day an unrated case receives the default."""
        return completed_on + timedelta(days=self.default_after_days)


@dataclass(frozen=True)
class Rating:
    level: RatingLevel
    comment: str | None
    at: datetime
    on: date
    defaulted: bool = False

    @property
    def poor(self) -> bool:
        return self.level in POOR_LEVELS

    @classmethod
    def given(cls, level: str, comment: str | None, at: datetime, day: date) -> "Rating":
        """The applicant's rating (or follow-up): a level of five, an optional comment."""
        return cls(choice("level", RatingLevel, level),
                   text("comment", comment, COMMENT_MAX, required=False) or None, at, day)
