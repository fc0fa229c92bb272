"""Special procedures, extensions and the applicant's own delay: what moves or excuses a
case's committed limit (限时办结制 §8-9; 001 限時辦結 §10-12; 行政许可法 §42, §45).

- A special procedure (inspection, testing, quarantine, appraisal, expert review, hearing,
  tender, auction) suspends the case's clock; the applicant is told in writing how long it is
  expected to take (000 §9, 行政许可法 §45); finishing it resumes the clock.
- An extension is requested before the due date with reasons and days, approved by someone
  with decision authority for the item, and the applicant is told in writing (000 §8, 001 §10).
  A request after the due date is refused as such and announced: it counts as overdue
  (001 §11(三)).
- The applicant's own delay (not coming for a required step, not collecting the result on the
  notified date) is recorded with evidence; the case then counts as on time (000 §8, 001 §12).

`CaseTiming` holds these steps of `Case`; acting out of order raises `CaseStateError`.
"""

import enum
from dataclasses import dataclass, replace
from datetime import date, datetime

from services.kit.domain import InputError
from services.kit.validation import TEXT_MAX, choice, text

from ..cases.states import CaseStateError, CaseStatus, NoticeKind
from .events import (
    ApplicantDelayed, CaseExtensionApproved, CaseResumed, CaseSuspended, ExtensionRefusedLate,
    ExtensionRequested,
)

EXPECTED_DAYS_MAX = 365
EXTENSION_DAYS_MAX = 30


class ProcedureKind(enum.StrEnum):
    INSPECTION = "inspection"  # 检验
    TESTING = "testing"  # 检测
    QUARANTINE = "quarantine"  # 检疫
    APPRAISAL = "appraisal"  # 鉴定
    EXPERT_REVIEW = "expert_review"  # 专家评审
    HEARING = "hearing"  # 听证
    TENDER = "tender"  # 招标
    AUCTION = "auction"  # 拍卖


class DelayKind(enum.StrEnum):
    DID_NOT_ATTEND = "did_not_attend"  # did not come for a required step
    DID_NOT_COLLECT = "did_not_collect"  # did not collect the result on the notified date


@dataclass(frozen=True)
class SpecialProcedure:
    kind: ProcedureKind
    reason: str
    expected_days: int  # working days the applicant was told it takes
    started_on: date
    started_by: str
    notice_number: str
    finished_on: date | None = None
    outcome: str | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None


@dataclass(frozen=True)
class Extension:
    days: int
    reasons: str
    requested_on: date
    requested_by: str
    approved_on: date | None = None
    approved_by: str | None = None
    notice_number: str | None = None
    refused_late: bool = False
    requested_at: datetime | None = None


@dataclass(frozen=True)
class ApplicantDelay:
    kind: DelayKind
    evidence: str
    expected_on: date  # the day the applicant was told to come
    recorded_on: date
    recorded_by: str
    recorded_at: datetime | None = None


class CaseTiming:
    """Mixed into `Case`; uses its fields (status, due_on, notices, ...)."""

    # -- special procedures (特别程序) -----------------------------------------------------
    def start_special_procedure(self, kind: str, reason: str, expected_days: int,
                                at: datetime, day: date, actor) -> SpecialProcedure:
        self._require(CaseStatus.ACCEPTED)
        procedure_kind = choice("kind", ProcedureKind, kind)
        if not 1 <= expected_days <= EXPECTED_DAYS_MAX:
            raise InputError("expectedDays", "OUT_OF_RANGE",
                             f"预计所需时间须在 1 至 {EXPECTED_DAYS_MAX} 个工作日之间")
        reason = text("reason", reason, TEXT_MAX)
        notice = self._notice(NoticeKind.SUSPENSION_NOTICE, at, day, actor, reasons=(reason,),
                              expected_days=expected_days, procedure=procedure_kind.value)
        procedure = SpecialProcedure(procedure_kind, reason, expected_days, day, actor.id,
                                     notice.number, started_at=at)
        self.procedures = (*self.procedures, procedure)
        self.status = CaseStatus.SUSPENDED
        self.events.append(CaseSuspended(
            **self._ids(), suspended_on=day, procedure=procedure_kind.value,
            expected_days=expected_days, notice_number=notice.number, suspended_by=actor.id))
        return procedure

    def finish_special_procedure(self, outcome: str, at: datetime, day: date,
                                 by: str) -> None:
        self._require(CaseStatus.SUSPENDED)
        current = self.procedures[-1]
        finished = replace(current, finished_on=day, finished_at=at,
                           outcome=text("outcome", outcome, TEXT_MAX))
        self.procedures = (*self.procedures[:-1], finished)
        self.status = CaseStatus.ACCEPTED
        self.events.append(CaseResumed(**self._ids(), resumed_on=day,
                                       procedure=current.kind.value, resumed_by=by))

    # -- extensions (延期) -------------------------------------------------------------------
    def request_extension(self, days: int, reasons: str, at: datetime, day: date,
                          by: str) -> bool:
        """Recorded either way; False when it came after the due date (refused as such)."""
        self._require(CaseStatus.ACCEPTED, CaseStatus.SUSPENDED)
        if not 1 <= days <= EXTENSION_DAYS_MAX:
            raise InputError("days", "OUT_OF_RANGE",
                             f"延期天数须在 1 至 {EXTENSION_DAYS_MAX} 个工作日之间")
        reasons = text("reasons", reasons, TEXT_MAX)
        if self.pending_extension is not None:
            raise CaseStateError("EXTENSION_PENDING", "已有待批准的延期申请")
        late = self.due_on is not None and day > self.due_on
        extension = Extension(days, reasons, day, by, refused_late=late, requested_at=at)
        self.extensions = (*self.extensions, extension)
        if late:
            self.events.append(ExtensionRefusedLate(
                **self._ids(), days=days, requested_on=day, requested_by=by,
                due_on=self.due_on))
            return False
        self.events.append(ExtensionRequested(**self._ids(), days=days, reasons=reasons,
                                              requested_on=day, requested_by=by,
                                              due_on=self.due_on))
        return True

    @property
    def pending_extension(self) -> Extension | None:
        last = self.extensions[-1] if self.extensions else None
        return last if last and not last.refused_late and last.approved_on is None else None

    def approve_extension(self, new_due_on: date | None, at: datetime, day: date,
                          actor, provisional: bool = False) -> None:
        self._require(CaseStatus.ACCEPTED, CaseStatus.SUSPENDED)
        pending = self.pending_extension
        if pending is None:
            raise CaseStateError("NO_EXTENSION_REQUESTED", "没有待批准的延期申请")
        if pending.requested_by == actor.id:
            raise CaseStateError("SAME_PERSON", "申请延期的人不能批准自己的申请")
        notice = self._notice(NoticeKind.EXTENSION_NOTICE, at, day, actor,
                              reasons=(pending.reasons,), extension_days=pending.days,
                              committed_completion_on=new_due_on,
                              committed_completion_provisional=provisional)
        approved = replace(pending, approved_on=day, approved_by=actor.id,
                           notice_number=notice.number)
        self.extensions = (*self.extensions[:-1], approved)
        if new_due_on is not None:
            self.due_on = new_due_on
        self.events.append(CaseExtensionApproved(
            **self._ids(), extension_days=pending.days, requested_on=pending.requested_on,
            approved_on=day, approved_by=actor.id, notice_number=notice.number))

    # -- the applicant's own delay -------------------------------------------------------
    def record_applicant_delay(self, kind: str, evidence: str, expected_on: date,
                               at: datetime, day: date, by: str) -> None:
        self._require(CaseStatus.ACCEPTED, CaseStatus.SUSPENDED, CaseStatus.DECIDED,
                      CaseStatus.DELIVERING)
        delay_kind = choice("kind", DelayKind, kind)
        if expected_on >= day:
            raise InputError("expectedOn", "NOT_YET_MISSED", "约定日期尚未过去，不能登记为申请人原因延误")
        delay = ApplicantDelay(delay_kind, text("evidence", evidence, TEXT_MAX), expected_on,
                               day, by, recorded_at=at)
        self.applicant_delays = (*self.applicant_delays, delay)
        self.events.append(ApplicantDelayed(**self._ids(), kind=delay_kind.value,
                                            expected_on=expected_on, recorded_on=day,
                                            recorded_by=by))
