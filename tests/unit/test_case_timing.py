"""Special procedures, extensions and the applicant's own delay (000 限时办结 §8-9, 001 §10-12,
行政许可法 §42, §45). Pure: no I/O."""

from datetime import timedelta

import pytest

from services.intake.cases.domain import Actor, CaseStateError, CaseStatus, NoticeKind
from services.kit.domain import InputError
from tests.unit.test_case_processing import HEAD, accepted, opine, who
from tests.unit.test_intake_domain import NOW, TODAY

CHIEF = Actor("chief", "赵敏")


def test_a_special_procedure_suspends_and_tells_the_applicant_how_long():
    case = accepted()
    case.start_special_procedure("expert_review", "需组织专家论证", 15, NOW, TODAY, CHIEF)
    assert case.status is CaseStatus.SUSPENDED
    notice = case.notices[-1]
    assert (notice.kind, notice.expected_days, notice.number[-3:]) == (
        NoticeKind.SUSPENSION_NOTICE, 15, "TB1")
    suspended = case.events[-1]
    assert (suspended.event_type, suspended.suspended_on, suspended.procedure) == (
        "case.suspended", TODAY, "expert_review")
    with pytest.raises(CaseStateError):  # no opinions while the procedure runs
        opine(case, who("s-1"))
    later = TODAY + timedelta(days=20)
    case.finish_special_procedure("专家意见：可行", NOW, later, "s-1")
    assert case.status is CaseStatus.ACCEPTED
    assert (case.events[-1].event_type, case.events[-1].resumed_on) == ("case.resumed", later)
    with pytest.raises(CaseStateError):
        case.finish_special_procedure("again", NOW, later, "s-1")


def test_a_special_procedure_needs_a_kind_from_the_law_and_a_duration():
    case = accepted()
    with pytest.raises(InputError) as err:
        case.start_special_procedure("coffee", "x", 3, NOW, TODAY, CHIEF)
    assert err.value.field == "kind"
    with pytest.raises(InputError) as err:
        case.start_special_procedure("testing", "x", 0, NOW, TODAY, CHIEF)
    assert err.value.code == "OUT_OF_RANGE"
    assert case.status is CaseStatus.ACCEPTED and not case.events


def test_an_extension_before_the_due_date_is_approved_and_told_in_writing():
    case = accepted()  # due 14 days after TODAY
    assert case.request_extension(5, "需补充现场核查", NOW, TODAY, "s-1")
    assert case.events[-1].event_type == "extension.requested"
    with pytest.raises(CaseStateError) as err:
        case.request_extension(3, "again", NOW, TODAY, "s-1")
    assert err.value.code == "EXTENSION_PENDING"
    with pytest.raises(CaseStateError) as err:
        case.approve_extension(None, NOW, TODAY, Actor("s-1", "王芳"))
    assert err.value.code == "SAME_PERSON"
    new_due = case.due_on + timedelta(days=7)
    case.approve_extension(new_due, NOW, TODAY, CHIEF)
    approved = case.events[-1]
    assert (approved.event_type, approved.extension_days, approved.requested_on) == (
        "case.extension_approved", 5, TODAY)
    assert case.due_on == new_due
    notice = case.notices[-1]
    assert (notice.kind, notice.extension_days, notice.committed_completion_on) == (
        NoticeKind.EXTENSION_NOTICE, 5, new_due)
    with pytest.raises(CaseStateError) as err:
        case.approve_extension(None, NOW, TODAY, CHIEF)
    assert err.value.code == "NO_EXTENSION_REQUESTED"


def test_an_extension_asked_after_the_due_date_is_refused_as_late_and_announced():
    case = accepted()
    late = case.due_on + timedelta(days=1)
    assert not case.request_extension(5, "来不及", NOW, late, "s-1")
    refused = case.events[-1]
    assert (refused.event_type, refused.due_on, refused.requested_on) == (
        "extension.refused_late", case.due_on, late)
    assert case.extensions[-1].refused_late and case.pending_extension is None


def test_the_applicant_delay_makes_a_late_completion_count_as_on_time():
    case = accepted(review_chain="accept_and_approve")
    with pytest.raises(InputError) as err:
        case.record_applicant_delay("did_not_attend", "电话通知记录", TODAY, NOW, TODAY, "s-1")
    assert err.value.code == "NOT_YET_MISSED"
    case.record_applicant_delay("did_not_attend", "2026-09-29 电话通知到场核验未到",
                                TODAY, NOW + timedelta(days=1), TODAY + timedelta(days=1), "s-1")
    assert case.events[-1].event_type == "case.applicant_delayed"
    opine(case, who("head", HEAD, decides=True))
    from services.intake.delivery.domain import DeliveryInput
    case.deliver(DeliveryInput.validate("window", None, "phone", None, None, None), NOW,
                 TODAY + timedelta(days=30), "s-1")
    completed = case.events[-1]
    assert (completed.event_type, completed.applicant_delay) == ("case.completed", True)


def test_due_dates_from_the_deadlines_service_never_go_back_in_time():
    case = accepted()
    assert case.note_due_date(TODAY + timedelta(days=20), "2026-09-28T03:00:00+00:00")
    assert not case.note_due_date(TODAY + timedelta(days=2), "2026-09-28T02:00:00+00:00")
    assert case.due_on == TODAY + timedelta(days=20)
    assert case.note_due_date(None, "2026-09-28T04:00:00+00:00")  # suspended
    assert case.due_on is None


def test_a_supplement_promise_is_bounded_by_the_committed_limit_and_flagged_when_lapsed():
    from tests.unit.test_intake_domain import STAFF, handed, receive
    case = receive(handed("申请书", "身份证"))
    latest = TODAY + timedelta(days=14)  # 10 working days, as the deadlines service counts
    with pytest.raises(InputError) as err:
        case.accept_with_materials_owed(NOW, TODAY, STAFF, latest + timedelta(days=1), latest)
    assert (err.value.field, err.value.code) == ("promisedOn", "PROMISE_TOO_FAR")
    case.accept_with_materials_owed(NOW, TODAY, STAFF, TODAY + timedelta(days=3), latest)
    assert not case.flag_lapsed_promise(TODAY + timedelta(days=3))  # due that day: not yet
    assert case.flag_lapsed_promise(TODAY + timedelta(days=4))
    lapsed = case.events[-1]
    assert (lapsed.event_type, lapsed.owed_materials, lapsed.promised_on) == (
        "case.materials_promise_lapsed", ["场所平面图"], TODAY + timedelta(days=3))
    assert not case.flag_lapsed_promise(TODAY + timedelta(days=5))  # once
    case.record_owed_materials(["场所平面图"], NOW, TODAY + timedelta(days=6), STAFF)
    assert not case.owed


def test_a_moved_completion_date_is_told_once_in_writing_with_both_dates():
    """Issue 14: a loaded arrangement (or a closure day) moved the committed date."""
    system = Actor("system", "系统（办理时限重新计算）")
    case = receive_and_accept_provisional()
    promised = case.due_on
    acceptance = case.notices[-1]
    assert acceptance.committed_completion_provisional is True
    later = promised + timedelta(days=1)
    assert case.note_rescheduled_due_date(later, False, "calendar_loaded",
                                          "2026-09-29T01:00:00+00:00", NOW, TODAY, system)
    notice = case.notices[-1]
    assert (notice.kind, notice.previous_completion_on, notice.committed_completion_on,
            notice.committed_completion_provisional, notice.reasons) == (
        NoticeKind.COMPLETION_DATE_CHANGE_NOTICE, promised, later, False,
        ("国务院公布了该年度的放假安排",))
    told = case.events[-1]
    assert (told.event_type, told.old_due_on, told.new_due_on, told.notice_number) == (
        "case.completion_date_changed", promised, later, notice.number)
    assert case.notices[-2] is acceptance and acceptance.committed_completion_on == promised
    # the same announcement again, an older one, or a date that did not move: nothing told
    count = len(case.notices)
    assert not case.note_rescheduled_due_date(later, False, "calendar_loaded",
                                              "2026-09-29T01:00:00+00:00", NOW, TODAY, system)
    assert case.note_rescheduled_due_date(later, False, "closure_changed",
                                          "2026-09-29T02:00:00+00:00", NOW, TODAY, system)
    assert len(case.notices) == count and len(case.events) == 1


def test_a_case_not_yet_accepted_or_completed_is_not_told():
    from tests.unit.test_intake_domain import handed, receive
    case = receive(handed("申请书", "身份证", "场所平面图"))
    case.due_on = TODAY  # as if noted
    case.events.clear()
    system = Actor("system", "系统")
    assert case.note_rescheduled_due_date(TODAY + timedelta(days=1), False, "calendar_loaded",
                                          "2026-09-29T01:00:00+00:00", NOW, TODAY, system)
    assert not case.events and all(
        n.kind is not NoticeKind.COMPLETION_DATE_CHANGE_NOTICE for n in case.notices)


def receive_and_accept_provisional():
    from tests.unit.test_intake_domain import STAFF, handed, receive
    case = receive(handed("申请书", "身份证", "场所平面图"))
    case.accept(NOW, TODAY, STAFF, TODAY + timedelta(days=14), provisional=True)
    case.events.clear()
    return case


def test_every_timeline_entry_has_its_time_and_the_timeline_is_in_order():
    """Issue 22, 3: "特别程序结束，恢复计时" had no time and came after the delivery."""
    from services.intake.cases.timeline import timeline
    from services.intake.delivery.domain import DeliveryInput

    case = accepted(review_chain="accept_and_approve")
    day = TODAY + timedelta(days=3)
    morning = NOW.replace(hour=9) + timedelta(days=3)
    case.start_special_procedure("testing", "送检", 2, NOW, TODAY, CHIEF)
    case.finish_special_procedure("检测合格", morning, day, "s-1")
    case.record_applicant_delay("did_not_attend", "电话通知未到场", TODAY, morning.replace(hour=10),
                                day, "s-1")
    opine(case, who("head", HEAD, decides=True))  # decided at NOW's time (10:00 on day 0)
    case.deliver(DeliveryInput.validate("mail", None, None, "某市某路1号", "EMS", "EMS123456"),
                 morning.replace(hour=11), day, "s-1")
    case.record_delivery(day, morning.replace(hour=16), day, "s-1")
    entries = timeline(case)
    assert all(e.at is not None for e in entries)
    assert [e.kind for e in entries][-4:] == ["resumed", "applicant_delayed", "mailed",
                                             "delivered"]
    assert entries == sorted(entries, key=lambda e: (e.on, e.at))
    withdrawn = accepted()
    withdrawn.withdraw("不再申请", morning, day, "s-1")
    assert timeline(withdrawn)[-1].at == morning
