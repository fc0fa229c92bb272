"""What joint cases announce. `joint.opinion_requested` and `joint.opinion_given` carry the
contract of the deadlines service's `joint_opinion` clock (services/deadlines/clocks/limits.py):
`department` is the department asked, the clock's part; the case's own department is
`lead_department`."""

from dataclasses import dataclass
from datetime import date

from services.kit.domain import DomainEvent


@dataclass(frozen=True)
class JointEvent(DomainEvent):
    subject_field = "case_id"
    case_id: str
    case_number: str
    department: str  # the department asked (its opinion clock's part)
    lead_department: str
    service_item_code: str


@dataclass(frozen=True)
class JointOpinionRequested(JointEvent):
    event_type = "joint.opinion_requested"
    notified_on: date
    limit: int
    unit: str


@dataclass(frozen=True)
class JointOpinionGiven(JointEvent):
    event_type = "joint.opinion_given"
    given_on: date
    agrees: bool
    deemed: bool  # silent at the meeting: recorded as agreeing


@dataclass(frozen=True)
class JointMeetingRecorded(JointEvent):
    event_type = "joint.meeting_recorded"
    held_on: date
    attendees: list
    deemed_agreeing: list
    recorded_on: date
