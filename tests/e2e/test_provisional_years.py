"""A case accepted into a year whose holiday arrangement is not published (issue 14): its
acceptance notice says the date is provisional, in GraphQL and on the PDF; when the
administrator loads the year from the published .ics feed, the clock moves and the applicant
is told in writing, with both dates (2028: no other test loads it)."""

import asyncio
import base64
import io
import re
import uuid

import pytest
from pypdf import PdfReader

from tests.support import (
    create_item, eventually, gql, listening, set_clock, submit_and_accept, token,
)

pytestmark = pytest.mark.e2e

NOTICES = """query($id: ID!) { case(id: $id) { dueOn clock { dueDate provisional }
  notices { kind number committedCompletionOn committedCompletionProvisional
            previousCompletionOn reasons pdfBase64 } } }"""
LOAD_ICS = """mutation($input: LoadCalendarYearFromIcsInput!) {
  loadCalendarYearFromIcs(input: $input) {
    __typename
    ... on CalendarYearLoaded { rescheduledClocks calendarYear { year provisional workingDays } }
    ... on InvalidInput { code field message }
  }
}"""
# 2028's arrangement as a feed would publish it (made up for the test: 春节 25 Jan - 1 Feb,
# two adjusted working days), and one event of 2029 the loader must leave alone
FEED = "\r\n".join([
    "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test feed//CN",
    "BEGIN:VEVENT", "UID:1@t", "SUMMARY:春节 假期", "DTSTART;VALUE=DATE:20280125",
    "DTEND;VALUE=DATE:20280202", "END:VEVENT",
    "BEGIN:VEVENT", "UID:2@t", "SUMMARY:春节 补班", "DTSTART;VALUE=DATE:20280123",
    "END:VEVENT",
    "BEGIN:VEVENT", "UID:3@t", "SUMMARY:春节 补班", "DTSTART;VALUE=DATE:20280205",
    "END:VEVENT",
    "BEGIN:VEVENT", "UID:4@t", "SUMMARY:元旦（休）", "DTSTART;VALUE=DATE:20290101",
    "END:VEVENT",
    "END:VCALENDAR", ""])


def pdf_text(notice: dict) -> str:
    reader = PdfReader(io.BytesIO(base64.b64decode(notice["pdfBase64"])))
    # pypdf returns the two-byte glyph codes of the embedded CJK font with NUL padding
    return re.sub(r"[\x00\s]", "", "".join(page.extract_text() for page in reader.pages))


async def test_a_provisional_date_is_printed_as_such_and_its_change_told(stack):
    department = f"dept-{uuid.uuid4().hex[:6]}"
    set_clock(stack, "2028-01-20T09:30:00+08:00")  # Thursday
    case_id = submit_and_accept(stack, create_item(stack, department, committed=5))
    staff, admin = token(stack, "window_staff", department=department), token(stack, "admin")

    def case():
        return gql(stack.gateway_url, NOTICES, {"id": case_id}, staff)["data"]["case"]

    # 21, 24 Jan, then 25-28 Jan (春节, computed) are skipped: 31 Jan, 1 and 2 Feb
    before = await asyncio.to_thread(eventually, lambda: case()["clock"], 30, what="the clock")
    assert before == {"dueDate": "2028-02-02", "provisional": True}
    acceptance = next(n for n in case()["notices"] if n["kind"] == "ACCEPTANCE_NOTICE")
    assert (acceptance["committedCompletionOn"], acceptance["committedCompletionProvisional"]) \
        == ("2028-02-02", True)
    assert "承诺办结日期：2028年2月2日（预计，以国务院公布的放假安排为准）" in pdf_text(acceptance)

    refused = gql(stack.gateway_url, LOAD_ICS, {"input": {
        "year": 2028, "ics": "BEGIN:VCALENDAR", "sourceTitle": "x"}}, admin)
    assert refused["data"]["loadCalendarYearFromIcs"]["code"] == "INVALID_ICS", refused
    forbidden = gql(stack.gateway_url, LOAD_ICS, {"input": {
        "year": 2028, "ics": FEED, "sourceTitle": "x"}}, staff)
    assert [e["extensions"]["code"] for e in forbidden["errors"]] == ["FORBIDDEN"]

    async with listening(stack, "case.completion_date_changed") as wait_for:
        loaded = gql(stack.gateway_url, LOAD_ICS, {"input": {
            "year": 2028, "ics": FEED, "sourceTitle": "国务院办公厅关于2028年部分节假日安排的通知（测试）",
            "sourceDate": "2027-11-10"}}, admin)["data"]["loadCalendarYearFromIcs"]
        assert loaded["__typename"] == "CalendarYearLoaded", loaded
        assert loaded["calendarYear"] == {"year": 2028, "provisional": False,
                                          "workingDays": ["2028-01-23", "2028-02-05"]}
        assert loaded["rescheduledClocks"] >= 1
        told = await wait_for(case_id)
    # counted on the published arrangement: 21, 23 (adjusted), 24 Jan, 2, 3 Feb
    assert (told["data"]["old_due_on"], told["data"]["new_due_on"]) == ("2028-02-02",
                                                                        "2028-02-03")
    assert (told["data"]["provisional"], told["data"]["cause"]) == (False, "calendar_loaded")

    after = case()
    assert after["clock"] == {"dueDate": "2028-02-03", "provisional": False}
    assert after["dueOn"] == "2028-02-03"
    change = next(n for n in after["notices"] if n["kind"] == "COMPLETION_DATE_CHANGE_NOTICE")
    assert (change["previousCompletionOn"], change["committedCompletionOn"],
            change["committedCompletionProvisional"]) == ("2028-02-02", "2028-02-03", False)
    assert change["number"] == told["data"]["notice_number"]
    text = pdf_text(change)
    assert "由2028年2月2日调整为2028年2月3日" in text, text
    # the acceptance notice keeps the date it promised
    kept = next(n for n in after["notices"] if n["kind"] == "ACCEPTANCE_NOTICE")
    assert kept["committedCompletionOn"] == "2028-02-02"
