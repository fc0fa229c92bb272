"""每月公布 (001 考勤制度 (一)): a department's month is published once it is over, once, as
summarised then; 督查科 receives its totals; the month counts on the department's card."""

from datetime import date

import pytest

from services.intake.attendance.domain import AttendanceMonth, LeaveError, MemberMonth
from services.kit.domain import InputError
from services.oversight.dashboard.domain import deltas_for, month_bucket

LINES = [MemberMonth("w1", "王芳", "W1", 38, 2, 1, 0), MemberMonth("w2", "李强", "W2", 40, 0, 0, 2)]
LAST = date(2026, 12, 31)


def test_a_month_is_not_published_before_it_is_over():
    with pytest.raises(InputError) as refused:
        AttendanceMonth.publish("civil", "2026-12", LAST, LINES, "eff-01", LAST, None)
    assert (refused.value.field, refused.value.code) == ("month", "MONTH_NOT_OVER")


def test_a_published_month_keeps_its_lines_and_hands_the_totals_to_the_office():
    month = AttendanceMonth.publish("civil", "2026-12", LAST, LINES, "eff-01",
                                    date(2027, 1, 4), None)
    assert (month.id, month.members, month.published_on) == ("civil|2026-12", tuple(LINES),
                                                             date(2027, 1, 4))
    [event] = month.events
    assert (event.event_type, event.members, event.half_days_signed, event.half_days_absent,
            event.leave_days, event.official_outing_days, event.published_by) == (
        "attendance.month_published", 2, 78, 2, 1, 2, "eff-01")
    assert "王芳" not in repr(event)  # the event carries counts, not names


def test_a_month_is_published_once():
    first = AttendanceMonth.publish("civil", "2026-12", LAST, LINES, "eff-01",
                                    date(2027, 1, 4), None)
    with pytest.raises(LeaveError) as refused:
        AttendanceMonth.publish("civil", "2026-12", LAST, [], "sup-01", date(2027, 1, 5), first)
    assert refused.value.code == "ALREADY_PUBLISHED" and "2027-01-04" in str(refused.value)


def test_the_publication_counts_on_the_department_s_card_for_its_month():
    deltas = deltas_for("attendance.month_published", {
        "month_id": "civil|2026-12", "department": "civil", "month": "2026-12",
        "published_on": "2027-01-04"})
    assert deltas[month_bucket("2026-12", "department", "civil")] == {
        "attendance_months_published": 1}
