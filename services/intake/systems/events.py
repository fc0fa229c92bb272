"""What a department system's registration announces (never its secret)."""

from dataclasses import dataclass

from services.kit.domain import DomainEvent


@dataclass(frozen=True)
class DepartmentSystemEvent(DomainEvent):
    subject_field = "client_id"
    client_id: str
    department: str


@dataclass(frozen=True)
class DepartmentSystemRegistered(DepartmentSystemEvent):
    event_type = "department_system.registered"
    name: str
    roles: list[str]
    operations: list[str]
    registered_by: str


@dataclass(frozen=True)
class DepartmentSystemSecretRotated(DepartmentSystemEvent):
    event_type = "department_system.secret_rotated"
    rotated_by: str


@dataclass(frozen=True)
class DepartmentSystemRetired(DepartmentSystemEvent):
    event_type = "department_system.retired"
    retired_by: str
