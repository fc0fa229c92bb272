"""What ratings announce. `rating.given`, `rating.defaulted` and `rating.poor` carry the
contract the monitoring office reads (case_id, case_number, department, window, staff, level,
poor, real_name, defaulted, rated_on); no comment and nothing personal travels."""

from dataclasses import dataclass
from datetime import date

from ..case_states import CaseEvent


@dataclass(frozen=True)
class RatingFacts(CaseEvent):
    level: str
    poor: bool
    real_name: bool
    defaulted: bool
    staff: list
    rated_on: date


@dataclass(frozen=True)
class RatingGiven(RatingFacts):
    event_type = "rating.given"


@dataclass(frozen=True)
class RatingPoor(RatingFacts):
    """差评: the monitoring office follows it up (核实, 整改, 反馈)."""
    event_type = "rating.poor"


@dataclass(frozen=True)
class RatingDefaulted(RatingFacts):
    event_type = "rating.defaulted"
    days: int


@dataclass(frozen=True)
class FollowUpRated(CaseEvent):
    event_type = "rating.follow_up_given"
    level: str
    poor: bool
    first_level: str
    rated_on: date
