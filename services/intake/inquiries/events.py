"""What the first-inquiry ledger announces (past tense, glossary English). Each event carries what a
consumer needs without calling back: dates are ISO, Asia/Shanghai; staff are directory ids."""

from dataclasses import dataclass
from datetime import date, datetime

from services.kit.domain import DomainEvent


@dataclass(frozen=True)
class InquiryEvent(DomainEvent):
    subject_field = "inquiry_id"
    inquiry_id: str
    owner_id: str
    department: str | None


@dataclass(frozen=True)
class InquiryLogged(InquiryEvent):
    event_type = "inquiry.logged"
    channel: str
    matter: str
    result: str
    responders: list
    referral: dict | None
    logged_at: datetime
    logged_on: date


@dataclass(frozen=True)
class InquiryReplyDue(InquiryEvent):
    """004 一次性告知 §5(三): not answerable on the spot, reply within 1 working day."""
    event_type = "inquiry.reply_due"
    logged_on: date
    limit: int
    unit: str
    reply_due_on: date | None


@dataclass(frozen=True)
class InquiryAnswered(InquiryEvent):
    event_type = "inquiry.answered"
    answered_on: date
    answered_at: datetime
    answered_by: str
