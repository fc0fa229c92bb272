"""What happened to a case, in order, and where it stands now: as the applicant and the
window read it (no internal opinions' reasons, no staff ids). Pure."""

from dataclasses import dataclass
from datetime import date, datetime, time

from services.kit.clock import CENTRE_TZ

from ..catalogue.domain import ReviewChainKind
from ..review.domain import POSITION_NAMES, Awaiting, ReviewRole, Verdict
from ..case_states import STATUS_NAMES, CaseStatus, NoticeKind

NOTICE_EVENTS = {
    NoticeKind.MATERIAL_RECEIPT: ("received", "收件，出具申请材料接收单"),
    NoticeKind.CORRECTION_NOTICE: ("correction_requested", "一次性告知需补正的材料（补正告知书）"),
    NoticeKind.ACCEPTANCE_NOTICE: ("accepted", "受理，出具受理通知书"),
    NoticeKind.REJECTION_NOTICE: ("rejected", "不予受理，出具不予受理告知书"),
    NoticeKind.RESULT: ("approved", "审批通过，审批结果已制作"),
    NoticeKind.DENIAL_DECISION: ("denied", "作出不予许可决定（不予行政许可决定书）"),
    NoticeKind.SUSPENSION_NOTICE: ("suspended", "进入特别程序，期间不计入办理时限"),
    NoticeKind.EXTENSION_NOTICE: ("extended", "经批准延期办理"),
    NoticeKind.COMPLETION_DATE_CHANGE_NOTICE: ("completion_date_changed",
                                               "办结日期变更，出具办结日期变更告知书"),
    NoticeKind.MATERIALS_COMPLETED_NOTICE: ("materials_completed",
                                            "容缺材料已补齐，告知承诺办结日期"),
}
ROLE_NAMES = {ReviewRole.HANDLER: "承办人", ReviewRole.REVIEWER: "审核人",
              ReviewRole.APPROVER: "批准人"}


@dataclass(frozen=True)
class Entry:
    at: datetime  # when it was recorded
    on: date  # the day it happened (a mailed result's delivery may be recorded later)
    kind: str
    label: str
    notice_number: str | None = None


def _at(at: datetime | None, on: date) -> datetime:
    """A step recorded before its time was kept: the end of its day."""
    return at or datetime.combine(on, time.max, CENTRE_TZ)


def timeline(case) -> list[Entry]:
    """Every step with its day and time, in the order they happened."""
    entries = [Entry(n.issued_at, n.issued_on, *NOTICE_EVENTS[n.kind], n.number)
               for n in case.notices]
    if case.review:
        opinions = case.review.opinions[:-1] if case.review.decided else case.review.opinions
        if case.review.chain is ReviewChainKind.ACCEPT_AND_APPROVE:
            opinions = opinions[1:]  # the acceptance itself (000 责任追究 §4)
        for o in opinions:
            verdict = "同意" if o.verdict is Verdict.APPROVE else "不同意"
            entries.append(Entry(o.at, o.on, "opinion",
                                 f"{ROLE_NAMES[o.role]}（{POSITION_NAMES[o.position]}）"
                                 f"提出审查意见：{verdict}"))
    for h in case.handovers:
        entries.append(Entry(h.at, h.on, "handed_over", "移交承办"))
    for p in case.procedures:
        if p.finished_on:
            entries.append(Entry(_at(p.finished_at, p.finished_on), p.finished_on, "resumed",
                                 "特别程序结束，恢复计时"))
    for e in case.extensions:
        if e.refused_late:
            entries.append(Entry(_at(e.requested_at, e.requested_on), e.requested_on,
                                 "extension_refused", "延期申请超过承诺办结日期，不予延期"))
    for d in case.applicant_delays:
        entries.append(Entry(_at(d.recorded_at, d.recorded_on), d.recorded_on,
                             "applicant_delayed", "申请人未按告知时间办理，视为按时办结"))
    if case.delivery:
        d = case.delivery
        label = "审批结果已寄出" if d.method.value == "mail" else "审批结果已在窗口发放，已通知申请人"
        entries.append(Entry(d.at, d.on, "mailed" if d.method.value == "mail" else "delivered",
                             label))
        if d.delivered_on and d.method.value == "mail":
            entries.append(Entry(_at(d.delivery_recorded_at, d.delivered_on), d.delivered_on,
                                 "delivered", "审批结果已送达"))
    if case.withdrawn_on:
        entries.append(Entry(_at(case.withdrawn_at, case.withdrawn_on), case.withdrawn_on,
                             "withdrawn", "申请人撤回申请"))
    return sorted(entries, key=lambda e: (e.on, e.at))


def current_step(case) -> tuple[str, str]:
    """(code, 中文) of where the case stands."""
    if case.status is CaseStatus.ACCEPTED and case.review is not None:
        r = case.review
        match r.awaiting:
            case Awaiting.HANDLER:
                return "handler", "承办人审查中"
            case Awaiting.REVIEWER:
                return "reviewer", "审核中"
            case Awaiting.APPROVER:
                return "approver", "审批决定中"
            case Awaiting.ESCALATION:
                level = POSITION_NAMES[r.level] if r.level else ""
                return "escalation", f"报{level}审查中"
    if case.status is CaseStatus.SUSPENDED and case.procedures:
        return "special_procedure", "特别程序中（不计入办理时限）"
    return case.status.value, STATUS_NAMES[case.status]
