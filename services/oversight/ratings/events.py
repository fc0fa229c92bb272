"""What the follow-up of poor ratings announces."""

from dataclasses import dataclass
from datetime import date

from services.kit.domain import DomainEvent


@dataclass(frozen=True)
class FollowUpEvent(DomainEvent):
    subject_field = "case_id"
    case_id: str
    case_number: str | None
    department: str
    staff: list


@dataclass(frozen=True)
class RatingFollowUpOpened(FollowUpEvent):
    event_type = "rating_follow_up.opened"
    level: str
    real_name: bool
    rated_on: date
    contact_due_on: date


@dataclass(frozen=True)
class PoorRatingFollowedUp(FollowUpEvent):
    """核实、整改、反馈 done: counts toward 差评整改率."""
    event_type = "poor_rating.followed_up"
    verification: str
    rectified: bool
    rectification_rating: str | None
    contacted_on: date
    closed_on: date
    in_time: bool
    closed_by: str


@dataclass(frozen=True)
class RatingAppealed(FollowUpEvent):
    event_type = "rating.appealed"
    appellant: str
    kind: str
    filed_on: date


@dataclass(frozen=True)
class RatingAppealDecided(FollowUpEvent):
    event_type = "rating.appeal_decided"
    appellant: str
    rating_stands: bool
    decided_on: date
    decided_by: str
