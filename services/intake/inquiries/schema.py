"""GraphQL for the first-inquiry ledger (首问负责)."""

from datetime import date, datetime
from enum import Enum
from typing import Annotated

import strawberry
from strawberry.types import Info

from services.kit.auth import CENTRE_WIDE, STAFF, AuthError, Role, department_scope
from services.kit.graphql import (
    Connection, InputError, InvalidInput, NotFound, connection, decode_cursor, page_size,
)

from ..directory.schema import Referral, ReferralInput
from ..results import ConcurrentEdit, outcome
from . import commands
from . import domain as inquiries
from . import handlers as inquiry_handlers
Channel = strawberry.enum(Enum("Channel", {m.name: m.value for m in inquiries.Channel}))
InquiryResult = strawberry.enum(
    Enum("InquiryResult", {m.name: m.value for m in inquiries.InquiryResult}))


@strawberry.federation.type(keys=["id"], description="首问: one inquiry in the ledger; the "
                                                    "deadlines service adds its reply clock.")
class Inquiry:
    id: strawberry.ID
    channel: Channel
    visitor_name: str
    visitor_unit: str | None
    contact: str | None
    matter: str
    answer: str | None
    result: InquiryResult
    responders: list[str]
    owner_id: str = strawberry.field(description="首问责任人: the highest-ranked responder.")
    logged_by: str = strawberry.field(description="Who wrote it down")
    department: str | None
    referral: Referral | None
    logged_at: datetime
    logged_on: date
    open: bool
    reply_due_on: date | None
    answered_at: datetime | None

    @classmethod
    def from_domain(cls, i: inquiries.Inquiry) -> "Inquiry":
        return cls(
            id=strawberry.ID(i.id), channel=Channel(i.channel.value), visitor_name=i.visitor_name,
            visitor_unit=i.visitor_unit, contact=i.contact, matter=i.matter, answer=i.answer,
            result=InquiryResult(i.result.value), responders=list(i.responders),
            owner_id=i.owner_id, logged_by=i.logged_by, department=i.department, referral=Referral.of(i.referral),
            logged_at=i.logged_at, logged_on=i.logged_on, open=i.open,
            reply_due_on=i.reply_due_on, answered_at=i.answered_at)

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> "Inquiry | None":
        """Staff of the inquiry's department, or centre-wide roles (as the ledger)."""
        principal = info.context.require(*STAFF)
        found = await info.context.deps.store.inquiries.get(str(id))
        if found is None:
            return None
        if not principal.has_any(*CENTRE_WIDE) and found.department != principal.department:
            raise AuthError("FORBIDDEN", "该咨询属于其他部门 (another department's inquiry)")
        return cls.from_domain(found)


@strawberry.input
class LogInquiryInput:
    channel: Channel
    visitor_name: str = strawberry.field(description="Visitor's name or unit")
    matter: str
    result: InquiryResult
    responders: list[str] = strawberry.field(default_factory=list,
                                             description="Staff who answered; default: caller")
    visitor_unit: str | None = None
    contact: str | None = None
    answer: str | None = None
    referral: ReferralInput | None = None


@strawberry.type
class InquirySaved:
    inquiry: Inquiry


InquiryResultUnion = Annotated[InquirySaved | InvalidInput | NotFound | ConcurrentEdit,
                               strawberry.union("InquiryOutcome")]


async def _run(call) -> InquiryResultUnion:
    return await outcome(call, lambda i: InquirySaved(inquiry=Inquiry.from_domain(i)))


def _cursor(i: inquiries.Inquiry) -> str:
    return f"{i.logged_at.isoformat()}|{i.id}"


def _after(after: str | None) -> tuple[datetime, str] | None:
    """A page's cursor back into (logged at, id); one this API did not issue is refused."""
    raw = decode_cursor(after)
    if raw is None:
        return None
    at_text, _, after_id = raw.partition("|")
    try:
        at = datetime.fromisoformat(at_text)
    except ValueError:
        at = None
    if at is None or not after_id:
        raise InputError("after", "INVALID_CURSOR", "游标无效（not a cursor this API issued）")
    return at, after_id


@strawberry.type
class InquiryQuery:
    @strawberry.field(description="The caller's open inquiries (awaiting a reply).")
    async def my_open_inquiries(self, info: Info, first: int = 50) -> list[Inquiry]:
        principal = info.context.require(*STAFF)
        found = await info.context.deps.store.open_inquiries(principal.subject, page_size(first))
        return [Inquiry.from_domain(i) for i in found]

    @strawberry.field(description="The ledger, chronological; staff see their department's.")
    async def inquiries(
        self, info: Info, from_on: date, to_on: date, staff: str | None = None,
        channel: Channel | None = None, department: str | None = None, first: int = 50,
        after: str | None = None,
    ) -> Connection[Inquiry]:
        principal = info.context.require(*STAFF)
        if to_on < from_on:
            raise InputError("toOn", "END_BEFORE_START", "结束日期早于开始日期")
        department = department_scope(principal, department)
        size = page_size(first)
        found = await info.context.deps.store.ledger(
            from_on, to_on, staff, channel.value if channel else None, department,
            _after(after), size + 1)
        return connection([Inquiry.from_domain(i) for i in found], [_cursor(i) for i in found],
                          size)


@strawberry.type
class InquiryMutation:
    @strawberry.mutation(description="Log an inquiry in the first-inquiry ledger.")
    async def log_inquiry(self, info: Info, input: LogInquiryInput) -> InquiryResultUnion:
        principal = info.context.require(Role.WINDOW_STAFF, Role.CHIEF_APPROVER,
                                         Role.DEPARTMENT_HEAD, Role.ADMIN)
        cmd = commands.LogInquiry(
            channel=input.channel.value, visitor_name=input.visitor_name, matter=input.matter,
            result=input.result.value, responders=list(input.responders),
            visitor_unit=input.visitor_unit, contact=input.contact, answer=input.answer,
            referral=input.referral.to_command() if input.referral else None)
        return await _run(inquiry_handlers.log_inquiry(cmd, info.context.deps, principal))

    @strawberry.mutation(description="Answer an inquiry that could not be answered on the spot.")
    async def reply_to_inquiry(self, info: Info, id: strawberry.ID,
                               answer: str) -> InquiryResultUnion:
        principal = info.context.require(*STAFF)
        cmd = commands.ReplyToInquiry(inquiry_id=id, answer=answer)
        return await _run(inquiry_handlers.reply_to_inquiry(cmd, info.context.deps, principal))

