"""What the review chain announces (past tense, glossary English). Each carries the case's
ids (`CaseEvent`) and what oversight needs to allocate responsibility (000 责任追究 §4-8)
without calling back."""

from dataclasses import dataclass
from datetime import date

from ..case_states import CaseEvent


@dataclass(frozen=True)
class OpinionRecorded(CaseEvent):
    event_type = "opinion.recorded"
    role: str  # handler | reviewer | approver
    verdict: str  # approve | deny
    staff_id: str
    position: str
    acting_for: str | None  # B giving absent A's opinion
    reasons: list
    legal_basis: str | None
    given_on: date
    escalated: bool  # given on the way up (否定报备)
    decisive: bool
    applicant_disagrees: bool


@dataclass(frozen=True)
class DenialEscalated(CaseEvent):
    """否定报备: a negative opinion or a disagreement climbs to the next level."""
    event_type = "denial.escalated"
    from_staff: str
    from_position: str
    to_level: str  # section_head | deputy_leader | main_leader
    addressed_to: list
    because: str  # deny | disagreement | applicant_disagreement | climbing
    escalated_on: date


@dataclass(frozen=True)
class CaseDecided(CaseEvent):
    event_type = "case.decided"
    verdict: str  # approved | denied
    decided_by: str
    acting_for: str | None
    decided_on: date
    document_number: str  # the result, or the 不予许可决定书
    reasons: list
    legal_basis: str | None
    # every opinion, in order, overruled ones too: [{role, staff_id, position, verdict,
    # acting_for, escalated, overruled}] (000 责任追究 §7)
    opinions: list


@dataclass(frozen=True)
class CaseHandedOver(CaseEvent):
    """A hand-over between windows or departments, registered; the step's own clock starts
    the next day (001 §8). The contract of the deadlines service's `handover_step` clock."""
    event_type = "case.handed_over"
    step: str
    from_staff: str
    to_staff: str
    to_department: str
    registered_on: date
    limit: int
    unit: str


@dataclass(frozen=True)
class CaseStepCompleted(CaseEvent):
    event_type = "case.step_completed"
    step: str
    completed_on: date
