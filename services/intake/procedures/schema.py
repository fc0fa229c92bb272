"""GraphQL types of special procedures (特别程序), extensions (延期) and the applicant's own
delay; the mutations are cases/step_schema.py's."""

from datetime import date
from enum import Enum

import strawberry

from services.kit.auth import Role

from . import domain

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
