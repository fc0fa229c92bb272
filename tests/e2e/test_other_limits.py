"""Rule 8 end to end: the limits other than a case's committed one get their own clocks from
events, cards fire from the injected clock, and GraphQL reads them by kind and subject."""

import uuid

import pytest

from services.kit.events import CloudEvent
from tests.support import eventually, gql, listening, publish, set_clock, token

pytestmark = pytest.mark.e2e

CLOCK = """query($k: ClockKind!, $s: ID!, $p: String) { clock(kind: $k, subjectId: $s, part: $p) {
  id kind subjectType subjectId part department unit limit dueDate status card outcome
  timeline { what } } }"""
WORK_LIST = """query($k: ClockKind!, $overdue: Boolean!, $n: Int!) {
  clockWorkList(kind: $k, overdue: $overdue, withinWorkingDays: $n) {
    edges { node { subjectId dueDate card } } } }"""
LOG = """mutation($i: LogInquiryInput!) { logInquiry(input: $i) {
  ... on InquirySaved { inquiry { id replyDueOn } } } }"""
REPLY = """mutation($id: ID!) { replyToInquiry(id: $id, answer: "已电话答复") { __typename } }"""


def _event(event_type: str, data: dict) -> CloudEvent:
    """An event of a producer not built yet (oversight), as `limits.py` sets its contract."""
    return CloudEvent(type=event_type, source="onewindow/oversight", subject="", data=data)


def _clock(stack, who, kind, subject, part=None):
    return gql(stack.gateway_url, CLOCK, {"k": kind, "s": subject, "p": part}, who)["data"]["clock"]


async def test_an_inquiry_not_answered_on_the_spot_is_timed_and_deemed_overdue(stack):
    set_clock(stack, "2026-12-04T16:00:00+08:00")  # Friday: the reply is due Monday
    department = f"dept-{uuid.uuid4().hex[:6]}"
    admin = token(stack, "admin", subject="admin")
    gql(stack.gateway_url, "mutation($i: DefineDepartmentInput!) { defineDepartment(input: $i) "
                           "{ __typename } }", {"i": {"code": department, "name": "人社局"}}, admin)
    owner = f"s-{department}"
    gql(stack.gateway_url, "mutation($i: RegisterStaffInput!) { registerStaff(input: $i) "
                           "{ __typename } }", {"i": {
        "staffId": owner, "name": "王芳", "department": department, "rankTitle": "科员",
        "rankLevel": 4}}, admin)
    staff = token(stack, "window_staff", department=department, subject=owner)
    inquiry = gql(stack.gateway_url, LOG, {"i": {
        "channel": "PHONE", "visitorName": "李四", "matter": "退休金如何认证？",
        "result": "PENDING_REPLY", "responders": [owner]}}, staff)["data"]["logInquiry"]["inquiry"]
    assert inquiry["replyDueOn"] == "2026-12-07"

    clock = eventually(lambda: _clock(stack, staff, "INQUIRY_REPLY", inquiry["id"]), 30,
                       what="the inquiry's reply clock")
    assert {k: clock[k] for k in ("kind", "subjectType", "department", "unit", "limit",
                                  "dueDate", "status")} == {
        "kind": "INQUIRY_REPLY", "subjectType": "inquiry", "department": department,
        "unit": "WORKING_DAYS", "limit": 1, "dueDate": "2026-12-07", "status": "RUNNING"}
    mine = gql(stack.gateway_url, "{ myOpenInquiries { id replyClock { dueDate kind } } }", None,
               staff)["data"]["myOpenInquiries"]  # intake's ledger and the deadlines' clock
    assert mine == [{"id": inquiry["id"], "replyClock": {"dueDate": "2026-12-07",
                                                         "kind": "INQUIRY_REPLY"}}]
    other = token(stack, "window_staff", department="another-department")
    denied = gql(stack.gateway_url, CLOCK, {"k": "INQUIRY_REPLY", "s": inquiry["id"]}, other)
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"

    # Friday is the working day before the due date: the yellow card is due at once.
    eventually(lambda: _clock(stack, staff, "INQUIRY_REPLY", inquiry["id"])["card"] == "YELLOW",
               30, what="the yellow card")
    async with listening(stack, "clock.deemed_overdue") as wait_for:
        set_clock(stack, "2026-12-08T00:01:00+08:00")  # Tuesday: not answered Monday
        overdue = await wait_for(inquiry["id"])
    assert (overdue["data"]["kind"], overdue["data"]["reason"]) == ("inquiry_reply",
                                                                    "no_reply_within_limit")
    assert _clock(stack, staff, "INQUIRY_REPLY", inquiry["id"])["card"] == "RED"

    assert gql(stack.gateway_url, REPLY, {"id": inquiry["id"]}, staff)["data"][
        "replyToInquiry"]["__typename"] == "InquirySaved"
    eventually(lambda: _clock(stack, staff, "INQUIRY_REPLY", inquiry["id"])["status"]
               == "COMPLETED", 30, what="the reply closing the clock")
    done = _clock(stack, staff, "INQUIRY_REPLY", inquiry["id"])
    assert done["outcome"] == "LATE"
    assert [t["what"] for t in done["timeline"]] == ["started", "yellow_card", "red_card",
                                                     "completed_late"]


async def test_complaints_and_appeals_are_timed_from_their_events(stack):
    set_clock(stack, "2026-09-28T09:00:00+08:00")  # Monday after the Mid-Autumn holiday
    department = f"dept-{uuid.uuid4().hex[:6]}"
    complaint_id, decision_id, appeal_id = (str(uuid.uuid4()) for _ in range(3))
    supervisor = token(stack, "supervisor")
    await publish(stack, _event("complaint.received", {
        "complaint_id": complaint_id, "department": department, "received_on": "2026-09-28"}))
    await publish(stack, _event("sanction.decided", {
        "decision_id": decision_id, "department": department, "staff": "s-1",
        "notified_on": "2026-09-28"}))

    complaint = eventually(lambda: _clock(stack, supervisor, "COMPLAINT_HANDLING", complaint_id),
                           30, what="the complaint's clock")
    assert (complaint["limit"], complaint["dueDate"]) == (15, "2026-10-23")  # 004 限时办结 §7
    await publish(stack, _event("complaint.extension_approved", {
        "complaint_id": complaint_id, "extension_days": 5, "requested_on": "2026-10-20"}))
    eventually(lambda: _clock(stack, supervisor, "COMPLAINT_HANDLING", complaint_id)["dueDate"]
               == "2026-10-30", 30, what="the extension")

    filing = eventually(lambda: _clock(stack, supervisor, "APPEAL_FILING", decision_id), 30,
                        what="the appeal-filing clock")
    # 28 Sep + 15 natural days = 13 Oct, a Tuesday and a working day.
    assert (filing["unit"], filing["dueDate"]) == ("NATURAL_DAYS", "2026-10-13")
    await publish(stack, _event("appeal.filed", {
        "appeal_id": appeal_id, "decision_id": decision_id, "department": department,
        "staff": "s-1", "filed_on": "2026-10-09"}))
    answer = eventually(lambda: _clock(stack, supervisor, "APPEAL_ANSWER", appeal_id), 30,
                        what="the appeal-answer clock")
    assert (answer["unit"], answer["dueDate"]) == ("MONTHS", "2026-11-09")  # 9 Nov is Monday
    assert _clock(stack, supervisor, "APPEAL_FILING", decision_id)["outcome"] == "EARLY"

    # The complaint work list for the centre: due within 20 working days of 28 Sep.
    listed = gql(stack.gateway_url, WORK_LIST, {"k": "COMPLAINT_HANDLING", "overdue": False,
                                                "n": 30}, supervisor)["data"]["clockWorkList"]
    # (indexed under 23 Oct, then under 30 Oct: listed once, on its current due date)
    assert [e["node"]["dueDate"] for e in listed["edges"]
            if e["node"]["subjectId"] == complaint_id] == ["2026-10-30"]
    case_list = gql(stack.gateway_url, WORK_LIST, {"k": "CASE_LIMIT", "overdue": False, "n": 30},
                    supervisor)["data"]["clockWorkList"]
    assert complaint_id not in [e["node"]["subjectId"] for e in case_list["edges"]]

    await publish(stack, _event("complaint.answered", {"complaint_id": complaint_id,
                                                       "answered_on": "2026-10-29"}))
    eventually(lambda: _clock(stack, supervisor, "COMPLAINT_HANDLING", complaint_id)["outcome"]
               == "EARLY", 30, what="the answer closing the complaint's clock")
