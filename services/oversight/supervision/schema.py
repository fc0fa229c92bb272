"""GraphQL for electronic supervision: supervision cases with their evidence, the office's
verification or dismissal, and the yellow-card warnings."""

from datetime import date
from enum import Enum
from typing import Annotated

import strawberry
from strawberry.types import Info

from services.kit.auth import CENTRE_WIDE, Role, department_scope
from services.kit.clock import centre_date
from services.kit.graphql import (
    Connection, InvalidInput, NotFound, connection, decode_cursor, page_size,
)

from ..accountability.schema import BreachType
from ..results import StateConflict, outcome
from . import domain, handlers

Trigger = strawberry.enum(Enum("SupervisionTrigger", {m.name: m.value for m in domain.Trigger}))
SupervisionStatus = strawberry.enum(Enum("SupervisionStatus",
                                         {m.name: m.value for m in domain.SupervisionStatus}))
READERS = (*CENTRE_WIDE, Role.DEPARTMENT_HEAD)


@strawberry.type
class Evidence:
    event_id: str
    event_type: str
    on: date
    summary: str


@strawberry.type(description="电子监察: opened by an event that shows a breach.")
class SupervisionCase:
    id: strawberry.ID
    trigger: Trigger
    breach: BreachType
    department: str
    subject_type: str
    subject_id: str
    case_number: str | None
    people: list[str]
    opened_on: date
    evidence: list[Evidence]
    status: SupervisionStatus
    decided_by: str | None
    decided_on: date | None
    reasons: str | None

    @classmethod
    def of(cls, c: domain.SupervisionCase) -> "SupervisionCase":
        return cls(id=strawberry.ID(c.id), trigger=Trigger(c.trigger.value),
                   breach=BreachType(c.breach.value), department=c.department,
                   subject_type=c.subject_type, subject_id=c.subject_id,
                   case_number=c.case_number, people=list(c.people), opened_on=c.opened_on,
                   evidence=[Evidence(event_id=e.event_id, event_type=e.event_type, on=e.on,
                                      summary=e.summary) for e in c.evidence],
                   status=SupervisionStatus(c.status.value), decided_by=c.decided_by,
                   decided_on=c.decided_on, reasons=c.reasons)


@strawberry.type(description="预警: a yellow card, listed, not a case.")
class Warning:
    kind: str
    department: str
    subject_type: str
    subject_id: str
    case_number: str | None
    due_date: date
    issued_on: date
    working_days_left: int


@strawberry.type
class SupervisionCaseSaved:
    supervision_case: SupervisionCase


SupervisionResult = Annotated[SupervisionCaseSaved | InvalidInput | NotFound | StateConflict,
                              strawberry.union("SupervisionResult")]


def _department(info: Info, department: str | None) -> str | None:
    return department_scope(info.context.require(*READERS), department)


@strawberry.type
class SupervisionQuery:
    @strawberry.field(description="Supervision cases, newest first; department heads see "
                                  "their department's.")
    async def supervision_cases(self, info: Info, department: str | None = None,
                                status: SupervisionStatus | None = None,
                                trigger: Trigger | None = None, first: int = 20,
                                after: str | None = None) -> Connection[SupervisionCase]:
        department = _department(info, department)
        size = page_size(first)
        found = await info.context.deps.store.supervision_cases(
            department, status.value if status else None, trigger.value if trigger else None,
            decode_cursor(after), size + 1)
        return connection([SupervisionCase.of(c) for c in found],
                          [f"{c.opened_on.isoformat()}|{c.id}" for c in found], size)

    @strawberry.field(description="Yellow cards still ahead of their due date.")
    async def warnings(self, info: Info, department: str | None = None,
                       first: int = 50) -> list[Warning]:
        department = _department(info, department)
        today = centre_date(info.context.deps.clock.now())
        found = await info.context.deps.store.warnings_of(department, today.isoformat(),
                                                          page_size(first))
        return [Warning(kind=w.kind, department=w.department, subject_type=w.subject_type,
                        subject_id=w.subject_id, case_number=w.case_number,
                        due_date=w.due_date, issued_on=w.issued_on,
                        working_days_left=w.working_days_left) for w in found]


@strawberry.type
class SupervisionMutation:
    @strawberry.mutation(description="The office verifies a supervision case (a breach) or "
                                     "dismisses it, with reasons; never one naming oneself.")
    async def decide_supervision_case(self, info: Info, id: strawberry.ID, verify: bool,
                                      reasons: str) -> SupervisionResult:
        return await outcome(
            handlers.decide_supervision_case(str(id), verify, reasons, info.context.deps,
                                             info.context.viewer()),
            lambda c: SupervisionCaseSaved(supervision_case=SupervisionCase.of(c)))
