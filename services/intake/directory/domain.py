"""The staff directory: departments and their windows, staff with rank, chief approver
appointments (首席审批员, 000: a term of at least one year) and A/B posts (AB岗: when A is away,
B acts with A's authority, and the hand-over is recorded)."""

import enum
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from services.kit.codec import transient
from services.kit.domain import DomainEvent
from services.kit.domain import InputError
from services.kit.validation import SHORT_MAX, code, text

from . import commands
from .events import (
    AbsenceEnded, AbsenceRecorded, ChiefApproverAppointed, DepartmentDefined, StaffRegistered,
)

ABSENCES_KEPT = 50
WINDOWS_MAX = 100
ITEMS_MAX = 500


class Position(enum.StrEnum):
    """Where a staff member stands in the review chain and the denial escalation ladder
    (否定报备 §3-5: section head → deputy leader → main leader)."""
    STAFF = "staff"  # 经办人员 / 窗口工作人员
    SECTION_HEAD = "section_head"  # 科室（单位）负责人
    DEPUTY_LEADER = "deputy_leader"  # 分管领导
    MAIN_LEADER = "main_leader"  # 主要领导


LADDER = [Position.STAFF, Position.SECTION_HEAD, Position.DEPUTY_LEADER, Position.MAIN_LEADER]


def at_least(position: Position, level: Position) -> bool:
    return LADDER.index(position) >= LADDER.index(level)


class AbsenceReason(enum.StrEnum):
    LEAVE = "leave"
    TRAINING = "training"
    MEETING = "meeting"
    OFFICIAL_OUTING = "official_outing"  # 因公外出 (001 考勤制度 (二)1)


@dataclass(frozen=True)
class Window:
    code: str
    name: str


@dataclass(frozen=True)
class Appointment:
    staff_id: str
    term_start: date
    term_end: date
    authority: str
    decision_items: tuple[str, ...] = ()  # item codes whose decision (批准) is delegated

    def active_on(self, day: date) -> bool:
        return self.term_start <= day <= self.term_end


def one_year_after(start: date) -> date:
    """The last day of a one-year term (29 Feb starts end on 27 Feb / 28 Feb next year)."""
    try:
        return start.replace(year=start.year + 1) - timedelta(days=1)
    except ValueError:
        return date(start.year + 1, 2, 28) - timedelta(days=1)


@dataclass
class Department:
    id: str  # the department's code
    name: str
    windows: tuple[Window, ...] = ()
    chief_approvers: tuple[Appointment, ...] = ()
    version: int = transient(default=0)
    events: list[DomainEvent] = transient(default_factory=list, repr=False)

    def define(self, cmd: commands.DefineDepartment) -> None:
        if len(cmd.windows) > WINDOWS_MAX:
            raise InputError("windows", "TOO_MANY", f"窗口最多 {WINDOWS_MAX} 个")
        windows = tuple(Window(code(f"windows[{i}].code", w.code),
                               text(f"windows[{i}].name", w.name, SHORT_MAX))
                        for i, w in enumerate(cmd.windows))
        if len({w.code for w in windows}) != len(windows):
            raise InputError("windows", "DUPLICATE_WINDOW", "窗口编号重复")
        self.name = text("name", cmd.name, SHORT_MAX)
        self.windows = windows
        self.events.append(DepartmentDefined(self.id, self.name, [w.code for w in windows]))

    def has_window(self, window: str) -> bool:
        return any(w.code == window for w in self.windows)

    def appoint(self, cmd: commands.AppointChiefApprover, staff: "StaffMember") -> None:
        if staff.department != self.id:
            raise InputError("staffId", "STAFF_OF_OTHER_DEPARTMENT", "首席审批员须为本部门工作人员")
        if cmd.term_end < one_year_after(cmd.term_start):
            raise InputError("termEnd", "TERM_TOO_SHORT", "首席审批员任期不少于一年")
        if len(cmd.decision_items) > ITEMS_MAX:
            raise InputError("decisionItems", "TOO_MANY", f"授权事项最多 {ITEMS_MAX} 项")
        appointment = Appointment(staff.id, cmd.term_start, cmd.term_end,
                                  text("authority", cmd.authority, 2000),
                                  tuple(dict.fromkeys(code("decisionItems", c)
                                                      for c in cmd.decision_items)))
        if appointment in self.chief_approvers:
            return  # the same appointment recorded again (a retried request)
        self.chief_approvers = (*self.chief_approvers, appointment)
        self.events.append(ChiefApproverAppointed(
            self.id, staff.id, cmd.term_start, cmd.term_end, appointment.authority))

    def chief_approvers_on(self, day: date) -> list[str]:
        return list(dict.fromkeys(a.staff_id for a in self.chief_approvers if a.active_on(day)))

    def delegates_decision(self, staff_id: str, item_code: str, day: date) -> bool:
        """A chief approver decides where their appointment in office delegates the item."""
        return any(a.staff_id == staff_id and a.active_on(day) and item_code in a.decision_items
                   for a in self.chief_approvers)


@dataclass(frozen=True)
class Absence:
    reason: AbsenceReason
    from_on: date
    until_on: date
    backup_id: str
    recorded_by: str
    recorded_at: datetime
    ended_on: date | None = None
    leave_id: str | None = None  # the approved leave request it follows (attendance/)

    def covers(self, day: date) -> bool:
        last = self.ended_on - timedelta(days=1) if self.ended_on else self.until_on
        return self.from_on <= day <= last


@dataclass
class StaffMember:
    id: str  # the subject of the staff member's token
    name: str
    department: str
    rank_title: str  # 职务职级
    rank_level: int  # higher is more senior; decides the first-inquiry owner (004 §1)
    position: Position = Position.STAFF
    roles: tuple[str, ...] = ()
    items: tuple[str, ...] = ()  # codes of the items this member may handle; empty: all
    window: str | None = None
    backup_id: str | None = None  # the B of this member's A/B post
    absences: tuple[Absence, ...] = ()
    version: int = transient(default=0)
    events: list[DomainEvent] = transient(default_factory=list, repr=False)

    @classmethod
    def register(cls, cmd: commands.RegisterStaff, department: Department,
                 backup: "StaffMember | None", existing: "StaffMember | None") -> "StaffMember":
        if cmd.window and not department.has_window(cmd.window):
            raise InputError("window", "UNKNOWN_WINDOW", f"部门没有窗口 {cmd.window}")
        if cmd.backup_id and backup is None:
            raise InputError("backupId", "UNKNOWN_STAFF", f"没有工作人员 {cmd.backup_id}")
        if backup is not None and (backup.id == cmd.staff_id or backup.department != department.id):
            raise InputError("backupId", "INVALID_BACKUP", "B 岗须为本部门的另一名工作人员")
        if not 1 <= cmd.rank_level <= 30:
            raise InputError("rankLevel", "OUT_OF_RANGE", "职级须在 1 至 30 之间")
        try:
            position = Position(cmd.position)
        except ValueError:
            raise InputError("position", "INVALID_VALUE", "岗位层级无效") from None
        member = cls(
            id=code("staffId", cmd.staff_id), name=text("name", cmd.name, SHORT_MAX),
            department=department.id, rank_title=text("rankTitle", cmd.rank_title, SHORT_MAX),
            rank_level=cmd.rank_level, position=position, roles=tuple(dict.fromkeys(cmd.roles)),
            items=tuple(dict.fromkeys(cmd.items)), window=cmd.window,
            backup_id=backup.id if backup else None,
            absences=existing.absences if existing else (),
        )
        if existing:
            member.version = existing.version
        member.events.append(StaffRegistered(member.id, member.name, member.department,
                                             member.rank_title, member.rank_level,
                                             member.backup_id, list(member.roles),
                                             member.position.value))
        return member

    def absence_on(self, day: date) -> Absence | None:
        return next((a for a in reversed(self.absences) if a.covers(day)), None)

    def record_absence(self, cmd: commands.RecordAbsence, by: str, at: datetime) -> None:
        if self.backup_id is None:
            raise InputError("staffId", "NO_BACKUP", "该岗位未设 B 岗，不能登记离岗")
        if cmd.until_on < cmd.from_on:
            raise InputError("untilOn", "END_BEFORE_START", "结束日期早于开始日期")
        if any(a.covers(d) for a in self.absences
               for d in (cmd.from_on, cmd.until_on)):
            raise InputError("fromOn", "OVERLAPPING_ABSENCE", "与已登记的离岗时间重叠")
        try:
            reason = AbsenceReason(cmd.reason)
        except ValueError:
            raise InputError("reason", "INVALID_VALUE", "离岗事由无效") from None
        absence = Absence(reason, cmd.from_on, cmd.until_on, self.backup_id, by, at)
        self.absences = (*self.absences, absence)[-ABSENCES_KEPT:]
        self.events.append(AbsenceRecorded(self.id, self.department, self.backup_id,
                                           reason.value, cmd.from_on, cmd.until_on, by))

    def absence_for_leave(self, leave_id: str, reason: AbsenceReason, from_on: date,
                          until_on: date, cover_id: str, by: str, at: datetime) -> bool:
        """An approved leave (001 考勤制度) makes its cover act with this member's authority
        (the B post, or the stand-in the member unit arranged); False when recorded before."""
        if any(a.leave_id == leave_id for a in self.absences):
            return False
        absence = Absence(reason, from_on, until_on, cover_id, by, at, leave_id=leave_id)
        self.absences = (*self.absences, absence)[-ABSENCES_KEPT:]
        self.events.append(AbsenceRecorded(self.id, self.department, cover_id, reason.value,
                                           from_on, until_on, by))
        return True

    def end_leave(self, leave_id: str, day: date, by: str) -> bool:
        """The leave ended early (销假) or was withdrawn: from `day` the member acts again."""
        current = next((a for a in self.absences if a.leave_id == leave_id
                        and a.ended_on is None), None)
        if current is None:
            return False
        ended = Absence(current.reason, current.from_on, current.until_on, current.backup_id,
                        current.recorded_by, current.recorded_at, ended_on=max(
                            day, current.from_on), leave_id=leave_id)
        self.absences = tuple(ended if a == current else a for a in self.absences)
        self.events.append(AbsenceEnded(self.id, self.department, day, by))
        return True

    def end_absence(self, day: date, by: str) -> None:
        current = self.absence_on(day)
        if current is None:
            raise InputError("staffId", "NOT_ABSENT", "该工作人员当前未离岗")
        ended = Absence(current.reason, current.from_on, current.until_on, current.backup_id,
                        current.recorded_by, current.recorded_at, ended_on=day,
                        leave_id=current.leave_id)
        self.absences = tuple(ended if a == current else a for a in self.absences)
        self.events.append(AbsenceEnded(self.id, self.department, day, by))


def addressees(holders: list[StaffMember], day: date) -> tuple[list[str], list[str]]:
    """Who work addressed to `holders` goes to today: each holder, or the backup of one who is
    away. Returns (addressed_to, on_behalf_of)."""
    to, behalf = [], []
    for holder in holders:
        absence = holder.absence_on(day)
        if absence:
            to.append(absence.backup_id)
            behalf.append(holder.id)
        else:
            to.append(holder.id)
    return list(dict.fromkeys(to)), behalf


def authority_of(actor_id: str, holders: list[StaffMember], day: date) -> tuple[str, str | None] | None:
    """Whether `actor_id` holds one of `holders`' authority today: (holder, acting_for)."""
    for holder in holders:
        if holder.id == actor_id and holder.absence_on(day) is None:
            return holder.id, None
    for holder in holders:
        absence = holder.absence_on(day)
        if absence and absence.backup_id == actor_id:
            return holder.id, holder.id
    return None


def decides_item(member: StaffMember, department: Department | None, item_code: str,
                 decision_level: Position, day: date) -> bool:
    """Decision authority (批准) for an item: by position, or delegated to a chief approver
    in office (000 首席审批员制度 §2)."""
    return at_least(member.position, decision_level) or bool(
        department and department.delegates_decision(member.id, item_code, day))


def first_inquiry_owner(responders: list[StaffMember]) -> StaffMember:
    """004 首问 §1: when several staff answer together, the highest-ranked is responsible."""
    return max(responders, key=lambda s: s.rank_level)
