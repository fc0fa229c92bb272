"""Department systems (部门业务系统): another department's own approval system that signs in
with OAuth2 client credentials (a client of the identity provider per system) and reports
through the same GraphQL what was done in it: opinions, decision, delivery (办件过程信息,
国办函〔2016〕108号). Registered by an administrator for one department, with the roles its
operations need and the operations it may call (kit.auth.SYSTEM_OPERATIONS); it acts on its
department's cases only, and for a named member of that department's staff (whose post the
directory checks). Pure."""

import enum
from dataclasses import dataclass
from datetime import datetime

from services.kit.auth import SYSTEM_OPERATIONS, SYSTEM_ROLES, Principal, Role
from services.kit.codec import transient
from services.kit.domain import DomainEvent, RuleBroken
from services.kit.domain import InputError
from services.kit.validation import SHORT_MAX, code, items, text

from .events import DepartmentSystemRegistered, DepartmentSystemRetired, \
    DepartmentSystemSecretRotated

CLIENT_PREFIX = "dept-system-"


class SystemStatus(enum.StrEnum):
    ACTIVE = "active"
    RETIRED = "retired"


class SystemStateError(RuleBroken):
    """A step the registration's state does not allow."""


@dataclass(frozen=True)
class SystemRegistration:
    name: str
    department: str
    roles: tuple[str, ...]
    operations: tuple[str, ...]

    @classmethod
    def validate(cls, principal: Principal, name: str, department: str, roles: list[str],
                 operations: list[str]) -> "SystemRegistration":
        principal.require(Role.ADMIN)
        name = text("name", name, SHORT_MAX)
        department = code("department", department)
        chosen_roles = tuple(dict.fromkeys(items("roles", roles, len(SYSTEM_ROLES))))
        for role in chosen_roles:
            if role not in {r.value for r in SYSTEM_ROLES}:
                raise InputError("roles", "INVALID_VALUE",
                                 f"部门业务系统只能获得以下角色：{', '.join(r.value for r in SYSTEM_ROLES)}")
        if not chosen_roles:
            raise InputError("roles", "REQUIRED", "roles 至少一项")
        chosen = tuple(dict.fromkeys(items("operations", operations, len(SYSTEM_OPERATIONS))))
        unknown = [o for o in chosen if o not in SYSTEM_OPERATIONS]
        if unknown:
            raise InputError("operations", "OPERATION_NOT_GRANTABLE",
                             f"不能授予部门业务系统的操作：{', '.join(unknown)[:200]}")
        if not chosen:
            raise InputError("operations", "REQUIRED", "operations 至少一项")
        return cls(name, department, chosen_roles, chosen)


@dataclass
class DepartmentSystem:
    id: str  # the identity provider's client id
    name: str
    department: str
    roles: list[str]
    operations: list[str]
    registered_by: str
    registered_at: datetime
    secret_rotated_at: datetime | None = None
    status: SystemStatus = SystemStatus.ACTIVE
    version: int = transient(default=0)
    events: list[DomainEvent] = transient(default_factory=list)

    @classmethod
    def register(cls, registration: SystemRegistration, client_id: str, now: datetime,
                 by: str) -> "DepartmentSystem":
        s = cls(client_id, registration.name, registration.department,
                list(registration.roles), list(registration.operations), by, now)
        s.events.append(DepartmentSystemRegistered(client_id, s.department, s.name, s.roles,
                                                   s.operations, by))
        return s

    def rotate_secret(self, now: datetime, by: str) -> None:
        self._active()
        self.secret_rotated_at = now
        self.events.append(DepartmentSystemSecretRotated(self.id, self.department, by))

    def retire(self, by: str) -> None:
        self._active()
        self.status = SystemStatus.RETIRED
        self.events.append(DepartmentSystemRetired(self.id, self.department, by))

    def _active(self) -> None:
        if self.status is not SystemStatus.ACTIVE:
            raise SystemStateError("SYSTEM_RETIRED", "该部门业务系统已停用")
