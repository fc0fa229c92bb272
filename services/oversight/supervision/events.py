"""What electronic supervision announces."""

from dataclasses import dataclass
from datetime import date

from services.kit.domain import DomainEvent


@dataclass(frozen=True)
class SupervisionEvent(DomainEvent):
    subject_field = "supervision_case_id"
    supervision_case_id: str
    trigger: str
    breach: str
    department: str
    subject_type: str
    subject_id: str
    case_number: str | None


@dataclass(frozen=True)
class SupervisionCaseOpened(SupervisionEvent):
    event_type = "supervision_case.opened"
    people: list
    opened_on: date


@dataclass(frozen=True)
class SupervisionCaseVerified(SupervisionEvent):
    """A breach: the finding (责任追究) starts from here."""
    event_type = "supervision_case.verified"
    people: list
    verified_on: date
    verified_by: str
    reasons: str


@dataclass(frozen=True)
class SupervisionCaseDismissed(SupervisionEvent):
    event_type = "supervision_case.dismissed"
    dismissed_on: date
    dismissed_by: str
    reasons: str
