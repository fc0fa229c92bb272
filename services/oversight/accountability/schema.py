"""GraphQL for accountability: the breach catalogue; findings with their allocation, hearings,
sanctions and appeals."""

from datetime import date
from enum import Enum
from typing import Annotated

import strawberry
from strawberry.types import Info

from services.kit.auth import CENTRE_WIDE, Role, department_scope
from services.kit.graphql import (
    Connection, InvalidInput, NotFound, connection, decode_cursor, page_size,
)

from ..deps import require_department
from ..results import StateConflict, outcome
from . import allocation, commands, domain, handlers
from .breaches import BREACH_NAMES, Breach


def _enum(name: str, source, description: str | None = None):
    return strawberry.enum(Enum(name, {m.name: m.value for m in source}),
                           description=description)


BreachType = _enum("BreachType", Breach, "The breach catalogue (000 §9-13, 001 §7)")
Fault = _enum("Fault", allocation.Fault, "How the breach came about (000 §5-8, 002)")
ResponsibleRole = _enum("ResponsibleRole", allocation.Role)
Responsibility = _enum("Responsibility", allocation.Responsibility,
                       "直接责任 / 直接主管 / 监管 / 失察")
SanctionLevel = _enum("SanctionLevel", domain.Sanction, "The ladder, lightest first")
LighterKind = _enum("LighterCircumstance", domain.Lighter)
AppealOutcome = _enum("AppealOutcome", domain.AppealOutcome)
Verdict = _enum("RightVerdict", Enum("V", {"APPROVE": "approve", "DENY": "deny"}))
READERS = (*CENTRE_WIDE, Role.DEPARTMENT_HEAD)


@strawberry.type(description="One entry of the breach catalogue.")
class BreachEntry:
    type: BreachType
    name: str


@strawberry.type
class Share:
    staff_id: str
    role: ResponsibleRole
    responsibility: Responsibility


@strawberry.type(description="Who carries the breach, and the rule that decided it.")
class Allocation:
    rule: str
    shares: list[Share]


@strawberry.type
class Hearing:
    staff_id: str
    statement: str
    defence: str
    on: date


@strawberry.type
class Sanction:
    id: strawberry.ID
    staff_id: str
    level: SanctionLevel
    reasons: str
    heavier: list[str] = strawberry.field(description="Detected from the data")
    lighter: list[LighterKind]
    decided_on: date


@strawberry.type
class Appeal:
    id: strawberry.ID
    sanction_id: str
    staff_id: str
    statement: str
    filed_on: date
    outcome: AppealOutcome | None
    answer: str | None
    answered_on: date | None


@strawberry.type(description="责任追究: a breach finding.")
class Finding:
    id: strawberry.ID
    breach: BreachType
    department: str
    case_id: str | None
    case_number: str | None
    source: str
    people: list[str]
    opened_on: date
    allocation: Allocation | None
    hearings: list[Hearing]
    sanctions: list[Sanction]
    appeals: list[Appeal]

    @classmethod
    def of(cls, f: domain.Finding) -> "Finding":
        a = f.allocation
        return cls(
            id=strawberry.ID(f.id), breach=BreachType(f.breach.value), department=f.department,
            case_id=f.case_id, case_number=f.case_number, source=f.source,
            people=list(f.people), opened_on=f.opened_on,
            allocation=Allocation(rule=a.rule, shares=[
                Share(staff_id=s.staff_id, role=ResponsibleRole(s.role.value),
                      responsibility=Responsibility(s.responsibility.value))
                for s in a.shares]) if a else None,
            hearings=[Hearing(staff_id=h.staff_id, statement=h.statement, defence=h.defence,
                              on=h.on) for h in f.hearings],
            sanctions=[Sanction(id=strawberry.ID(s.id), staff_id=s.staff_id,
                                level=SanctionLevel(s.level.value), reasons=s.reasons,
                                heavier=[h.value for h in s.heavier],
                                lighter=[LighterKind(c.kind.value) for c in s.lighter],
                                decided_on=s.decided_on) for s in f.sanctions],
            appeals=[Appeal(id=strawberry.ID(p.id), sanction_id=p.sanction_id,
                            staff_id=p.staff_id, statement=p.statement, filed_on=p.filed_on,
                            outcome=AppealOutcome(p.outcome.value) if p.outcome else None,
                            answer=p.answer, answered_on=p.answered_on) for p in f.appeals])


@strawberry.input
class NamedPerson:
    role: ResponsibleRole
    staff_id: str


@strawberry.input
class LighterInput:
    kind: LighterKind
    evidence: str


@strawberry.type
class FindingSaved:
    finding: Finding


FindingResult = Annotated[FindingSaved | InvalidInput | NotFound | StateConflict,
                          strawberry.union("FindingResult")]


async def _run(call) -> FindingResult:
    return await outcome(call, lambda f: FindingSaved(finding=Finding.of(f)))


@strawberry.type
class AccountabilityQuery:
    @strawberry.field(description="The breach catalogue: what a complaint or finding names.")
    def breach_catalogue(self) -> list[BreachEntry]:
        return [BreachEntry(type=BreachType(b.value), name=BREACH_NAMES[b]) for b in Breach]

    @strawberry.field(description="Findings, newest first; department heads see their "
                                  "department's, a staff member the ones naming them.")
    async def findings(self, info: Info, department: str | None = None, first: int = 20,
                       after: str | None = None) -> Connection[Finding]:
        department = department_scope(info.context.require(*READERS), department)
        size = page_size(first)
        found = await info.context.deps.store.findings_listed(department, decode_cursor(after),
                                                              size + 1)
        return connection([Finding.of(f) for f in found],
                          [f"{f.opened_on.isoformat()}|{f.id}" for f in found], size)

    @strawberry.field(description="One finding: the office, the department's head, or a "
                                  "person it names.")
    async def finding(self, info: Info, id: strawberry.ID) -> Finding | None:
        viewer = info.context.require()
        found = await info.context.deps.store.findings.get(str(id))
        if found is None:
            return None
        if viewer.subject not in found.people:
            viewer.require(*READERS)
            require_department(viewer, found.department)
        return Finding.of(found)


@strawberry.type
class AccountabilityMutation:
    @strawberry.mutation(description="A finding from a verified supervision case, from a "
                                     "complaint concluded substantiated or partly, or typed in "
                                     "by the office (breach, department, case, people).")
    async def open_finding(self, info: Info, supervision_case_id: strawberry.ID | None = None,
                           complaint_id: strawberry.ID | None = None,
                           breach: BreachType | None = None, department: str | None = None,
                           case_id: strawberry.ID | None = None,
                           people: list[str] | None = None) -> FindingResult:
        cmd = commands.OpenFinding(supervision_case_id, complaint_id,
                                   breach.value if breach else None, department, case_id,
                                   list(people or []))
        return await _run(handlers.open_finding(cmd, info.context.deps, info.context.viewer()))

    @strawberry.mutation(description="Allocate responsibility (000 §4-8, 002): the chain comes "
                                     "from the case's decision; `named` gives people the chain "
                                     "does not hold.")
    async def allocate_responsibility(self, info: Info, id: strawberry.ID, fault: Fault,
                                      right_verdict: Verdict | None = None,
                                      named: list[NamedPerson] | None = None) -> FindingResult:
        cmd = commands.AllocateResponsibility(
            str(id), fault.value, right_verdict.value if right_verdict else None,
            {n.role.value: n.staff_id for n in named or []})
        return await _run(handlers.allocate_responsibility(cmd, info.context.deps,
                                                           info.context.viewer()))

    @strawberry.mutation(description="The person's statement and defence (001 §10).")
    async def record_hearing(self, info: Info, id: strawberry.ID, staff_id: str,
                             statement: str, defence: str = "") -> FindingResult:
        cmd = commands.RecordHearing(str(id), staff_id, statement, defence)
        return await _run(handlers.record_hearing(cmd, info.context.deps, info.context.viewer()))

    @strawberry.mutation(description="A sanction from the ladder; refused without a hearing "
                                     "record. Heavier circumstances are detected.")
    async def decide_sanction(self, info: Info, id: strawberry.ID, staff_id: str,
                              level: SanctionLevel, reasons: str,
                              lighter: list[LighterInput] | None = None) -> FindingResult:
        cmd = commands.DecideSanction(str(id), staff_id, level.value, reasons,
                                      [(c.kind.value, c.evidence) for c in lighter or []])
        return await _run(handlers.decide_sanction(cmd, info.context.deps,
                                                   info.context.viewer()))

    @strawberry.mutation(description="The sanctioned person appeals, within 15 days (000 §16).")
    async def file_appeal(self, info: Info, id: strawberry.ID, sanction_id: strawberry.ID,
                          statement: str) -> FindingResult:
        cmd = commands.FileAppeal(str(id), str(sanction_id), statement)
        return await _run(handlers.file_appeal(cmd, info.context.deps, info.context.viewer()))

    @strawberry.mutation(description="The office answers the appeal (within one month).")
    async def answer_appeal(self, info: Info, id: strawberry.ID, appeal_id: strawberry.ID,
                            outcome: AppealOutcome, answer: str) -> FindingResult:
        cmd = commands.AnswerAppeal(str(id), str(appeal_id), outcome.value, answer)
        return await _run(handlers.answer_appeal(cmd, info.context.deps, info.context.viewer()))
