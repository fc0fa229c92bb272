"""GraphQL for delivering the result (统一窗口出件 or free mailing), recording a mailed result's
delivery, and withdrawal by the applicant."""

from datetime import date, datetime
from enum import Enum

import strawberry
from strawberry.types import Info

from services.kit.auth import Role

from ..cases.schema import CaseOutcome, run_case_step
from . import commands, domain, handlers

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


@strawberry.type
class DeliveryMutation:
    @strawberry.mutation(description="Deliver a decided case's result: made available at the "
                                     "result window with the applicant notified (the case "
                                     "completes), or mailed (it completes when delivered).")
    async def deliver_result(self, info: Info, input: DeliverResultInput) -> CaseOutcome:
        principal = info.context.require(*WINDOW)
        cmd = commands.DeliverResult(
            input.case_id, input.method.value, input.window,
            input.notified_via.value if input.notified_via else None, input.address,
            input.carrier, input.tracking_number)
        return await run_case_step(info, handlers.deliver_result(cmd, info.context.deps,
                                                                 principal))

    @strawberry.mutation(description="A mailed result was delivered: the case completes.")
    async def record_delivery(self, info: Info, case_id: strawberry.ID,
                              delivered_on: date) -> CaseOutcome:
        principal = info.context.require(*WINDOW)
        cmd = commands.RecordDelivery(case_id, delivered_on)
        return await run_case_step(info, handlers.record_delivery(cmd, info.context.deps,
                                                                  principal))

    @strawberry.mutation(description="The applicant withdraws the application (themselves, or "
                                     "through the window): closed without a decision.")
    async def withdraw_application(self, info: Info, case_id: strawberry.ID,
                                   reason: str) -> CaseOutcome:
        principal = info.context.require(*WINDOW, Role.APPLICANT, Role.HELPER)
        cmd = commands.WithdrawApplication(case_id, reason)
        return await run_case_step(info, handlers.withdraw_application(cmd, info.context.deps,
                                                                       principal))
