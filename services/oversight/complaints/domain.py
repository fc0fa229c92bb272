"""Efficiency complaints (效能投诉: 002 三-(三), 001 督查科, 004 限时办结 §7). Pure.

A complaint arrives by any channel, about a case, a staff member, a window or a department,
in a category of the breach catalogue. The monitoring office accepts or declines it (with
reasons), investigates it directly or orders the complained-about unit to investigate and
report by a date, replies to the complainant, and records their verdict. An unsatisfied
complainant gets a re-investigation (by the unit or directly), then a final conclusion. It is
handled within 15 working days unless an extension is approved: the deadlines service's
`complaint_handling` clock runs from receipt (`complaint.received`) to the answer
(`complaint.answered`). A second complaint by the same complainant about the same matter is a
repeat (a breach by whoever handled the first, 002 三-3); a repeat referred back by a higher
authority is an escalation beyond the centre (越级上访), the same breach. A re-investigation has
its own 15 working days: the same clock with the part `reinvestigation`, from the unsatisfied
verdict (`complaint.reinvestigation_opened`) to the final conclusion
(`complaint.reinvestigation_concluded`).
"""

import enum
import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime

from services.kit.codec import transient
from services.kit.domain import DomainEvent, RuleBroken
from services.kit.domain import InputError
from services.kit.validation import SHORT_MAX, TEXT_MAX, choice, text

from ..accountability.breaches import Breach
from . import commands
from .events import (
    ComplaintAccepted, ComplaintAnswered, ComplaintConcluded, ComplaintDeclined,
    ComplaintExtensionApproved, ComplaintInvestigationOrdered, ComplaintReceived,
    ComplaintReinvestigationConcluded, ComplaintReinvestigationExtended,
    ComplaintReinvestigationOpened, ComplaintRepeated, ComplaintReported,
    ComplaintVerdictRecorded,
)

HANDLING_LIMIT_WORKING_DAYS = 15  # 004 限时办结 §7
REINVESTIGATION = "reinvestigation"  # the part of the handling clock a re-investigation runs on
EXTENSION_DAYS_MAX = 15
CONTACT_PATTERN = re.compile(r"^[0-9A-Za-z@.+\-_ ()]{3,100}$")


class Channel(enum.StrEnum):
    WINDOW = "window"
    PHONE = "phone"
    WEB = "web"
    LETTER = "letter"
    HOTLINE_12345 = "hotline_12345"
    ON_SITE = "on_site"
    # 越级上访: the complainant went above the centre and a higher authority referred it back
    SUPERIOR_REFERRAL = "superior_referral"


# A repeat arriving through these went beyond the centre (002 三-3: 越级上访).
ESCALATION_CHANNELS = (Channel.SUPERIOR_REFERRAL,)


class SubjectKind(enum.StrEnum):
    CASE = "case"
    STAFF = "staff"
    WINDOW = "window"
    DEPARTMENT = "department"


class InvestigationMode(enum.StrEnum):
    DIRECT = "direct"  # the office investigates itself
    UNIT = "unit"  # the complained-about unit investigates and reports by a date


class ComplaintStatus(enum.StrEnum):
    RECEIVED = "received"
    DECLINED = "declined"
    ACCEPTED = "accepted"
    INVESTIGATING = "investigating"
    REPORTED = "reported"
    ANSWERED = "answered"
    REINVESTIGATING = "reinvestigating"
    SATISFIED = "satisfied"
    CONCLUDED = "concluded"


class Conclusion(enum.StrEnum):
    SUBSTANTIATED = "substantiated"
    PARTLY = "partly"
    NOT_SUBSTANTIATED = "not_substantiated"


class ComplaintError(RuleBroken):
    """A complaint's step out of order; nothing changed."""


@dataclass(frozen=True)
class Subject:
    kind: SubjectKind
    ref: str  # the case id, staff id, window code or department code
    department: str  # the complained-about unit
    case_number: str | None = None  # a case: the number printed on its notices (OW…)

    @property
    def key(self) -> str:
        return f"{self.kind.value}:{self.ref}"

    def naming(self, case_id: str, case_number: str, department: str | None) -> "Subject":
        """A case named by its number or id, stored by its id: the case's own department is
        the complained-about unit."""
        return Subject(self.kind, case_id, department or self.department, case_number)


@dataclass(frozen=True)
class Complainant:
    anonymous: bool
    name: str | None
    contact: str | None

    @property
    def key(self) -> str | None:
        """Who, for recognising a repeat: the contact, else the name; None when anonymous
        with neither."""
        who = (self.contact or self.name or "").strip().lower()
        return hashlib.sha256(who.encode()).hexdigest()[:32] if who else None


@dataclass(frozen=True)
class Investigation:
    mode: InvestigationMode
    ordered_on: date
    ordered_by: str
    report_due_on: date | None = None
    report: str | None = None
    reported_on: date | None = None
    reported_by: str | None = None
    round: int = 1


@dataclass(frozen=True)
class Reply:
    channel: Channel
    content: str
    on: date
    by: str


@dataclass(frozen=True)
class ComplaintInput:
    """A complaint as registered, checked before a number is drawn."""
    channel: Channel
    complainant: Complainant
    subject: Subject
    category: Breach
    description: str
    occurred_at: datetime | None

    @classmethod
    def validate(cls, cmd: commands.RegisterComplaint, now: datetime) -> "ComplaintInput":
        channel = choice("channel", Channel, cmd.channel)
        if not (cmd.subject_ref or "").strip():
            raise InputError("subject.ref", "SUBJECT_REQUIRED",
                             "须写明投诉对象（办件、工作人员、窗口或部门）")
        subject = Subject(choice("subject.kind", SubjectKind, cmd.subject_kind),
                          text("subject.ref", cmd.subject_ref, SHORT_MAX),
                          text("subject.department", cmd.subject_department, SHORT_MAX))
        name = text("complainant.name", cmd.complainant_name, SHORT_MAX, required=False) or None
        contact = (cmd.complainant_contact or "").strip() or None
        if contact and not CONTACT_PATTERN.match(contact):
            raise InputError("complainant.contact", "INVALID_FORMAT", "联系方式格式不正确")
        if not cmd.anonymous and not name:
            raise InputError("complainant.name", "REQUIRED", "实名投诉须写明姓名")
        if cmd.occurred_at and cmd.occurred_at > now:
            raise InputError("occurredAt", "DATE_IN_FUTURE", "事件发生时间不能晚于现在")
        return cls(channel, Complainant(cmd.anonymous, None if cmd.anonymous else name, contact),
                   subject, choice("category", Breach, cmd.category),
                   text("description", cmd.description, TEXT_MAX), cmd.occurred_at)

    def duplicate_key(self, day: date) -> str:
        """The same complaint sent again the same day (a double submission, a script): the
        same complainant (or none) about the same subject in the same words."""
        words = " ".join(self.description.split()).lower()
        raw = f"{day.isoformat()}|{self.complainant.key or '-'}|{self.subject.key}|{words}"
        return hashlib.sha256(raw.encode()).hexdigest()

    @property
    def repeat_key(self) -> str | None:
        """The same complainant about the same matter (None: nobody to recognise)."""
        who = self.complainant.key
        return f"{who}:{self.subject.key}" if who else None


def query_code_hash(complaint_id: str, code: str) -> str:
    return hashlib.sha256(f"{complaint_id}:{code}".encode()).hexdigest()


@dataclass
class Complaint:
    id: str
    number: str
    query_code_hash: str  # the code itself is given once to the complainant, never stored
    channel: Channel
    complainant: Complainant
    subject: Subject
    category: Breach
    description: str
    occurred_at: datetime | None
    received_at: datetime
    received_on: date
    received_by: str
    status: ComplaintStatus = ComplaintStatus.RECEIVED
    repeat_of: str | None = None
    decision_reason: str | None = None
    decided_by: str | None = None
    investigations: tuple[Investigation, ...] = ()
    replies: tuple[Reply, ...] = ()
    satisfied: bool | None = None
    conclusion: Conclusion | None = None
    conclusion_summary: str | None = None
    concluded_on: date | None = None
    extensions: tuple[int, ...] = ()
    reinvestigating: bool = False  # an unsatisfied verdict opened the re-investigation
    version: int = transient(default=0)
    events: list[DomainEvent] = transient(default_factory=list, repr=False)

    def _ids(self) -> dict:
        return {"complaint_id": self.id, "complaint_number": self.number,
                "department": self.subject.department, "subject_kind": self.subject.kind.value,
                "subject_ref": self.subject.ref, "case_number": self.subject.case_number,
                "category": self.category.value}

    def _require(self, *statuses: ComplaintStatus) -> None:
        if self.status not in statuses:
            raise ComplaintError("COMPLAINT_WRONG_STATE",
                                 f"投诉 {self.number} 当前状态为“{STATUS_NAMES[self.status]}”，不能办理此步骤")

    # -- receipt -------------------------------------------------------------------------
    @classmethod
    def register(cls, given: "ComplaintInput", complaint_id: str, number: str,
                 code_hash: str, at: datetime, day: date, by: str,
                 repeat_of: str | None = None, earlier: "Complaint | None" = None
                 ) -> "Complaint":
        """`repeat_of`: the first complaint of this complainant about this matter (`earlier`,
        when it is stored already: one registered at the same moment may not be yet)."""
        repeat_of = repeat_of or (earlier.id if earlier else None)
        complaint = cls(
            id=complaint_id, number=number, query_code_hash=code_hash, channel=given.channel,
            complainant=given.complainant, subject=given.subject, category=given.category,
            description=given.description, occurred_at=given.occurred_at, received_at=at,
            received_on=day, received_by=by, repeat_of=repeat_of)
        complaint.events.append(ComplaintReceived(
            **complaint._ids(), channel=given.channel.value, received_on=day, received_at=at,
            limit=HANDLING_LIMIT_WORKING_DAYS, unit="working_days",
            anonymous=given.complainant.anonymous, repeat_of=complaint.repeat_of))
        if repeat_of:
            complaint.events.append(ComplaintRepeated(
                **complaint._ids(), first_complaint_id=repeat_of,
                first_complaint_number=earlier.number if earlier else "",
                first_handled_by=earlier.handled_by() if earlier else [], received_on=day,
                channel=given.channel.value,
                escalated=given.channel in ESCALATION_CHANNELS))
        return complaint

    def handled_by(self) -> list[str]:
        """Whoever handled it: the office's decider, investigators and repliers."""
        people = [self.decided_by] + [i.ordered_by for i in self.investigations] + [
            i.reported_by for i in self.investigations] + [r.by for r in self.replies]
        return list(dict.fromkeys(p for p in people if p))

    # -- the office decides ------------------------------------------------------------
    def accept(self, reason: str | None, day: date, by: str) -> None:
        self._require(ComplaintStatus.RECEIVED)
        self.status, self.decided_by = ComplaintStatus.ACCEPTED, by
        self.decision_reason = text("reason", reason, TEXT_MAX, required=False) or None
        self.events.append(ComplaintAccepted(**self._ids(), accepted_on=day, accepted_by=by))

    def decline(self, reason: str, reply_channel: str, day: date, by: str) -> None:
        """Not for the office (with reasons): the complainant is answered; the clock stops."""
        self._require(ComplaintStatus.RECEIVED)
        reason = text("reason", reason, TEXT_MAX)
        self.status, self.decided_by, self.decision_reason = ComplaintStatus.DECLINED, by, reason
        self.replies = (*self.replies, Reply(choice("replyChannel", Channel, reply_channel),
                                             reason, day, by))
        self.events.append(ComplaintDeclined(**self._ids(), reason=reason, declined_on=day,
                                             declined_by=by))
        self.events.append(ComplaintAnswered(**self._ids(), answered_on=day, answered_by=by))

    def order_investigation(self, mode: str, report_due_on: date | None, day: date,
                            by: str) -> None:
        self._require(ComplaintStatus.ACCEPTED, ComplaintStatus.REINVESTIGATING)
        how = choice("mode", InvestigationMode, mode)
        if how is InvestigationMode.UNIT:
            if report_due_on is None:
                raise InputError("reportDueOn", "REQUIRED", "责成被投诉单位调查须写明报告期限")
            if report_due_on < day:
                raise InputError("reportDueOn", "DATE_IN_PAST", "报告期限不能早于今天")
        self.investigations = (*self.investigations, Investigation(
            how, day, by, report_due_on if how is InvestigationMode.UNIT else None,
            round=len(self.investigations) + 1))
        self.status = ComplaintStatus.INVESTIGATING
        self.events.append(ComplaintInvestigationOrdered(
            **self._ids(), mode=how.value, report_due_on=report_due_on, ordered_on=day,
            ordered_by=by, round=len(self.investigations)))

    def record_report(self, report: str, day: date, by: str, by_department: str | None) -> None:
        """The investigation's findings: the unit's report (its own staff), or the office's."""
        self._require(ComplaintStatus.INVESTIGATING)
        current = self.investigations[-1]
        if current.mode is InvestigationMode.UNIT and by_department not in (
                None, self.subject.department):
            raise ComplaintError("NOT_THE_UNIT", "只有被投诉单位可以报告其调查结果")
        if current.mode is InvestigationMode.DIRECT and by_department is not None:
            raise ComplaintError("NOT_THE_OFFICE", "直接调查的结果由效能监察部门登记")
        done = Investigation(current.mode, current.ordered_on, current.ordered_by,
                             current.report_due_on, text("report", report, TEXT_MAX), day, by,
                             current.round)
        self.investigations = (*self.investigations[:-1], done)
        self.status = ComplaintStatus.REPORTED
        late = current.report_due_on is not None and day > current.report_due_on
        self.events.append(ComplaintReported(**self._ids(), reported_on=day, reported_by=by,
                                             round=current.round, late=late))

    def reply(self, channel: str, content: str, day: date, by: str) -> None:
        self._require(ComplaintStatus.REPORTED)
        first = not self.replies
        self.replies = (*self.replies, Reply(choice("channel", Channel, channel),
                                             text("content", content, TEXT_MAX), day, by))
        self.status = ComplaintStatus.ANSWERED
        if first:  # the handling limit is about the first answer
            self.events.append(ComplaintAnswered(**self._ids(), answered_on=day,
                                                 answered_by=by))

    def record_verdict(self, satisfied: bool, day: date, by: str) -> None:
        """The complainant's verdict on the reply; not satisfied: re-investigation."""
        self._require(ComplaintStatus.ANSWERED)
        self.satisfied = satisfied
        again = self.reinvestigating  # one re-investigation; after it, the final conclusion
        self.status = ComplaintStatus.SATISFIED if satisfied else (
            ComplaintStatus.ANSWERED if again else ComplaintStatus.REINVESTIGATING)
        self.events.append(ComplaintVerdictRecorded(**self._ids(), satisfied=satisfied,
                                                    recorded_on=day, recorded_by=by,
                                                    rounds=len(self.investigations)))
        if not satisfied and not again:
            self.reinvestigating = True
            self.events.append(ComplaintReinvestigationOpened(
                **self._ids(), part=REINVESTIGATION, opened_on=day,
                limit=HANDLING_LIMIT_WORKING_DAYS, unit="working_days"))

    def conclude(self, conclusion: str, summary: str, day: date, by: str) -> None:
        """After a satisfied verdict; or, for an unsatisfied complainant, after the
        re-investigation's report (the office's final conclusion)."""
        reinvestigated = self.satisfied is False and len(self.investigations) >= 2
        if self.status is ComplaintStatus.ANSWERED and self.satisfied is None:
            raise ComplaintError("VERDICT_REQUIRED", "须先登记投诉人对答复是否满意")
        if not (self.status is ComplaintStatus.SATISFIED or (
                reinvestigated and self.status in (ComplaintStatus.REPORTED,
                                                   ComplaintStatus.ANSWERED))):
            self._require(ComplaintStatus.SATISFIED)
        self.conclusion = choice("conclusion", Conclusion, conclusion)
        self.conclusion_summary = text("summary", summary, TEXT_MAX)
        self.status, self.concluded_on = ComplaintStatus.CONCLUDED, day
        self.events.append(ComplaintConcluded(
            **self._ids(), conclusion=self.conclusion.value, concluded_on=day, concluded_by=by,
            satisfied=self.satisfied, rounds=len(self.investigations)))
        if self.reinvestigating:
            self.events.append(ComplaintReinvestigationConcluded(
                **self._ids(), part=REINVESTIGATION, concluded_on=day))

    def approve_extension(self, days: int, requested_on: date, by: str) -> None:
        """Of the first handling, or of the re-investigation (its own clock)."""
        self._require(ComplaintStatus.RECEIVED, ComplaintStatus.ACCEPTED,
                      ComplaintStatus.INVESTIGATING, ComplaintStatus.REPORTED,
                      ComplaintStatus.REINVESTIGATING)
        if not 1 <= days <= EXTENSION_DAYS_MAX:
            raise InputError("days", "OUT_OF_RANGE", f"延期天数须在 1 至 {EXTENSION_DAYS_MAX} 个工作日之间")
        self.extensions = (*self.extensions, days)
        if self.reinvestigating:
            self.events.append(ComplaintReinvestigationExtended(
                **self._ids(), part=REINVESTIGATION, extension_days=days,
                requested_on=requested_on, approved_by=by))
        else:
            self.events.append(ComplaintExtensionApproved(
                **self._ids(), extension_days=days, requested_on=requested_on,
                approved_by=by))


STATUS_NAMES = {
    ComplaintStatus.RECEIVED: "已登记", ComplaintStatus.DECLINED: "不予受理",
    ComplaintStatus.ACCEPTED: "已受理", ComplaintStatus.INVESTIGATING: "调查中",
    ComplaintStatus.REPORTED: "已报告调查结果", ComplaintStatus.ANSWERED: "已答复",
    ComplaintStatus.REINVESTIGATING: "重新调查", ComplaintStatus.SATISFIED: "投诉人满意",
    ComplaintStatus.CONCLUDED: "已办结",
}
