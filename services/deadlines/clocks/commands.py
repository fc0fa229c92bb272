"""What other services' events ask the deadlines service to do.

`subject_id` names what is timed (a case, an inquiry, a complaint...); `kind` which of its
limits (`domain.ClockKind`); `part` tells apart several clocks of one kind and subject (the
departments asked for a joint opinion, the steps after hand-overs).
"""

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class StartClock:
    subject_id: str
    case_number: str
    department: str
    service_item_code: str
    started_on: date
    limit: int
    unit: str
    cause_event_id: str
    cause_at: datetime
    window: str | None = None
    staff: str | None = None
    kind: str = "case_limit"
    part: str | None = None
    # the date the subject already committed to (a case's acceptance notice), and the event
    # that carried it
    committed_due_date: date | None = None
    committed_in: str | None = None


@dataclass(frozen=True)
class ClockChange:
    """Common to the commands below: which clock, which event caused it, when."""
    subject_id: str
    kind: str
    part: str | None
    cause_event_id: str
    cause_at: datetime


@dataclass(frozen=True)
class CloseAcceptanceDecision:
    """The window decided (accepted, asked for corrections, or rejected) on `decided_on`."""
    case_id: str
    decided_on: date
    decision: str
    cause_event_id: str
    cause_at: datetime


@dataclass(frozen=True)
class SuspendClock(ClockChange):
    suspended_on: date


@dataclass(frozen=True)
class RestartClock(ClockChange):
    restarted_on: date
    limit: int


@dataclass(frozen=True)
class ResumeClock(ClockChange):
    resumed_on: date


@dataclass(frozen=True)
class ExtendDeadline(ClockChange):
    extension_days: int
    requested_on: date


@dataclass(frozen=True)
class CompleteClock(ClockChange):
    completed_on: date
    applicant_delay: bool


@dataclass(frozen=True)
class CancelClock(ClockChange):
    cancelled_on: date
    reason: str
