"""The clock of a case's committed limit (限时办结). Pure: no I/O, no framework."""

import enum
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from services.kit.domain import DomainEvent
from services.kit.graphql import InputError

from . import commands
from .calendar import WorkingCalendar
from .rules import Limit, TimeUnit, compute_due


class ClockStatus(enum.StrEnum):
    RUNNING = "running"


class Card(enum.StrEnum):
    """预警: yellow on the working day `yellow_at` working days before the due date; red from
    the start of the first day after it, while the clock is open."""
    NONE = "none"
    YELLOW = "yellow"
    RED = "red"


class UnsupportedLimit(Exception):
    """An event asks for a limit this service cannot count; a business-rule failure."""


@dataclass(frozen=True)
class ClockStarted(DomainEvent):
    event_type = "clock.started"
    subject_field = "case_id"
    case_id: str
    case_number: str
    department: str
    started_on: date
    limit: int
    unit: str
    due_date: date
    provisional: bool


@dataclass(frozen=True)
class ClockRescheduled(DomainEvent):
    event_type = "clock.rescheduled"
    subject_field = "case_id"
    case_id: str
    case_number: str
    department: str
    old_due_date: date
    new_due_date: date
    provisional: bool
    reason: str


@dataclass(frozen=True)
class YellowCardIssued(DomainEvent):
    event_type = "clock.yellow_card"
    subject_field = "case_id"
    case_id: str
    case_number: str
    department: str
    due_date: date
    issued_on: date
    working_days_left: int


@dataclass(frozen=True)
class RedCardIssued(DomainEvent):
    event_type = "clock.red_card"
    subject_field = "case_id"
    case_id: str
    case_number: str
    department: str
    due_date: date
    issued_on: date
    working_days_overdue: int


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    what: str
    due_date: date
    cause_event_id: str


@dataclass
class Clock:
    case_id: str
    case_number: str
    department: str
    service_item_code: str
    started_on: date
    limit: int
    unit: str
    due_date: date
    provisional: bool
    status: ClockStatus
    timeline: list[TimelineEntry]
    count_start_day: bool = False
    card: Card = Card.NONE
    # card -> the due date it was issued for: at most one of each per due date.
    cards_issued: dict[str, str] = field(default_factory=dict)
    version: int = field(default=0, compare=False)
    events: list[DomainEvent] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def start(
        cls, cmd: commands.StartClock, calendar: WorkingCalendar, count_start_day: bool = False
    ) -> "Clock":
        try:
            limit = Limit(cmd.started_on, cmd.limit, TimeUnit(cmd.unit),
                          count_start_day=count_start_day).validate()
            due = compute_due(calendar, limit)
        except (ValueError, InputError) as exc:
            raise UnsupportedLimit(f"cannot count {cmd.limit} {cmd.unit}: {exc}") from None
        clock = cls(
            case_id=cmd.case_id, case_number=cmd.case_number, department=cmd.department,
            service_item_code=cmd.service_item_code, started_on=cmd.started_on,
            limit=cmd.limit, unit=cmd.unit, due_date=due.due_date, provisional=due.provisional,
            status=ClockStatus.RUNNING,
            timeline=[TimelineEntry(cmd.cause_at, "started", due.due_date, cmd.cause_event_id)],
            count_start_day=count_start_day,
        )
        clock.events.append(ClockStarted(
            case_id=clock.case_id, case_number=clock.case_number, department=clock.department,
            started_on=clock.started_on, limit=clock.limit, unit=clock.unit,
            due_date=clock.due_date, provisional=clock.provisional,
        ))
        return clock

    @property
    def limit_spec(self) -> Limit:
        return Limit(self.started_on, self.limit, TimeUnit(self.unit),
                     count_start_day=self.count_start_day)

    @property
    def is_open(self) -> bool:
        return self.status is ClockStatus.RUNNING

    def reschedule(self, calendar: WorkingCalendar, at: datetime, reason: str) -> bool:
        """Count again on a changed calendar; records `ClockRescheduled` if the date moved."""
        due = compute_due(calendar, self.limit_spec)
        if (due.due_date, due.provisional) == (self.due_date, self.provisional):
            return False
        old = self.due_date
        self.due_date, self.provisional = due.due_date, due.provisional
        self.card = Card.NONE  # a new due date may earn its own cards
        self.timeline.append(TimelineEntry(at, "rescheduled", due.due_date, reason))
        self.events.append(ClockRescheduled(
            case_id=self.case_id, case_number=self.case_number, department=self.department,
            old_due_date=old, new_due_date=due.due_date, provisional=due.provisional,
            reason=reason,
        ))
        return True

    def card_days(self, calendar: WorkingCalendar, yellow_at: int) -> list[tuple[date, Card]]:
        """When each card falls due for the current due date."""
        yellow = calendar.working_days_before(self.due_date, yellow_at)
        return [(yellow, Card.YELLOW), (self.due_date + timedelta(days=1), Card.RED)]

    def issue_card(
        self, card: Card, today: date, calendar: WorkingCalendar, yellow_at: int, at: datetime
    ) -> bool:
        """Issue `card` if it is due today (or was missed) and not yet issued for this due
        date; records the card's event. False when there is nothing to do."""
        if not self.is_open or self.cards_issued.get(card.value) == self.due_date.isoformat():
            return False
        if card is Card.YELLOW:
            if not calendar.working_days_before(self.due_date, yellow_at) <= today <= self.due_date:
                return False
            if self.cards_issued.get(Card.RED.value) == self.due_date.isoformat():
                return False  # already red: a late yellow would say less than what is known
            event = YellowCardIssued(
                case_id=self.case_id, case_number=self.case_number, department=self.department,
                due_date=self.due_date, issued_on=today,
                working_days_left=self.working_days_left(calendar, today))
        else:
            if today <= self.due_date:
                return False
            event = RedCardIssued(
                case_id=self.case_id, case_number=self.case_number, department=self.department,
                due_date=self.due_date, issued_on=today,
                working_days_overdue=-self.working_days_left(calendar, today))
        self.card = card
        self.cards_issued = {**self.cards_issued, card.value: self.due_date.isoformat()}
        self.timeline.append(TimelineEntry(at, f"{card.value}_card", self.due_date, f"{card.value}:{today}"))
        self.events.append(event)
        return True

    def working_days_used(self, calendar: WorkingCalendar, today: date) -> int:
        return calendar.working_days_between(self.started_on, today)

    def working_days_left(self, calendar: WorkingCalendar, today: date) -> int:
        """Negative once overdue: how many working days past the due date."""
        if today <= self.due_date:
            return calendar.working_days_between(today, self.due_date)
        return -calendar.working_days_between(self.due_date, today)
