"""Retaliation against a complainant: which later steps against the applicant, by whom and
when, open a supervision case; a complaint counted once. Pure."""

from datetime import date, timedelta

from services.kit.events import CloudEvent
from services.oversight.retaliation.consumers import adverse_step, make_signal
from services.oversight.retaliation.domain import Complainant, Shield
from services.oversight.supervision.domain import Trigger

COMPLAINED = date(2026, 11, 23)
CASE = {"case_id": "c2", "case_number": "OW2026120100001", "department": "civil",
        "service_item_id": "i", "service_item_code": "T", "window": "W-1",
        "applicant_ref": "a" * 32}


def event(type_: str, **data) -> CloudEvent:
    return CloudEvent(type=type_, source="test", subject="c2", data={**CASE, **data})


def complainant() -> Complainant:
    c = Complainant("a" * 32)
    assert c.record(Shield("k1", "TS2026112300001", "c1", COMPLAINED, ("wang", "zhao")))
    assert not c.record(Shield("k1", "TS2026112300001", "c1", COMPLAINED, ("wang",)))
    return c


def test_a_correction_notice_by_the_staff_complained_about_is_a_possible_retaliation():
    e = event("correction.requested", requested_by="wang", requested_on="2026-12-01",
              notice_number="OW2026120100001-BZ1")
    step = adverse_step(e)
    found = complainant().retaliation(step)
    assert [(s.complaint_number, staff) for s, staff in found] == [("TS2026112300001",
                                                                   ("wang",))]
    signal = make_signal(e)(step, *found[0])
    assert (signal.trigger, signal.breach.value, signal.people, signal.key) == (
        Trigger.RETALIATION, "retaliation", ("wang",), "retaliation:k1:OW2026120100001-BZ1")
    assert "TS2026112300001" in signal.evidence.summary and "补正告知" in signal.evidence.summary


def test_steps_by_others_before_the_complaint_or_after_a_year_are_not():
    c = complainant()
    by_other = adverse_step(event("correction.requested", requested_by="li",
                                  requested_on="2026-12-01", notice_number="N1"))
    before = adverse_step(event("correction.requested", requested_by="wang",
                                requested_on="2026-11-20", notice_number="N2"))
    late = adverse_step(event("correction.requested", requested_by="wang",
                              requested_on=(COMPLAINED + timedelta(days=366)).isoformat(),
                              notice_number="N3"))
    assert [c.retaliation(s) for s in (by_other, before, late)] == [[], [], []]


def test_rejections_and_denials_name_their_deciders_an_approval_is_no_step():
    rejected = adverse_step(event("application.rejected", proposed_by="wang",
                                  consented_by="sun", rejected_on="2026-12-02",
                                  notice_number="N-BSL1"))
    assert (rejected.kind, rejected.staff) == ("rejection", ("wang", "sun"))
    opinions = [{"role": "handler", "staff_id": "wang", "verdict": "deny"},
                {"role": "approver", "staff_id": "zhao", "verdict": "deny"},
                {"role": "reviewer", "staff_id": "qian", "verdict": "approve"}]
    denied = adverse_step(event("case.decided", verdict="denied", decided_on="2026-12-03",
                                document_number="N-BX1", opinions=opinions))
    assert (denied.kind, denied.staff) == ("denial", ("wang", "zhao"))
    assert [staff for _, staff in complainant().retaliation(denied)] == [("wang", "zhao")]
    assert adverse_step(event("case.decided", verdict="approved", decided_on="2026-12-03",
                              document_number="N-JG1", opinions=opinions)) is None
