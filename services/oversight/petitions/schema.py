"""GraphQL for petitions, hotline and referred matters (004 限时办结 §7)."""

from datetime import date, datetime
from enum import Enum
from typing import Annotated

import strawberry
from strawberry.types import Info

from services.kit.auth import CENTRE_WIDE, Role, department_scope
from services.kit.graphql import (
    Connection, InvalidInput, NotFound, connection, decode_cursor, page_size,
)

from ..results import StateConflict, outcome
from . import commands, domain, handlers

PetitionKind = strawberry.enum(Enum("PetitionKind", {m.name: m.value for m in domain.PetitionKind}),
                               description="举报, 申诉, 求助, 批评, 意见")
PetitionSource = strawberry.enum(
    Enum("PetitionSource", {m.name: m.value for m in domain.PetitionSource}),
    description="信访件/群众来信, 市长热线, 领导批转件, 来访, 网上")
PetitionStatus = strawberry.enum(
    Enum("PetitionStatus", {m.name: m.value for m in domain.PetitionStatus}))
READERS = (*CENTRE_WIDE, Role.WINDOW_STAFF, Role.CHIEF_APPROVER, Role.DEPARTMENT_HEAD)


@strawberry.type(description="A petition, hotline or referred matter; its time limit is the "
                             "deadlines service's PETITION_HANDLING clock.")
class Petition:
    id: strawberry.ID
    kind: PetitionKind
    source: PetitionSource
    source_ref: str | None
    department: str
    matter: str
    petitioner_name: str | None
    petitioner_contact: str | None
    received_at: datetime
    received_on: date
    limit: int = strawberry.field(description="Working days")
    assigned_to: str | None
    status: PetitionStatus
    status_name: str
    extension_days: int | None
    extension_reason: str | None
    answer: str | None
    answered_on: date | None

    @classmethod
    def of(cls, p: domain.Petition) -> "Petition":
        return cls(id=strawberry.ID(p.id), kind=PetitionKind(p.kind.value),
                   source=PetitionSource(p.source.value), source_ref=p.source_ref,
                   department=p.department, matter=p.matter,
                   petitioner_name=p.petitioner_name, petitioner_contact=p.petitioner_contact,
                   received_at=p.received_at, received_on=p.received_on, limit=p.limit,
                   assigned_to=p.assigned_to, status=PetitionStatus(p.status.value),
                   status_name=domain.STATUS_NAMES[p.status],
                   extension_days=p.extension.days if p.extension else None,
                   extension_reason=p.extension.reason if p.extension else None,
                   answer=p.answer, answered_on=p.answered_on)


@strawberry.type
class PetitionSaved:
    petition: Petition


PetitionResult = Annotated[PetitionSaved | InvalidInput | NotFound | StateConflict,
                           strawberry.union("PetitionResult")]


async def _run(call) -> PetitionResult:
    return await outcome(call, lambda p: PetitionSaved(petition=Petition.of(p)))


@strawberry.input
class RegisterPetitionInput:
    kind: PetitionKind
    source: PetitionSource
    department: str = strawberry.field(description="The department that handles it")
    matter: str
    petitioner_name: str | None = None
    petitioner_contact: str | None = None
    source_ref: str | None = strawberry.field(default=None,
                                              description="e.g. the 12345 ticket number")
    limit: int | None = strawberry.field(
        default=None, description="A limit the source set (working days); none: 15")
    assigned_to: str | None = strawberry.field(default=None,
                                               description="The staff member in charge")


@strawberry.type
class PetitionQuery:
    @strawberry.field(description="Petitions, newest first: the office all, a department's "
                                  "staff their department's.")
    async def petitions(self, info: Info, department: str | None = None,
                        status: PetitionStatus | None = None, first: int = 20,
                        after: str | None = None) -> Connection[Petition]:
        department = department_scope(info.context.require(*READERS), department)
        size = page_size(first)
        found = await info.context.deps.store.petitions_of(
            department, status.value if status else None, decode_cursor(after), size + 1)
        return connection([Petition.of(p) for p in found], [p.id for p in found], size)

    @strawberry.field(description="One petition: the office, or its department's staff.")
    async def petition(self, info: Info, id: strawberry.ID) -> Petition | None:
        viewer = info.context.require(*READERS)
        found = await info.context.deps.store.petitions.get(str(id))
        if found is None:
            return None
        department_scope(viewer, found.department)
        return Petition.of(found)


@strawberry.type
class PetitionMutation:
    @strawberry.mutation(description="Register (备案登记) a petition, hotline or referred "
                                     "matter for a department: its clock starts.")
    async def register_petition(self, info: Info,
                                input: RegisterPetitionInput) -> PetitionResult:
        cmd = commands.RegisterPetition(
            input.kind.value, input.source.value, input.department, input.matter,
            input.petitioner_name, input.petitioner_contact, input.source_ref, input.limit,
            input.assigned_to)
        return await _run(handlers.register_petition(cmd, info.context.deps,
                                                     info.context.require(*READERS)))

    @strawberry.mutation(description="A complicated one extended once, with reasons, by the "
                                     "department's deputy leader (or the office).")
    async def extend_petition(self, info: Info, id: strawberry.ID, days: int,
                              reason: str) -> PetitionResult:
        return await _run(handlers.extend_petition(commands.ExtendPetition(id, days, reason),
                                                   info.context.deps,
                                                   info.context.require(*READERS)))

    @strawberry.mutation(description="The department's written answer: the clock stops.")
    async def answer_petition(self, info: Info, id: strawberry.ID,
                              answer: str) -> PetitionResult:
        return await _run(handlers.answer_petition(commands.AnswerPetition(id, answer),
                                                   info.context.deps,
                                                   info.context.require(*READERS)))
