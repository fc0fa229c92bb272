from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from services.intake import commands
from services.intake.domain import (
    Case, CaseAccepted, CaseStateError, CaseStatus, ServiceItem, ServiceItemCreated, Submission,
    case_number,
)
from services.kit.graphql import InputError

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 9, 28, 10, 0, tzinfo=TZ)


def item(committed=10, statutory=20, **kw) -> ServiceItem:
    cmd = commands.CreateServiceItem(**{"code": "MZ-001", "name": "婚姻登记",
                                        "department": "civil", "statutory_limit": statutory,
                                        "committed_limit": committed, **kw})
    return ServiceItem.create(cmd)


def submission(**applicant) -> commands.SubmitApplication:
    details = {"name": "张三", "id_type": "resident_id_card", "id_number": "11010519491231002X",
               "contact": "13800000000", **applicant}
    return commands.SubmitApplication("item", commands.ApplicantDetails(**details), ["身份证"])


def test_committed_limit_may_not_exceed_statutory():
    with pytest.raises(InputError) as err:
        item(committed=21, statutory=20)
    assert (err.value.field, err.value.code) == ("committedLimit", "COMMITTED_EXCEEDS_STATUTORY")


def test_committed_equal_to_statutory_is_allowed_and_recorded():
    created = item(committed=20, statutory=20)
    assert isinstance(created.events[0], ServiceItemCreated)


@pytest.mark.parametrize("field,kw,code", [
    ("code", {"code": "has space"}, "INVALID_FORMAT"),
    ("name", {"name": "  "}, "REQUIRED"),
    ("name", {"name": "事" * 201}, "TOO_LONG"),
    ("statutoryLimit", {"statutory": 0, "committed": 0}, "OUT_OF_RANGE"),
])
def test_item_fields_are_validated(field, kw, code):
    committed, statutory = kw.pop("committed", 10), kw.pop("statutory", 20)
    with pytest.raises(InputError) as err:
        item(committed=committed, statutory=statutory, **kw)
    assert (err.value.field, err.value.code) == (field, code)


@pytest.mark.parametrize("applicant,field,code", [
    ({"name": ""}, "applicant.name", "REQUIRED"),
    ({"name": "张" * 101}, "applicant.name", "TOO_LONG"),
    ({"id_number": "110105194912310021"}, "applicant.idNumber", "INVALID_ID_NUMBER"),
    ({"id_number": "12345"}, "applicant.idNumber", "INVALID_ID_NUMBER"),
    ({"id_type": "passport", "id_number": "e1"}, "applicant.idNumber", "INVALID_ID_NUMBER"),
    ({"contact": "1" * 101}, "applicant.contact", "TOO_LONG"),
])
def test_applicant_is_validated(applicant, field, code):
    with pytest.raises(InputError) as err:
        Submission.validate(submission(**applicant), item())
    assert (err.value.field, err.value.code) == (field, code)


def test_receive_then_accept_records_case_accepted_with_the_committed_limit():
    sub = Submission.validate(submission(), item(committed=7))
    case = Case.receive(sub, "c1", case_number(date(2026, 9, 28), 1), NOW, NOW.date(), "wang")
    assert case.case_number == "OW2026092800001"
    case.events.clear()
    case.accept(NOW, NOW.date(), "wang")
    assert case.status is CaseStatus.ACCEPTED
    [event] = case.events
    assert isinstance(event, CaseAccepted)
    assert event.committed_limit == 7
    assert event.data()["accepted_on"] == "2026-09-28"


def test_a_case_is_accepted_once():
    case = Case.receive(Submission.validate(submission(), item()), "c1", "N1", NOW, NOW.date(), "wang")
    case.accept(NOW, NOW.date(), "wang")
    with pytest.raises(CaseStateError) as err:
        case.accept(NOW, NOW.date(), "wang")
    assert err.value.code == "CASE_NOT_RECEIVED"


def test_id_number_is_masked():
    case = Case.receive(Submission.validate(submission(), item()), "c1", "N1", NOW, NOW.date(), "wang")
    assert case.applicant.masked_id_number() == "110***********002X"
