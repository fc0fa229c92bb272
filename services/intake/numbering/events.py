"""What the case numbering announces."""

from dataclasses import dataclass
from datetime import date, datetime

from services.kit.domain import DomainEvent


@dataclass(frozen=True)
class CaseNumberVoided(DomainEvent):
    """A case number was drawn for a case that was never stored (the service or its database
    went down in between): the number is void (作废) and will never name a case."""
    event_type = "case_number.voided"
    subject_field = "case_id"
    case_id: str
    case_number: str
    day: date
    department: str | None
    reason: str
    voided_at: datetime
