"""What staff ask of a case's review chain (imperative names), as raw input."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RecordOpinion:
    case_id: str
    verdict: str  # approve | deny
    reasons: list[str] = field(default_factory=list)
    legal_basis: str | None = None
    applicant_disagrees: bool = False


@dataclass(frozen=True)
class HandOverCase:
    case_id: str
    to_staff: str
    limit: int  # working days for the handler's step after the hand-over
    note: str | None = None
