"""Clocks of the centre's legal time limits. Pure: no I/O, no framework.

A clock times one subject (a case, an inquiry, a complaint...) against one limit; its kind says
which limit (see `ClockKind`). A clock is started, suspended, resumed, extended, completed or cancelled only by other
services' events; it keeps a timeline of what changed it, and each change it makes to its due
date is recorded as an event. Event ids already applied are remembered, so a redelivered event
changes nothing.
"""

import enum
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from services.kit.codec import transient
from services.kit.domain import InputError

from ..calendar.domain import WorkingCalendar
from ..calendar.rules import Limit, Suspension, TimeUnit, compute_due
from . import commands
from .events import (
    ClockCancelled, ClockCompleted, ClockDeemedOverdue, ClockExtended, ClockRescheduled,
    ClockRestarted, ClockResumed, ClockStarted, ClockSuspended, RedCardIssued, YellowCardIssued,
)

APPLIED_EVENTS_MAX = 100


class ClockStatus(enum.StrEnum):
    RUNNING = "running"
    SUSPENDED = "suspended"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class ClockKind(enum.StrEnum):
    CASE_LIMIT = "case_limit"  # 限时办结: the committed limit from acceptance
    ACCEPTANCE_DECISION = "acceptance_decision"  # accept, correct or reject within 5 working days
    INQUIRY_REPLY = "inquiry_reply"  # a hard question answered within 1 working day (004)
    JOINT_OPINION = "joint_opinion"  # a joint case's department gives its opinion (001)
    HANDOVER_STEP = "handover_step"  # one step after a hand-over between windows (001 §8)
    COMPLAINT_HANDLING = "complaint_handling"  # 15 working days unless set (004 限时办结 §7)
    PETITION_HANDLING = "petition_handling"  # the same for petitions and hotline matters
    APPEAL_FILING = "appeal_filing"  # a sanctioned person may appeal within 15 days (000 §16)
    APPEAL_ANSWER = "appeal_answer"  # and is answered within one month (000 §16)
    APPOINTMENT_CONTACT = "appointment_contact"  # the centre contacts a booked applicant (003)

    @property
    def subject_type(self) -> str:
        return SUBJECT_TYPES[self]


SUBJECT_TYPES = {
    ClockKind.CASE_LIMIT: "case", ClockKind.ACCEPTANCE_DECISION: "case",
    ClockKind.INQUIRY_REPLY: "inquiry", ClockKind.JOINT_OPINION: "case",
    ClockKind.HANDOVER_STEP: "case", ClockKind.COMPLAINT_HANDLING: "complaint",
    ClockKind.PETITION_HANDLING: "petition", ClockKind.APPEAL_FILING: "sanction_decision",
    ClockKind.APPEAL_ANSWER: "appeal", ClockKind.APPOINTMENT_CONTACT: "appointment",
}


class Outcome(enum.StrEnum):
    EARLY = "early"
    ON_TIME = "on_time"
    LATE = "late"
    ON_TIME_APPLICANT_DELAY = "on_time_applicant_delay"  # 000 §8, 001 §12


class Card(enum.StrEnum):
    """预警: yellow on the working day `yellow_at` working days before the due date; red from
    the start of the first day after it, while the clock is open."""
    NONE = "none"
    YELLOW = "yellow"
    RED = "red"


class RescheduleCause(enum.StrEnum):
    """Why open clocks were counted again (`clock.rescheduled`'s `cause`)."""
    CALENDAR_LOADED = "calendar_loaded"  # a year's official arrangement loaded or replaced
    CLOSURE_CHANGED = "closure_changed"  # the centre closed on a day, or opened again


class UnsupportedLimit(Exception):
    """An event asks for a limit this service cannot count; a business-rule failure."""


class ClockRuleViolation(Exception):
    """An event that the clock's state does not allow (resume without suspension, ...)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    what: str
    due_date: date | None
    cause_event_id: str


@dataclass
class Clock:
    subject_id: str  # the case, inquiry, complaint... its kind's subject type says which
    case_number: str
    department: str
    service_item_code: str
    started_on: date
    limit: int
    unit: str
    due_date: date | None
    provisional: bool
    status: ClockStatus
    timeline: list[TimelineEntry]
    count_start_day: bool = False
    kind: ClockKind = ClockKind.CASE_LIMIT
    part: str | None = None  # the department asked (joint opinion), the step (hand-over)
    window: str | None = None
    staff: str | None = None
    suspensions: list[Suspension] = field(default_factory=list)
    extensions: list[int] = field(default_factory=list)
    card: Card = Card.NONE
    # card -> the due date it was issued for: at most one of each per due date.
    cards_issued: dict[str, str] = field(default_factory=dict)
    outcome: Outcome | None = None
    closed_on: date | None = None
    applied_events: list[str] = field(default_factory=list)
    version: int = transient(default=0)
    events: list = transient(default_factory=list, repr=False)

    # -- creation ------------------------------------------------------------------------
    @classmethod
    def start(
        cls, cmd: commands.StartClock, calendar: WorkingCalendar, count_start_day: bool = False
    ) -> "Clock":
        kind = ClockKind(cmd.kind)
        # 000 §6's policy is about the acceptance day; every other limit starts the day after
        # (001 §8 for hand-overs, 民法典 §201).
        count_start_day = count_start_day and kind is ClockKind.CASE_LIMIT
        try:
            limit = Limit(cmd.started_on, cmd.limit, TimeUnit(cmd.unit),
                          count_start_day=count_start_day).validate()
            due = compute_due(calendar, limit)
        except (ValueError, InputError) as exc:
            raise UnsupportedLimit(f"cannot count {cmd.limit} {cmd.unit}: {exc}") from None
        clock = cls(
            subject_id=cmd.subject_id, case_number=cmd.case_number, department=cmd.department,
            service_item_code=cmd.service_item_code, started_on=cmd.started_on,
            limit=cmd.limit, unit=cmd.unit, due_date=due.due_date, provisional=due.provisional,
            status=ClockStatus.RUNNING,
            timeline=[TimelineEntry(cmd.cause_at, "started", due.due_date, cmd.cause_event_id)],
            count_start_day=count_start_day, applied_events=[cmd.cause_event_id],
            window=cmd.window, staff=cmd.staff, kind=kind, part=cmd.part,
        )
        # the subject committed to this date already (the acceptance notice): say so, and it
        # need not store it again
        committed = cmd.committed_in if cmd.committed_due_date is not None \
            and cmd.committed_due_date == due.due_date else None
        clock._record(ClockStarted, limit=clock.limit, unit=clock.unit,
                      due_date=clock.due_date, provisional=clock.provisional,
                      committed_in=committed)
        return clock

    @classmethod
    def closed_before_start(cls, subject_id: str, kind: ClockKind, part: str | None, on: date,
                            at: datetime, event_id: str, why: str) -> "Clock":
        """A clock whose closing event came before its starting one (events of different
        queues may cross): stored closed, so the late start finds it and does nothing."""
        return cls(subject_id=subject_id, part=part, case_number="", department="", service_item_code="",
                   started_on=on, limit=1, unit=TimeUnit.WORKING_DAYS.value, due_date=None,
                   provisional=False, status=ClockStatus.CANCELLED, kind=kind, closed_on=on,
                   timeline=[TimelineEntry(at, why, None, event_id)],
                   applied_events=[event_id])

    # -- reading -------------------------------------------------------------------------
    @property
    def clock_id(self) -> str:
        return clock_id(self.subject_id, self.kind, self.part)

    @property
    def case_id(self) -> str | None:
        return self.subject_id if self.kind.subject_type == "case" else None

    @property
    def limit_spec(self) -> Limit:
        return Limit(self.started_on, self.limit, TimeUnit(self.unit), tuple(self.suspensions),
                     tuple(self.extensions), self.count_start_day)

    @property
    def is_open(self) -> bool:
        return self.status in (ClockStatus.RUNNING, ClockStatus.SUSPENDED)

    def already_applied(self, event_id: str) -> bool:
        return event_id in self.applied_events

    def working_days_used(self, calendar: WorkingCalendar, today: date) -> int:
        """Counted days so far: working days since the start, less suspended ones."""
        end = min(today, self.closed_on) if self.closed_on else today
        used = calendar.working_days_between(self.started_on, end)
        for s in self.suspensions:
            resumed = s.resumed_on or end
            used -= calendar.working_days_between(s.suspended_on, min(resumed, end))
        return max(used, 0)

    def working_days_left(self, calendar: WorkingCalendar, today: date) -> int | None:
        """Negative once overdue; None while suspended (no due date)."""
        if self.due_date is None:
            return None
        if today <= self.due_date:
            return calendar.working_days_between(today, self.due_date)
        return -calendar.working_days_between(self.due_date, today)

    # -- changes driven by events ----------------------------------------------------------
    def apply(self, cmd: commands.ClockChange, calendar: WorkingCalendar) -> None:
        """The change a command asks for (each method below says what it allows)."""
        at, event_id = cmd.cause_at, cmd.cause_event_id
        match cmd:
            case commands.SuspendClock():
                self.suspend(cmd.suspended_on, at, event_id, calendar)
            case commands.ResumeClock():
                self.resume(cmd.resumed_on, at, event_id, calendar)
            case commands.RestartClock():
                self.restart(cmd.restarted_on, cmd.limit, at, event_id, calendar)
            case commands.ExtendDeadline():
                self.extend(cmd.extension_days, cmd.requested_on, at, event_id, calendar)
            case commands.CompleteClock():
                self.complete(cmd.completed_on, cmd.applicant_delay, at, event_id, calendar)
            case commands.CancelClock():
                self.cancel(cmd.cancelled_on, cmd.reason, at, event_id)
            case _:
                raise TypeError(f"no clock change for {type(cmd).__name__}")

    def suspend(self, on: date, at: datetime, event_id: str, calendar: WorkingCalendar) -> None:
        self._require(ClockStatus.RUNNING, "CLOCK_NOT_RUNNING", "only a running clock is suspended")
        was_overdue = self.is_overdue
        if on < self.started_on:
            raise ClockRuleViolation("BEFORE_START", f"suspended on {on}, before the start")
        self.suspensions = [*self.suspensions, Suspension(on, None)]
        self.status = ClockStatus.SUSPENDED
        self._recount(calendar)
        self._log(at, "suspended", event_id)
        self._record(ClockSuspended, suspended_on=on, was_overdue=was_overdue,
                     working_days_used=self.working_days_used(calendar, on))

    def resume(self, on: date, at: datetime, event_id: str, calendar: WorkingCalendar) -> None:
        self._require(ClockStatus.SUSPENDED, "NOT_SUSPENDED", "a resume without a suspension")
        last = self.suspensions[-1]
        if on < last.suspended_on:
            raise ClockRuleViolation("END_BEFORE_START",
                                     f"resumed on {on}, before suspended on {last.suspended_on}")
        self.suspensions = [*self.suspensions[:-1], Suspension(last.suspended_on, on)]
        self.status = ClockStatus.RUNNING
        self._recount(calendar)
        self._log(at, "resumed", event_id)
        self._record(ClockResumed, resumed_on=on, due_date=self.due_date)

    def extend(self, days: int, requested_on: date, at: datetime, event_id: str,
               calendar: WorkingCalendar) -> bool:
        """Apply an approved extension; a request dated after the due date is not applied
        but reported as overdue (001 §11(三)). Returns whether the due date moved."""
        if not self.is_open:
            raise ClockRuleViolation("CLOCK_CLOSED", "an extension on a closed clock")
        if days < 1:
            raise ClockRuleViolation("OUT_OF_RANGE", "an extension is at least one working day")
        if self.due_date is not None and requested_on > self.due_date:
            self._log(at, "late_extension_request", event_id)
            self._record(ClockDeemedOverdue, reason="extension_requested_after_due_date",
                         due_date=self.due_date, on=requested_on)
            return False
        old, was_overdue = self.due_date, self.is_overdue
        self.extensions = [*self.extensions, days]
        self._recount(calendar)
        self._log(at, "extended", event_id)
        self._record(ClockExtended, extension_days=days, old_due_date=old, due_date=self.due_date,
                     was_overdue=was_overdue and not self.is_overdue)
        return True

    def complete(self, on: date, applicant_delay: bool, at: datetime, event_id: str,
                 calendar: WorkingCalendar) -> Outcome:
        if not self.is_open:
            raise ClockRuleViolation("CLOCK_CLOSED", "the clock is already closed")
        if self.due_date is None or on > self.due_date:
            outcome = Outcome.ON_TIME_APPLICANT_DELAY if applicant_delay else Outcome.LATE
        elif on < self.due_date:
            outcome = Outcome.EARLY
        else:
            outcome = Outcome.ON_TIME
        used, was_overdue = self.working_days_used(calendar, on), self.is_overdue
        self.status, self.outcome, self.closed_on = ClockStatus.COMPLETED, outcome, on
        self._log(at, f"completed_{outcome.value}", event_id)
        self._record(ClockCompleted, completed_on=on, due_date=self.due_date,
                     outcome=outcome.value, working_days_used=used, was_overdue=was_overdue)
        return outcome

    def restart(self, on: date, limit: int, at: datetime, event_id: str,
                calendar: WorkingCalendar) -> None:
        """Count afresh from `on`: after a correction notice the applicant resubmitted, and the
        window again has `limit` working days to decide (行政许可法 §32, 004)."""
        if on < self.started_on:
            raise ClockRuleViolation("BEFORE_START", f"restarted on {on}, before the start")
        old = self.due_date
        self.started_on, self.limit = on, limit
        self.suspensions, self.extensions = [], []
        self.status, self.outcome, self.closed_on = ClockStatus.RUNNING, None, None
        self._recount(calendar)
        self._log(at, "restarted", event_id)
        self._record(ClockRestarted, old_due_date=old, due_date=self.due_date,
                     provisional=self.provisional)

    def close_decision(self, on: date, decision: str, at: datetime, event_id: str,
                       calendar: WorkingCalendar) -> None:
        """The acceptance decision was made: the clock completes (early, on time or late)."""
        if self.kind is not ClockKind.ACCEPTANCE_DECISION:
            raise ClockRuleViolation("WRONG_CLOCK", "only an acceptance-decision clock")
        if on < self.started_on:
            return  # a decision of the round before the restart, arriving late: done with
        self.complete(on, False, at, event_id, calendar)
        self.timeline[-1] = TimelineEntry(at, f"decided_{decision}", self.due_date, event_id)

    def cancel(self, on: date, reason: str, at: datetime, event_id: str) -> None:
        if not self.is_open:
            raise ClockRuleViolation("CLOCK_CLOSED", "the clock is already closed")
        was_overdue = self.is_overdue
        self.status, self.closed_on = ClockStatus.CANCELLED, on
        self._log(at, "cancelled", event_id)
        self._record(ClockCancelled, cancelled_on=on, reason=reason, was_overdue=was_overdue)

    def reschedule(self, calendar: WorkingCalendar, at: datetime, reason: str,
                   cause: RescheduleCause = RescheduleCause.CALENDAR_LOADED) -> bool:
        """Count again on a changed calendar; records `ClockRescheduled` if the date moved."""
        if not self.is_open:
            return False
        old, was_provisional, was_overdue = self.due_date, self.provisional, self.is_overdue
        self._recount(calendar)
        if (old, was_provisional) == (self.due_date, self.provisional):
            return False
        self.timeline.append(TimelineEntry(at, "rescheduled", self.due_date, reason))
        self._record(ClockRescheduled, old_due_date=old, new_due_date=self.due_date,
                     provisional=self.provisional, reason=reason, cause=cause.value,
                     was_overdue=was_overdue and not self.is_overdue)
        return True

    # -- cards -----------------------------------------------------------------------------
    def next_card_day(self, calendar: WorkingCalendar, yellow_at: int,
                      today: date) -> tuple[date, Card] | None:
        """When the next card falls due for the current due date (none while suspended, none
        once both were issued): the yellow one first, unless its time is past (`today` after
        the due date); the red one is put on the agenda when the yellow one's day has been
        dealt with (`red_card_day`), so that a clock closed in time, as most are, was put on
        the agenda once."""
        if self.due_date is None:
            return None
        due = self.due_date.isoformat()
        if self.cards_issued.get(Card.YELLOW.value) != due and today <= self.due_date \
                and self.cards_issued.get(Card.RED.value) != due:
            return calendar.working_days_before(self.due_date, yellow_at), Card.YELLOW
        return self.red_card_day()

    def red_card_day(self) -> tuple[date, Card] | None:
        if self.due_date is None or not self.is_open \
                or self.cards_issued.get(Card.RED.value) == self.due_date.isoformat():
            return None
        return self.due_date + timedelta(days=1), Card.RED

    def issue_card(
        self, card: Card, today: date, calendar: WorkingCalendar, yellow_at: int, at: datetime
    ) -> bool:
        """Issue `card` if it is due today (or was missed) and not yet issued for this due
        date; records the card's event. False when there is nothing to do."""
        if self.status is not ClockStatus.RUNNING or self.due_date is None:
            return False
        due = self.due_date.isoformat()
        if self.cards_issued.get(card.value) == due:
            return False
        if card is Card.YELLOW:
            if not calendar.working_days_before(self.due_date, yellow_at) <= today <= self.due_date:
                return False
            if self.cards_issued.get(Card.RED.value) == due:
                return False  # already red: a late yellow would say less than what is known
            self._record(YellowCardIssued, due_date=self.due_date, issued_on=today,
                         working_days_left=self.working_days_left(calendar, today))
        else:
            if today <= self.due_date:
                return False
            self._record(RedCardIssued, due_date=self.due_date, issued_on=today,
                         working_days_overdue=-self.working_days_left(calendar, today))
            reason = DEEMED_OVERDUE_AT_RED.get(self.kind)
            if reason:
                self._record(ClockDeemedOverdue, reason=reason, due_date=self.due_date, on=today)
        self.card = card
        self.cards_issued = {**self.cards_issued, card.value: due}
        self.timeline.append(TimelineEntry(at, f"{card.value}_card", self.due_date,
                                           f"{card.value}:{today}"))
        return True

    # -- internals -------------------------------------------------------------------------
    def _recount(self, calendar: WorkingCalendar) -> None:
        due = compute_due(calendar, self.limit_spec)
        if due.due_date != self.due_date:
            self.card = Card.NONE  # a new due date may earn its own cards
        self.due_date, self.provisional = due.due_date, due.provisional

    def _require(self, status: ClockStatus, code: str, message: str) -> None:
        if self.status is not status:
            raise ClockRuleViolation(code, f"{message} (the clock is {self.status.value})")

    def _log(self, at: datetime, what: str, event_id: str) -> None:
        self.timeline.append(TimelineEntry(at, what, self.due_date, event_id))
        self.applied_events = [*self.applied_events, event_id][-APPLIED_EVENTS_MAX:]

    @property
    def is_overdue(self) -> bool:
        """Red-carded for its current due date."""
        return self.due_date is not None and \
            self.cards_issued.get(Card.RED.value) == self.due_date.isoformat()

    def _record(self, event_type, **data) -> None:
        if "cards_issued" in getattr(event_type, "__dataclass_fields__", {}):
            data.setdefault("cards_issued", dict(self.cards_issued))
        self.events.append(event_type(
            subject_type=self.kind.subject_type, subject_id=self.subject_id,
            case_id=self.case_id, part=self.part,
            case_number=self.case_number, department=self.department,
            service_item_code=self.service_item_code, window=self.window, staff=self.staff,
            kind=self.kind.value, started_on=self.started_on, **data))


# 001 §11: what a red card of these kinds also makes "deemed overdue".
DEEMED_OVERDUE_AT_RED = {
    # no decision and no correction notice within the limit; 行政许可法 §32 also makes the
    # application accepted from its receipt (intake acts on this one)
    ClockKind.ACCEPTANCE_DECISION: "no_decision_within_limit",
    ClockKind.CASE_LIMIT: "result_not_delivered_by_due_date",
    ClockKind.INQUIRY_REPLY: "no_reply_within_limit",
}


def clock_id(subject_id: str, kind: ClockKind, part: str | None = None) -> str:
    """A case's limit clock is keyed by the case id; other clocks by kind, subject and part."""
    if kind is ClockKind.CASE_LIMIT:
        return subject_id
    return f"{kind.value}:{subject_id}:{part}" if part else f"{kind.value}:{subject_id}"
