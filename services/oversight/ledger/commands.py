"""What other services' events ask oversight to record."""

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class RecordCaseAccepted:
    event_id: str
    case_id: str
    case_number: str
    department: str
    service_item_code: str
    accepted_at: datetime
    accepted_by: str = ""
    applicant_ref: str = ""  # the applicant's pseudonym (retaliation against complainants)
    due_date: date | None = None  # the committed completion date on the acceptance notice


@dataclass(frozen=True)
class RecordCaseClosed:
    event_id: str
    case_id: str
    case_number: str
    department: str
    closed_on: date


@dataclass(frozen=True)
class RecordCaseDecided:
    event_id: str
    case_id: str
    case_number: str
    department: str
    opinions: list


@dataclass(frozen=True)
class RecordClockStarted:
    event_id: str
    case_id: str
    case_number: str
    department: str
    due_date: date
