"""What the staff directory announces (past tense, glossary English). Each event carries what a
consumer needs without calling back: dates are ISO, Asia/Shanghai; staff are directory ids."""

from dataclasses import dataclass
from datetime import date

from services.kit.domain import DomainEvent


@dataclass(frozen=True)
class DepartmentDefined(DomainEvent):
    event_type = "department.defined"
    subject_field = "department"
    department: str
    name: str
    windows: list


@dataclass(frozen=True)
class ChiefApproverAppointed(DomainEvent):
    event_type = "chief_approver.appointed"
    subject_field = "department"
    department: str
    staff_id: str
    term_start: date
    term_end: date
    authority: str


@dataclass(frozen=True)
class StaffRegistered(DomainEvent):
    event_type = "staff.registered"
    subject_field = "staff_id"
    staff_id: str
    name: str
    department: str
    rank_title: str
    rank_level: int
    backup_id: str | None
    roles: list  # what the member may do (the identity provider's roles follow them)
    # staff, section_head, deputy_leader, main_leader: who may lead a week's inspection
    # (oversight's staff roll); announced since issue 28, older events mean staff
    position: str = "staff"


@dataclass(frozen=True)
class AbsenceRecorded(DomainEvent):
    """A/B post: A is away, B takes over with A's authority; this is the hand-over record."""
    event_type = "staff.absence_recorded"
    subject_field = "staff_id"
    staff_id: str
    department: str
    backup_id: str
    reason: str
    from_on: date
    until_on: date
    recorded_by: str


@dataclass(frozen=True)
class AbsenceEnded(DomainEvent):
    event_type = "staff.absence_ended"
    subject_field = "staff_id"
    staff_id: str
    department: str
    ended_on: date
    recorded_by: str
