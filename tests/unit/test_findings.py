"""Findings: who may be named, hearing before sanction, heavier circumstances detected, the
appeal within 15 days. Pure."""

from datetime import date, timedelta

import pytest

from services.oversight.accountability.allocation import ChainOpinion
from services.oversight.accountability.domain import Finding, FindingError

DAY = date(2026, 12, 9)
CHAIN = [ChainOpinion("handler", "wang", "approve"), ChainOpinion("reviewer", "zhao", "approve"),
         ChainOpinion("approver", "sun", "approve")]


def finding(people=("wang",)) -> Finding:
    return Finding.open("f1", "overdue", "civil", "c1", "OW1", "supervision:x", list(people),
                        CHAIN, DAY, "sup")


def sanctioned() -> tuple[Finding, str]:
    f = finding()
    f.allocate("conduct", None, {"handler": "wang", "reviewer": "zhao"}, DAY)
    f.record_hearing("zhao", "工作量大", "已尽力", DAY, "sup")
    decision = f.decide_sanction("zhao", "written_admonition", "审核延误", [], [], DAY, "sup")
    return f, decision.id


def test_nobody_opens_a_finding_about_themselves():
    with pytest.raises(FindingError) as err:
        Finding.open("f1", "overdue", "civil", "c1", "OW1", "x", ["sup"], [], DAY, "sup")
    assert err.value.code == "OWN_CASE"


def test_a_finding_names_only_people_involved_in_the_case():
    f = finding()
    with pytest.raises(FindingError) as err:
        f.allocate("conduct", None, {"window_staff": "stranger"}, DAY)
    assert err.value.code == "NOT_INVOLVED"
    allocation = f.allocate("conduct", None, {"handler": "wang", "reviewer": "zhao"}, DAY)
    assert [(s.staff_id, s.responsibility.value) for s in allocation.shares] == [
        ("wang", "direct"), ("zhao", "supervisory")]
    assert f.events[-1].event_type == "responsibility.allocated"


def test_no_sanction_without_a_hearing_record():
    f = finding()
    f.allocate("conduct", None, {"handler": "wang", "reviewer": "zhao"}, DAY)
    with pytest.raises(FindingError) as err:
        f.decide_sanction("zhao", "talk", "x", [], [], DAY, "sup")
    assert err.value.code == "HEARING_REQUIRED"
    with pytest.raises(FindingError) as err:
        f.record_hearing("stranger", "x", "", DAY, "sup")
    assert err.value.code == "NOT_RESPONSIBLE"


def test_a_second_sanction_within_a_year_is_heavier_lighter_ones_need_evidence():
    f = finding()
    f.allocate("conduct", None, {"handler": "wang"}, DAY)
    f.record_hearing("wang", "忘记了", "", DAY, "sup")
    decision = f.decide_sanction("wang", "public_criticism", "逾期", [("apology_accepted",
                                 "申请人出具谅解书")], [DAY - timedelta(days=200)], DAY, "sup")
    assert [h.value for h in decision.heavier] == ["repeat_within_a_year"]
    assert decision.lighter[0].evidence == "申请人出具谅解书"
    sanctioned_event = f.events[-1]
    assert (sanctioned_event.event_type, sanctioned_event.staff,
            sanctioned_event.notified_on) == ("sanction.decided", "wang", DAY)
    other = finding()
    other.allocate("conduct", None, {"handler": "wang"}, DAY)
    other.record_hearing("wang", "x", "", DAY, "sup")
    assert other.decide_sanction("wang", "talk", "x", [], [DAY - timedelta(days=400)], DAY,
                                 "sup").heavier == ()


def test_retaliation_against_a_complainant_makes_a_sanction_heavier():
    found = Finding.open("f2", "retaliation", "civil", "c2", "OW2", "supervision:r", ["wang"],
                         [], DAY, "sup")
    found.allocate("conduct", None, {"handler": "wang"}, DAY)
    found.record_hearing("wang", "依法补正", "", DAY, "sup")
    assert [h.value for h in found.decide_sanction("wang", "transfer", "打击报复", [], [], DAY,
                                                   "sup").heavier] == ["retaliation"]
    # a later finding of something else: heavier while the retaliation is within the year
    later = finding()
    later.allocate("conduct", None, {"handler": "wang"}, DAY)
    later.record_hearing("wang", "x", "", DAY, "sup")
    decision = later.decide_sanction("wang", "talk", "x", [], [], DAY, "sup",
                                     retaliations=[DAY - timedelta(days=30)])
    assert [h.value for h in decision.heavier] == ["retaliation"]
    again = finding()
    again.allocate("conduct", None, {"handler": "wang"}, DAY)
    again.record_hearing("wang", "x", "", DAY, "sup")
    assert again.decide_sanction("wang", "talk", "x", [], [], DAY, "sup",
                                 retaliations=[DAY - timedelta(days=400)]).heavier == ()


def test_the_appeal_is_the_persons_own_within_15_days_answered_by_another():
    f, sanction_id = sanctioned()
    with pytest.raises(FindingError) as err:
        f.file_appeal(sanction_id, "不服", DAY, "wang")
    assert err.value.code == "NOT_YOUR_SANCTION"
    with pytest.raises(FindingError) as err:
        f.file_appeal(sanction_id, "不服", DAY + timedelta(days=16), "zhao")
    assert err.value.code == "APPEAL_TOO_LATE"
    appeal = f.file_appeal(sanction_id, "不服", DAY + timedelta(days=15), "zhao")
    assert f.events[-1].event_type == "appeal.filed"
    with pytest.raises(FindingError) as err:
        f.answer_appeal(appeal.id, "upheld", "维持", DAY, "zhao")
    assert err.value.code == "SAME_PERSON"
    f.answer_appeal(appeal.id, "changed", "改为口头告诫", DAY + timedelta(days=20), "sup")
    assert (f.events[-1].event_type, f.events[-1].outcome) == ("appeal.answered", "changed")
