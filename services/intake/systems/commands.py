"""What can be asked about department systems (imperative)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class RegisterDepartmentSystem:
    name: str
    department: str
    roles: list[str]
    operations: list[str]


@dataclass(frozen=True)
class RotateDepartmentSystemSecret:
    client_id: str


@dataclass(frozen=True)
class RetireDepartmentSystem:
    client_id: str
