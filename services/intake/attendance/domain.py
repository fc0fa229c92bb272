"""Attendance and leave (考勤制度, 001). Pure.

Staff sign in every morning and every afternoon (上午、下午签到): at the workbench, from a
sign-in device's feed, or recorded by the duty staff when the device failed (001 导办员工作
二3). A member not signed in by the half's check and without approved leave is absent without
leave (擅自离岗 / 旷工, 001 責任追究 §7): announced once, to electronic supervision.

Leave is asked for in writing (请假单) and approved by the level the rule names (001 考勤制度
(二)): an official outing (因公外出) by the window's head; leave of one day or less by the
centre's duty director of the day; two days or more by the centre's director. Where the post
has no B, the stand-in the member unit arranged is named. Once approved, the cover acts with
the member's authority (the directory's A/B substitution); every approved leave is filed with
督查科 (its event); the member ends it on return (销假).
"""

import enum
from dataclasses import dataclass, field
from datetime import date, datetime, time

from services.kit.codec import transient
from services.kit.domain import DomainEvent, InputError, RuleBroken
from services.kit.validation import TEXT_MAX, choice, text

from ..directory.domain import AbsenceReason, Position, StaffMember, at_least
from .events import (
    AbsentWithoutLeave, AttendanceMonthPublished, LeaveApproved, LeaveEnded, LeaveRefused,
    LeaveRequested, SignedIn,
)

LEAVE_DAYS_MAX = 90
NOTE_MAX = 200


class LeaveKind(enum.StrEnum):
    OFFICIAL_OUTING = "official_outing"  # 因公外出
    LEAVE = "leave"  # 请假


class ApproverLevel(enum.StrEnum):
    WINDOW_HEAD = "window_head"  # 视窗负责人
    DUTY_DIRECTOR = "duty_director"  # 中心值班主任
    CENTRE_DIRECTOR = "centre_director"  # 中心主任


class LeaveStatus(enum.StrEnum):
    REQUESTED = "requested"
    APPROVED = "approved"
    REFUSED = "refused"
    ENDED = "ended"  # 销假, or withdrawn


class Half(enum.StrEnum):
    MORNING = "morning"
    AFTERNOON = "afternoon"


LEVEL_NAMES = {ApproverLevel.WINDOW_HEAD: "视窗负责人", ApproverLevel.DUTY_DIRECTOR: "中心值班主任",
               ApproverLevel.CENTRE_DIRECTOR: "中心主任"}
NOON = time(12, 0)


class LeaveError(RuleBroken):
    """A leave step out of order, or by someone without the authority the rule names; a month
    published twice."""


def approver_level(kind: LeaveKind, days: int) -> ApproverLevel:
    """001 考勤制度 (二)1-3."""
    if kind is LeaveKind.OFFICIAL_OUTING:
        return ApproverLevel.WINDOW_HEAD
    return ApproverLevel.DUTY_DIRECTOR if days <= 1 else ApproverLevel.CENTRE_DIRECTOR


@dataclass(frozen=True)
class Authority:
    """What the approver is, as the directory and the day's duty director say."""
    member: StaffMember | None
    duty_director: str | None  # of the approval day
    centre_department: str

    def holds(self, level: ApproverLevel, department: str) -> bool:
        m = self.member
        if m is None:
            return False
        if level is ApproverLevel.WINDOW_HEAD:
            return m.department == department and at_least(m.position, Position.SECTION_HEAD)
        if level is ApproverLevel.DUTY_DIRECTOR:
            return m.id == self.duty_director
        return m.department == self.centre_department and m.position is Position.MAIN_LEADER


@dataclass
class LeaveRequest:
    id: str
    staff_id: str
    department: str
    window: str | None
    kind: LeaveKind
    from_on: date
    until_on: date
    reason: str
    cover_id: str  # the B post, or the arranged stand-in
    level: ApproverLevel
    requested_at: datetime
    status: LeaveStatus = LeaveStatus.REQUESTED
    decided_by: str | None = None
    decided_at: datetime | None = None
    remarks: str | None = None
    ended_on: date | None = None
    version: int = transient(default=0)
    events: list[DomainEvent] = transient(default_factory=list, repr=False)

    @property
    def days(self) -> int:
        return (self.until_on - self.from_on).days + 1

    def _ids(self) -> dict:
        return {"leave_id": self.id, "staff_id": self.staff_id, "department": self.department,
                "kind": self.kind.value, "from_on": self.from_on, "until_on": self.until_on,
                "days": self.days}

    @classmethod
    def request(cls, leave_id: str, member: StaffMember, kind: str, from_on: date,
                until_on: date, reason: str, stand_in: StaffMember | None,
                stand_in_id: str | None, at: datetime, today: date) -> "LeaveRequest":
        k = choice("kind", LeaveKind, kind)
        if until_on < from_on:
            raise InputError("untilOn", "END_BEFORE_START", "结束日期早于开始日期")
        if from_on < today:
            raise InputError("fromOn", "IN_THE_PAST", "请假须事先办理，不能补请过去的日期")
        if (until_on - from_on).days + 1 > LEAVE_DAYS_MAX:
            raise InputError("untilOn", "TOO_LONG", f"一次请假不超过 {LEAVE_DAYS_MAX} 天")
        if stand_in_id:
            if stand_in is None or stand_in.department != member.department \
                    or stand_in.id == member.id:
                raise InputError("standInId", "INVALID_STAND_IN", "顶岗人员须为本部门的另一名工作人员")
            cover = stand_in.id
        elif member.backup_id:
            cover = member.backup_id
        else:
            raise InputError("standInId", "STAND_IN_REQUIRED",
                             "该岗位未设 B 岗：须写明成员单位安排的顶岗人员")
        if any(a.covers(d) for a in member.absences for d in (from_on, until_on)):
            raise InputError("fromOn", "OVERLAPPING_ABSENCE", "与已批准的请假或离岗时间重叠")
        request = cls(leave_id, member.id, member.department, member.window, k, from_on,
                      until_on, text("reason", reason, TEXT_MAX), cover,
                      approver_level(k, (until_on - from_on).days + 1), at)
        request.events.append(LeaveRequested(**request._ids(), approver_level=request.level.value,
                                             requested_on=today))
        return request

    def decide(self, approve: bool, remarks: str | None, authority: Authority, by: str,
               at: datetime, day: date) -> None:
        if self.status is not LeaveStatus.REQUESTED:
            raise LeaveError("LEAVE_DECIDED", "该请假单已处理")
        if by == self.staff_id:
            raise LeaveError("OWN_LEAVE", "不能审批本人的请假")
        if not authority.holds(self.level, self.department):
            raise LeaveError("NOT_THE_APPROVER",
                             f"该请假须由{LEVEL_NAMES[self.level]}审批（001 考勤制度）")
        self.remarks = text("remarks", remarks, TEXT_MAX, required=not approve) or None
        self.decided_by, self.decided_at = by, at
        if approve:
            self.status = LeaveStatus.APPROVED
            self.events.append(LeaveApproved(**self._ids(), approver_level=self.level.value,
                                             approved_by=by, approved_on=day,
                                             cover_id=self.cover_id))
        else:
            self.status = LeaveStatus.REFUSED
            self.events.append(LeaveRefused(**self._ids(), refused_by=by, refused_on=day))

    def end(self, by: str, day: date) -> None:
        if self.status not in (LeaveStatus.REQUESTED, LeaveStatus.APPROVED):
            raise LeaveError("LEAVE_CLOSED", "该请假单已结束")
        if by != self.staff_id:
            raise LeaveError("NOT_YOUR_LEAVE", "只有请假人本人可以销假")
        was_approved = self.status is LeaveStatus.APPROVED
        self.status, self.ended_on = LeaveStatus.ENDED, day
        if was_approved:
            self.events.append(LeaveEnded(**self._ids(), ended_on=day, ended_by=by))

    @property
    def absence_reason(self) -> AbsenceReason:
        return AbsenceReason.OFFICIAL_OUTING if self.kind is LeaveKind.OFFICIAL_OUTING \
            else AbsenceReason.LEAVE


def half_of(moment: datetime) -> Half:
    return Half.MORNING if moment.time() < NOON else Half.AFTERNOON


def attendance_id(staff_id: str, day: date) -> str:
    return f"{staff_id}:{day.isoformat()}"


@dataclass
class AttendanceDay:
    """One member's day: the halves signed in, and those found absent without leave."""
    id: str
    staff_id: str
    department: str
    window: str | None
    on: date
    signed: dict[str, datetime] = field(default_factory=dict)  # half -> when
    sources: dict[str, str] = field(default_factory=dict)  # half -> self | device | duty
    notes: dict[str, str] = field(default_factory=dict)
    absent: tuple[str, ...] = ()  # halves announced absent without leave
    version: int = transient(default=0)
    events: list[DomainEvent] = transient(default_factory=list, repr=False)

    @classmethod
    def of(cls, member: StaffMember, day: date) -> "AttendanceDay":
        return cls(attendance_id(member.id, day), member.id, member.department, member.window,
                   day)

    def _ids(self, half: Half) -> dict:
        return {"attendance_id": self.id, "staff_id": self.staff_id,
                "department": self.department, "window": self.window, "on": self.on,
                "half": half.value}

    def sign_in(self, at: datetime, half: Half, source: str, note: str | None) -> bool:
        """False when the half was signed already (a device's reading sent twice)."""
        if half.value in self.signed:
            return False
        self.signed = {**self.signed, half.value: at}
        self.sources = {**self.sources, half.value: source}
        if note:
            self.notes = {**self.notes, half.value: text("note", note, NOTE_MAX)}
        self.events.append(SignedIn(**self._ids(half), at=at, source=source))
        return True

    def found_absent(self, half: Half, window_unstaffed: bool) -> bool:
        if half.value in self.signed or half.value in self.absent:
            return False
        self.absent = (*self.absent, half.value)
        self.events.append(AbsentWithoutLeave(**self._ids(half),
                                              window_unstaffed=window_unstaffed))
        return True


@dataclass(frozen=True)
class MemberMonth:
    """One member's line of a department's month."""
    staff_id: str
    name: str
    window: str | None
    half_days_signed: int
    half_days_absent: int  # absent without leave
    leave_days: int
    official_outing_days: int


def month_id(department: str, month: str) -> str:
    return f"{department}|{month}"


@dataclass
class AttendanceMonth:
    """A department's month as published (考勤结果由综合科汇总后交督查科，每月公布, 001 考勤制度
    (一)): summarised once the month is over, then kept as published, whatever is recorded
    late; published once."""
    id: str  # month_id
    department: str
    month: str  # YYYY-MM
    members: tuple[MemberMonth, ...]
    published_on: date
    published_by: str
    version: int = transient(default=0)
    events: list[DomainEvent] = transient(default_factory=list, repr=False)

    @classmethod
    def publish(cls, department: str, month: str, last_day: date,
                members: list[MemberMonth], by: str, today: date,
                published: "AttendanceMonth | None") -> "AttendanceMonth":
        if published is not None:
            raise LeaveError("ALREADY_PUBLISHED",
                             f"{month} 的考勤已于 {published.published_on} 公布")
        if today <= last_day:
            raise InputError("month", "MONTH_NOT_OVER", f"{month} 尚未结束，月末之后才能公布考勤")
        found = cls(month_id(department, month), department, month, tuple(members), today, by)
        found.events.append(AttendanceMonthPublished(
            found.id, department, month, len(members),
            sum(m.half_days_signed for m in members), sum(m.half_days_absent for m in members),
            sum(m.leave_days for m in members), sum(m.official_outing_days for m in members),
            today, by))
        return found
