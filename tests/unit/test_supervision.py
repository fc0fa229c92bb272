"""Electronic supervision: which events open a case, under which key, with what evidence; the
office's decision. Pure."""

from datetime import date

import pytest

from services.kit.events import CloudEvent
from services.kit.domain import InputError
from services.oversight.supervision.consumers import signal_of
from services.oversight.supervision.domain import (
    Signal, SupervisionCase, SupervisionError, SupervisionStatus, Trigger, Warning,
)

CASE = {"case_id": "c1", "case_number": "OW2026112300001", "department": "civil",
        "service_item_id": "i", "service_item_code": "T", "window": "W-1"}
CLOCK = {"subject_type": "case", "subject_id": "c1", "case_id": "c1", "part": None,
         "case_number": "OW2026112300001", "department": "civil", "service_item_code": "T",
         "window": "W-1", "staff": "wang", "kind": "case_limit", "started_on": "2026-11-23",
         "due_date": "2026-12-07", "issued_on": "2026-12-08"}


def event(type_: str, **data) -> CloudEvent:
    return CloudEvent(type=type_, source="test", subject="s", data=data)


def test_a_red_card_opens_one_case_per_clock_and_due_date():
    signal = signal_of(event("clock.red_card", **CLOCK, working_days_overdue=1))
    assert (signal.key, signal.trigger, signal.breach.value, signal.people) == (
        "red_card:case_limit:c1:-:2026-12-07", Trigger.RED_CARD, "overdue", ("wang",))
    again = signal_of(event("clock.red_card", **CLOCK, working_days_overdue=1))
    assert again.key == signal.key  # a redelivery or a second card: the same case
    moved = signal_of(event("clock.red_card", **{**CLOCK, "due_date": "2026-12-14"},
                            working_days_overdue=1))
    assert moved.key != signal.key  # a new due date missed again is a new breach


def test_a_yellow_card_is_a_warning_not_a_case():
    found = signal_of(event("clock.yellow_card", **CLOCK, working_days_left=1))
    assert isinstance(found, Warning) and found.working_days_left == 1


@pytest.mark.parametrize("type_,data,trigger,people", [
    ("case.deemed_accepted", {"accepted_on": "2026-11-30"}, Trigger.DEEMED_ACCEPTANCE, ()),
    ("correction.repeated", {"notice_number": "N-BZ2", "requested_by": "wang",
                             "requested_on": "2026-11-24", "repeated_materials": ["申请书"]},
     Trigger.REPEATED_CORRECTION, ("wang",)),
    ("extension.refused_late", {"requested_by": "wang", "requested_on": "2026-12-08",
                                "due_on": "2026-12-07"}, Trigger.LATE_EXTENSION_REQUEST,
     ("wang",)),
    ("rating.poor", {"level": "very_dissatisfied", "poor": True, "rated_on": "2026-12-09",
                    "staff": ["wang"]}, Trigger.POOR_RATING, ("wang",)),
    ("application.rejected", {"proposed_by": "zhao", "consented_by": "zhao",
                              "rejected_on": "2026-11-24"},
     Trigger.REJECTION_WITHOUT_CONSENT, ("zhao",)),
])
def test_each_breach_signal_opens_a_case(type_, data, trigger, people):
    signal = signal_of(event(type_, **CASE, **data))
    assert isinstance(signal, Signal)
    assert (signal.trigger, signal.people, signal.case_number) == (trigger, people,
                                                                   "OW2026112300001")


@pytest.mark.parametrize("escalated,trigger", [(False, Trigger.REPEATED_COMPLAINT),
                                                (True, Trigger.ESCALATED_COMPLAINT)])
def test_a_repeated_or_escalated_complaint_names_whoever_handled_the_first(escalated, trigger):
    signal = signal_of(event("complaint.repeated", complaint_id="k2",
                             complaint_number="TS2026112300002", department="civil",
                             subject_kind="staff", subject_ref="wang", category="rude_conduct",
                             first_complaint_id="k1", first_complaint_number="TS2026112300001",
                             first_handled_by=["eff", "head", "eff"], received_on="2026-12-01",
                             channel="superior_referral" if escalated else "phone",
                             escalated=escalated))
    assert (signal.key, signal.trigger, signal.breach.value, signal.people, signal.subject_id) \
        == (f"{trigger.value}:k2", trigger, "repeated_complaint", ("eff", "head"), "k1")
    assert ("越级上访" in signal.evidence.summary) is escalated


def test_what_is_no_breach_opens_nothing():
    assert signal_of(event("rating.given", **CASE, level="satisfied", poor=False,
                           rated_on="2026-12-09")) is None
    assert signal_of(event("application.rejected", **CASE, proposed_by="wang",
                           consented_by="zhao", rejected_on="2026-11-24")) is None


def test_the_office_verifies_or_dismisses_with_reasons_never_its_own_case():
    case = SupervisionCase.open(signal_of(event("clock.red_card", **CLOCK,
                                                working_days_overdue=1)))
    assert case.events[-1].event_type == "supervision_case.opened"
    with pytest.raises(SupervisionError) as err:
        case.verify("wang", date(2026, 12, 9), "逾期属实")
    assert err.value.code == "OWN_CASE"
    with pytest.raises(InputError):
        case.verify("sup", date(2026, 12, 9), " ")
    case.verify("sup", date(2026, 12, 9), "逾期属实，无正当理由")
    assert case.status is SupervisionStatus.VERIFIED
    assert case.events[-1].event_type == "supervision_case.verified"
    with pytest.raises(SupervisionError) as err:
        case.dismiss("sup", date(2026, 12, 9), "again")
    assert err.value.code == "ALREADY_DECIDED"


def test_a_complaint_left_unanswered_is_a_breach_of_replying_not_a_repeat():
    signal = signal_of(event("clock.red_card", **{**CLOCK, "kind": "complaint_handling",
                                                  "subject_type": "complaint"},
                             working_days_overdue=1))
    assert signal.breach.value == "no_reply"
