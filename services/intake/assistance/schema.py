"""GraphQL for assisted and proxy handling (帮办代办): the ledger entry, its steps, the
applicant's rating of the help, and the ledger of a period (a connection, or CSV)."""

from datetime import date, datetime
from enum import Enum
from typing import Annotated

import strawberry
from strawberry.types import Info

from services.kit.auth import CENTRE_WIDE, HELPERS, STAFF, Role
from services.kit.graphql import (
    Connection, InvalidInput, NotFound, connection, decode_cursor, page_size,
)

from ..ratings.schema import RatingLevel
from ..results import CaseStateConflict, outcome
from . import commands, domain, handlers

AssistKind = strawberry.enum(Enum("AssistKind", {m.name: m.value for m in domain.AssistKind}),
                             description="导办, 帮办, 代办, 上门办")
SpecialGroup = strawberry.enum(Enum("SpecialGroup",
                                    {m.name: m.value for m in domain.SpecialGroup}),
                               description="老、弱、病、残、孕 (home visits)")
AssistStatus = strawberry.enum(Enum("AssistStatus",
                                    {m.name: m.value for m in domain.AssistStatus}))


@strawberry.type(description="帮办代办工作登记台账: one request.")
class Assistance:
    id: strawberry.ID
    service_item_code: str
    service_item_name: str
    department: str
    kind: AssistKind
    special_group: SpecialGroup | None
    applicant_name: str
    applicant_contact: str
    request: str
    requested_at: datetime
    recorded_by: str
    status: AssistStatus
    helper: str | None
    accepted_at: datetime | None
    completed_at: datetime | None
    case_id: strawberry.ID | None
    outcome: str | None
    rating: RatingLevel | None
    rating_comment: str | None

    @classmethod
    def of(cls, a: domain.Assistance) -> "Assistance":
        return cls(id=strawberry.ID(a.id), service_item_code=a.item_code,
                   service_item_name=a.item_name, department=a.department,
                   kind=AssistKind(a.kind.value),
                   special_group=SpecialGroup(a.special_group.value) if a.special_group
                   else None, applicant_name=a.applicant_name,
                   applicant_contact=a.applicant_contact, request=a.request,
                   requested_at=a.requested_at, recorded_by=a.recorded_by,
                   status=AssistStatus(a.status.value), helper=a.helper,
                   accepted_at=a.accepted_at, completed_at=a.completed_at,
                   case_id=strawberry.ID(a.case_id) if a.case_id else None, outcome=a.outcome,
                   rating=RatingLevel(a.rating.level.value) if a.rating else None,
                   rating_comment=a.rating.comment if a.rating else None)


@strawberry.type
class AssistanceSaved:
    assistance: Assistance


AssistanceOutcome = Annotated[AssistanceSaved | InvalidInput | NotFound | CaseStateConflict,
                              strawberry.union("AssistanceOutcome")]


async def _run(call) -> AssistanceOutcome:
    return await outcome(call, lambda a: AssistanceSaved(assistance=Assistance.of(a)))


@strawberry.input
class RequestAssistanceInput:
    service_item_id: strawberry.ID
    kind: AssistKind
    applicant_name: str
    applicant_id_number: str
    applicant_contact: str
    request: str
    special_group: SpecialGroup | None = None


def _scope(info: Info) -> str | None:
    """The department whose requests the caller reads: the office and the centre's helpers
    read the whole ledger, a department's staff their department's (to take and follow)."""
    viewer = info.context.require(*STAFF, Role.HELPER)
    return None if viewer.has_any(*CENTRE_WIDE, Role.HELPER) else (viewer.department or "?")


@strawberry.type
class AssistanceQuery:
    @strawberry.field(description="The ledger of a period, oldest first: the office and the "
                                  "centre's helpers read all, a department's staff their "
                                  "department's.")
    async def assistance_ledger(self, info: Info, from_: Annotated[date, strawberry.argument(
            name="from")], to: date, first: int = 50,
            after: str | None = None) -> Connection[Assistance]:
        department = _scope(info)
        handlers.check_period(from_, to)
        size = page_size(first)
        found = await info.context.deps.store.assistance_between(
            from_, to, department, decode_cursor(after), size + 1)
        return connection([Assistance.of(a) for a in found],
                          [f"{a.requested_on.isoformat()}|{a.id}" for a in found], size)

    @strawberry.field(description="The ledger of a period as CSV (UTF-8), for export.")
    async def assistance_ledger_csv(self, info: Info, from_: Annotated[
            date, strawberry.argument(name="from")], to: date) -> str:
        department = _scope(info)
        handlers.check_period(from_, to)
        rows = await info.context.deps.store.assistance_between(from_, to, department, None,
                                                                handlers.CSV_ROWS_MAX)
        return handlers.ledger_csv(rows)


    @strawberry.field(description="The caller's own requests for help, newest first (an "
                                  "applicant: to follow them and rate the help).")
    async def my_assistance(self, info: Info, first: int = 20,
                            after: str | None = None) -> Connection[Assistance]:
        viewer = info.context.require(Role.APPLICANT)
        size = page_size(first)
        found = await info.context.deps.store.assistance_of_applicant(
            viewer.subject or "", decode_cursor(after), size + 1)
        return connection([Assistance.of(a) for a in found],
                          [f"{a.requested_on.isoformat()}|{a.id}" for a in found], size)


@strawberry.type
class AssistanceMutation:
    @strawberry.mutation(description="Record a request for help at the 帮办代办 window, or "
                                     "an applicant's own request (for themselves) online.")
    async def request_assistance(self, info: Info,
                                 input: RequestAssistanceInput) -> AssistanceOutcome:
        principal = info.context.require(*HELPERS, Role.APPLICANT)
        cmd = commands.RequestAssistance(
            input.service_item_id, input.kind.value, input.applicant_name,
            input.applicant_id_number, input.applicant_contact, input.request,
            input.special_group.value if input.special_group else None)
        return await _run(handlers.request_assistance(cmd, info.context.deps, principal))

    @strawberry.mutation(description="A helper takes the request.")
    async def take_assistance(self, info: Info, id: strawberry.ID) -> AssistanceOutcome:
        principal = info.context.require(*HELPERS)
        return await _run(handlers.take_assistance(commands.TakeAssistance(id),
                                                   info.context.deps, principal))

    @strawberry.mutation(description="The case the helper handles for the applicant: the "
                                     "helper then reads it and acts on it for them.")
    async def link_assisted_case(self, info: Info, id: strawberry.ID,
                                 case_id: strawberry.ID) -> AssistanceOutcome:
        principal = info.context.require(*HELPERS)
        return await _run(handlers.link_assisted_case(commands.LinkAssistedCase(id, case_id),
                                                      info.context.deps, principal))

    @strawberry.mutation(description="The helper completes the assistance.")
    async def complete_assistance(self, info: Info, id: strawberry.ID,
                                  outcome: str) -> AssistanceOutcome:
        principal = info.context.require(*HELPERS)
        return await _run(handlers.complete_assistance(
            commands.CompleteAssistance(id, outcome), info.context.deps, principal))

    @strawberry.mutation(description="The applicant rates the help, once, after completion.")
    async def rate_assistance(self, info: Info, id: strawberry.ID, level: RatingLevel,
                              comment: str | None = None) -> AssistanceOutcome:
        principal = info.context.require(Role.APPLICANT)
        return await _run(handlers.rate_assistance(
            commands.RateAssistance(id, level.value, comment), info.context.deps, principal))
