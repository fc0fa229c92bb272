"""Handlers for department systems: the identity provider's client is made (or changed) first,
then the registration stored; a registration that cannot be stored takes its client away
again, so neither exists without the other."""

import uuid

from services.kit.auth import Principal, Role
from services.kit.domain import NotFoundError, RuleBroken
from services.kit.domain import InputError

from ..deps import Deps
from ..directory.realm import RealmUnavailable
from . import commands
from .domain import CLIENT_PREFIX, DepartmentSystem, SystemRegistration
from .realm import SystemClients

WHAT = "部门业务系统"


def _clients(deps: Deps) -> SystemClients:
    if deps.realm is None:
        raise RuleBroken("IDENTITY_PROVIDER_NOT_CONFIGURED",
                         "未配置统一身份认证，不能登记部门业务系统")
    return SystemClients(deps.realm)


def _unavailable() -> RuleBroken:
    return RuleBroken("IDENTITY_PROVIDER_UNAVAILABLE",
                      "统一身份认证暂时无法连接，请稍后再试（nothing was changed）")


async def register_department_system(cmd: commands.RegisterDepartmentSystem, deps: Deps,
                                     principal: Principal) -> tuple[DepartmentSystem, str]:
    """The registration and the client's secret, shown this once."""
    registration = SystemRegistration.validate(principal, cmd.name, cmd.department,
                                               cmd.roles, cmd.operations)
    if await deps.store.departments.get(registration.department) is None:
        raise InputError("department", "UNKNOWN_DEPARTMENT",
                         f"名录中没有部门 {registration.department}")
    clients = _clients(deps)
    client_id = f"{CLIENT_PREFIX}{registration.department}-{uuid.uuid4().hex[:8]}".lower()
    system = DepartmentSystem.register(registration, client_id, deps.clock.now(),
                                       principal.subject or "")
    try:
        secret = await clients.create(client_id, registration.name, registration.department,
                                      list(registration.roles), list(registration.operations))
    except RealmUnavailable:
        raise _unavailable() from None
    try:
        await deps.store.systems.save(system, principal.subject)
    except BaseException:
        await clients.delete(client_id)
        raise
    deps.events_written()
    return system, secret


async def rotate_department_system_secret(cmd: commands.RotateDepartmentSystemSecret,
                                          deps: Deps,
                                          principal: Principal) -> tuple[DepartmentSystem, str]:
    """A new secret (shown once); the old one stops at once."""
    principal.require(Role.ADMIN)
    found = await deps.store.systems.get(cmd.client_id)
    if found is None:
        raise NotFoundError(WHAT, cmd.client_id)
    now = deps.clock.now()
    found.rotate_secret(now, principal.subject or "")  # refused here when retired
    try:
        secret = await _clients(deps).rotate(found.id)
    except RealmUnavailable:
        raise _unavailable() from None
    system = await deps.store.systems.change(
        cmd.client_id, WHAT, lambda s: s.rotate_secret(now, principal.subject or ""),
        principal.subject)
    deps.events_written()
    return system, secret


async def retire_department_system(cmd: commands.RetireDepartmentSystem, deps: Deps,
                                   principal: Principal) -> DepartmentSystem:
    """Its client is disabled (no new token; a token it holds lives ten minutes at most)."""
    principal.require(Role.ADMIN)
    clients = _clients(deps)
    found = await deps.store.systems.get(cmd.client_id)
    if found is not None:
        try:
            await clients.disable(found.id)
        except RealmUnavailable:
            raise _unavailable() from None
    system = await deps.store.systems.change(
        cmd.client_id, WHAT, lambda s: s.retire(principal.subject or ""), principal.subject)
    deps.events_written()
    return system
