"""What cases/ and the case's parts (review, procedures, delivery, joint, ratings) share, below
both: the states a case passes through, its written notices' kinds, the error a step out of
order raises, and the base of every case event."""

import enum
from dataclasses import dataclass

from services.kit.domain import DomainEvent, RuleBroken


class CaseStatus(enum.StrEnum):
    RECEIVED = "received"
    CORRECTION_REQUESTED = "correction_requested"
    REJECTION_PENDING = "rejection_pending"  # waiting for the chief approver (否定报备)
    ACCEPTED = "accepted"  # being processed: handler, reviewer, approver (review chain)
    SUSPENDED = "suspended"  # a special procedure runs; the clock does not count (特别程序)
    REJECTED = "rejected"
    DECIDED = "decided"  # approved or denied; the result is being delivered
    DELIVERING = "delivering"  # mailed, not yet delivered
    COMPLETED = "completed"  # delivered or made available, the applicant notified (办结)
    WITHDRAWN = "withdrawn"  # withdrawn by the applicant, closed without a decision


class AcceptanceKind(enum.StrEnum):
    ACCEPTED = "accepted"
    SUPPLEMENT = "supplement"  # 补办件 / 容缺受理
    DEEMED = "deemed"  # 行政许可法 §32
    IMMEDIATE = "immediate"  # 即办件, decided in the same step


class NoticeKind(enum.StrEnum):
    MATERIAL_RECEIPT = "material_receipt"  # 申请材料接收单
    CORRECTION_NOTICE = "correction_notice"  # 补正告知书
    ACCEPTANCE_NOTICE = "acceptance_notice"  # 受理通知书
    REJECTION_NOTICE = "rejection_notice"  # 不予受理告知书
    RESULT = "result"  # the licence, certificate or decision an approval produces
    DENIAL_DECISION = "denial_decision"  # 不予许可决定书
    SUSPENSION_NOTICE = "suspension_notice"  # 特别程序告知书: what, why, how long
    EXTENSION_NOTICE = "extension_notice"  # 延期告知书
    # 办结日期变更告知书: the committed date moved when the calendar changed (a year's official
    # holiday arrangement published, a closure day of the centre)
    COMPLETION_DATE_CHANGE_NOTICE = "completion_date_change_notice"
    # 补齐材料告知书: a supplement case's owed materials are in; its limit runs from today, to
    # the committed completion date printed here
    MATERIALS_COMPLETED_NOTICE = "materials_completed_notice"


NOTICE_PREFIX = {NoticeKind.MATERIAL_RECEIPT: "SJ", NoticeKind.CORRECTION_NOTICE: "BZ",
                 NoticeKind.ACCEPTANCE_NOTICE: "SL", NoticeKind.REJECTION_NOTICE: "BY",
                 NoticeKind.RESULT: "JG", NoticeKind.DENIAL_DECISION: "BX",
                 NoticeKind.SUSPENSION_NOTICE: "TB", NoticeKind.EXTENSION_NOTICE: "YQ",
                 NoticeKind.COMPLETION_DATE_CHANGE_NOTICE: "BG",
                 NoticeKind.MATERIALS_COMPLETED_NOTICE: "BQ"}


class CaseStateError(RuleBroken):
    """A step the case's state does not allow; nothing changed."""


STATUS_NAMES = {
    CaseStatus.RECEIVED: "已收件", CaseStatus.CORRECTION_REQUESTED: "待补正",
    CaseStatus.REJECTION_PENDING: "不予受理待首席审批员同意", CaseStatus.ACCEPTED: "已受理",
    CaseStatus.SUSPENDED: "特别程序中", CaseStatus.REJECTED: "不予受理",
    CaseStatus.DECIDED: "已决定待送达",
    CaseStatus.DELIVERING: "已寄出待送达", CaseStatus.COMPLETED: "已办结",
    CaseStatus.WITHDRAWN: "已撤回",
}


@dataclass(frozen=True)
class CaseEvent(DomainEvent):
    """Every case event names the case, its department, item and window, and the applicant
    by a pseudonym (kit.pseudonyms: the same applicant, never who)."""
    subject_field = "case_id"
    case_id: str
    case_number: str
    department: str
    service_item_id: str
    service_item_code: str
    window: str | None
    applicant_ref: str
