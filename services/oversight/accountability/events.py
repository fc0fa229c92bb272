"""What accountability announces. The deadlines service's `appeal_filing` clock starts from
`sanction.decided` (decision_id, department, staff, notified_on: 15 natural days) and
`appeal.filed` completes it and starts `appeal_answer` (appeal_id, decision_id, department,
staff, filed_on: one month); `appeal.answered` (appeal_id, answered_on) completes that:
services/deadlines/clocks/limits.py."""

from dataclasses import dataclass
from datetime import date

from services.kit.domain import DomainEvent


@dataclass(frozen=True)
class FindingEvent(DomainEvent):
    subject_field = "finding_id"
    finding_id: str
    breach: str
    department: str
    case_id: str | None
    case_number: str | None


@dataclass(frozen=True)
class FindingOpened(FindingEvent):
    event_type = "finding.opened"
    source: str
    people: list
    opened_on: date


@dataclass(frozen=True)
class ResponsibilityAllocated(FindingEvent):
    event_type = "responsibility.allocated"
    rule: str
    shares: list  # [{staff_id, role, responsibility}]
    allocated_on: date


@dataclass(frozen=True)
class HearingRecorded(FindingEvent):
    event_type = "hearing.recorded"
    staff: str
    heard_on: date


@dataclass(frozen=True)
class SanctionDecided(FindingEvent):
    event_type = "sanction.decided"
    decision_id: str
    staff: str
    level: str
    heavier: list
    lighter: list
    notified_on: date
    decided_by: str


@dataclass(frozen=True)
class AppealFiled(FindingEvent):
    event_type = "appeal.filed"
    appeal_id: str
    decision_id: str
    staff: str
    filed_on: date


@dataclass(frozen=True)
class AppealAnswered(FindingEvent):
    event_type = "appeal.answered"
    appeal_id: str
    decision_id: str
    staff: str
    outcome: str
    answered_on: date
