"""帮办代办: the ledger entry's steps, who may take each, home visits for special groups only,
the applicant's rating, the CSV export. Pure."""

from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from services.intake.assistance.domain import (
    AssistError, AssistInput, AssistStatus, Assistance,
)
from services.intake.assistance.handlers import ledger_csv
from services.kit.domain import InputError

AT = datetime(2026, 11, 23, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
DAY = AT.date()
ITEM = SimpleNamespace(id="item-1", code="MR-FOOD", department="market",
                       published=SimpleNamespace(name="食品经营许可"))


def requested(kind="full_proxy", group=None) -> Assistance:
    given = AssistInput.validate(kind, group, "张三", "e12345678", "13800000000",
                                 "=HYPERLINK(\"x\") 行动不便，请代办")
    return Assistance.request_help(given, "a-1", ITEM, AT, DAY, "desk-1")


def test_a_home_visit_is_for_special_groups_only():
    with pytest.raises(InputError) as err:
        requested("home_visit")
    assert (err.value.field, err.value.code) == ("specialGroup", "REQUIRED")
    assert requested("home_visit", "elderly").special_group.value == "elderly"


def test_the_helper_who_took_it_links_the_case_completes_and_the_applicant_rates():
    a = requested()
    assert a.events[-1].event_type == "assist.requested"
    assert "张三" not in str(a.events[-1].data())
    with pytest.raises(AssistError):
        a.complete("办结", AT, DAY, "helper-1")  # nobody took it yet
    a.take("helper-1", AT)
    with pytest.raises(AssistError) as err:
        a.link_case("case-1", "E12345678", "item-1", "someone-else")
    assert err.value.code == "NOT_THE_HELPER"
    with pytest.raises(AssistError) as err:
        a.link_case("case-1", "OTHER", "item-1", "helper-1")
    assert err.value.code == "NOT_THIS_APPLICANTS_CASE"
    assert a.link_case("case-1", "E12345678", "item-1", "helper-1")
    assert not a.link_case("case-1", "E12345678", "item-1", "helper-1")  # again: nothing new
    with pytest.raises(AssistError) as err:
        a.rate("satisfied", None, DAY, "E12345678")
    assert err.value.code == "ASSIST_NOT_COMPLETED"
    a.complete("已代为提交并领取结果", AT, DAY, "helper-1")
    assert (a.status, a.events[-1].event_type, a.events[-1].case_id) == (
        AssistStatus.COMPLETED, "assist.completed", "case-1")
    with pytest.raises(AssistError) as err:
        a.rate("satisfied", None, DAY, "SOMEONE")
    assert err.value.code == "NOT_YOUR_ASSISTANCE"
    a.rate("very_satisfied", "很周到", DAY, "E12345678")
    with pytest.raises(AssistError):
        a.rate("satisfied", None, DAY, "E12345678")


def test_the_ledger_exports_as_csv_without_formulas():
    a = requested()
    a.take("helper-1", AT)
    text = ledger_csv([a])
    assert text.startswith("\ufeff登记号,事项编码")
    assert "'=HYPERLINK" in text and "代办" in text and "办理中" in text
