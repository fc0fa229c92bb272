"""What a petition announces. The deadlines service's `petition_handling` clock consumes
`petition.received` (petition_id, department, received_on, limit, unit, staff),
`petition.extension_approved` (petition_id, extension_days, requested_on) and
`petition.answered` (petition_id, answered_on): services/deadlines/clocks/limits.py. No personal data
of the petitioner travels in events."""

from dataclasses import dataclass
from datetime import date

from services.kit.domain import DomainEvent


@dataclass(frozen=True)
class PetitionEvent(DomainEvent):
    subject_field = "petition_id"
    petition_id: str
    department: str  # the department that handles it
    kind: str
    source: str


@dataclass(frozen=True)
class PetitionReceived(PetitionEvent):
    event_type = "petition.received"
    received_on: date
    limit: int  # working days: the source's own limit, else 15 (004 §7)
    unit: str
    staff: str | None  # who the department put in charge
    source_ref: str | None  # e.g. the 12345 hotline's ticket number


@dataclass(frozen=True)
class PetitionExtensionApproved(PetitionEvent):
    event_type = "petition.extension_approved"
    extension_days: int
    requested_on: date
    approved_by: str


@dataclass(frozen=True)
class PetitionAnswered(PetitionEvent):
    event_type = "petition.answered"
    answered_on: date
    answered_by: str
