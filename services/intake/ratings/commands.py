"""What an applicant asks of ratings."""

from dataclasses import dataclass


@dataclass(frozen=True)
class RateCase:
    case_id: str
    level: str
    comment: str | None = None


@dataclass(frozen=True)
class RateFollowUp:
    case_id: str
    level: str
    comment: str | None = None
