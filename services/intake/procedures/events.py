"""What special procedures, extensions and the applicant's delay announce. The deadlines
service consumes `case.suspended`, `case.resumed` and `case.extension_approved` with these
fields (services/deadlines/clocks/consumers.py)."""

from dataclasses import dataclass
from datetime import date

from ..case_states import CaseEvent


@dataclass(frozen=True)
class CaseSuspended(CaseEvent):
    event_type = "case.suspended"
    suspended_on: date
    procedure: str
    expected_days: int
    notice_number: str
    suspended_by: str


@dataclass(frozen=True)
class CaseResumed(CaseEvent):
    event_type = "case.resumed"
    resumed_on: date
    procedure: str
    resumed_by: str


@dataclass(frozen=True)
class ExtensionRequested(CaseEvent):
    event_type = "extension.requested"
    days: int
    reasons: str
    requested_on: date
    requested_by: str
    due_on: date | None


@dataclass(frozen=True)
class ExtensionRefusedLate(CaseEvent):
    """001 §11(三): asked after the due date; refused as such, and counts as overdue."""
    event_type = "extension.refused_late"
    days: int
    requested_on: date
    requested_by: str
    due_on: date | None


@dataclass(frozen=True)
class CaseExtensionApproved(CaseEvent):
    event_type = "case.extension_approved"
    extension_days: int
    requested_on: date
    approved_on: date
    approved_by: str
    notice_number: str


@dataclass(frozen=True)
class ApplicantDelayed(CaseEvent):
    """000 §8, 001 §12: the applicant's own delay; the case counts as on time."""
    event_type = "case.applicant_delayed"
    kind: str
    expected_on: date
    recorded_on: date
    recorded_by: str
