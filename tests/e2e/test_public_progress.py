"""The public progress look-up through the gateway: by case number and the query code printed
on the acceptance notice, without a token: status, dates and the current step, nothing
personal; a wrong code or an unknown number get the same answer."""

import json
import uuid

import pytest

from tests.e2e.test_case_processing import pdf_text
from tests.support import VALID_ID, create_item, gql, submit_and_accept, token

pytestmark = pytest.mark.e2e
PROGRESS = """query($n: String!, $c: String!) { caseProgress(caseNumber: $n, queryCode: $c) {
  __typename ... on CaseProgress { caseNumber serviceItemName status statusName
    currentStep { code label } receivedOn acceptedOn dueOn completedOn }
  ... on ProgressNotFound { code message }
  ... on LookupRefused { code message retryAfter } } }"""


def test_anyone_with_the_number_and_code_sees_status_and_dates_only(stack):
    department = f"dept-{uuid.uuid4().hex[:6]}"
    case_id = submit_and_accept(stack, create_item(stack, department))
    staff = token(stack, "window_staff", department=department)
    case = gql(stack.gateway_url, """query($id: ID!) { case(id: $id) { caseNumber queryCode
      notices { kind pdfBase64 } } }""", {"id": case_id}, staff)["data"]["case"]
    number, code = case["caseNumber"], case["queryCode"]
    assert len(code) == 8
    acceptance = next(n for n in case["notices"] if n["kind"] == "ACCEPTANCE_NOTICE")
    assert f"查询码：{code}" in pdf_text(acceptance["pdfBase64"])  # printed for the applicant
    found = gql(stack.gateway_url, PROGRESS, {"n": number, "c": code.lower()})["data"][
        "caseProgress"]
    assert (found["__typename"], found["caseNumber"], found["status"], found["statusName"]) == (
        "CaseProgress", number, "ACCEPTED", "已受理")
    assert found["acceptedOn"] and found["dueOn"] and found["currentStep"]["label"]
    assert "张三" not in json.dumps(found, ensure_ascii=False) and VALID_ID[-4:] not in \
        json.dumps(found)

    wrong = gql(stack.gateway_url, PROGRESS, {"n": number, "c": "WRONG234"})["data"][
        "caseProgress"]
    unknown = gql(stack.gateway_url, PROGRESS, {"n": "OW2099010100001", "c": code})["data"][
        "caseProgress"]
    assert wrong == unknown == {"__typename": "ProgressNotFound",
                                "code": "NUMBER_OR_CODE_WRONG",
                                "message": "办件编号或查询码不正确，请核对受理通知书"}


def test_look_ups_cannot_be_guessed(stack):
    """Issue 22: 60 wrong codes were all answered, and 15 aliased guesses went in one request.
    Now: one look-up per request; five wrong codes lock the number, twenty wrong look-ups lock
    the address, each with a message saying until when; the lock ends with its window."""
    from tests.support import set_clock

    set_clock(stack, "2026-12-07T09:00:00+08:00")
    department = f"dept-{uuid.uuid4().hex[:6]}"
    case_id = submit_and_accept(stack, create_item(stack, department))
    staff = token(stack, "window_staff", department=department)
    case = gql(stack.gateway_url, "query($id: ID!) { case(id: $id) { caseNumber queryCode } }",
               {"id": case_id}, staff)["data"]["case"]
    number, code = case["caseNumber"], case["queryCode"]

    aliased = gql(stack.gateway_url, "{ " + " ".join(
        f'g{i}: caseProgress(caseNumber: "{number}", queryCode: "GUESS{i:03d}") '
        "{ __typename }" for i in range(3)) + " }")
    assert [v["__typename"] for v in aliased["data"].values()] == [
        "ProgressNotFound", "LookupRefused", "LookupRefused"]

    def look(n: str, c: str, address: str) -> dict:
        return gql(stack.gateway_url, PROGRESS, {"n": n, "c": c},
                   headers={"x-forwarded-for": address})

    for i in range(4):  # with the aliased one above: five wrong codes for this number
        assert look(number, f"WRONG{i:03d}", f"198.51.100.{i + 1}")["data"][
            "caseProgress"]["code"] == "NUMBER_OR_CODE_WRONG"
    locked = look(number, code, "198.51.100.99")["data"]["caseProgress"]  # even the right code
    assert (locked["code"], locked["retryAfter"]) == ("TOO_MANY_ATTEMPTS",
                                                      "2026-12-07T09:15:00+08:00")
    assert "09:15 后再试" in locked["message"]

    guesser = "203.0.113.7"
    for i in range(20):  # twenty wrong look-ups from one address, over other numbers
        look(f"OW20261207{i:05d}", "WRONG234", guesser)
    other = submit_and_accept(stack, create_item(stack, department))
    other_case = gql(stack.gateway_url, "query($id: ID!) { case(id: $id) { caseNumber "
                                        "queryCode } }", {"id": other}, staff)["data"]["case"]
    from_guesser = look(other_case["caseNumber"], other_case["queryCode"], guesser)
    assert from_guesser["data"]["caseProgress"]["code"] == "TOO_MANY_ATTEMPTS"
    assert look(other_case["caseNumber"], other_case["queryCode"], "198.51.100.50")["data"][
        "caseProgress"]["__typename"] == "CaseProgress"

    set_clock(stack, "2026-12-07T09:16:00+08:00")  # the window ended: both released
    assert look(number, code, "198.51.100.99")["data"]["caseProgress"]["__typename"] == \
        "CaseProgress"
    assert look(other_case["caseNumber"], other_case["queryCode"], guesser)["data"][
        "caseProgress"]["__typename"] == "CaseProgress"
