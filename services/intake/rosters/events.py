"""What the duty rosters announce (past tense, glossary English). Dates are ISO,
Asia/Shanghai; staff are directory ids."""

from dataclasses import dataclass

from datetime import date

from services.kit.domain import DomainEvent


@dataclass(frozen=True)
class DutyRosterSet(DomainEvent):
    """A department's duty roster of a day, as set (it replaces the day's earlier one)."""
    event_type = "duty_roster.set"
    subject_field = "roster_id"
    roster_id: str
    department: str
    on: date
    duties: list  # [{window, part, staff_ids}]
    set_by: str


@dataclass(frozen=True)
class LunchDutyGapFound(DomainEvent):
    """003 延时服务制: a window with nobody on duty in a half of the lunch break of a working
    day (no roster, or everyone rostered away on approved leave)."""
    event_type = "duty_roster.gap_found"
    subject_field = "roster_id"
    roster_id: str
    department: str
    window: str
    parts: list  # the lunch-time halves left empty: lunch_first, lunch_second
    on: date
    found_at: str  # what was found: "no_roster" | "nobody_rostered" | "all_absent"


@dataclass(frozen=True)
class DutyDirectorNamed(DomainEvent):
    """The centre's duty director (值班主任) of a day: approves leave of a day or less (001
    考勤制度 (二)2) and checks the day's duty record (导办员工作 三3)."""
    event_type = "duty_director.named"
    subject_field = "on"
    on: date
    staff_id: str
    named_by: str
