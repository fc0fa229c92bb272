"""What complaints announce. The deadlines service's `complaint_handling` clock consumes
`complaint.received` (complaint_id, department, received_on, limit, unit),
`complaint.extension_approved` (complaint_id, extension_days, requested_on) and
`complaint.answered` (complaint_id, answered_on); a re-investigation's clock (part
`reinvestigation`) `complaint.reinvestigation_opened` (complaint_id, part, opened_on, limit,
unit), `complaint.reinvestigation_extended` and `complaint.reinvestigation_concluded`
(concluded_on): services/deadlines/clocks/limits.py. No personal
data of the complainant travels in events."""

from dataclasses import dataclass
from datetime import date, datetime

from services.kit.domain import DomainEvent


@dataclass(frozen=True)
class ComplaintEvent(DomainEvent):
    subject_field = "complaint_id"
    complaint_id: str
    complaint_number: str
    department: str  # the complained-about unit
    subject_kind: str
    subject_ref: str  # a case: its id
    case_number: str | None  # a case: the number printed on its notices
    category: str


@dataclass(frozen=True)
class ComplaintReceived(ComplaintEvent):
    event_type = "complaint.received"
    channel: str
    received_on: date
    received_at: datetime
    limit: int
    unit: str
    anonymous: bool
    repeat_of: str | None


@dataclass(frozen=True)
class ComplaintRepeated(ComplaintEvent):
    """002 三-3: the same complainant about the same matter again; a breach signal against
    whoever handled the first complaint."""
    event_type = "complaint.repeated"
    first_complaint_id: str
    first_complaint_number: str
    first_handled_by: list
    received_on: date
    channel: str
    escalated: bool  # referred back by a higher authority: 越级上访


@dataclass(frozen=True)
class ComplaintAccepted(ComplaintEvent):
    event_type = "complaint.accepted"
    accepted_on: date
    accepted_by: str


@dataclass(frozen=True)
class ComplaintDeclined(ComplaintEvent):
    event_type = "complaint.declined"
    reason: str
    declined_on: date
    declined_by: str


@dataclass(frozen=True)
class ComplaintInvestigationOrdered(ComplaintEvent):
    event_type = "complaint.investigation_ordered"
    mode: str
    report_due_on: date | None
    ordered_on: date
    ordered_by: str
    round: int


@dataclass(frozen=True)
class ComplaintReported(ComplaintEvent):
    event_type = "complaint.reported"
    reported_on: date
    reported_by: str
    round: int
    late: bool  # after the date the unit was given


@dataclass(frozen=True)
class ComplaintAnswered(ComplaintEvent):
    event_type = "complaint.answered"
    answered_on: date
    answered_by: str


@dataclass(frozen=True)
class ComplaintVerdictRecorded(ComplaintEvent):
    event_type = "complaint.verdict_recorded"
    satisfied: bool
    recorded_on: date
    recorded_by: str
    rounds: int


@dataclass(frozen=True)
class ComplaintConcluded(ComplaintEvent):
    event_type = "complaint.concluded"
    conclusion: str
    concluded_on: date
    concluded_by: str
    satisfied: bool | None
    rounds: int


@dataclass(frozen=True)
class ComplaintExtensionApproved(ComplaintEvent):
    event_type = "complaint.extension_approved"
    extension_days: int
    requested_on: date
    approved_by: str


@dataclass(frozen=True)
class ComplaintReinvestigationOpened(ComplaintEvent):
    """The complainant was not satisfied: the re-investigation's own handling limit starts."""
    event_type = "complaint.reinvestigation_opened"
    part: str
    opened_on: date
    limit: int
    unit: str


@dataclass(frozen=True)
class ComplaintReinvestigationExtended(ComplaintEvent):
    event_type = "complaint.reinvestigation_extended"
    part: str
    extension_days: int
    requested_on: date
    approved_by: str


@dataclass(frozen=True)
class ComplaintReinvestigationConcluded(ComplaintEvent):
    event_type = "complaint.reinvestigation_concluded"
    part: str
    concluded_on: date


@dataclass(frozen=True)
class ComplaintNumberVoided(DomainEvent):
    """A complaint number was drawn for a complaint that was never stored (the service or its
    database went down in between): the number is void (作废) and names no complaint."""
    event_type = "complaint_number.voided"
    subject_field = "complaint_id"
    complaint_id: str
    complaint_number: str
    day: date
    department: str | None
    reason: str
    voided_at: datetime
