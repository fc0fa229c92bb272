"""GraphQL for special procedures (特别程序), extensions (延期) and the applicant's own delay."""

from datetime import date
from enum import Enum

import strawberry
from strawberry.types import Info

from services.kit.auth import Role

from ..cases.schema import CaseOutcome, run_case_step
from . import commands, domain, handlers

ProcedureKind = strawberry.enum(
    Enum("ProcedureKind", {m.name: m.value for m in domain.ProcedureKind}),
    description="检验 / 检测 / 检疫 / 鉴定 / 专家评审 / 听证 / 招标 / 拍卖 (行政许可法 §45)")
DelayKind = strawberry.enum(Enum("DelayKind", {m.name: m.value for m in domain.DelayKind}),
                            description="The applicant did not come for a step / to collect")
STAFF_OF_CASE = (Role.WINDOW_STAFF, Role.CHIEF_APPROVER, Role.DEPARTMENT_HEAD, Role.ADMIN)


@strawberry.type(description="A special procedure: the clock did not count meanwhile.")
class SpecialProcedure:
    kind: ProcedureKind
    reason: str
    expected_days: int
    started_on: date
    started_by: str
    notice_number: str
    finished_on: date | None
    outcome: str | None

    @classmethod
    def of(cls, p: domain.SpecialProcedure) -> "SpecialProcedure":
        return cls(kind=ProcedureKind(p.kind.value), reason=p.reason,
                   expected_days=p.expected_days, started_on=p.started_on,
                   started_by=p.started_by, notice_number=p.notice_number,
                   finished_on=p.finished_on, outcome=p.outcome)


@strawberry.type(description="An extension request, approved or refused as late.")
class Extension:
    days: int
    reasons: str
    requested_on: date
    requested_by: str
    approved_on: date | None
    approved_by: str | None
    notice_number: str | None
    refused_late: bool = strawberry.field(description="Asked after the due date (001 §11(三))")

    @classmethod
    def of(cls, e: domain.Extension) -> "Extension":
        return cls(days=e.days, reasons=e.reasons, requested_on=e.requested_on,
                   requested_by=e.requested_by, approved_on=e.approved_on,
                   approved_by=e.approved_by, notice_number=e.notice_number,
                   refused_late=e.refused_late)


@strawberry.type(description="The applicant's own delay; the case counts as on time.")
class ApplicantDelay:
    kind: DelayKind
    evidence: str
    expected_on: date
    recorded_on: date
    recorded_by: str

    @classmethod
    def of(cls, d: domain.ApplicantDelay) -> "ApplicantDelay":
        return cls(kind=DelayKind(d.kind.value), evidence=d.evidence, expected_on=d.expected_on,
                   recorded_on=d.recorded_on, recorded_by=d.recorded_by)


@strawberry.type
class ProceduresMutation:
    @strawberry.mutation(description="Start inspection, testing, appraisal, expert review, a "
                                     "hearing...: the clock stops; the applicant is told in "
                                     "writing how long it is expected to take.")
    async def start_special_procedure(self, info: Info, case_id: strawberry.ID,
                                      kind: ProcedureKind, reason: str,
                                      expected_days: int) -> CaseOutcome:
        principal = info.context.require(*STAFF_OF_CASE)
        cmd = commands.StartSpecialProcedure(case_id, kind.value, reason, expected_days)
        return await run_case_step(info, handlers.start_special_procedure(
            cmd, info.context.deps, principal))

    @strawberry.mutation(description="The special procedure is over: the clock runs again.")
    async def finish_special_procedure(self, info: Info, case_id: strawberry.ID,
                                       outcome: str) -> CaseOutcome:
        principal = info.context.require(*STAFF_OF_CASE)
        cmd = commands.FinishSpecialProcedure(case_id, outcome)
        return await run_case_step(info, handlers.finish_special_procedure(
            cmd, info.context.deps, principal))

    @strawberry.mutation(description="Ask for an extension before the due date; after it, the "
                                     "request is recorded as late and refused "
                                     "(EXTENSION_TOO_LATE).")
    async def request_extension(self, info: Info, case_id: strawberry.ID, days: int,
                                reasons: str) -> CaseOutcome:
        principal = info.context.require(*STAFF_OF_CASE)
        cmd = commands.RequestExtension(case_id, days, reasons)
        return await run_case_step(info, handlers.request_extension(
            cmd, info.context.deps, principal))

    @strawberry.mutation(description="Approve the pending extension (decision authority for "
                                     "the item); the applicant is told in writing.")
    async def approve_extension(self, info: Info, case_id: strawberry.ID) -> CaseOutcome:
        principal = info.context.require(*STAFF_OF_CASE)
        cmd = commands.ApproveExtension(case_id)
        return await run_case_step(info, handlers.approve_extension(
            cmd, info.context.deps, principal))

    @strawberry.mutation(description="The applicant did not come for a required step or to "
                                     "collect the result on the notified date (with evidence).")
    async def record_applicant_delay(self, info: Info, case_id: strawberry.ID,
                                     kind: DelayKind, evidence: str,
                                     expected_on: date) -> CaseOutcome:
        principal = info.context.require(*STAFF_OF_CASE)
        cmd = commands.RecordApplicantDelay(case_id, kind.value, evidence, expected_on)
        return await run_case_step(info, handlers.record_applicant_delay(
            cmd, info.context.deps, principal))
