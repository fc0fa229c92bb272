"""What assisted and proxy handling announce; nothing personal of the applicant travels."""

from dataclasses import dataclass
from datetime import date, datetime

from services.kit.domain import DomainEvent


@dataclass(frozen=True)
class AssistEvent(DomainEvent):
    subject_field = "assistance_id"
    assistance_id: str
    kind: str
    service_item_code: str
    department: str


@dataclass(frozen=True)
class AssistRequested(AssistEvent):
    event_type = "assist.requested"
    special_group: str | None
    requested_on: date
    requested_at: datetime


@dataclass(frozen=True)
class AssistAccepted(AssistEvent):
    event_type = "assist.accepted"
    helper: str
    accepted_at: datetime


@dataclass(frozen=True)
class AssistCompleted(AssistEvent):
    event_type = "assist.completed"
    helper: str
    case_id: str | None
    completed_on: date
    completed_at: datetime
