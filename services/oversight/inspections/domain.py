"""Weekly inspections (值周制度, 001). Pure.

A week's inspection is led by one of the centre's deputy directors with members from the
window units in turn; 督查科 liaises and records (值周由一名中心副主任带队，各视窗单位轮流派员参加，
督查科负责联络和检查情况登记). It checks how the windows keep the centre's rules (hygiene,
archives, attendance, badges, attitude, conduct, safety; the 六制 and 五件 rules), by full
checks (at least one a week) and spot checks at any time. Each finding names the window, the
checklist item and its evidence; it can open a supervision case or, plainly a breach, an
accountability finding, and it counts in the month's assessment (值周情况…作为视窗服务月度考核依据).
The week is handed over on Friday before closing (每周五下午下班前办理好交接手续), and only after
its full check.
"""

import enum
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from services.kit.codec import transient
from services.kit.domain import DomainEvent, InputError, RuleBroken
from services.kit.validation import SHORT_MAX, TEXT_MAX, choice, code, text

from ..accountability.breaches import Breach
from ..roll.domain import Roll
from .events import (
    InspectionCheckRecorded, InspectionFindingRecorded, InspectionWeekHandedOver,
    InspectionWeekOpened,
)

MEMBERS_MAX = 50
WINDOWS_MAX = 200
FINDINGS_MAX = 100
CHECKS_MAX = 50


class CheckItem(enum.StrEnum):
    HYGIENE = "hygiene"  # 卫生保洁
    ARCHIVES = "archives"  # 档案管理
    ATTENDANCE = "attendance"  # 出勤
    BADGE = "badge"  # 佩证上岗
    ATTITUDE = "attitude"  # 服务态度
    CONDUCT = "conduct"  # 仪态言行
    SAFETY = "safety"  # 安全防范
    SIX_RULES = "six_rules"  # “六制办理”
    FIVE_ITEMS = "five_items"  # “五件管理”


ITEM_NAMES = {CheckItem.HYGIENE: "卫生保洁", CheckItem.ARCHIVES: "档案管理",
              CheckItem.ATTENDANCE: "出勤", CheckItem.BADGE: "佩证上岗",
              CheckItem.ATTITUDE: "服务态度", CheckItem.CONDUCT: "仪态言行",
              CheckItem.SAFETY: "安全防范", CheckItem.SIX_RULES: "六制办理",
              CheckItem.FIVE_ITEMS: "五件管理"}


class CheckKind(enum.StrEnum):
    FULL = "full"  # 全面检查
    SPOT = "spot"  # 抽查


class Referral(enum.StrEnum):
    NONE = "none"
    SUPERVISION = "supervision"
    ACCOUNTABILITY = "accountability"


class WeekStatus(enum.StrEnum):
    OPEN = "open"
    HANDED_OVER = "handed_over"


class InspectionError(RuleBroken):
    """A week's step out of order (NOT_MONDAY, WEEK_CLOSED, NOT_THIS_WEEK, NO_FULL_CHECK,
    NOT_FRIDAY)."""


@dataclass(frozen=True)
class Finding:
    id: str  # "<week>:<n>"
    check_number: int
    department: str
    window: str | None
    item: CheckItem
    note: str
    evidence: str | None
    people: tuple[str, ...]
    referral: Referral
    breach: Breach | None


@dataclass(frozen=True)
class Check:
    number: int
    kind: CheckKind
    on: date
    windows: tuple[str, ...]
    recorded_by: str
    recorded_at: datetime


@dataclass
class InspectionWeek:
    id: str  # the Monday, ISO
    monday: date
    leader_id: str
    member_ids: tuple[str, ...]
    opened_by: str
    checks: tuple[Check, ...] = ()
    findings: tuple[Finding, ...] = ()
    status: WeekStatus = WeekStatus.OPEN
    handed_over_to: str | None = None
    handed_over_on: date | None = None
    handover_notes: str | None = None
    version: int = transient(default=0)
    events: list[DomainEvent] = transient(default_factory=list, repr=False)

    @classmethod
    def open(cls, monday: date, leader_id: str, member_ids: list[str], by: str,
             roll: Roll) -> "InspectionWeek":
        """`roll`: the leader and members as the staff directory announced them."""
        if monday.weekday() != 0:
            raise InputError("monday", "NOT_MONDAY", "值周以周一为始")
        if len(member_ids) > MEMBERS_MAX:
            raise InputError("memberIds", "TOO_MANY", f"值周人员最多 {MEMBERS_MAX} 人")
        leader = roll.deputy_director("leaderId", code("leaderId", leader_id))
        members = tuple(dict.fromkeys(roll.window_staff("memberIds", code("memberIds", m))
                                      for m in member_ids))
        if leader in members:
            raise InputError("memberIds", "LEADER_AMONG_MEMBERS", "带队副主任不必再列为值周人员")
        week = cls(monday.isoformat(), monday, leader, members, by)
        week.events.append(InspectionWeekOpened(week.id, leader, list(members), by))
        return week

    @property
    def friday(self) -> date:
        return self.monday + timedelta(days=4)

    def _open_on(self, on: date, field: str) -> None:
        if self.status is not WeekStatus.OPEN:
            raise InspectionError("WEEK_CLOSED", "本周值周已交接")
        if not self.monday <= on <= self.monday + timedelta(days=6):
            raise InputError(field, "NOT_THIS_WEEK",
                             f"检查日期须在本值周（{self.monday.isoformat()} 起）之内")

    def record_check(self, kind: str, on: date, windows: list[str], findings: list,
                     by: str, at: datetime, roll: Roll) -> list[Finding]:
        """`roll`: the people the findings name (each of the finding's department)."""
        self._open_on(on, "on")
        k = choice("kind", CheckKind, kind)
        if len(self.checks) >= CHECKS_MAX:
            raise InputError("kind", "TOO_MANY", f"每周检查最多登记 {CHECKS_MAX} 次")
        if not windows:
            raise InputError("windows", "REQUIRED", "须写明检查的窗口")
        if len(windows) > WINDOWS_MAX or len(findings) > FINDINGS_MAX:
            raise InputError("findings", "TOO_MANY", f"每次检查最多 {WINDOWS_MAX} 个窗口、"
                                                     f"{FINDINGS_MAX} 条问题")
        checked = tuple(dict.fromkeys(text("windows", w, SHORT_MAX) for w in windows))
        number = len(self.checks) + 1
        made = []
        for i, f in enumerate(findings):
            where = f"findings[{i}]"
            referral = choice(f"{where}.referral", Referral, f.referral or "none")
            breach = choice(f"{where}.breach", Breach, f.breach) if f.breach else None
            if referral is not Referral.NONE and breach is None:
                raise InputError(f"{where}.breach", "REQUIRED", "移送监察或问责须写明违规类型")
            if referral is Referral.ACCOUNTABILITY and not f.people:
                raise InputError(f"{where}.people", "REQUIRED", "直接问责须写明责任人")
            department = code(f"{where}.department", f.department)
            made.append(Finding(
                f"{self.id}:{len(self.findings) + len(made) + 1}", number, department,
                code(f"{where}.window", f.window) if f.window else None,
                choice(f"{where}.item", CheckItem, f.item), text(f"{where}.note", f.note,
                                                                TEXT_MAX),
                text(f"{where}.evidence", f.evidence, TEXT_MAX, required=False) or None,
                tuple(dict.fromkeys(roll.of_department(f"{where}.people",
                                                       code(f"{where}.people", p), department)
                                    for p in f.people)),
                referral, breach))
        self.checks = (*self.checks, Check(number, k, on, checked, by, at))
        self.findings = (*self.findings, *made)
        self.events.append(InspectionCheckRecorded(self.id, number, k.value, on, list(checked),
                                                   len(made), by))
        for f in made:
            self.events.append(InspectionFindingRecorded(
                self.id, f.id, f.department, f.window, f.item.value, on, list(f.people),
                f.referral.value, f.breach.value if f.breach else None,
                f"值周{'全面检查' if k is CheckKind.FULL else '抽查'}："
                f"{ITEM_NAMES[f.item]}——{f.note}"))
        return made

    def hand_over(self, to_leader_id: str, notes: str, on: date, roll: Roll) -> None:
        """To next week's leader, another of the centre's deputy directors (`roll`)."""
        self._open_on(on, "on")
        if on < self.friday:
            raise InspectionError("NOT_FRIDAY", "值周于周五下班前交接")
        full = sum(1 for c in self.checks if c.kind is CheckKind.FULL)
        if full == 0:
            raise InspectionError("NO_FULL_CHECK", "本周尚未进行全面检查（每周不少于一次）")
        to = roll.deputy_director("toLeaderId", code("toLeaderId", to_leader_id))
        said = text("notes", notes, TEXT_MAX)
        self.status, self.handed_over_to, self.handed_over_on = WeekStatus.HANDED_OVER, to, on
        self.handover_notes = said
        self.events.append(InspectionWeekHandedOver(
            self.id, self.handed_over_to, on, full, len(self.checks) - full,
            len(self.findings)))
