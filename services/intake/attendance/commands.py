"""What staff, approvers and the duty staff ask of attendance and leave (imperative names).
Raw input; the domain validates it."""

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class RequestLeave:
    kind: str  # official_outing | leave
    from_on: date
    until_on: date
    reason: str
    stand_in_id: str | None = None  # where the post has no B: the stand-in arranged


@dataclass(frozen=True)
class DecideLeave:
    leave_id: str
    approve: bool
    remarks: str | None = None


@dataclass(frozen=True)
class EndLeave:
    """销假: back before the leave's end (or a leave withdrawn before it starts)."""
    leave_id: str


@dataclass(frozen=True)
class SignIn:
    """A sign-in: the member themselves at the workbench, a sign-in device's feed, or the
    duty staff for one the device failed (停电、签到机故障, 001 导办员工作 二3)."""
    staff_id: str
    at: datetime | None = None  # a device's reading; now otherwise
    note: str | None = None


@dataclass(frozen=True)
class PublishMonthlyAttendance:
    """每月公布: a department's month, once it is over (综合科 for 督查科)."""
    department: str
    month: str  # YYYY-MM
