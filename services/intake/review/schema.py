"""GraphQL for the review chain: opinions (承办/审核/批准) with denial escalation (否定报备),
hand-overs, and the caller's work queue."""

from datetime import date, datetime
from enum import Enum

import strawberry
from strawberry.types import Info

from services.kit.auth import STAFF, Role
from services.kit.clock import centre_date
from services.kit.graphql import Connection, connection, decode_cursor, page_size
from services.kit.domain import InputError

from ..cases.schema import CaseOutcome, run_case_step
from ..cases.types import Case
from ..directory.schema import Position
from . import commands, domain, handlers

ReviewRole = strawberry.enum(Enum("ReviewRole", {m.name: m.value for m in domain.ReviewRole}),
                             description="承办人 / 审核人 / 批准人")
Verdict = strawberry.enum(Enum("Verdict", {m.name: m.value for m in domain.Verdict}))
Awaiting = strawberry.enum(Enum("Awaiting", {m.name: m.value for m in domain.Awaiting}),
                           description="The step a case waits for; NONE once decided")
WINDOW_AND_LEADERS = (Role.WINDOW_STAFF, Role.CHIEF_APPROVER, Role.DEPARTMENT_HEAD, Role.ADMIN)


@strawberry.type(description="One opinion in the review chain, overruled ones too.")
class ReviewOpinion:
    role: ReviewRole
    staff_id: str
    staff_name: str
    position: Position
    verdict: Verdict
    reasons: list[str]
    legal_basis: str | None
    at: datetime
    on: date
    acting_for: str | None
    applicant_disagrees: bool
    escalated: bool = strawberry.field(description="Given on the way up (否定报备)")
    decisive: bool

    @classmethod
    def of(cls, o: domain.Opinion) -> "ReviewOpinion":
        return cls(role=ReviewRole(o.role.value), staff_id=o.staff_id, staff_name=o.staff_name,
                   position=Position(o.position.value), verdict=Verdict(o.verdict.value),
                   reasons=list(o.reasons), legal_basis=o.legal_basis, at=o.at, on=o.on,
                   acting_for=o.acting_for, applicant_disagrees=o.applicant_disagrees,
                   escalated=o.escalated, decisive=o.decisive)


@strawberry.type(description="Where the case stands in its review chain.")
class ReviewState:
    awaiting: Awaiting
    escalation_level: Position | None
    handler: str
    addressed_to: list[str] = strawberry.field(description="Whose step it is (A posts)")
    opinions: list[ReviewOpinion]


@strawberry.type(description="A hand-over between windows or departments (001 §8).")
class HandOver:
    step: str
    from_staff: str
    to_staff: str
    to_department: str
    on: date
    limit: int
    note: str | None


@strawberry.input
class RecordOpinionInput:
    case_id: strawberry.ID
    verdict: Verdict
    reasons: list[str] = strawberry.field(default_factory=list)
    legal_basis: str | None = None
    applicant_disagrees: bool = strawberry.field(
        default=False, description="The handler and the applicant disagree (否定报备 §1)")


@strawberry.type
class ReviewQuery:
    @strawberry.field(description="Cases whose awaited step is the caller's, or that of an A "
                                  "the caller stands in for today (B post), by due date.")
    async def my_work_queue(self, info: Info, first: int = 20,
                            after: str | None = None) -> Connection[Case]:
        viewer = info.context.require(*STAFF)
        size = page_size(first)
        deps = info.context.deps
        me = await deps.store.staff.get(viewer.subject)
        ids = [viewer.subject]
        if me is not None:
            today = centre_date(deps.clock.now())
            for member in await deps.store.department_staff(me.department):
                absence = member.absence_on(today)
                if absence and absence.backup_id == me.id:
                    ids.append(member.id)
        cursor = decode_cursor(after)
        position = None
        if cursor:
            due, _, number = cursor.partition("|")
            if not number:
                raise InputError("after", "INVALID_CURSOR", "游标无效")
            position = (due or None, number)
        department = me.department if me is not None else viewer.department
        found = await deps.store.addressed_to(ids, position, size + 1, department)
        return connection([Case.from_domain(c, viewer) for c in found],
                          [f"{c.due_on.isoformat() if c.due_on else ''}|{c.case_number}"
                           for c in found], size)


@strawberry.type
class ReviewMutation:
    @strawberry.mutation(description="The awaited opinion: the handler's, a reviewer's, or the "
                                     "approver's decision. A negative opinion or a disagreement "
                                     "climbs to the next level (否定报备).")
    async def record_opinion(self, info: Info, input: RecordOpinionInput) -> CaseOutcome:
        principal = info.context.require(*WINDOW_AND_LEADERS)
        cmd = commands.RecordOpinion(input.case_id, input.verdict.value, list(input.reasons),
                                     input.legal_basis, input.applicant_disagrees)
        return await run_case_step(info, handlers.record_opinion(cmd, info.context.deps,
                                                                 principal))

    @strawberry.mutation(description="Hand the handler's step to another window or department; "
                                     "that step's clock starts the next day (001 §8).")
    async def hand_over_case(self, info: Info, case_id: strawberry.ID, to_staff: str,
                             limit: int, note: str | None = None) -> CaseOutcome:
        principal = info.context.require(*WINDOW_AND_LEADERS)
        cmd = commands.HandOverCase(case_id, to_staff, limit, note)
        return await run_case_step(info, handlers.hand_over_case(cmd, info.context.deps,
                                                                 principal))
