"""What attendance and leave announce (past tense, glossary English). Dates are ISO,
Asia/Shanghai; staff are directory ids. Leave reasons stay in intake (personal data)."""

from dataclasses import dataclass
from datetime import date, datetime

from services.kit.domain import DomainEvent


@dataclass(frozen=True)
class LeaveEvent(DomainEvent):
    subject_field = "leave_id"
    leave_id: str
    staff_id: str
    department: str
    kind: str
    from_on: date
    until_on: date
    days: int


@dataclass(frozen=True)
class LeaveRequested(LeaveEvent):
    event_type = "leave.requested"
    approver_level: str  # window_head | duty_director | centre_director
    requested_on: date


@dataclass(frozen=True)
class LeaveApproved(LeaveEvent):
    """Filed with 督查科 (001 考勤制度 (二)4): the office receives every approved leave; the
    cover (the B post or the arranged stand-in) acts with the member's authority."""
    event_type = "leave.approved"
    approver_level: str
    approved_by: str
    approved_on: date
    cover_id: str


@dataclass(frozen=True)
class LeaveRefused(LeaveEvent):
    event_type = "leave.refused"
    refused_by: str
    refused_on: date


@dataclass(frozen=True)
class LeaveEnded(LeaveEvent):
    """销假, or a leave withdrawn: the member acts again from `ended_on`."""
    event_type = "leave.ended"
    ended_on: date
    ended_by: str


@dataclass(frozen=True)
class AttendanceEvent(DomainEvent):
    subject_field = "attendance_id"
    attendance_id: str  # "<staff>:<day>"
    staff_id: str
    department: str
    window: str | None
    on: date
    half: str  # morning | afternoon


@dataclass(frozen=True)
class SignedIn(AttendanceEvent):
    event_type = "attendance.signed_in"
    at: datetime
    source: str  # self | device | duty


@dataclass(frozen=True)
class AbsentWithoutLeave(AttendanceEvent):
    """Not signed in by the check, and no approved leave (擅自离岗 / 旷工, 001 責任追究 §7)."""
    event_type = "attendance.absent_without_leave"
    window_unstaffed: bool  # nobody else of the window present either


@dataclass(frozen=True)
class AttendanceMonthPublished(DomainEvent):
    """A department's month summarised and published (每月公布, 001 考勤制度 (一)), handed to
    督查科: the totals (each member's line is read in intake, `publishedAttendance`)."""
    event_type = "attendance.month_published"
    subject_field = "month_id"
    month_id: str  # "<department>|<YYYY-MM>"
    department: str
    month: str
    members: int
    half_days_signed: int
    half_days_absent: int  # absent without leave
    leave_days: int
    official_outing_days: int
    published_on: date
    published_by: str
