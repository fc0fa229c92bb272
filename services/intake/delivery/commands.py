"""What staff (and applicants, for withdrawal) ask once a case is decided, as raw input."""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class DeliverResult:
    case_id: str
    method: str  # window | mail
    window: str | None = None
    notified_via: str | None = None
    address: str | None = None
    carrier: str | None = None
    tracking_number: str | None = None


@dataclass(frozen=True)
class RecordDelivery:
    case_id: str
    delivered_on: date


@dataclass(frozen=True)
class WithdrawApplication:
    case_id: str
    reason: str
