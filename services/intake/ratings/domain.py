"""Service ratings (好差评: 国办发〔2019〕51号; GB/T 39734-2020): the applicant rates a completed
case once, on five levels, with a comment, and may add one rating of the follow-up (追评). The
two lowest levels are a poor rating (差评), announced for the monitoring office to follow up.
A case left unrated for the policy's number of natural days receives the centre's default
level, marked as defaulted (Guangdong: 7 days, 基本满意). Pure.

`CaseRating` holds these steps of `Case`.
"""

import enum
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from services.kit.validation import choice, text

from ..cases.states import CaseStateError, CaseStatus
from .events import FollowUpRated, RatingDefaulted, RatingGiven, RatingPoor


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


class CaseRating:
    """The rating steps of `Case` (see cases/domain.py for the fields they use)."""

    def _rating_facts(self, rating: Rating, real_name: bool) -> dict:
        return {**self._ids(), "level": rating.level.value, "poor": rating.poor,
                "real_name": real_name, "defaulted": rating.defaulted,
                "staff": self.staff_involved(), "rated_on": rating.on}

    def staff_involved(self) -> list[str]:
        """Who handled the case, for the rating's figures: acceptor, review chain, deliverer."""
        people = [self.accepted_by or self.received_by]
        if self.review is not None:
            people += [o.staff_id for o in self.review.opinions]
        if self.delivery is not None:
            people.append(self.delivery.by)
        return list(dict.fromkeys(p for p in people if p and p != "system"))

    def rate(self, level: str, comment: str | None, at: datetime, day: date) -> Rating:
        """The applicant's rating: once, of a completed case."""
        if self.status is not CaseStatus.COMPLETED:
            raise CaseStateError("CASE_NOT_COMPLETED", "办件办结后才能评价")
        if self.rating is not None:
            raise CaseStateError("ALREADY_RATED", "该办件已评价，每件只能评价一次")
        rating = Rating(choice("level", RatingLevel, level),
                        text("comment", comment, COMMENT_MAX, required=False) or None, at, day)
        self.rating = rating
        facts = self._rating_facts(rating, real_name=True)
        self.events.append(RatingGiven(**facts))
        if rating.poor:
            self.events.append(RatingPoor(**facts))
        return rating

    def rate_follow_up(self, level: str, comment: str | None, at: datetime,
                       day: date) -> Rating:
        """One more rating after the first (追评), e.g. of how a poor rating was followed up."""
        if self.rating is None:
            raise CaseStateError("NOT_RATED", "须先评价办件，才能追加评价")
        if self.follow_up_rating is not None:
            raise CaseStateError("ALREADY_RATED", "追加评价只能一次")
        rating = Rating(choice("level", RatingLevel, level),
                        text("comment", comment, COMMENT_MAX, required=False) or None, at, day)
        self.follow_up_rating = rating
        self.events.append(FollowUpRated(**self._ids(), level=rating.level.value,
                                         poor=rating.poor, first_level=self.rating.level.value,
                                         rated_on=day))
        return rating

    def give_default_rating(self, policy: RatingPolicy, at: datetime, day: date) -> bool:
        """The centre's default, once the policy's days passed unrated; False if not due."""
        if self.status is not CaseStatus.COMPLETED or self.rating is not None \
                or self.completed_on is None or day < policy.due(self.completed_on):
            return False
        rating = Rating(policy.default_level, None, at, day, defaulted=True)
        self.rating = rating
        facts = self._rating_facts(rating, real_name=False)
        self.events.append(RatingDefaulted(**facts, days=policy.default_after_days))
        if rating.poor:  # a centre whose default is a poor level: followed up all the same
            self.events.append(RatingPoor(**facts))
        return True
