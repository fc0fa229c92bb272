"""GraphQL for department systems: registered, their secret rotated, retired by an
administrator; listed for administrators (all) and a department's head (their own)."""

from datetime import datetime
from enum import Enum
from typing import Annotated

import strawberry
from strawberry.types import Info

from services.kit import graphql
from services.kit.auth import SYSTEM_OPERATIONS, Role, department_scope
from services.kit.graphql import InvalidInput, NotFound

from ..results import ConcurrentEdit
from . import commands, domain, handlers

SystemStatus = strawberry.enum(Enum("DepartmentSystemStatus",
                                    {m.name: m.value for m in domain.SystemStatus}))


@strawberry.type(description="Another department's own approval system (部门业务系统): signs in "
                             "with OAuth2 client credentials, reports steps for its "
                             "department's staff (header `onewindow-acting-staff`).")
class DepartmentSystem:
    client_id: str
    name: str
    department: str
    roles: list[str]
    operations: list[str]
    status: SystemStatus
    registered_at: datetime
    registered_by: str
    secret_rotated_at: datetime | None

    @classmethod
    def of(cls, s: domain.DepartmentSystem) -> "DepartmentSystem":
        return cls(client_id=s.id, name=s.name, department=s.department, roles=list(s.roles),
                   operations=list(s.operations), status=SystemStatus(s.status.value),
                   registered_at=s.registered_at, registered_by=s.registered_by,
                   secret_rotated_at=s.secret_rotated_at)


@strawberry.type(description="The client's credentials: the secret is shown this once.")
class DepartmentSystemCredentials:
    system: DepartmentSystem
    client_id: str
    client_secret: str
    token_url: str


@strawberry.type
class DepartmentSystemSaved:
    system: DepartmentSystem


@strawberry.type(description="Refused (the identity provider away, a retired system).")
class DepartmentSystemRefused:
    code: str
    message: str


CredentialsResult = Annotated[
    DepartmentSystemCredentials | InvalidInput | NotFound | DepartmentSystemRefused
    | ConcurrentEdit, strawberry.union("DepartmentSystemCredentialsResult")]
SystemResult = Annotated[
    DepartmentSystemSaved | InvalidInput | NotFound | DepartmentSystemRefused | ConcurrentEdit,
    strawberry.union("DepartmentSystemResult")]


@strawberry.input
class RegisterDepartmentSystemInput:
    name: str
    department: str
    roles: list[str] = strawberry.field(description="Of window_staff, chief_approver, "
                                                    "department_head")
    operations: list[str] = strawberry.field(
        description="Of: " + ", ".join(SYSTEM_OPERATIONS))


def _credentials(info: Info):
    def wrap(pair) -> DepartmentSystemCredentials:
        system, secret = pair
        return DepartmentSystemCredentials(system=DepartmentSystem.of(system),
                                           client_id=system.id, client_secret=secret,
                                           token_url=info.context.deps.realm.token_url)
    return wrap


async def _run(call, wrap):
    return await graphql.outcome(call, wrap, DepartmentSystemRefused, ConcurrentEdit)


@strawberry.type
class SystemQuery:
    @strawberry.field(description="Department systems: administrators every one, a "
                                  "department's head their department's.")
    async def department_systems(self, info: Info,
                                 department: str | None = None) -> list[DepartmentSystem]:
        viewer = info.context.require(Role.ADMIN, Role.DEPARTMENT_HEAD)
        scope = department if viewer.has_any(Role.ADMIN) else department_scope(viewer,
                                                                               department)
        return [DepartmentSystem.of(s)
                for s in await info.context.deps.store.systems_of(scope)]


@strawberry.type
class SystemMutation:
    @strawberry.mutation(description="Register a department's system: a client of the identity "
                                     "provider; its secret is in the answer, once.")
    async def register_department_system(
            self, info: Info, input: RegisterDepartmentSystemInput) -> CredentialsResult:
        cmd = commands.RegisterDepartmentSystem(input.name, input.department, list(input.roles),
                                                list(input.operations))
        return await _run(handlers.register_department_system(cmd, info.context.deps,
                                                              info.context.require()),
                          _credentials(info))

    @strawberry.mutation(description="A new client secret (shown once); the old one stops.")
    async def rotate_department_system_secret(self, info: Info,
                                              client_id: str) -> CredentialsResult:
        return await _run(handlers.rotate_department_system_secret(
            commands.RotateDepartmentSystemSecret(client_id), info.context.deps,
            info.context.require()), _credentials(info))

    @strawberry.mutation(description="Stop a system: no new token (one it holds lives ten "
                                     "minutes at most).")
    async def retire_department_system(self, info: Info, client_id: str) -> SystemResult:
        return await _run(handlers.retire_department_system(
            commands.RetireDepartmentSystem(client_id), info.context.deps,
            info.context.require()),
            lambda s: DepartmentSystemSaved(system=DepartmentSystem.of(s)))
