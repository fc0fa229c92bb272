"""What a week's inspection (值周) announces (past tense, glossary English). Dates are ISO,
Asia/Shanghai; people are directory ids."""

from dataclasses import dataclass
from datetime import date

from services.kit.domain import DomainEvent


@dataclass(frozen=True)
class InspectionWeekEvent(DomainEvent):
    subject_field = "week_id"
    week_id: str  # the week's Monday, ISO


@dataclass(frozen=True)
class InspectionWeekOpened(InspectionWeekEvent):
    event_type = "inspection_week.opened"
    leader_id: str
    member_ids: list
    opened_by: str


@dataclass(frozen=True)
class InspectionCheckRecorded(InspectionWeekEvent):
    """督查科 records a check: full (全面检查) or spot (抽查), the windows checked."""
    event_type = "inspection.check_recorded"
    check_number: int
    kind: str
    on: date
    windows: list
    findings: int
    recorded_by: str


@dataclass(frozen=True)
class InspectionFindingRecorded(InspectionWeekEvent):
    """A window found short of a rule (001 值周制度 (一)); `referral` says whether it opens a
    supervision case or an accountability finding; counted in the month's assessment."""
    event_type = "inspection.finding_recorded"
    finding_id: str  # "<week>:<n>"
    department: str
    window: str | None
    item: str
    on: date
    people: list
    referral: str
    breach: str | None
    summary: str


@dataclass(frozen=True)
class InspectionWeekHandedOver(InspectionWeekEvent):
    """每周五下午下班前办理好交接手续."""
    event_type = "inspection_week.handed_over"
    to_leader_id: str
    handed_over_on: date
    full_checks: int
    spot_checks: int
    findings: int
