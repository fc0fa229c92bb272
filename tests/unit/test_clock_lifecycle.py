"""A clock driven through its life by events, on real 2026 dates."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from services.deadlines.clocks import commands
from services.deadlines.calendar.domain import WorkingCalendar
from services.deadlines.clocks.domain import Clock, ClockRuleViolation, ClockStatus, Outcome
from services.deadlines.calendar.official import arrangements

CAL = WorkingCalendar(arrangements())
AT = datetime(2026, 11, 2, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


def clock(limit: int = 10) -> Clock:
    c = Clock.start(commands.StartClock("c1", "N1", "civil", "MZ", date(2026, 11, 2), limit,
                                        "working_days", "e0", AT), CAL)
    c.events.clear()
    return c


def types(c: Clock) -> list[str]:
    return [e.event_type for e in c.events]


def test_suspend_then_resume_moves_the_due_date_by_the_suspended_days():
    c = clock()  # due Mon 16 Nov
    assert c.due_date == date(2026, 11, 16)
    c.suspend(date(2026, 11, 4), AT, "e1", CAL)
    assert (c.status, c.due_date) == (ClockStatus.SUSPENDED, None)
    assert c.working_days_used(CAL, date(2026, 11, 9)) == 2
    assert c.working_days_left(CAL, date(2026, 11, 9)) is None
    c.resume(date(2026, 11, 10), AT, "e2", CAL)
    assert (c.status, c.due_date) == (ClockStatus.RUNNING, date(2026, 11, 20))
    assert types(c) == ["clock.suspended", "clock.resumed"]
    assert c.working_days_used(CAL, date(2026, 11, 12)) == 4  # 3, 4, 11, 12 Nov


def test_extension_and_a_late_extension_request():
    c = clock()
    assert c.extend(3, date(2026, 11, 13), AT, "e1", CAL) is True
    assert c.due_date == date(2026, 11, 19)
    assert c.extend(2, date(2026, 11, 20), AT, "e2", CAL) is False  # asked after the due date
    assert c.due_date == date(2026, 11, 19)
    assert types(c) == ["clock.extended", "clock.deemed_overdue"]


@pytest.mark.parametrize("on,delay,outcome", [
    (date(2026, 11, 13), False, Outcome.EARLY),
    (date(2026, 11, 16), False, Outcome.ON_TIME),
    (date(2026, 11, 17), False, Outcome.LATE),
    (date(2026, 11, 17), True, Outcome.ON_TIME_APPLICANT_DELAY),
])
def test_completion_outcomes(on, delay, outcome):
    c = clock()
    assert c.complete(on, delay, AT, "e1", CAL) is outcome
    assert c.status is ClockStatus.COMPLETED and not c.is_open
    [event] = c.events
    assert event.event_type == "clock.completed" and event.outcome == outcome.value


@pytest.mark.parametrize("steps,code", [
    ([("resume", date(2026, 11, 4))], "NOT_SUSPENDED"),
    ([("suspend", date(2026, 11, 4)), ("suspend", date(2026, 11, 5))], "CLOCK_NOT_RUNNING"),
    ([("suspend", date(2026, 11, 4)), ("resume", date(2026, 11, 3))], "END_BEFORE_START"),
    ([("complete", date(2026, 11, 4)), ("extend", date(2026, 11, 5))], "CLOCK_CLOSED"),
    ([("cancel", date(2026, 11, 4)), ("complete", date(2026, 11, 5))], "CLOCK_CLOSED"),
])
def test_events_the_state_does_not_allow_are_refused(steps, code):
    c = clock()
    actions = {
        "suspend": lambda d, n: c.suspend(d, AT, n, CAL),
        "resume": lambda d, n: c.resume(d, AT, n, CAL),
        "complete": lambda d, n: c.complete(d, False, AT, n, CAL),
        "extend": lambda d, n: c.extend(2, d, AT, n, CAL),
        "cancel": lambda d, n: c.cancel(d, "withdrawn", AT, n),
    }
    *ok, (last, day) = steps
    for i, (name, d) in enumerate(ok):
        actions[name](d, f"e{i}")
    with pytest.raises(ClockRuleViolation) as err:
        actions[last](day, "final")
    assert err.value.code == code


def test_applied_events_are_remembered():
    c = clock()
    c.suspend(date(2026, 11, 4), AT, "e1", CAL)
    assert c.already_applied("e1") and c.already_applied("e0")
    assert not c.already_applied("e2")


def acceptance_clock() -> Clock:
    c = Clock.start(commands.StartClock("c2", "N2", "civil", "MZ", date(2026, 11, 2), 5,
                                        "working_days", "r0", AT, kind="acceptance_decision"), CAL)
    c.events.clear()
    return c


def test_no_decision_within_five_working_days_is_deemed_overdue():
    from services.deadlines.clocks.domain import Card

    c = acceptance_clock()  # received Mon 2 Nov: decide by Mon 9 Nov
    assert (c.clock_id, c.due_date) == ("acceptance_decision:c2", date(2026, 11, 9))
    assert c.issue_card(Card.RED, date(2026, 11, 10), CAL, 1, AT) is True
    assert types(c) == ["clock.red_card", "clock.deemed_overdue"]
    assert c.events[1].reason == "no_decision_within_limit"
    assert c.events[1].started_on == date(2026, 11, 2)  # the receipt day the case dates from


def test_a_decision_in_time_closes_the_acceptance_clock():
    c = acceptance_clock()
    c.close_decision(date(2026, 11, 4), "correction_requested", AT, "d1", CAL)
    assert (c.status, c.outcome) == (ClockStatus.COMPLETED, Outcome.EARLY)
    assert c.timeline[-1].what == "decided_correction_requested"
    with pytest.raises(ClockRuleViolation):
        clock().close_decision(date(2026, 11, 4), "accepted", AT, "d2", CAL)


def test_the_acceptance_decision_restarts_when_the_applicant_resubmits():
    from services.deadlines.clocks.domain import ClockKind

    decision = Clock.start(commands.StartClock(
        "c9", "N9", "civil", "MZ", date(2026, 9, 21), 5, "working_days", "e0", AT,
        kind=ClockKind.ACCEPTANCE_DECISION.value), CAL)
    assert decision.due_date == date(2026, 9, 29)  # the Mid-Autumn days do not count
    decision.close_decision(date(2026, 9, 22), "correction_requested", AT, "e1", CAL)
    decision.events.clear()
    decision.restart(date(2026, 9, 30), 5, AT, "e2", CAL)  # resubmitted before National Day
    assert (decision.status, decision.outcome) == (ClockStatus.RUNNING, None)
    assert decision.due_date == date(2026, 10, 13)  # 8, 9, 10 (Sat), 12, 13 Oct
    assert types(decision) == ["clock.restarted"]
    assert decision.events[0].old_due_date == date(2026, 9, 29)
    # A decision of the round before, arriving after the restart, does not close it.
    decision.close_decision(date(2026, 9, 22), "correction_requested", AT, "e1b", CAL)
    assert decision.status is ClockStatus.RUNNING
    with pytest.raises(ClockRuleViolation):
        decision.restart(date(2026, 9, 1), 5, AT, "e3", CAL)
