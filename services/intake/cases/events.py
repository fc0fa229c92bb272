"""What a case announces (past tense, glossary English). Each event carries what a
consumer needs without calling back: dates are ISO, Asia/Shanghai; staff are directory ids."""

from dataclasses import dataclass
from datetime import date, datetime

from services.kit.domain import DomainEvent

from ..case_states import CaseEvent


@dataclass(frozen=True)
class ApplicationReceived(CaseEvent):
    event_type = "application.received"
    item_version: int
    received_at: datetime
    received_on: date
    received_by: str
    material_receipt_number: str
    missing_or_defective: list  # names, as checked at the window


@dataclass(frozen=True)
class CorrectionRequested(CaseEvent):
    event_type = "correction.requested"
    notice_number: str
    round: int
    materials: list  # [{name, state, reason, essential}]
    received_on: date
    requested_on: date
    requested_at: datetime
    requested_by: str


@dataclass(frozen=True)
class CorrectionRepeated(CaseEvent):
    """001 責任追究 §7(五): a later notice asked for what was already wrong at the first check."""
    event_type = "correction.repeated"
    notice_number: str
    round: int
    repeated_materials: list  # names
    justification: str
    requested_on: date
    requested_by: str


@dataclass(frozen=True)
class ApplicationResubmitted(CaseEvent):
    event_type = "application.resubmitted"
    round: int
    resubmitted_on: date
    resubmitted_at: datetime
    received_by: str
    missing_or_defective: list


@dataclass(frozen=True)
class CaseAccepted(CaseEvent):
    event_type = "case.accepted"
    item_version: int
    service_item_name: str
    case_kind: str
    committed_limit: int
    limit_unit: str
    accepted_at: datetime
    accepted_on: date
    accepted_by: str
    received_on: date
    notice_number: str
    supplement: bool = False  # 补办件: accepted with non-essential materials owed
    owed_materials: tuple = ()
    materials_promised_on: date | None = None
    # The deadlines service starts the case clock at acceptance unless this is set; then it
    # starts on `case.materials_completed` (000 §6, 001 §8).
    clock_deferred: bool = False
    # The committed completion date printed on the acceptance notice (from the deadlines
    # service's forecast; None when it could not be told): the case clock's due date when its
    # own count agrees, so that nobody counts it again and intake stores it once.
    committed_completion_on: date | None = None
    committed_completion_provisional: bool = False


@dataclass(frozen=True)
class CaseDeemedAccepted(CaseAccepted):
    """行政许可法 §32: no decision nor correction notice within 5 working days of receipt;
    accepted from the day of receipt."""
    event_type = "case.deemed_accepted"


@dataclass(frozen=True)
class CaseMaterialsCompleted(CaseEvent):
    event_type = "case.materials_completed"
    completed_on: date
    completed_at: datetime
    committed_limit: int
    limit_unit: str
    recorded_by: str
    clock_deferred: bool  # the case clock starts now (an item may start it at acceptance)
    notice_number: str  # 补齐材料告知书, with the committed completion date
    committed_completion_on: date | None  # as forecast by the deadlines service
    committed_completion_provisional: bool = False


@dataclass(frozen=True)
class CaseMaterialsPromiseLapsed(CaseEvent):
    """补办件: the owed materials were not handed in by the promised date."""
    event_type = "case.materials_promise_lapsed"
    promised_on: date
    owed_materials: list
    lapsed_on: date
    accepted_by: str


@dataclass(frozen=True)
class RejectionProposed(CaseEvent):
    event_type = "rejection.proposed"
    reasons: list
    legal_basis: str
    referral: dict | None
    proposed_by: str
    proposed_on: date
    addressed_to: list  # the department's chief approvers, or their backups while absent
    on_behalf_of: list


@dataclass(frozen=True)
class RejectionDeclined(CaseEvent):
    event_type = "rejection.declined"
    declined_by: str
    acting_for: str | None
    reason: str
    declined_on: date


@dataclass(frozen=True)
class ApplicationRejected(CaseEvent):
    event_type = "application.rejected"
    reasons: list
    legal_basis: str
    referral: dict | None
    proposed_by: str
    consented_by: str
    acting_for: str | None  # B consenting with absent A's authority
    rejected_on: date
    rejected_at: datetime
    notice_number: str


@dataclass(frozen=True)
class CaseCompleted(CaseEvent):
    """An immediate case decided in the same step as its acceptance."""
    event_type = "case.completed"
    completed_on: date
    completed_by: str
    applicant_delay: bool = False


@dataclass(frozen=True)
class CaseCompletionDateChanged(CaseEvent):
    """The committed completion date moved because the calendar changed (`cause`: a year's
    official arrangement loaded, `calendar_loaded`, or a closure day, `closure_changed`); the
    applicant is told with a written notice carrying both dates."""
    event_type = "case.completion_date_changed"
    old_due_on: date
    new_due_on: date
    provisional: bool  # the new date still reaches into a year not yet published
    cause: str
    notice_number: str


@dataclass(frozen=True)
class CaseHelperAppointed(DomainEvent):
    """A helper acts for the applicant on a case (帮办代办, linked by the request's helper)."""
    event_type = "case.helper_appointed"
    subject_field = "case_id"
    case_id: str
    case_number: str
    department: str
    assistance_id: str
    helper: str
