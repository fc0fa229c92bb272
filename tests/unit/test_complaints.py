"""Efficiency complaints (效能投诉): the workflow, repeats, the handling clock's events. Pure."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from services.kit.domain import InputError
from services.oversight.complaints.commands import RegisterComplaint
from services.oversight.complaints.domain import (
    Complaint, ComplaintError, ComplaintInput, ComplaintStatus, query_code_hash,
)

NOW = datetime(2026, 11, 23, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
TODAY = NOW.date()


def given(**kw) -> ComplaintInput:
    cmd = RegisterComplaint(**{"channel": "phone", "subject_kind": "staff",
                               "subject_ref": "ca-window-01", "subject_department": "civil",
                               "category": "rude_conduct", "description": "态度粗暴",
                               "complainant_name": "张三", "complainant_contact": "13800000000",
                               **kw})
    return ComplaintInput.validate(cmd, NOW)


def registered(**kw) -> Complaint:
    return Complaint.register(given(**kw), "c-1", "TS2026112300001", query_code_hash("c-1", "X"),
                              NOW, TODAY, "eff")


def types(c: Complaint) -> list[str]:
    return [e.event_type for e in c.events]


def test_registering_starts_the_15_working_day_clock():
    c = registered()
    received = c.events[0]
    assert (received.event_type, received.limit, received.unit, received.department) == (
        "complaint.received", 15, "working_days", "civil")
    assert "13800000000" not in str(received.data())  # no personal data in events


@pytest.mark.parametrize("kw,field,code", [
    ({"subject_ref": " "}, "subject.ref", "SUBJECT_REQUIRED"),
    ({"category": "nonsense"}, "category", "INVALID_VALUE"),
    ({"complainant_name": None}, "complainant.name", "REQUIRED"),
    ({"complainant_contact": "<script>"}, "complainant.contact", "INVALID_FORMAT"),
    ({"occurred_at": NOW + timedelta(days=1)}, "occurredAt", "DATE_IN_FUTURE"),
])
def test_bad_complaints_are_refused(kw, field, code):
    with pytest.raises(InputError) as err:
        given(**kw)
    assert (err.value.field, err.value.code) == (field, code)


def test_anonymous_complaints_keep_no_name():
    assert given(anonymous=True, complainant_name="张三").complainant.name is None


def test_unit_investigation_reply_unsatisfied_reinvestigation_conclusion():
    c = registered()
    c.accept(None, TODAY, "eff")
    with pytest.raises(InputError) as err:
        c.order_investigation("unit", None, TODAY, "eff")
    assert err.value.code == "REQUIRED"
    c.order_investigation("unit", TODAY + timedelta(days=5), TODAY, "eff")
    with pytest.raises(ComplaintError) as refused:
        c.record_report("查无此事", TODAY, "head", "market")  # another unit
    assert refused.value.code == "NOT_THE_UNIT"
    c.record_report("经查，窗口人员言语生硬", TODAY + timedelta(days=6), "head", "civil")
    assert c.events[-1].late  # after the date the unit was given
    with pytest.raises(ComplaintError) as refused:
        c.conclude("substantiated", "属实", TODAY, "eff")
    assert refused.value.code == "COMPLAINT_WRONG_STATE"
    c.reply("phone", "已责成窗口整改", TODAY + timedelta(days=7), "eff")
    with pytest.raises(ComplaintError) as refused:
        c.conclude("substantiated", "属实", TODAY, "eff")
    assert refused.value.code == "VERDICT_REQUIRED"
    c.record_verdict(False, TODAY + timedelta(days=8), "eff")
    assert c.status is ComplaintStatus.REINVESTIGATING
    c.order_investigation("direct", None, TODAY + timedelta(days=8), "eff")
    c.record_report("调取录像，属实", TODAY + timedelta(days=9), "eff", None)
    c.conclude("substantiated", "投诉属实", TODAY + timedelta(days=9), "eff")
    assert c.status is ComplaintStatus.CONCLUDED
    assert types(c).count("complaint.answered") == 1  # the clock stops at the first answer
    assert types(c)[-2:] == ["complaint.concluded", "complaint.reinvestigation_concluded"]
    assert c.events[-2].rounds == 2


def test_a_reinvestigation_runs_on_its_own_clock_once():
    c = registered()
    c.accept(None, TODAY, "eff")
    c.order_investigation("direct", None, TODAY, "eff")
    c.record_report("经查属实", TODAY, "eff", None)
    c.reply("phone", "已整改", TODAY, "eff")
    c.record_verdict(False, TODAY + timedelta(days=1), "eff")
    opened = c.events[-1]
    assert (opened.event_type, opened.part, opened.opened_on, opened.limit) == (
        "complaint.reinvestigation_opened", "reinvestigation", TODAY + timedelta(days=1), 15)
    c.approve_extension(5, TODAY + timedelta(days=2), "sup")
    assert (c.events[-1].event_type, c.events[-1].part) == (
        "complaint.reinvestigation_extended", "reinvestigation")
    c.order_investigation("unit", TODAY + timedelta(days=6), TODAY + timedelta(days=2), "eff")
    c.record_report("复查属实", TODAY + timedelta(days=5), "head", "civil")
    c.reply("phone", "复查结果", TODAY + timedelta(days=6), "eff")
    c.record_verdict(False, TODAY + timedelta(days=7), "eff")  # still not satisfied
    assert c.status is ComplaintStatus.ANSWERED  # no third round: the final conclusion follows
    assert types(c).count("complaint.reinvestigation_opened") == 1
    with pytest.raises(ComplaintError):
        c.order_investigation("direct", None, TODAY + timedelta(days=7), "eff")
    c.conclude("partly", "部分属实", TODAY + timedelta(days=8), "eff")
    assert (c.events[-1].event_type, c.events[-1].concluded_on) == (
        "complaint.reinvestigation_concluded", TODAY + timedelta(days=8))


def test_a_satisfied_complainant_opens_no_reinvestigation_clock():
    c = registered()
    c.accept(None, TODAY, "eff")
    c.order_investigation("direct", None, TODAY, "eff")
    c.record_report("经查属实", TODAY, "eff", None)
    c.reply("phone", "已整改", TODAY, "eff")
    c.record_verdict(True, TODAY, "eff")
    c.conclude("substantiated", "属实", TODAY, "eff")
    assert not any("reinvestigation" in t for t in types(c))


def test_declining_answers_the_complainant_and_stops_the_clock():
    c = registered()
    with pytest.raises(InputError):
        c.decline(" ", "phone", TODAY, "eff")
    c.decline("不属于效能投诉受理范围", "phone", TODAY, "eff")
    assert types(c)[-2:] == ["complaint.declined", "complaint.answered"]
    with pytest.raises(ComplaintError):
        c.record_verdict(True, TODAY, "eff")


def test_a_second_complaint_about_the_same_matter_is_a_repeat():
    first = registered()
    first.accept(None, TODAY, "eff")
    first.order_investigation("direct", None, TODAY, "eff")
    second = Complaint.register(given(), "c-2", "TS2026112300002", "h", NOW, TODAY, "eff",
                                earlier=first)
    assert second.repeat_of == "c-1"
    repeated = second.events[-1]
    assert (repeated.event_type, repeated.first_handled_by) == ("complaint.repeated", ["eff"])
    assert given().repeat_key == given(channel="web").repeat_key
    assert given().repeat_key != given(subject_ref="ca-window-02").repeat_key
    assert given(anonymous=True, complainant_contact=None).repeat_key is None
    assert repeated.escalated is False


def test_a_repeat_referred_back_from_above_the_centre_is_an_escalation():
    first = registered()
    first.accept(None, TODAY, "eff")
    again = Complaint.register(given(channel="superior_referral"), "c-2", "TS2026112300002",
                               "h", NOW, TODAY, "eff", earlier=first)
    repeated = again.events[-1]
    assert (repeated.escalated, repeated.channel, repeated.first_handled_by) == (
        True, "superior_referral", ["eff"])
    # a first complaint referred from above is not anyone's breach yet
    alone = Complaint.register(given(channel="superior_referral"), "c-3", "TS2026112300003",
                               "h", NOW, TODAY, "eff")
    assert types(alone) == ["complaint.received"]


def test_extensions_are_bounded_and_announced():
    c = registered()
    with pytest.raises(InputError):
        c.approve_extension(0, TODAY, "eff")
    c.approve_extension(10, TODAY, "sup")
    assert (c.events[-1].event_type, c.events[-1].extension_days) == (
        "complaint.extension_approved", 10)


def test_the_query_code_is_kept_as_a_hash_only():
    c = registered()
    assert c.query_code_hash == query_code_hash("c-1", "X") != "X"
    assert date.fromisoformat("2026-11-23") == c.received_on
