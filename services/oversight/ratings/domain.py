"""Follow-up of poor ratings (好差评: 国办发〔2019〕51号; GB/T 39734/39735). Pure.

Every poor rating (不满意, 非常不满意) opens a follow-up: the applicant is contacted within the
centre's configured number of days, the rating verified, the fault rectified, and the
applicant rates the rectification (核实, 整改, 反馈). A real-name poor rating is followed up
without exception: it cannot be closed without contacting the applicant. Staff may ask for a
mistaken or malicious rating to be reviewed (申诉复核); a supervisor who is not the appellant
decides.
"""

import enum
from dataclasses import dataclass
from datetime import date, timedelta

from services.kit.codec import transient
from services.kit.domain import DomainEvent, RuleBroken
from services.kit.validation import TEXT_MAX, choice, text

from .events import (
    PoorRatingFollowedUp, RatingAppealDecided, RatingAppealed, RatingFollowUpOpened,
)


class FollowUpStatus(enum.StrEnum):
    OPEN = "open"
    CONTACTED = "contacted"
    RECTIFIED = "rectified"
    CLOSED = "closed"


class Verification(enum.StrEnum):
    TRUE = "true"  # 属实
    PARTLY = "partly"
    UNFOUNDED = "unfounded"  # 不属实


class Level(enum.StrEnum):
    VERY_SATISFIED = "very_satisfied"
    SATISFIED = "satisfied"
    BASICALLY_SATISFIED = "basically_satisfied"
    DISSATISFIED = "dissatisfied"
    VERY_DISSATISFIED = "very_dissatisfied"


class AppealKind(enum.StrEnum):
    MISTAKEN = "mistaken"
    MALICIOUS = "malicious"


class FollowUpError(RuleBroken):
    """A follow-up's step out of order, or by the wrong person."""


@dataclass(frozen=True)
class RatingAppeal:
    by: str
    kind: AppealKind
    reasons: str
    filed_on: date
    upheld: bool | None = None  # True: the rating stands; False: it is set aside
    decided_by: str | None = None
    decided_on: date | None = None


@dataclass
class FollowUp:
    id: str  # the case id: one follow-up per rated case
    case_number: str | None
    department: str
    staff: tuple[str, ...]
    level: Level
    real_name: bool
    rated_on: date
    contact_due_on: date
    status: FollowUpStatus = FollowUpStatus.OPEN
    contacted_on: date | None = None
    verification: Verification | None = None
    verification_notes: str | None = None
    rectification: str | None = None
    rectified_on: date | None = None
    rectification_rating: Level | None = None
    closed_on: date | None = None
    appeals: tuple[RatingAppeal, ...] = ()
    version: int = transient(default=0)
    events: list[DomainEvent] = transient(default_factory=list, repr=False)

    def _ids(self) -> dict:
        return {"case_id": self.id, "case_number": self.case_number,
                "department": self.department, "staff": list(self.staff)}

    @classmethod
    def open(cls, case_id: str, case_number: str | None, department: str, staff: list[str],
             level: str, real_name: bool, rated_on: date, days: int) -> "FollowUp":
        f = cls(case_id, case_number, department, tuple(staff), choice("level", Level, level),
                real_name, rated_on, rated_on + timedelta(days=days))
        f.events.append(RatingFollowUpOpened(**f._ids(), level=f.level.value,
                                             real_name=real_name, rated_on=rated_on,
                                             contact_due_on=f.contact_due_on))
        return f

    def _require(self, *statuses: FollowUpStatus) -> None:
        if self.status not in statuses:
            raise FollowUpError("FOLLOW_UP_WRONG_STATE", "差评回访当前状态不允许此步骤")

    def record_contact(self, verification: str, notes: str, day: date) -> None:
        self._require(FollowUpStatus.OPEN)
        self.verification = choice("verification", Verification, verification)
        self.verification_notes = text("notes", notes, TEXT_MAX)
        self.status, self.contacted_on = FollowUpStatus.CONTACTED, day

    def record_rectification(self, measures: str, day: date) -> None:
        self._require(FollowUpStatus.CONTACTED)
        if self.verification is Verification.UNFOUNDED:
            raise FollowUpError("NOTHING_TO_RECTIFY", "差评经核实不属实，无需整改")
        self.rectification = text("measures", measures, TEXT_MAX)
        self.status, self.rectified_on = FollowUpStatus.RECTIFIED, day

    def close(self, rectification_rating: str | None, day: date, by: str) -> None:
        """With the applicant's rating of the rectification (反馈), where there was one."""
        if self.status is FollowUpStatus.OPEN:
            raise FollowUpError("CONTACT_REQUIRED", "须先联系申请人核实差评")
        self._require(FollowUpStatus.CONTACTED, FollowUpStatus.RECTIFIED)
        if self.verification is not Verification.UNFOUNDED and self.rectification is None:
            raise FollowUpError("RECTIFICATION_REQUIRED", "属实的差评须先整改")
        self.rectification_rating = choice("rectificationRating", Level,
                                           rectification_rating) if rectification_rating \
            else None
        self.status, self.closed_on = FollowUpStatus.CLOSED, day
        self.events.append(PoorRatingFollowedUp(
            **self._ids(), verification=self.verification.value,
            rectified=self.rectification is not None,
            rectification_rating=self.rectification_rating.value
            if self.rectification_rating else None,
            contacted_on=self.contacted_on, closed_on=day,
            in_time=self.contacted_on <= self.contact_due_on, closed_by=by))

    def close_unreachable(self, reason: str, day: date, by: str) -> None:
        """An anonymous rater who cannot be reached; never a real-name one (followed up
        without exception)."""
        self._require(FollowUpStatus.OPEN)
        if self.real_name:
            raise FollowUpError("REAL_NAME_MUST_BE_FOLLOWED_UP", "实名差评须逐一回访，不能以无法联系结案")
        self.verification_notes = text("reason", reason, TEXT_MAX)
        self.status, self.closed_on = FollowUpStatus.CLOSED, day
        self.events.append(PoorRatingFollowedUp(
            **self._ids(), verification="unreachable", rectified=False,
            rectification_rating=None, contacted_on=day, closed_on=day,
            in_time=day <= self.contact_due_on, closed_by=by))

    def appeal(self, by: str, kind: str, reasons: str, day: date) -> None:
        if by not in self.staff:
            raise FollowUpError("NOT_RATED_STAFF", "只有被评价的工作人员可以申诉复核")
        if any(a.upheld is None for a in self.appeals):
            raise FollowUpError("APPEAL_PENDING", "已有待复核的申诉")
        self.appeals = (*self.appeals, RatingAppeal(by, choice("kind", AppealKind, kind),
                                                    text("reasons", reasons, TEXT_MAX), day))
        self.events.append(RatingAppealed(**self._ids(), appellant=by, kind=kind,
                                          filed_on=day))

    def decide_appeal(self, upheld: bool, day: date, by: str) -> None:
        pending = next((a for a in self.appeals if a.upheld is None), None)
        if pending is None:
            raise FollowUpError("NO_APPEAL", "没有待复核的申诉")
        if by == pending.by or by in self.staff:
            raise FollowUpError("SAME_PERSON", "被评价人不能复核本人的申诉")
        decided = RatingAppeal(pending.by, pending.kind, pending.reasons, pending.filed_on,
                               upheld, by, day)
        self.appeals = tuple(decided if a is pending else a for a in self.appeals)
        self.events.append(RatingAppealDecided(**self._ids(), appellant=pending.by,
                                               rating_stands=upheld, decided_on=day,
                                               decided_by=by))
