"""What administrators and department heads ask of the staff directory, and referrals
(where a visitor or a matter is sent), as raw input.
"""

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class WindowDetails:
    code: str
    name: str


@dataclass(frozen=True)
class DefineDepartment:
    code: str
    name: str
    windows: list[WindowDetails] = field(default_factory=list)


@dataclass(frozen=True)
class AppointChiefApprover:
    department: str
    staff_id: str
    term_start: date
    term_end: date
    authority: str
    decision_items: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RegisterStaff:
    staff_id: str
    name: str
    department: str
    rank_title: str
    rank_level: int
    roles: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    window: str | None = None
    backup_id: str | None = None
    position: str = "staff"


@dataclass(frozen=True)
class RecordAbsence:
    staff_id: str
    reason: str  # leave | training | meeting
    from_on: date
    until_on: date


@dataclass(frozen=True)
class EndAbsence:
    staff_id: str


@dataclass(frozen=True)
class Referral:
    kind: str  # staff | window | department | outside
    target: str | None = None
    where: str | None = None
