"""Appointments (预约办理制, 003; 000 承诺拓展服务). Pure.

An applicant books a time at an item's department, online (web), by telephone or at the hall
(the clerk books it for them), on any day the department has staff on its duty roster:
weekends and holidays only where the centre opens them (a roster for the day). A slot takes as
many appointments as the department's windows have staff on duty then (duty rosters); the
appointment is placed at a window with a free seat. The centre then contacts the applicant
promptly (a clock of `contact_limit` working days: a lapse reaches electronic supervision),
guides them and tells them at once what to bring (一次性告知). When they come, the appointment
becomes the case at the window with what was given at booking; otherwise it is cancelled (by
the applicant before it starts, or by the hall with reasons) or recorded as a no-show.
"""

import enum
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from services.kit.clock import CENTRE_TZ, centre_date
from services.kit.codec import transient
from services.kit.domain import DomainEvent, InputError, RuleBroken
from services.kit.validation import TEXT_MAX, choice, text

from ..cases.applicants import Applicant
from ..rosters.domain import HOURS, DayPart, Hours
from .events import (
    AppointmentArrived, AppointmentBooked, AppointmentCancelled, AppointmentContacted,
    AppointmentNoShowRecorded,
)

NOTE_MAX = 500


class Channel(enum.StrEnum):
    WEB = "web"  # 网络预约
    PHONE = "phone"  # 电话预约
    ON_SITE = "on_site"  # 现场预约


class AppointmentStatus(enum.StrEnum):
    BOOKED = "booked"
    CONTACTED = "contacted"  # the centre reached the applicant and told them what to bring
    ARRIVED = "arrived"  # became a case at the window
    CANCELLED = "cancelled"
    NO_SHOW = "no_show"


STATUS_NAMES = {AppointmentStatus.BOOKED: "已预约", AppointmentStatus.CONTACTED: "已联系",
                AppointmentStatus.ARRIVED: "已到场受理", AppointmentStatus.CANCELLED: "已取消",
                AppointmentStatus.NO_SHOW: "未到场"}
OPEN = (AppointmentStatus.BOOKED, AppointmentStatus.CONTACTED)


@dataclass(frozen=True)
class HallPolicy:
    """The centre's hall settings (per centre)."""
    centre_department: str = "centre"  # the centre's own staff (duty directors) in the directory
    contact_limit: int = 1  # working days to contact the applicant after booking (及时)
    slot_minutes: int = 30
    booking_days_ahead: int = 30
    no_show_grace_minutes: int = 30  # after the start, a no-show may be recorded
    hours: Hours = HOURS
    # which departments the lunch-time check holds to the rule: every one with windows
    # ("all"), or those that set a roster in the two weeks before ("rostered": a department
    # joins lunch-time service with its first roster)
    lunch_duty_scope: str = "all"
    # which departments the half-day attendance check holds: every one ("all"), or those whose
    # staff signed in in the two weeks before ("signing": a department joins with its first
    # sign-in)
    attendance_scope: str = "all"


class AppointmentError(RuleBroken):
    """A step out of order, too late, or by someone it is not for."""


def slot_starts(part: DayPart, policy: HallPolicy) -> list[time]:
    begin, end = policy.hours.of(part)
    starts, at = [], datetime.combine(date.min, begin)
    while at.time() < end and at + timedelta(minutes=policy.slot_minutes) <= \
            datetime.combine(date.min, end):
        starts.append(at.time())
        at += timedelta(minutes=policy.slot_minutes)
    return starts


def slot_time(value: str) -> time:
    try:
        parsed = time.fromisoformat((value or "").strip())
    except ValueError:
        raise InputError("startsAt", "INVALID_VALUE", "预约时段须为 HH:MM") from None
    if parsed.second or parsed.microsecond or parsed.tzinfo:
        raise InputError("startsAt", "INVALID_VALUE", "预约时段须为 HH:MM")
    return parsed


def part_of_slot(starts_at: time, policy: HallPolicy) -> DayPart:
    """The day part a slot start belongs to; refused when it is not a slot of the timetable."""
    part = policy.hours.part_at(starts_at)
    if part is None or starts_at not in slot_starts(part, policy):
        raise InputError("startsAt", "NOT_A_SLOT",
                         f"预约时段须为办公时间内每 {policy.slot_minutes} 分钟的整点或半点")
    return part


def check_day(on: date, today: date, policy: HallPolicy) -> None:
    if on < today:
        raise InputError("on", "IN_THE_PAST", "不能预约过去的日期")
    if on > today + timedelta(days=policy.booking_days_ahead):
        raise InputError("on", "TOO_FAR_AHEAD", f"最多预约 {policy.booking_days_ahead} 天内")


@dataclass
class Appointment:
    id: str
    item_id: str
    item_code: str
    item_name: str
    department: str
    window: str
    on: date
    starts_at: time
    part: DayPart
    seat: int
    channel: Channel
    applicant: Applicant
    applicant_ref: str
    note: str | None
    booked_at: datetime
    booked_by: str
    status: AppointmentStatus = AppointmentStatus.BOOKED
    contacted_at: datetime | None = None
    contacted_by: str | None = None
    told: str | None = None
    case_id: str | None = None  # set before the case is written (a retry finds it)
    received_by: str | None = None
    closed_at: datetime | None = None  # arrived, cancelled or no-show
    closed_by: str | None = None
    cancel_reason: str | None = None
    version: int = transient(default=0)
    events: list[DomainEvent] = transient(default_factory=list, repr=False)

    def _ids(self) -> dict:
        return {"appointment_id": self.id, "department": self.department,
                "window": self.window, "service_item_code": self.item_code, "on": self.on,
                "starts_at": self.starts_at.strftime("%H:%M")}

    @property
    def starts(self) -> datetime:
        return datetime.combine(self.on, self.starts_at, tzinfo=CENTRE_TZ)

    @classmethod
    def book(cls, appointment_id: str, item, window: str, on: date, starts_at: time,
             part: DayPart, seat: int, channel: Channel, applicant: Applicant,
             applicant_ref: str, note: str | None, at: datetime, day: date, by: str,
             policy: HallPolicy) -> "Appointment":
        a = cls(appointment_id, item.id, item.code, item.published.name, item.department,
                window, on, starts_at, part, seat, channel, applicant, applicant_ref, note, at,
                by)
        a.events.append(AppointmentBooked(**a._ids(), channel=channel.value, booked_on=day,
                                          applicant_ref=applicant_ref,
                                          limit=policy.contact_limit, unit="working_days"))
        return a

    def _open(self) -> None:
        if self.status not in OPEN:
            raise AppointmentError("APPOINTMENT_CLOSED",
                                   f"该预约当前状态为“{STATUS_NAMES[self.status]}”")

    def record_contact(self, told: str, by: str, at: datetime, day: date) -> None:
        self._open()
        self.told = text("told", told, TEXT_MAX)
        if self.status is AppointmentStatus.CONTACTED:
            self.contacted_at, self.contacted_by = at, by  # contacted again: the latest kept
            return
        self.status, self.contacted_at, self.contacted_by = AppointmentStatus.CONTACTED, at, by
        self.events.append(AppointmentContacted(**self._ids(), contacted_on=day,
                                                contacted_by=by))

    def cancel(self, reason: str | None, by: str, by_applicant: bool, at: datetime,
               day: date, case_written: bool) -> None:
        self._open()
        if case_written:
            raise AppointmentError("APPOINTMENT_RECEIVING", "该预约正在受理为办件，不能取消")
        if by_applicant and at >= self.starts:
            raise AppointmentError("TOO_LATE_TO_CANCEL", "预约时间已到，不能在网上取消")
        reason = text("reason", reason, NOTE_MAX, required=not by_applicant) or None
        self.status, self.closed_at, self.closed_by = AppointmentStatus.CANCELLED, at, by
        self.cancel_reason = reason
        self.events.append(AppointmentCancelled(**self._ids(), cancelled_on=day,
                                                by_applicant=by_applicant, reason=reason))

    def start_receiving(self, case_id: str, at: datetime) -> None:
        """The case's id, chosen before the case is written (a retry whose case was written
        keeps it; one whose case never came chooses again)."""
        self._open()
        if centre_date(at) != self.on:
            raise AppointmentError("NOT_TODAY", f"该预约在 {self.on.isoformat()}，不是今天")
        self.case_id = case_id

    def arrived(self, by: str, at: datetime, day: date) -> None:
        self._open()
        self.status, self.received_by = AppointmentStatus.ARRIVED, by
        self.closed_at, self.closed_by = at, by
        self.events.append(AppointmentArrived(**self._ids(), case_id=self.case_id or "",
                                              arrived_on=day, received_by=by))

    def record_no_show(self, by: str, at: datetime, day: date, policy: HallPolicy,
                       case_written: bool) -> None:
        self._open()
        if case_written:
            raise AppointmentError("APPOINTMENT_RECEIVING", "该预约正在受理为办件")
        if at < self.starts + timedelta(minutes=policy.no_show_grace_minutes):
            raise AppointmentError("NOT_YET_LATE",
                                   f"预约开始 {policy.no_show_grace_minutes} 分钟后才能登记未到场")
        self.status, self.closed_at, self.closed_by = AppointmentStatus.NO_SHOW, at, by
        self.events.append(AppointmentNoShowRecorded(**self._ids(), recorded_on=day,
                                                     recorded_by=by))


def channel_of(value: str) -> Channel:
    return choice("channel", Channel, value)


def note_of(value: str | None) -> str | None:
    return text("note", value, NOTE_MAX, required=False) or None
