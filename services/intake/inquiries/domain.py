"""The first-inquiry ledger (首问/首办负责: 000 §2-3, 004 首问 §1-5, 001 首問負責).

Every inquiry is logged with its visitor, matter, answer and owner. Whoever is asked first owns
the answer or the referral; among several responders the highest-ranked. One that cannot be
answered on the spot is due a reply within 1 working day (004 一次性告知 §5(三)).
"""

import enum
import uuid
from dataclasses import dataclass
from datetime import date, datetime

from services.kit.codec import dump, transient
from services.kit.domain import DomainEvent
from services.kit.domain import InputError
from services.kit.validation import SHORT_MAX, TEXT_MAX, text

from ..directory.domain import StaffMember, first_inquiry_owner
from ..directory.referrals import Referral
from . import commands
from .events import InquiryAnswered, InquiryLogged, InquiryReplyDue

REPLY_LIMIT_WORKING_DAYS = 1
RESPONDERS_MAX = 10


class Channel(enum.StrEnum):
    ON_SITE = "on_site"
    PHONE = "phone"
    WEB = "web"


class InquiryResult(enum.StrEnum):
    ANSWERED = "answered"
    REFERRED = "referred"
    PENDING_REPLY = "pending_reply"  # not answerable on the spot


@dataclass
class Inquiry:
    id: str
    channel: Channel
    visitor_name: str
    visitor_unit: str | None
    contact: str | None
    matter: str
    answer: str | None
    result: InquiryResult
    responders: tuple[str, ...]
    owner_id: str
    department: str | None
    referral: Referral | None
    logged_at: datetime
    logged_on: date
    open: bool
    reply_due_on: date | None = None
    answered_at: datetime | None = None
    answered_by: str | None = None
    logged_by: str = ""  # who wrote it down (not always a responder)
    version: int = transient(default=0)
    events: list[DomainEvent] = transient(default_factory=list, repr=False)

    @classmethod
    def log(cls, cmd: commands.LogInquiry, responders: list[StaffMember], at: datetime,
            day: date, reply_due_on: date | None,
            referred_staff: StaffMember | None = None,
            referral_name: str | None = None, logged_by: str = "") -> "Inquiry":
        try:
            channel, result = Channel(cmd.channel), InquiryResult(cmd.result)
        except ValueError:
            raise InputError("channel", "INVALID_VALUE", "渠道或结果无效") from None
        if not responders:
            raise InputError("responders", "REQUIRED", "须登记首问工作人员")
        if len(responders) > RESPONDERS_MAX:
            raise InputError("responders", "TOO_MANY", f"最多 {RESPONDERS_MAX} 名工作人员")
        answer = (cmd.answer or "").strip() or None
        if result is InquiryResult.ANSWERED and not answer:
            raise InputError("answer", "REQUIRED", "已答复的咨询须登记答复内容")
        if result is InquiryResult.REFERRED and cmd.referral is None:
            raise InputError("referral", "REQUIRED", "转办须写明转给谁或去哪里")
        owner = first_inquiry_owner(responders)
        referral = Referral.from_command(cmd.referral, target_name=referral_name) \
            if cmd.referral else None
        if referral and referred_staff and (away := referred_staff.absence_on(day)):
            referral = referral.routed_to(away.backup_id)
        inquiry = cls(
            id=str(uuid.uuid4()), channel=channel,
            visitor_name=text("visitorName", cmd.visitor_name, SHORT_MAX),
            visitor_unit=text("visitorUnit", cmd.visitor_unit, SHORT_MAX, required=False) or None,
            contact=text("contact", cmd.contact, SHORT_MAX, required=False) or None,
            matter=text("matter", cmd.matter, TEXT_MAX),
            answer=text("answer", answer, TEXT_MAX, required=False) or None,
            result=result, responders=tuple(s.id for s in responders), owner_id=owner.id,
            department=owner.department,
            referral=referral,
            logged_at=at, logged_on=day, open=result is InquiryResult.PENDING_REPLY,
            reply_due_on=reply_due_on if result is InquiryResult.PENDING_REPLY else None,
            logged_by=logged_by,
        )
        ids = {"inquiry_id": inquiry.id, "owner_id": owner.id, "department": owner.department}
        inquiry.events.append(InquiryLogged(
            **ids, channel=channel.value, matter=inquiry.matter, result=result.value,
            responders=list(inquiry.responders), referral=dump(inquiry.referral),
            logged_at=at, logged_on=day))
        if inquiry.open:
            inquiry.events.append(InquiryReplyDue(
                **ids, logged_on=day, limit=REPLY_LIMIT_WORKING_DAYS, unit="working_days",
                reply_due_on=inquiry.reply_due_on))
        return inquiry

    def reply(self, answer: str, by: str, at: datetime, day: date) -> None:
        if not self.open:
            raise InputError("inquiryId", "INQUIRY_CLOSED", "该咨询已答复")
        self.answer = text("answer", answer, TEXT_MAX)
        self.open = False
        self.result = InquiryResult.ANSWERED
        self.answered_at, self.answered_by = at, by
        self.events.append(InquiryAnswered(
            inquiry_id=self.id, owner_id=self.owner_id, department=self.department,
            answered_on=day, answered_at=at, answered_by=by))
