"""Rule 8: the limits other than a case's committed one, each its own clock with its own subject,
started and changed by the events `limits.py` lists. Real 2026 dates: Mid-Autumn 25-27 Sep,
National Day 1-7 Oct with Sun 20 Sep and Sat 10 Oct as working days, Spring Festival with
Sat 14 and Sat 28 Feb as working days."""

import uuid
from datetime import date, datetime

import pytest

from services.deadlines.clocks import consumers
from services.deadlines.clocks import limits
from services.deadlines.calendar.domain import WorkingCalendar
from services.deadlines.clocks.domain import (
    Card, Clock, ClockKind, ClockRuleViolation, ClockStatus, Outcome, UnsupportedLimit, clock_id,
)
from services.deadlines.calendar.official import arrangements
from services.deadlines.calendar.rules import Limit, TimeUnit, add_months, compute_due
from services.kit.clock import CENTRE_TZ
from services.kit.events import CloudEvent
from services.kit.topology import SUBSCRIPTIONS

CAL = WorkingCalendar(arrangements())
AT = datetime(2026, 9, 1, 10, tzinfo=CENTRE_TZ)


def event(type_: str, **data) -> CloudEvent:
    return CloudEvent(type=type_, source="test", subject="s", data=data,
                      id=str(uuid.uuid4()), time=AT.isoformat())


def started(type_: str, **data) -> Clock:
    clock = Clock.start(consumers._start_limit(event(type_, **data), limits.STARTS[type_]), CAL,
                        count_start_day=True)  # the centre's policy must not reach these clocks
    clock.events.clear()
    return clock


def apply(clock: Clock, type_: str, **data) -> None:
    cmd = consumers._change_limit(event(type_, **data), limits.CHANGES[type_])
    assert clock_id(cmd.subject_id, ClockKind(cmd.kind), cmd.part) == clock.clock_id
    clock.apply(cmd, CAL)


def test_every_limit_event_is_bound_to_the_deadlines_queue():
    assert set(limits.STARTS) | set(limits.CHANGES) <= set(SUBSCRIPTIONS["deadlines"])


def test_a_month_ends_on_the_same_date_or_the_last_day_of_the_month():
    assert add_months(date(2026, 3, 15), 1) == date(2026, 4, 15)
    assert add_months(date(2026, 3, 31), 1) == date(2026, 4, 30)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    # 31 Jan + 1 month = 28 Feb 2026, a Saturday made a working day: due that day.
    assert compute_due(CAL, Limit(date(2026, 1, 31), 1, TimeUnit.MONTHS)).due_date == \
        date(2026, 2, 28)
    # 1 Sep + 1 month = 1 Oct, National Day: the next working day (民法典 §203).
    assert compute_due(CAL, Limit(date(2026, 9, 1), 1, TimeUnit.MONTHS)).due_date == \
        date(2026, 10, 8)
    with pytest.raises(Exception, match="个月"):
        Limit(date(2026, 9, 1), 121, TimeUnit.MONTHS).validate()


def test_inquiry_reply_is_due_the_next_working_day_and_late_is_deemed_overdue():
    clock = started("inquiry.reply_due", inquiry_id="i1", owner_id="s-1", department="civil",
                    logged_on="2026-09-30", limit=1, unit="working_days",
                    reply_due_on="2026-10-08")
    assert (clock.kind, clock.subject_id, clock.case_id) == (ClockKind.INQUIRY_REPLY, "i1", None)
    assert (clock.due_date, clock.staff) == (date(2026, 10, 8), "s-1")  # after National Day
    assert clock.issue_card(Card.RED, date(2026, 10, 9), CAL, 1, AT)
    red, overdue = clock.events
    assert (red.subject_type, red.subject_id, red.kind) == ("inquiry", "i1", "inquiry_reply")
    assert (overdue.event_type, overdue.reason) == ("clock.deemed_overdue",
                                                    "no_reply_within_limit")
    apply(clock, "inquiry.answered", inquiry_id="i1", answered_on="2026-10-09")
    assert clock.outcome is Outcome.LATE


def test_joint_opinions_are_one_clock_per_department_five_working_days_from_notice():
    common = {"case_id": "c1", "case_number": "N1", "service_item_code": "JS",
              "notified_on": "2026-09-25"}  # a Mid-Autumn holiday
    planning = started("joint.opinion_requested", **common, department="planning")
    fire = started("joint.opinion_requested", **common, department="fire")
    assert planning.clock_id != fire.clock_id
    assert planning.case_id == "c1" and planning.part == "planning"
    assert planning.due_date == date(2026, 10, 9)  # 28, 29, 30 Sep, 8, 9 Oct
    apply(planning, "joint.opinion_given", case_id="c1", department="planning",
          given_on="2026-10-08")
    assert planning.outcome is Outcome.EARLY and fire.status is ClockStatus.RUNNING


def test_a_hand_over_step_counts_from_the_day_after_registration():
    step = started("case.handed_over", case_id="c1", case_number="N1", step="2",
                   department="land", window="W-07", service_item_code="TD",
                   registered_on="2026-02-13", limit=2)
    # Fri 13 Feb registered; Sat 14 Feb is a working day (1), then the Spring Festival, Tue 24
    # Feb (2). The countStartDay policy is the acceptance day's, not this one's.
    assert step.due_date == date(2026, 2, 24)
    assert step.clock_id == "handover_step:c1:2"
    apply(step, "case.step_completed", case_id="c1", step="2", completed_on="2026-02-24")
    assert step.outcome is Outcome.ON_TIME


def test_a_hand_over_without_a_limit_is_refused():
    with pytest.raises(UnsupportedLimit):  # the consumer rejects it: nothing stored
        started("case.handed_over", case_id="c1", case_number="N1", step="2",
                department="land", registered_on="2026-02-13")


def test_complaints_take_fifteen_working_days_unless_set_and_may_be_extended():
    complaint = started("complaint.received", complaint_id="k1", department="civil",
                        received_on="2026-09-28")
    assert (complaint.limit, complaint.due_date) == (15, date(2026, 10, 23))
    apply(complaint, "complaint.extension_approved", complaint_id="k1", extension_days=5,
          requested_on="2026-10-20")
    assert complaint.due_date == date(2026, 10, 30)
    apply(complaint, "complaint.answered", complaint_id="k1", answered_on="2026-10-29")
    assert complaint.outcome is Outcome.EARLY
    with pytest.raises(ClockRuleViolation):
        apply(complaint, "complaint.extension_approved", complaint_id="k1", extension_days=5,
              requested_on="2026-10-29")
    petition = started("petition.received", petition_id="p1", received_on="2026-09-28",
                       limit=5)
    # 29, 30 Sep, 8, 9 Oct and Saturday 10 Oct, a working day
    assert (petition.kind, petition.due_date) == (ClockKind.PETITION_HANDLING,
                                                  date(2026, 10, 10))
    assert petition.department == ""


def test_appeal_filing_is_fifteen_natural_days_and_the_answer_one_month():
    filing = started("sanction.decided", decision_id="d1", department="civil", staff="s-9",
                     notified_on="2026-09-20")
    # 20 Sep + 15 = 5 Oct, National Day: the next working day.
    assert (filing.unit, filing.due_date) == ("natural_days", date(2026, 10, 8))
    filed = {"appeal_id": "a1", "decision_id": "d1", "department": "civil", "staff": "s-9",
             "filed_on": "2026-10-08"}
    apply(filing, "appeal.filed", **filed)
    assert filing.outcome is Outcome.ON_TIME
    answer = started("appeal.filed", **filed)
    assert (answer.kind, answer.unit, answer.due_date) == (ClockKind.APPEAL_ANSWER, "months",
                                                           date(2026, 11, 9))  # 8 Nov is Sun
    year_end = started("appeal.filed", **{**filed, "filed_on": "2026-12-31"})
    assert (year_end.due_date, year_end.provisional) == (date(2027, 2, 1), True)  # 31 Jan: Sun
