"""What the deadlines service announces (past tense, glossary English)."""

from dataclasses import dataclass, field
from datetime import date

from services.kit.domain import DomainEvent


@dataclass(frozen=True)
class ClockEvent(DomainEvent):
    """Every clock event names its subject and the dimensions statistics are kept by."""
    subject_field = "subject_id"
    subject_type: str  # case | inquiry | complaint | petition | sanction_decision | appeal
    subject_id: str
    case_id: str | None  # the subject when it is a case
    part: str | None  # the department asked (joint_opinion), the step (handover_step)
    case_number: str  # "" when the subject is not a case (so are the three below if unknown)
    department: str
    service_item_code: str
    window: str | None
    staff: str | None
    kind: str  # domain.ClockKind
    started_on: date  # acceptance day (case_limit), receipt day (acceptance_decision), ...


@dataclass(frozen=True)
class ClockStarted(ClockEvent):
    event_type = "clock.started"
    limit: int
    unit: str
    due_date: date
    provisional: bool
    # The event whose committed completion date (printed for the applicant) this due date is,
    # when the count here agreed with it: its subject knows the date already. None: counted
    # here only.
    committed_in: str | None = None


@dataclass(frozen=True)
class ClockRescheduled(ClockEvent):
    event_type = "clock.rescheduled"
    old_due_date: date | None
    new_due_date: date | None
    provisional: bool
    reason: str
    cause: str = "calendar_loaded"  # domain.RescheduleCause
    was_overdue: bool = False  # this change ended an overdue (red-carded) state
    # the cards this clock was issued ({colour: due date}): those not yet seen by a reader of
    # cards may still be in flight
    cards_issued: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ClockRestarted(ClockEvent):
    """Counted afresh from `started_on` (the acceptance decision after a resubmission)."""
    event_type = "clock.restarted"
    old_due_date: date | None
    due_date: date
    provisional: bool
    # the cards this clock was issued ({colour: due date}): those not yet seen by a reader of
    # cards may still be in flight
    cards_issued: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ClockSuspended(ClockEvent):
    event_type = "clock.suspended"
    suspended_on: date
    working_days_used: int
    was_overdue: bool = False  # this change ended an overdue (red-carded) state
    # the cards this clock was issued ({colour: due date}): those not yet seen by a reader of
    # cards may still be in flight
    cards_issued: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ClockResumed(ClockEvent):
    event_type = "clock.resumed"
    resumed_on: date
    due_date: date


@dataclass(frozen=True)
class ClockExtended(ClockEvent):
    event_type = "clock.extended"
    extension_days: int
    old_due_date: date
    due_date: date
    was_overdue: bool = False  # this change ended an overdue (red-carded) state
    # the cards this clock was issued ({colour: due date}): those not yet seen by a reader of
    # cards may still be in flight
    cards_issued: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ClockDeemedOverdue(ClockEvent):
    """001 §11: an extension asked for after the due date, no acceptance decision or no reply
    within the limit, a result not delivered by the due date (with the red card)."""
    event_type = "clock.deemed_overdue"
    reason: str
    due_date: date | None
    on: date


@dataclass(frozen=True)
class ClockCompleted(ClockEvent):
    event_type = "clock.completed"
    completed_on: date
    due_date: date | None
    outcome: str  # early | on_time | late | on_time_applicant_delay
    working_days_used: int
    was_overdue: bool = False  # this change ended an overdue (red-carded) state
    # the cards this clock was issued ({colour: due date}): those not yet seen by a reader of
    # cards may still be in flight
    cards_issued: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ClockCancelled(ClockEvent):
    event_type = "clock.cancelled"
    cancelled_on: date
    reason: str
    was_overdue: bool = False  # this change ended an overdue (red-carded) state
    # the cards this clock was issued ({colour: due date}): those not yet seen by a reader of
    # cards may still be in flight
    cards_issued: dict = field(default_factory=dict)


@dataclass(frozen=True)
class YellowCardIssued(ClockEvent):
    event_type = "clock.yellow_card"
    due_date: date
    issued_on: date
    working_days_left: int


@dataclass(frozen=True)
class RedCardIssued(ClockEvent):
    event_type = "clock.red_card"
    due_date: date
    issued_on: date
    working_days_overdue: int
