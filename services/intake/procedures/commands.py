"""What staff ask about a case's time: special procedures, extensions, the applicant's delay."""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class StartSpecialProcedure:
    case_id: str
    kind: str  # inspection | testing | quarantine | appraisal | expert_review | hearing | ...
    reason: str
    expected_days: int


@dataclass(frozen=True)
class FinishSpecialProcedure:
    case_id: str
    outcome: str


@dataclass(frozen=True)
class RequestExtension:
    case_id: str
    days: int
    reasons: str


@dataclass(frozen=True)
class ApproveExtension:
    case_id: str


@dataclass(frozen=True)
class RecordApplicantDelay:
    case_id: str
    kind: str  # did_not_attend | did_not_collect
    evidence: str
    expected_on: date
