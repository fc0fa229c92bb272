"""GraphQL for weekly inspections (值周, 001): the week, its checks and findings, the
hand-over. The office (督查科 records; the centre's leaders read) works them; a department's
head reads the findings about their windows."""

from datetime import date, datetime
from enum import Enum
from typing import Annotated

import strawberry
from strawberry.types import Info

from services.kit.auth import CENTRE_WIDE, Role
from services.kit.graphql import InvalidInput, NotFound

from ..accountability.schema import BreachType
from ..deps import OFFICE
from ..results import StateConflict, outcome
from . import commands, domain, handlers

CheckItem = strawberry.enum(Enum("InspectionItem", {m.name: m.value for m in domain.CheckItem}),
                            description="卫生保洁、档案管理、出勤、佩证上岗、服务态度、仪态言行、安全防范、"
                                        "六制办理、五件管理 (001 值周制度 (一))")
CheckKind = strawberry.enum(Enum("InspectionCheckKind",
                                 {m.name: m.value for m in domain.CheckKind}),
                            description="全面检查 / 抽查")
Referral = strawberry.enum(Enum("InspectionReferral", {m.name: m.value for m in domain.Referral}),
                           description="Kept as a finding; to supervision; to accountability")
WeekStatus = strawberry.enum(Enum("InspectionWeekStatus",
                                  {m.name: m.value for m in domain.WeekStatus}))


@strawberry.type
class InspectionFinding:
    id: strawberry.ID
    check_number: int
    department: str
    window: str | None
    item: CheckItem
    item_name: str
    note: str
    evidence: str | None
    people: list[str]
    referral: Referral
    breach: BreachType | None


@strawberry.type
class InspectionCheck:
    number: int
    kind: CheckKind
    on: date
    windows: list[str]
    recorded_by: str
    recorded_at: datetime


@strawberry.type(description="值周: a week's inspection, led by a deputy director of the centre.")
class InspectionWeek:
    id: strawberry.ID
    monday: date
    leader_id: str
    member_ids: list[str]
    status: WeekStatus
    checks: list[InspectionCheck]
    findings: list[InspectionFinding]
    handed_over_to: str | None
    handed_over_on: date | None
    handover_notes: str | None

    @classmethod
    def of(cls, w: domain.InspectionWeek, department: str | None = None) -> "InspectionWeek":
        findings = [f for f in w.findings if department is None or f.department == department]
        return cls(
            id=strawberry.ID(w.id), monday=w.monday, leader_id=w.leader_id,
            member_ids=list(w.member_ids), status=WeekStatus(w.status.value),
            checks=[InspectionCheck(number=c.number, kind=CheckKind(c.kind.value), on=c.on,
                                    windows=list(c.windows), recorded_by=c.recorded_by,
                                    recorded_at=c.recorded_at) for c in w.checks],
            findings=[InspectionFinding(
                id=strawberry.ID(f.id), check_number=f.check_number, department=f.department,
                window=f.window, item=CheckItem(f.item.value), item_name=domain.ITEM_NAMES[f.item],
                note=f.note, evidence=f.evidence, people=list(f.people),
                referral=Referral(f.referral.value),
                breach=BreachType(f.breach.value) if f.breach else None) for f in findings],
            handed_over_to=w.handed_over_to, handed_over_on=w.handed_over_on,
            handover_notes=w.handover_notes)


@strawberry.type
class InspectionWeekSaved:
    week: InspectionWeek


InspectionOutcome = Annotated[InspectionWeekSaved | InvalidInput | NotFound | StateConflict,
                              strawberry.union("InspectionOutcome")]


async def _run(call) -> InspectionOutcome:
    return await outcome(call, lambda w: InspectionWeekSaved(week=InspectionWeek.of(w)))


@strawberry.input
class OpenInspectionWeekInput:
    monday: date
    leader_id: str = strawberry.field(description="The deputy director who leads the week")
    member_ids: list[str] = strawberry.field(description="Members from the window units")


@strawberry.input
class InspectionFindingInput:
    department: str
    item: CheckItem
    note: str
    window: str | None = None
    evidence: str | None = None
    people: list[str] = strawberry.field(default_factory=list)
    referral: Referral = Referral.NONE  # type: ignore[attr-defined]
    breach: BreachType | None = None


@strawberry.input
class RecordInspectionCheckInput:
    week_id: strawberry.ID
    kind: CheckKind
    on: date
    windows: list[str] = strawberry.field(description='"<department>/<window>" checked')
    findings: list[InspectionFindingInput] = strawberry.field(default_factory=list)


@strawberry.type
class InspectionQuery:
    @strawberry.field(description="The week's inspection: the office reads it all, a "
                                  "department's head the findings about their windows.")
    async def inspection_week(self, info: Info, monday: date) -> InspectionWeek | None:
        viewer = info.context.require(*CENTRE_WIDE, Role.DEPARTMENT_HEAD)
        found = await info.context.deps.store.inspection_weeks.get(monday.isoformat())
        if found is None:
            return None
        scope = None if viewer.has_any(*CENTRE_WIDE) else (viewer.department or "?")
        return InspectionWeek.of(found, scope)


@strawberry.type
class InspectionMutation:
    @strawberry.mutation(description="Open a week's inspection: its leader and members.")
    async def open_inspection_week(self, info: Info,
                                   input: OpenInspectionWeekInput) -> InspectionOutcome:
        principal = info.context.require(*OFFICE)
        return await _run(handlers.open_inspection_week(commands.OpenInspectionWeek(
            input.monday, input.leader_id, list(input.member_ids)), info.context.deps,
            principal))

    @strawberry.mutation(description="Record a check (full or spot) with its findings; a "
                                     "finding referred on opens a supervision case or an "
                                     "accountability finding.")
    async def record_inspection_check(self, info: Info,
                                      input: RecordInspectionCheckInput) -> InspectionOutcome:
        principal = info.context.require(*OFFICE)
        cmd = commands.RecordInspectionCheck(
            str(input.week_id), input.kind.value, input.on, list(input.windows), [
                commands.FindingInput(f.department, f.window, f.item.value, f.note,
                                      f.evidence, list(f.people), f.referral.value,
                                      f.breach.value if f.breach else None)
                for f in input.findings])
        return await _run(handlers.record_inspection_check(cmd, info.context.deps, principal))

    @strawberry.mutation(description="Hand the week over (Friday, before closing; after its "
                                     "full check).")
    async def hand_over_inspection_week(self, info: Info, week_id: strawberry.ID,
                                        to_leader_id: str, notes: str) -> InspectionOutcome:
        principal = info.context.require(*OFFICE)
        return await _run(handlers.hand_over_inspection_week(commands.HandOverInspectionWeek(
            str(week_id), to_leader_id, notes), info.context.deps, principal))
