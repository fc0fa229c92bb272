"""What the monitoring office (and complainants, for registering) ask of complaints."""

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class RegisterComplaint:
    channel: str
    subject_kind: str  # case | staff | window | department
    subject_ref: str
    subject_department: str
    category: str  # accountability.breaches.Breach
    description: str
    anonymous: bool = False
    complainant_name: str | None = None
    complainant_contact: str | None = None
    occurred_at: datetime | None = None
    challenge: str | None = None  # anonymous web complaints: kit.challenges
    solution: str | None = None
    client: str = ""  # the submitter's address (anonymous submissions are counted by it)


@dataclass(frozen=True)
class DecideComplaint:
    complaint_id: str
    accept: bool
    reason: str | None = None
    reply_channel: str = "phone"  # how a declined complainant is told


@dataclass(frozen=True)
class OrderInvestigation:
    complaint_id: str
    mode: str  # direct | unit
    report_due_on: date | None = None


@dataclass(frozen=True)
class RecordReport:
    complaint_id: str
    report: str


@dataclass(frozen=True)
class ReplyToComplainant:
    complaint_id: str
    channel: str
    content: str


@dataclass(frozen=True)
class RecordVerdict:
    complaint_id: str
    satisfied: bool


@dataclass(frozen=True)
class ConcludeComplaint:
    complaint_id: str
    conclusion: str  # substantiated | partly | not_substantiated
    summary: str


@dataclass(frozen=True)
class ExtendComplaint:
    complaint_id: str
    days: int
