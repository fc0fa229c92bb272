"""Duty rosters (值班表, 003 延时服务制) and the centre's duty director (值班主任, 001). Pure.

A department's roster of a day says who is on duty at each of its windows in each day part.
On a working day Monday to Friday the lunch break is served (延时服务): the staff on duty are
split in two groups that take their meal in turn, so each window needs at least one person in
each half of the lunch break, and nobody serves both halves (each eats). A roster that leaves a
window without lunch-time duty is refused; a window found without anyone on lunch-time duty on
the day (no roster, or everyone rostered away on approved leave) is reported
(`duty_roster.gap_found`, electronic supervision). A roster of a weekend or holiday opens the
centre that day (预约办理制: weekend appointments where the centre opens them). Appointment
capacity of a window in a day part is the number of its staff on duty then.
"""

import enum
from dataclasses import dataclass
from datetime import date, datetime, time

from services.kit.codec import transient
from services.kit.domain import DomainEvent, InputError, RuleBroken
from services.kit.validation import choice, code

from ..directory.domain import Department, StaffMember
from . import commands
from .events import DutyDirectorNamed, DutyRosterSet, LunchDutyGapFound

DUTIES_MAX = 400  # windows x day parts of one department's day
STAFF_PER_DUTY_MAX = 50


class DayPart(enum.StrEnum):
    MORNING = "morning"  # 上午
    LUNCH_FIRST = "lunch_first"  # 午休值班，第一组
    LUNCH_SECOND = "lunch_second"  # 午休值班，第二组（第一组就餐后接班）
    AFTERNOON = "afternoon"  # 下午


LUNCH = (DayPart.LUNCH_FIRST, DayPart.LUNCH_SECOND)
PART_NAMES = {DayPart.MORNING: "上午", DayPart.LUNCH_FIRST: "午休第一组",
              DayPart.LUNCH_SECOND: "午休第二组", DayPart.AFTERNOON: "下午"}


@dataclass(frozen=True)
class Hours:
    """The centre's day parts by the clock (a per-centre policy)."""
    morning: tuple[time, time] = (time(9, 0), time(12, 0))
    lunch_first: tuple[time, time] = (time(12, 0), time(13, 0))
    lunch_second: tuple[time, time] = (time(13, 0), time(14, 0))
    afternoon: tuple[time, time] = (time(14, 0), time(17, 30))

    def of(self, part: DayPart) -> tuple[time, time]:
        return getattr(self, part.value)

    def part_at(self, moment: time) -> DayPart | None:
        return next((p for p in DayPart if self.of(p)[0] <= moment < self.of(p)[1]), None)


HOURS = Hours()


class RosterError(RuleBroken):
    """A roster that breaks the lunch-time duty rule, or names who cannot serve."""


@dataclass(frozen=True)
class Duty:
    window: str
    part: DayPart
    staff_ids: tuple[str, ...]


def roster_id(department: str, on: date) -> str:
    return f"{department}:{on.isoformat()}"


def serves_lunch(on: date, working_day: bool) -> bool:
    """003 延时服务制: Monday to Friday, on the centre's working days."""
    return working_day and on.weekday() < 5


@dataclass
class DutyRoster:
    id: str  # roster_id(department, on)
    department: str
    on: date
    duties: tuple[Duty, ...] = ()
    set_by: str | None = None
    set_at: datetime | None = None
    gaps_reported: tuple[str, ...] = ()  # "window:part" already announced
    version: int = transient(default=0)
    events: list[DomainEvent] = transient(default_factory=list, repr=False)

    @classmethod
    def empty(cls, department: str, on: date) -> "DutyRoster":
        return cls(roster_id(department, on), department, on)

    def on_duty(self, window: str, part: DayPart) -> tuple[str, ...]:
        found = self.__dict__.get("_by_duty")
        if found is None:  # a day's roster has hundreds of duties: looked up by key
            found = self.__dict__["_by_duty"] = {(d.window, d.part): d.staff_ids
                                                 for d in self.duties}
        return found.get((window, part), ())

    def set(self, cmd: commands.SetDutyRoster, department: Department,
            members: dict[str, StaffMember], working_day: bool, by: str, at: datetime) -> None:
        if len(cmd.duties) > DUTIES_MAX:
            raise InputError("duties", "TOO_MANY", f"值班安排最多 {DUTIES_MAX} 项")
        duties: dict[tuple[str, DayPart], tuple[str, ...]] = {}
        for i, d in enumerate(cmd.duties):
            window = code(f"duties[{i}].window", d.window)
            if not department.has_window(window):
                raise InputError(f"duties[{i}].window", "UNKNOWN_WINDOW",
                                 f"部门没有窗口 {window}")
            part = choice(f"duties[{i}].part", DayPart, d.part)
            if (window, part) in duties:
                raise InputError(f"duties[{i}]", "DUPLICATE_DUTY",
                                 f"窗口 {window} 的{PART_NAMES[part]}重复安排")
            if len(d.staff_ids) > STAFF_PER_DUTY_MAX:
                raise InputError(f"duties[{i}].staffIds", "TOO_MANY",
                                 f"每项值班最多 {STAFF_PER_DUTY_MAX} 人")
            staff = tuple(dict.fromkeys(d.staff_ids))
            for staff_id in staff:
                member = members.get(staff_id)
                if member is None or member.department != department.id:
                    raise InputError(f"duties[{i}].staffIds", "NOT_DEPARTMENT_STAFF",
                                     f"{staff_id} 不是本部门工作人员")
                if member.absence_on(cmd.on) is not None:
                    raise InputError(f"duties[{i}].staffIds", "STAFF_ABSENT",
                                     f"{member.name} 当日已批准请假或离岗")
            if staff:
                duties[(window, part)] = staff
        if serves_lunch(cmd.on, working_day):
            gaps = [f"{w.code}（{PART_NAMES[p]}）" for w in department.windows for p in LUNCH
                    if not duties.get((w.code, p))]
            if gaps:
                raise RosterError("LUNCH_DUTY_GAP",
                                  "工作日午休时间每个窗口至少一人在岗（两组轮流）："
                                  + "、".join(gaps) + " 无人值班")
            both = [s for w in department.windows
                    for s in set(duties[(w.code, LUNCH[0])]) & set(duties[(w.code, LUNCH[1])])]
            if both:
                raise RosterError("LUNCH_GROUPS_OVERLAP",
                                  "午休值班分两组轮流就餐，同一人不能两组都值班："
                                  + "、".join(members[s].name for s in dict.fromkeys(both)))
        self.duties = tuple(Duty(w, p, s) for (w, p), s in duties.items())
        self.__dict__.pop("_by_duty", None)
        self.set_by, self.set_at = by, at
        self.events.append(DutyRosterSet(
            self.id, self.department, self.on,
            [{"window": d.window, "part": d.part.value, "staff_ids": list(d.staff_ids)}
             for d in self.duties], by))

    def report_lunch_gaps(self, department: Department, members: dict[str, StaffMember],
                          existed: bool) -> list[str]:
        """Announce, once, each window without anyone present on lunch-time duty today (one
        event naming the halves left empty). `existed`: a roster was set (otherwise every
        window lacks one). Returns the "window:part" keys found new."""
        found = []
        for window in department.windows:
            empty, rostered_any = [], False
            for part in LUNCH:
                key = f"{window.code}:{part.value}"
                if key in self.gaps_reported:
                    continue
                rostered = self.on_duty(window.code, part)
                rostered_any = rostered_any or bool(rostered)
                if not any(s in members and members[s].absence_on(self.on) is None
                           for s in rostered):
                    empty.append(part)
            if not empty:
                continue
            why = "no_roster" if not existed else (
                "all_absent" if rostered_any else "nobody_rostered")
            found += [f"{window.code}:{p.value}" for p in empty]
            self.events.append(LunchDutyGapFound(self.id, self.department, window.code,
                                                 [p.value for p in empty], self.on, why))
        self.gaps_reported = (*self.gaps_reported, *found)
        return found


@dataclass
class DutyDirector:
    """The centre's duty director of a day (值班主任)."""
    id: str  # the day, ISO
    on: date
    staff_id: str
    named_by: str
    version: int = transient(default=0)
    events: list[DomainEvent] = transient(default_factory=list, repr=False)

    @classmethod
    def name(cls, on: date, member: StaffMember | None, staff_id: str, centre: str,
             by: str, existing: "DutyDirector | None") -> "DutyDirector":
        if member is None:
            raise InputError("staffId", "UNKNOWN_STAFF", f"没有工作人员 {staff_id}")
        if member.department != centre:
            raise InputError("staffId", "NOT_CENTRE_STAFF", "值班主任须为中心工作人员")
        director = cls(on.isoformat(), on, member.id, by)
        if existing is not None:
            director.version = existing.version
        director.events.append(DutyDirectorNamed(on, member.id, by))
        return director


def capacity(roster: "DutyRoster | None", window: str, part: DayPart,
             members: dict[str, StaffMember]) -> int:
    """Appointments one slot of a window's day part can take: its staff on duty, less those
    away on approved leave that day."""
    if roster is None:
        return 0
    return sum(1 for s in roster.on_duty(window, part)
               if s in members and members[s].absence_on(roster.on) is None)

