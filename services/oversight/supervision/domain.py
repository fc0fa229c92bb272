"""Electronic supervision (电子监察): a supervision case opens by itself, with its evidence,
when an event shows a breach; supervisors verify or dismiss it with reasons. Pure.

Triggers (each opens at most one case, however often its event is delivered: the case's id is
the trigger's key):
- a red card: an overdue case, inquiry reply, joint opinion, hand-over step or complaint, or an
  appointment whose applicant was not contacted in time (003 预约办理制);
- a deemed acceptance: no decision within 5 working days of receipt (行政许可法 §32);
- a repeated correction notice (001 責任追究 §7(五));
- an extension asked for after the due date (001 §11(三));
- a poor rating (好差评);
- a rejection without the chief approver's consent (000 否定报备 §2);
- a repeated complaint, or one referred back from above the centre (越级上访), against whoever
  handled the first complaint (002 三-3);
- a window without anyone on lunch-time duty on a working day (003 延时服务制);
- a member not signed in by the half-day check, without approved leave (擅自离岗, 001 責任追究
  §7);
- a weekly inspection's finding referred to supervision (值周, 001);
- an adverse step against a complainant by the staff they complained about (possible
  retaliation, 000 §15, 001 §8).
Yellow cards are warnings: listed, not cases.
"""

import enum
from dataclasses import dataclass
from datetime import date

from services.kit.codec import transient
from services.kit.domain import DomainEvent, RuleBroken
from services.kit.validation import TEXT_MAX, text

from ..accountability.breaches import Breach
from .events import SupervisionCaseDismissed, SupervisionCaseOpened, SupervisionCaseVerified



class Trigger(enum.StrEnum):
    RED_CARD = "red_card"
    DEEMED_ACCEPTANCE = "deemed_acceptance"
    REPEATED_CORRECTION = "repeated_correction"
    LATE_EXTENSION_REQUEST = "late_extension_request"
    POOR_RATING = "poor_rating"
    REJECTION_WITHOUT_CONSENT = "rejection_without_consent"
    REPEATED_COMPLAINT = "repeated_complaint"
    ESCALATED_COMPLAINT = "escalated_complaint"  # 越级上访
    RETALIATION = "retaliation"
    LUNCH_DUTY_GAP = "lunch_duty_gap"
    ABSENT_WITHOUT_LEAVE = "absent_without_leave"
    INSPECTION_FINDING = "inspection_finding"  # 值周: its breach is the recorder's


# what each trigger (and a red card's clock kind) suggests was breached
RED_CARD_BREACH = {"case_limit": Breach.OVERDUE, "inquiry_reply": Breach.NO_REPLY,
                   "joint_opinion": Breach.PUSHING_OFF, "handover_step": Breach.OVERDUE,
                   "complaint_handling": Breach.NO_REPLY,
                   "petition_handling": Breach.NO_REPLY,
                   "acceptance_decision": Breach.NO_DECISION_WITHIN_LIMIT,
                   "appointment_contact": Breach.APPOINTMENT_NOT_CONTACTED}
TRIGGER_BREACH = {Trigger.DEEMED_ACCEPTANCE: Breach.NO_DECISION_WITHIN_LIMIT,
                  Trigger.REPEATED_CORRECTION: Breach.NOT_ONE_TIME_NOTIFIED,
                  Trigger.LATE_EXTENSION_REQUEST: Breach.LATE_EXTENSION_REQUEST,
                  Trigger.POOR_RATING: Breach.POOR_RATING,
                  Trigger.REJECTION_WITHOUT_CONSENT: Breach.REJECTION_WITHOUT_CONSENT,
                  Trigger.REPEATED_COMPLAINT: Breach.REPEATED_COMPLAINT,
                  Trigger.ESCALATED_COMPLAINT: Breach.REPEATED_COMPLAINT,
                  Trigger.RETALIATION: Breach.RETALIATION,
                  Trigger.LUNCH_DUTY_GAP: Breach.NO_LUNCH_DUTY,
                  Trigger.ABSENT_WITHOUT_LEAVE: Breach.LEFT_POST}


class SupervisionStatus(enum.StrEnum):
    OPEN = "open"
    VERIFIED = "verified"  # a breach: it becomes a finding
    DISMISSED = "dismissed"


class SupervisionError(RuleBroken):
    """A supervision case decided twice, or by someone it names."""


@dataclass(frozen=True)
class Evidence:
    event_id: str
    event_type: str
    on: date
    summary: str


@dataclass(frozen=True)
class Signal:
    """What a consumed event says, as a trigger: the key that makes it one case."""
    key: str
    trigger: Trigger
    breach: Breach
    department: str
    subject_type: str  # case | inquiry | complaint | petition
    subject_id: str
    case_number: str | None
    people: tuple[str, ...]  # staff ids the event names
    on: date
    evidence: Evidence


@dataclass
class SupervisionCase:
    id: str  # the trigger's key
    trigger: Trigger
    breach: Breach
    department: str
    subject_type: str
    subject_id: str
    case_number: str | None
    people: tuple[str, ...]
    opened_on: date
    evidence: tuple[Evidence, ...]
    status: SupervisionStatus = SupervisionStatus.OPEN
    decided_by: str | None = None
    decided_on: date | None = None
    reasons: str | None = None
    version: int = transient(default=0)
    events: list[DomainEvent] = transient(default_factory=list, repr=False)

    def _ids(self) -> dict:
        return {"supervision_case_id": self.id, "trigger": self.trigger.value,
                "breach": self.breach.value, "department": self.department,
                "subject_type": self.subject_type, "subject_id": self.subject_id,
                "case_number": self.case_number}

    @classmethod
    def open(cls, signal: Signal) -> "SupervisionCase":
        case = cls(signal.key, signal.trigger, signal.breach, signal.department,
                   signal.subject_type, signal.subject_id, signal.case_number, signal.people,
                   signal.on, (signal.evidence,))
        case.events.append(SupervisionCaseOpened(**case._ids(), people=list(signal.people),
                                                 opened_on=signal.on))
        return case

    def _decide(self, by: str, day: date, reasons: str) -> str:
        if self.status is not SupervisionStatus.OPEN:
            raise SupervisionError("ALREADY_DECIDED", "该监察案件已处理")
        if by in self.people:
            raise SupervisionError("OWN_CASE", "不能处理涉及本人的监察案件")
        reasons = text("reasons", reasons, TEXT_MAX)
        self.decided_by, self.decided_on, self.reasons = by, day, reasons
        return reasons

    def verify(self, by: str, day: date, reasons: str) -> None:
        reasons = self._decide(by, day, reasons)
        self.status = SupervisionStatus.VERIFIED
        self.events.append(SupervisionCaseVerified(**self._ids(), people=list(self.people),
                                                   verified_on=day, verified_by=by,
                                                   reasons=reasons))

    def dismiss(self, by: str, day: date, reasons: str) -> None:
        reasons = self._decide(by, day, reasons)
        self.status = SupervisionStatus.DISMISSED
        self.events.append(SupervisionCaseDismissed(**self._ids(), dismissed_on=day,
                                                    dismissed_by=by, reasons=reasons))


@dataclass
class Warning:
    """A yellow card: listed for the office, not a case. Keyed by clock and due date."""
    id: str
    kind: str
    department: str
    subject_type: str
    subject_id: str
    case_number: str | None
    due_date: date
    issued_on: date
    working_days_left: int
    version: int = transient(default=0)
    events: list[DomainEvent] = transient(default_factory=list, repr=False)
