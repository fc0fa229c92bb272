"""The case's ratings (好差评): the applicant's own, once, of a completed case; one follow-up
(追评); the centre's default once the policy's days passed unrated. The rules are
ratings/domain.py's."""

from datetime import date, datetime

from ..case_states import CaseStateError, CaseStatus
from ..ratings.domain import Rating, RatingPolicy
from ..ratings.events import FollowUpRated, RatingDefaulted, RatingGiven, RatingPoor
from .record import SYSTEM, CaseRecord


class CaseRating(CaseRecord):
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
        return list(dict.fromkeys(p for p in people if p and p != SYSTEM))

    def rate(self, level: str, comment: str | None, at: datetime, day: date) -> Rating:
        """The applicant's rating: once, of a completed case."""
        if self.status is not CaseStatus.COMPLETED:
            raise CaseStateError("CASE_NOT_COMPLETED", "办件办结后才能评价")
        if self.rating is not None:
            raise CaseStateError("ALREADY_RATED", "该办件已评价，每件只能评价一次")
        rating = self.rating = Rating.given(level, comment, at, day)
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
        rating = self.follow_up_rating = Rating.given(level, comment, at, day)
        self.events.append(FollowUpRated(**self._ids(), level=rating.level.value,
                                         poor=rating.poor, first_level=self.rating.level.value,
                                         rated_on=day))
        return rating

    def give_default_rating(self, policy: RatingPolicy, at: datetime, day: date) -> bool:
        """The centre's default, once the policy's days passed unrated; False if not due."""
        if self.status is not CaseStatus.COMPLETED or self.rating is not None \
                or self.completed_on is None or day < policy.due(self.completed_on):
            return False
        rating = self.rating = Rating(policy.default_level, None, at, day, defaulted=True)
        facts = self._rating_facts(rating, real_name=False)
        self.events.append(RatingDefaulted(**facts, days=policy.default_after_days))
        if rating.poor:  # a centre whose default is a poor level: followed up all the same
            self.events.append(RatingPoor(**facts))
        return True
