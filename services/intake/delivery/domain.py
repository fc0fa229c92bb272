"""Delivering the result (统一窗口出件, 证照寄送: 003 四、服务流程) and closing the case.

The result, or the 不予许可决定书, is collected at the unified result window or mailed free of
charge. A case completes when its result is delivered or made available with the applicant
notified (行政许可法 §44: within 10 days of the decision); not delivering it within the limit is
deemed overdue (001 §11(四)). Pure: no I/O.
"""

import enum
import re
from dataclasses import dataclass
from datetime import date, datetime

from services.kit.domain import InputError
from services.kit.validation import SHORT_MAX, TEXT_MAX, choice, text

TRACKING_PATTERN = re.compile(r"^[A-Za-z0-9-]{4,40}$")


class DeliveryMethod(enum.StrEnum):
    WINDOW = "window"  # 统一窗口出件: made available, the applicant notified
    MAIL = "mail"  # 证照免费寄送


class NotifiedVia(enum.StrEnum):
    PHONE = "phone"
    SMS = "sms"
    ON_SITE = "on_site"
    ONLINE = "online"


@dataclass(frozen=True)
class Delivery:
    method: DeliveryMethod
    by: str
    at: datetime
    on: date
    window: str | None = None  # WINDOW: where it is collected
    notified_via: NotifiedVia | None = None
    address: str | None = None  # MAIL
    carrier: str | None = None
    tracking_number: str | None = None
    delivered_on: date | None = None  # MAIL: the day the carrier delivered it
    delivery_recorded_at: datetime | None = None  # MAIL: when the delivery was recorded

    @property
    def complete(self) -> bool:
        return self.method is DeliveryMethod.WINDOW or self.delivered_on is not None


@dataclass(frozen=True)
class DeliveryInput:
    method: DeliveryMethod
    window: str | None
    notified_via: NotifiedVia | None
    address: str | None
    carrier: str | None
    tracking_number: str | None

    @classmethod
    def validate(cls, method: str, window: str | None, notified_via: str | None,
                 address: str | None, carrier: str | None,
                 tracking_number: str | None) -> "DeliveryInput":
        m = choice("method", DeliveryMethod, method)
        via = choice("notifiedVia", NotifiedVia, notified_via) if notified_via else None
        if m is DeliveryMethod.WINDOW:
            if via is None:
                raise InputError("notifiedVia", "REQUIRED", "窗口出件须写明如何通知申请人")
            return cls(m, text("window", window, SHORT_MAX, required=False) or None, via,
                       None, None, None)
        tracking = (tracking_number or "").strip()
        if not TRACKING_PATTERN.match(tracking):
            raise InputError("trackingNumber", "INVALID_FORMAT", "快递单号须为 4-40 位字母、数字或'-'")
        return cls(m, None, via, text("address", address, TEXT_MAX),
                   text("carrier", carrier, SHORT_MAX), tracking)

    def delivery(self, by: str, at: datetime, day: date) -> Delivery:
        return Delivery(self.method, by, at, day, self.window, self.notified_via, self.address,
                        self.carrier, self.tracking_number)
