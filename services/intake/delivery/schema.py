"""GraphQL types of delivering the result (统一窗口出件 or free mailing); delivery and
withdrawal mutations are cases/step_schema.py's."""

from datetime import date, datetime
from enum import Enum

import strawberry

from services.kit.auth import Role

from . import domain

DeliveryMethod = strawberry.enum(
    Enum("DeliveryMethod", {m.name: m.value for m in domain.DeliveryMethod}),
    description="统一窗口出件 (WINDOW) or free mailing (MAIL)")
NotifiedVia = strawberry.enum(Enum("NotifiedVia", {m.name: m.value for m in domain.NotifiedVia}))
WINDOW = (Role.WINDOW_STAFF, Role.CHIEF_APPROVER, Role.ADMIN)


@strawberry.type(description="How the result reached the applicant.")
class Delivery:
    method: DeliveryMethod
    by: str
    at: datetime
    on: date
    window: str | None
    notified_via: NotifiedVia | None
    address: str | None = strawberry.field(description="Shown to staff and the applicant")
    carrier: str | None
    tracking_number: str | None
    delivered_on: date | None

    @classmethod
    def of(cls, d: domain.Delivery) -> "Delivery":
        return cls(method=DeliveryMethod(d.method.value), by=d.by, at=d.at, on=d.on,
                   window=d.window,
                   notified_via=NotifiedVia(d.notified_via.value) if d.notified_via else None,
                   address=d.address, carrier=d.carrier, tracking_number=d.tracking_number,
                   delivered_on=d.delivered_on)


@strawberry.input
class DeliverResultInput:
    case_id: strawberry.ID
    method: DeliveryMethod
    window: str | None = strawberry.field(default=None, description="WINDOW: where to collect")
    notified_via: NotifiedVia | None = strawberry.field(
        default=None, description="WINDOW: how the applicant was told (required)")
    address: str | None = strawberry.field(default=None, description="MAIL")
    carrier: str | None = strawberry.field(default=None, description="MAIL, e.g. EMS")
    tracking_number: str | None = strawberry.field(default=None, description="MAIL")
