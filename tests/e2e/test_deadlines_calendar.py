"""Forecasts and the calendar through the gateway; loading a year reschedules open clocks."""

import json
import asyncio
import uuid

import pytest

from tests.support import (
    create_item, database, eventually, gql, listening, set_clock, submit_and_accept, token,
)

pytestmark = pytest.mark.e2e

FORECAST = """query($on: Date!, $limit: Int!, $unit: TimeUnit! = WORKING_DAYS,
                    $s: [SuspensionInput!]! = [], $e: [Int!]! = [], $c: Boolean! = false) {
  deadlineForecast(acceptedOn: $on, limit: $limit, unit: $unit, suspensions: $s,
                   extensionDays: $e, countStartDay: $c) {
    dueDate provisional explanation { day reason count }
  }
}"""
LOAD = """mutation($input: LoadCalendarYearInput!) {
  loadCalendarYear(input: $input) {
    __typename
    ... on CalendarYearLoaded { rescheduledClocks calendarYear { year provisional holidays } }
    ... on InvalidInput { code field message }
  }
}"""


def test_anonymous_forecast_with_every_rule(stack):
    result = gql(stack.gateway_url, FORECAST, {"on": "2026-09-28", "limit": 10})
    forecast = result["data"]["deadlineForecast"]
    assert (forecast["dueDate"], forecast["provisional"]) == ("2026-10-16", False)
    reasons = {d["day"]: d["reason"] for d in forecast["explanation"]}
    assert reasons["2026-10-01"] == "HOLIDAY"
    assert reasons["2026-10-10"] == "COUNTED_ADJUSTED_WORKING_DAY"
    combined = gql(stack.gateway_url, FORECAST, {
        "on": "2026-11-02", "limit": 10, "e": [2],
        "s": [{"suspendedOn": "2026-11-04", "resumedOn": "2026-11-10"}]})
    assert combined["data"]["deadlineForecast"]["dueDate"] == "2026-11-24"
    natural = gql(stack.gateway_url, FORECAST, {"on": "2025-09-28", "limit": 3,
                                                "unit": "NATURAL_DAYS"})
    assert natural["data"]["deadlineForecast"]["dueDate"] == "2025-10-09"


@pytest.mark.parametrize("variables,code", [
    ({"on": "2026-11-02", "limit": 0}, "OUT_OF_RANGE"),
    ({"on": "2026-11-02", "limit": 5,
      "s": [{"suspendedOn": "2026-11-05", "resumedOn": "2026-11-04"}]}, "END_BEFORE_START"),
    ({"on": "2026-11-02", "limit": 5, "e": [0]}, "OUT_OF_RANGE"),
])
def test_bad_forecasts_have_stable_codes(stack, variables, code):
    result = gql(stack.gateway_url, FORECAST, variables)
    assert [e["extensions"]["code"] for e in result["errors"]] == [code]


def test_calendar_queries(stack):
    query = """{ calendarDay(date: "2026-09-20") { kind working provisional }
                 calendarYear(year: 2026) { provisional workingDays sourceTitle } }"""
    data = gql(stack.gateway_url, query)["data"]
    assert data["calendarDay"] == {"kind": "ADJUSTED_WORKING", "working": True, "provisional": False}
    assert data["calendarYear"]["workingDays"] == [
        "2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]


@pytest.mark.parametrize("change,field,code", [
    ({"holidays": ["2026-12-31"]}, "holidays", "DATE_OUTSIDE_YEAR"),
    ({"holidays": ["2027-02-06"], "workingDays": ["2027-02-06"]}, "workingDays",
     "HOLIDAY_AND_WORKING_DAY"),
    ({"sourceTitle": ""}, "sourceTitle", "REQUIRED"),
])
def test_bad_calendar_uploads_are_refused_and_store_nothing(stack, change, field, code):
    upload = {"year": 2027, "holidays": [], "workingDays": [], "sourceTitle": "通知", **change}
    outcome = gql(stack.gateway_url, LOAD, {"input": upload}, token(stack, "admin"))
    assert outcome["data"]["loadCalendarYear"]["code"] == code
    assert outcome["data"]["loadCalendarYear"]["field"] == field
    years = database(stack, "deadlines")["calendar_years"]
    assert years.count_documents({"_id": "2027"}) == 0


def test_only_administrators_change_the_calendar(stack):
    upload = {"year": 2027, "holidays": [], "workingDays": [], "sourceTitle": "通知"}
    result = gql(stack.gateway_url, LOAD, {"input": upload}, token(stack, "supervisor"))
    assert [e["extensions"]["code"] for e in result["errors"]] == ["FORBIDDEN"]


def test_a_2027_forecast_across_spring_festival_is_provisional_and_skips_it(stack):
    """Issue 14, as a new user tried it: 2027-01-29 + 10 working days gave 2027-02-12,
    straight through 春节. Runs before 2027 is loaded below."""
    query = """query { deadlineForecast(acceptedOn: "2027-01-29", limit: 10) {
        dueDate provisional provisionalNote
        explanation { day reason provisional provisionalReason holidayName } }
      calendarDay(date: "2028-01-26") { kind working provisional provisionalReason holidayName }
      calendarYear(year: 2027) { provisional holidayDays { date provisionalReason holidayName } }
    }"""
    data = gql(stack.gateway_url, query)["data"]
    forecast = data["deadlineForecast"]
    assert (forecast["dueDate"], forecast["provisional"]) == ("2027-02-18", True)
    assert forecast["provisionalNote"] == "预计，以国务院公布的放假安排为准"
    days = {d["day"]: d for d in forecast["explanation"]}
    assert days["2027-02-08"] == {"day": "2027-02-08", "reason": "HOLIDAY", "provisional": True,
                                  "provisionalReason": "STATUTORY_HOLIDAY", "holidayName": "春节"}
    assert days["2027-02-09"]["provisionalReason"] == "ESTIMATED_MAKEUP_DAY"
    assert days["2027-02-09"]["holidayName"] == "春节补假（预计）"
    assert data["calendarDay"] == {"kind": "HOLIDAY", "working": False, "provisional": True,
                                   "provisionalReason": "STATUTORY_HOLIDAY", "holidayName": "春节"}
    year = data["calendarYear"]
    assert year["provisional"] is True
    names = {d["date"]: d["holidayName"] for d in year["holidayDays"]}
    assert (names["2027-04-05"], names["2027-06-09"], names["2027-09-15"]) == (
        "清明节", "端午节", "中秋节")


async def test_loading_2027_reschedules_an_open_clock_with_an_event(stack):
    department = f"dept-{uuid.uuid4().hex[:6]}"
    set_clock(stack, "2026-12-28T09:30:00+08:00")
    case_id = submit_and_accept(stack, create_item(stack, department, committed=5))
    staff = token(stack, "window_staff", department=department)
    clock_query = """query($id: ID!) { case(id: $id) { clock {
        dueDate provisional timeline { what dueDate } } } }"""

    def clock():
        return gql(stack.gateway_url, clock_query, {"id": case_id}, staff)["data"]["case"]["clock"]

    before = await asyncio.to_thread(eventually, clock, 30, what="the clock")
    assert (before["dueDate"], before["provisional"]) == ("2027-01-05", True)
    forecast = gql(stack.gateway_url, FORECAST, {"on": "2026-12-28", "limit": 5})
    assert forecast["data"]["deadlineForecast"]["provisional"] is True

    async with listening(stack, "clock.rescheduled") as wait_for:
        upload = {"year": 2027, "holidays": ["2027-01-01", "2027-01-04"], "workingDays": [],
                  "sourceTitle": "测试: 2027年部分节假日安排", "sourceDate": "2026-11-10"}
        outcome = gql(stack.gateway_url, LOAD, {"input": upload}, token(stack, "admin"))
        loaded = outcome["data"]["loadCalendarYear"]
        assert loaded["__typename"] == "CalendarYearLoaded", outcome
        assert loaded["rescheduledClocks"] >= 1
        assert loaded["calendarYear"] == {"year": 2027, "provisional": False,
                                          "holidays": ["2027-01-01", "2027-01-04"]}
        after = clock()
        assert (after["dueDate"], after["provisional"]) == ("2027-01-06", False)
        assert [t["what"] for t in after["timeline"]] == ["started", "rescheduled"]
        mine = await wait_for(case_id)
    assert (mine["data"]["old_due_date"], mine["data"]["new_due_date"]) == ("2027-01-05", "2027-01-06")
    # and the applicant is told in writing, the old date kept beside the new one
    notices = """query($id: ID!) { case(id: $id) { notices {
        kind committedCompletionOn committedCompletionProvisional previousCompletionOn } } }"""

    def told():
        found = gql(stack.gateway_url, notices, {"id": case_id}, staff)["data"]["case"]["notices"]
        return [n for n in found if n["kind"] == "COMPLETION_DATE_CHANGE_NOTICE"]

    assert await asyncio.to_thread(eventually, told, 30, what="the change notice") == [{
        "kind": "COMPLETION_DATE_CHANGE_NOTICE", "committedCompletionOn": "2027-01-06",
        "committedCompletionProvisional": False, "previousCompletionOn": "2027-01-05"}]
    forecast = gql(stack.gateway_url, FORECAST, {"on": "2026-12-28", "limit": 5})
    assert forecast["data"]["deadlineForecast"] == {
        **forecast["data"]["deadlineForecast"], "dueDate": "2027-01-06", "provisional": False}


CLOSURE = """__typename ... on ClosureDaysChanged { year rescheduledClocks closureDays { date reason } }
  ... on InvalidInput { code field }"""
ADD_CLOSURE = "mutation($i: ClosureDayInput!) { addClosureDay(input: $i) { " + CLOSURE + " } }"
REMOVE_CLOSURE = "mutation($d: Date!) { removeClosureDay(date: $d) { " + CLOSURE + " } }"


def test_a_closure_day_of_the_centre_moves_open_clocks_and_can_be_undone(stack):
    department = f"dept-{uuid.uuid4().hex[:6]}"
    set_clock(stack, "2026-12-14T09:30:00+08:00")  # Monday
    case_id = submit_and_accept(stack, create_item(stack, department, committed=3))
    staff, admin = token(stack, "window_staff", department=department), token(stack, "admin")
    query = """query($id: ID!) { case(id: $id) { clock { dueDate timeline { what at dueDate } } } }"""

    def clock():
        return gql(stack.gateway_url, query, {"id": case_id}, staff)["data"]["case"]["clock"]

    assert eventually(clock, 30, what="the clock")["dueDate"] == "2026-12-17"
    # Window staff may not close the centre; a weekend day or an empty reason is refused.
    denied = gql(stack.gateway_url, ADD_CLOSURE, {"i": {"date": "2026-12-16", "reason": "搬迁"}},
                 staff)
    assert [e["extensions"]["code"] for e in denied["errors"]] == ["FORBIDDEN"]
    for bad, code in (({"date": "2026-12-19", "reason": "搬迁"}, "NOT_A_WORKING_DAY"),
                      ({"date": "2026-12-16", "reason": " "}, "REQUIRED"),
                      ({"date": "2026-12-16", "reason": "搬" * 201}, "TOO_LONG")):
        refused = gql(stack.gateway_url, ADD_CLOSURE, {"i": bad}, admin)["data"]["addClosureDay"]
        assert refused["code"] == code
    assert database(stack, "deadlines")["closure_days"].count_documents({}) == 0

    closed = gql(stack.gateway_url, ADD_CLOSURE, {"i": {"date": "2026-12-16",
                                                        "reason": "中心搬迁"}}, admin)
    closed = closed["data"]["addClosureDay"]
    assert closed["closureDays"] == [{"date": "2026-12-16", "reason": "中心搬迁"}]
    assert closed["rescheduledClocks"] >= 1
    try:
        assert clock()["dueDate"] == "2026-12-18"
        day = gql(stack.gateway_url, '{ calendarDay(date: "2026-12-16") { kind working } }')
        assert day["data"]["calendarDay"] == {"kind": "CLOSURE", "working": False}
        again = gql(stack.gateway_url, ADD_CLOSURE, {"i": {"date": "2026-12-16",
                                                           "reason": "中心搬迁"}}, admin)
        assert again["data"]["addClosureDay"]["code"] == "ALREADY_CLOSED"
    finally:
        reopened = gql(stack.gateway_url, REMOVE_CLOSURE, {"d": "2026-12-16"}, admin)
    assert reopened["data"]["removeClosureDay"]["closureDays"] == []
    assert clock()["dueDate"] == "2026-12-17"
    assert [t["what"] for t in clock()["timeline"]] == ["started", "rescheduled", "rescheduled"], \
        json.dumps(clock()["timeline"])
    never = gql(stack.gateway_url, REMOVE_CLOSURE, {"d": "2026-12-16"}, admin)
    assert never["data"]["removeClosureDay"]["code"] == "NOT_CLOSED"
