"""What staff ask of the first-inquiry ledger (imperative names), as raw input."""

from dataclasses import dataclass

from ..directory.commands import Referral


@dataclass(frozen=True)
class LogInquiry:
    channel: str  # on_site | phone | web
    visitor_name: str
    matter: str
    result: str  # answered | referred | pending_reply
    responders: list[str]
    visitor_unit: str | None = None
    contact: str | None = None
    answer: str | None = None
    referral: Referral | None = None


@dataclass(frozen=True)
class ReplyToInquiry:
    inquiry_id: str
    answer: str
