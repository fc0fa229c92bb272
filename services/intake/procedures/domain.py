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

Here the values and the rules; `CaseTiming` (cases/timing.py) applies them to a case, issues the
notices and records the events. Pure.
"""

import enum
from dataclasses import dataclass, replace
from datetime import date, datetime

from services.kit.domain import InputError
from services.kit.validation import TEXT_MAX, choice, text

from ..case_states import CaseStateError

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


def procedure_started(kind: str, reason: str, expected_days: int) -> tuple[ProcedureKind, str]:
    """A special procedure's kind and reason, checked with its expected duration."""
    procedure_kind = choice("kind", ProcedureKind, kind)
    if not 1 <= expected_days <= EXPECTED_DAYS_MAX:
        raise InputError("expectedDays", "OUT_OF_RANGE",
                         f"预计所需时间须在 1 至 {EXPECTED_DAYS_MAX} 个工作日之间")
    return procedure_kind, text("reason", reason, TEXT_MAX)


def procedure_finished(current: SpecialProcedure, outcome: str, at: datetime,
                       day: date) -> SpecialProcedure:
    return replace(current, finished_on=day, finished_at=at,
                   outcome=text("outcome", outcome, TEXT_MAX))


def pending_extension(extensions: tuple[Extension, ...]) -> Extension | None:
    """The last extension asked for and neither approved nor refused as late."""
    last = extensions[-1] if extensions else None
    return last if last and not last.refused_late and last.approved_on is None else None


def extension_requested(extensions: tuple[Extension, ...], days: int, reasons: str,
                        due_on: date | None, at: datetime, day: date, by: str) -> Extension:
    """The request as recorded: refused as late when it comes after the due date (001 §11)."""
    if not 1 <= days <= EXTENSION_DAYS_MAX:
        raise InputError("days", "OUT_OF_RANGE",
                         f"延期天数须在 1 至 {EXTENSION_DAYS_MAX} 个工作日之间")
    reasons = text("reasons", reasons, TEXT_MAX)
    if pending_extension(extensions) is not None:
        raise CaseStateError("EXTENSION_PENDING", "已有待批准的延期申请")
    late = due_on is not None and day > due_on
    return Extension(days, reasons, day, by, refused_late=late, requested_at=at)


def extension_approver(pending: Extension | None, approver: str) -> Extension:
    """The extension an approver may approve: one is pending, and not their own request."""
    if pending is None:
        raise CaseStateError("NO_EXTENSION_REQUESTED", "没有待批准的延期申请")
    if pending.requested_by == approver:
        raise CaseStateError("SAME_PERSON", "申请延期的人不能批准自己的申请")
    return pending


def applicant_delayed(kind: str, evidence: str, expected_on: date, at: datetime, day: date,
                      by: str) -> ApplicantDelay:
    """The applicant's own delay, recorded with evidence once the day they were told passed."""
    delay_kind = choice("kind", DelayKind, kind)
    if expected_on >= day:
        raise InputError("expectedOn", "NOT_YET_MISSED", "约定日期尚未过去，不能登记为申请人原因延误")
    return ApplicantDelay(delay_kind, text("evidence", evidence, TEXT_MAX), expected_on, day, by,
                          recorded_at=at)
