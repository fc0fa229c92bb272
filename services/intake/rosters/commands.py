"""What a department's head (or the centre) asks of the duty rosters (imperative names).
Commands carry raw input; the domain validates it."""

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class DutyInput:
    window: str
    part: str  # DayPart's value
    staff_ids: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SetDutyRoster:
    department: str
    on: date
    duties: list[DutyInput] = field(default_factory=list)


@dataclass(frozen=True)
class NameDutyDirector:
    on: date
    staff_id: str
