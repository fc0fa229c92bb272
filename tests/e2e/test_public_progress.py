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
  ... on ProgressNotFound { code message } } }"""


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
