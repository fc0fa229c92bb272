from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from services.deadlines.clocks import commands
from services.deadlines.calendar.domain import WorkingCalendar
from services.deadlines.calendar.official import arrangements
from services.deadlines.clocks.domain import Clock, ClockStarted, UnsupportedLimit

CAL = WorkingCalendar(arrangements())


def start(**kw) -> commands.StartClock:
    values = dict(subject_id="c1", case_number="N1", department="civil", service_item_code="MZ",
                  started_on=date(2026, 9, 28), limit=10, unit="working_days",
                  cause_event_id="e1", cause_at=datetime(2026, 9, 28, 10, tzinfo=ZoneInfo("Asia/Shanghai")))
    values.update(kw)
    return commands.StartClock(**values)


def test_starting_a_clock_records_clock_started_with_the_due_date():
    clock = Clock.start(start(), CAL)
    assert clock.due_date == date(2026, 10, 16)
    [event] = clock.events
    assert isinstance(event, ClockStarted)
    assert event.data()["due_date"] == "2026-10-16"
    assert clock.timeline[0].what == "started"


def test_days_used_and_left():
    clock = Clock.start(start(), CAL)
    assert clock.working_days_used(CAL, date(2026, 10, 8)) == 3
    assert clock.working_days_left(CAL, date(2026, 10, 8)) == 7
    assert clock.working_days_left(CAL, date(2026, 10, 16)) == 0
    assert clock.working_days_left(CAL, date(2026, 10, 19)) == -1


@pytest.mark.parametrize("kw", [{"unit": "fortnights"}, {"limit": 0}])
def test_unusable_limits_are_refused(kw):
    with pytest.raises(UnsupportedLimit):
        Clock.start(start(**kw), CAL)


def test_a_clock_is_rescheduled_when_its_calendar_changes():
    from services.deadlines.calendar.domain import YearArrangement
    from services.deadlines.clocks.domain import ClockRescheduled

    clock = Clock.start(start(started_on=date(2026, 12, 28), limit=5), CAL)
    assert (clock.due_date, clock.provisional) == (date(2027, 1, 5), True)
    clock.events.clear()
    assert clock.reschedule(CAL, clock.timeline[0].at, "same calendar") is False
    y2027 = YearArrangement(2027, frozenset({date(2027, 1, 1), date(2027, 1, 4)}), frozenset(), "t")
    loaded = WorkingCalendar({**arrangements(), 2027: y2027})
    assert clock.reschedule(loaded, clock.timeline[0].at, "calendar 2027 loaded") is True
    assert (clock.due_date, clock.provisional) == (date(2027, 1, 6), False)
    [event] = clock.events
    assert isinstance(event, ClockRescheduled)
    assert (event.old_due_date, event.new_due_date) == (date(2027, 1, 5), date(2027, 1, 6))
    assert clock.timeline[-1].what == "rescheduled"


def test_cards_come_on_their_days_once_per_due_date():
    from services.deadlines.clocks.domain import Card, RedCardIssued, YellowCardIssued

    at = datetime(2026, 10, 15, tzinfo=ZoneInfo("Asia/Shanghai"))
    clock = Clock.start(start(), CAL)  # due Fri 16 Oct 2026
    clock.events.clear()
    # the next card only: the red one follows once the yellow one's day was dealt with
    assert clock.next_card_day(CAL, 1, date(2026, 9, 28)) == (date(2026, 10, 15), Card.YELLOW)
    assert clock.red_card_day() == (date(2026, 10, 17), Card.RED)
    # started after its due date: the yellow card's time is past, the red one is next
    assert clock.next_card_day(CAL, 1, date(2026, 10, 17)) == (date(2026, 10, 17), Card.RED)
    assert clock.issue_card(Card.YELLOW, date(2026, 10, 14), CAL, 1, at) is False  # too early
    assert clock.issue_card(Card.RED, date(2026, 10, 16), CAL, 1, at) is False  # not yet late
    assert clock.issue_card(Card.YELLOW, date(2026, 10, 15), CAL, 1, at) is True
    assert clock.next_card_day(CAL, 1, date(2026, 10, 15)) == (date(2026, 10, 17), Card.RED)
    assert clock.issue_card(Card.YELLOW, date(2026, 10, 16), CAL, 1, at) is False  # once
    assert clock.issue_card(Card.RED, date(2026, 10, 17), CAL, 1, at) is True
    assert clock.next_card_day(CAL, 1, date(2026, 10, 17)) is None and clock.red_card_day() is None
    assert clock.issue_card(Card.RED, date(2026, 10, 19), CAL, 1, at) is False
    yellow, red, overdue = clock.events
    assert isinstance(yellow, YellowCardIssued) and yellow.working_days_left == 1
    assert isinstance(red, RedCardIssued) and red.working_days_overdue == 0  # Sat 17 Oct
    # 001 §11: a result not delivered by the due date is deemed overdue.
    assert (overdue.event_type, overdue.reason) == ("clock.deemed_overdue",
                                                    "result_not_delivered_by_due_date")
    assert clock.card is Card.RED


def test_a_yellow_card_after_the_due_date_is_not_issued():
    from services.deadlines.clocks.domain import Card

    at = datetime(2026, 10, 19, tzinfo=ZoneInfo("Asia/Shanghai"))
    clock = Clock.start(start(), CAL)
    assert clock.issue_card(Card.YELLOW, date(2026, 10, 19), CAL, 1, at) is False
    assert clock.issue_card(Card.RED, date(2026, 10, 19), CAL, 1, at) is True


def test_a_committed_completion_date_the_count_agrees_with_is_said_to_be_that_one():
    """The acceptance notice printed the date (the forecast): the clock says it is the same,
    so intake and the ledger need not store it again; a date the count here does not reach
    is not taken (the clock keeps its own, and says nothing)."""
    agreed = Clock.start(start(committed_due_date=date(2026, 10, 16),
                               committed_in="case.accepted"), CAL)
    assert agreed.due_date == date(2026, 10, 16)
    assert agreed.events[0].data()["committed_in"] == "case.accepted"
    other = Clock.start(start(committed_due_date=date(2026, 10, 15),
                              committed_in="case.accepted"), CAL)
    assert other.due_date == date(2026, 10, 16)
    assert other.events[0].data()["committed_in"] is None
    assert Clock.start(start(), CAL).events[0].data()["committed_in"] is None
