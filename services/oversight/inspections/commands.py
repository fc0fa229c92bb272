"""What the centre asks of a week's inspection (值周, 001): imperative names, raw input."""

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class OpenInspectionWeek:
    monday: date
    leader_id: str  # a deputy director of the centre leads (值周由一名中心副主任带队)
    member_ids: list[str] = field(default_factory=list)  # the window units' members, in turn


@dataclass(frozen=True)
class FindingInput:
    department: str
    window: str | None
    item: str  # the checklist item (CheckItem's value)
    note: str
    evidence: str | None = None
    people: list[str] = field(default_factory=list)
    referral: str = "none"  # none | supervision | accountability
    breach: str | None = None  # required when referred


@dataclass(frozen=True)
class RecordInspectionCheck:
    week_id: str
    kind: str  # full | spot
    on: date
    windows: list[str] = field(default_factory=list)  # "<department>/<window>" checked
    findings: list[FindingInput] = field(default_factory=list)


@dataclass(frozen=True)
class HandOverInspectionWeek:
    week_id: str
    to_leader_id: str
    notes: str
