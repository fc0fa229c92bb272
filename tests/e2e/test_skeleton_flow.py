"""The walking skeleton through the gateway: item, application, acceptance, clock, ledger."""

import uuid

import pytest

from tests.support import (
    SUBMIT, applicant,
    create_item, database, eventually, gql, log_records, set_clock, submit_and_accept, token,
)

pytestmark = pytest.mark.e2e

CASE_WITH_CLOCK = """query($id: ID!) {
  case(id: $id) {
    id caseNumber status department
    serviceItem { code committedLimit itemVersion }
    applicant { name idNumber }
    clock { startedOn limit dueDate provisional workingDaysUsed workingDaysLeft
            timeline { what dueDate } }
  }
}"""


def test_one_request_returns_the_case_with_its_clock_across_national_day(stack):
    department = f"dept-{uuid.uuid4().hex[:6]}"
    set_clock(stack, "2026-09-28T10:00:00+08:00")  # Monday before the National Day holiday
    item = create_item(stack, department, committed=10, statutory=20)
    correlation = str(uuid.uuid4())
    case_id = submit_and_accept(stack, item, headers={"x-correlation-id": correlation})
    staff = token(stack, "window_staff", department=department)

    def clock_visible():
        result = gql(stack.gateway_url, CASE_WITH_CLOCK, {"id": case_id}, staff)
        return result if result["data"]["case"]["clock"] else None

    result = eventually(clock_visible, 30, what="clock readable through the gateway")
    case = result["data"]["case"]
    assert case["status"] == "ACCEPTED"
    assert case["serviceItem"] == {"code": item["code"], "committedLimit": 10, "itemVersion": 1}
    assert case["applicant"]["idNumber"] == "11010519491231002X"  # staff of the department
    clock = case["clock"]
    # 1-7 Oct holidays, Sat 10 Oct an adjusted working day: ten working days end Fri 16 Oct.
    assert clock["startedOn"] == "2026-09-28"
    assert clock["dueDate"] == "2026-10-16"
    assert clock["provisional"] is False
    assert clock["workingDaysUsed"] == 0 and clock["workingDaysLeft"] == 10
    assert clock["timeline"] == [{"what": "started", "dueDate": "2026-10-16"}]

    # The correlation id of the gateway request reached the deadlines consumer's log lines.
    started = [r for r in log_records(stack, "deadlines")
               if r.get("message") == "clock started" and r.get("subject_id") == case_id
               and r.get("kind") == "case_limit"]
    assert [r["correlation_id"] for r in started] == [correlation]


def test_oversight_counts_open_cases_per_department(stack):
    department = f"dept-{uuid.uuid4().hex[:6]}"
    item = create_item(stack, department)
    for _ in range(2):
        submit_and_accept(stack, item)
    supervisor = token(stack, "supervisor")
    query = "query($d: String) { openCasesByDepartment(department: $d) { department openCases } }"

    def counted():
        rows = gql(stack.gateway_url, query, {"d": department}, supervisor)["data"]
        return rows["openCasesByDepartment"] == [{"department": department, "openCases": 2}]

    eventually(counted, 30, what="two open cases in the ledger")
    # An immediate case decided on the spot is not open; a withdrawn one closes.
    quick = create_item(stack, department, committed=1, statutory=1, caseKind="IMMEDIATE")
    staff = token(stack, "window_staff", department=department, subject="staff-1")
    quick_case = gql(stack.gateway_url, SUBMIT, {"input": {
        "serviceItemId": quick["id"], "applicant": applicant(),
        "materials": [{"name": "申请表"}]}}, staff)["data"]["submitApplication"]["case"]["id"]
    gql(stack.gateway_url, "mutation($id: ID!) { acceptApplication(caseId: $id, decideNow: true)"
                           " { __typename } }", {"id": quick_case}, staff)
    third = submit_and_accept(stack, item)
    gql(stack.gateway_url, "mutation($id: ID!) { withdrawApplication(caseId: $id, reason: "
                           "\"撤回\") { __typename } }", {"id": third}, staff)
    ledger = database(stack, "oversight")["case_ledger"]
    eventually(lambda: (e := ledger.find_one({"_id": third})) and e["status"] == "closed",
               what="the withdrawn case closed in the ledger")
    eventually(lambda: (e := ledger.find_one({"_id": quick_case})) and e["status"] == "closed",
               what="the immediate case closed in the ledger")
    eventually(counted, 30, what="still two open cases")
    # A department head sees only their own department: asking for another's is refused.
    head = token(stack, "department_head", department="elsewhere")
    refused = gql(stack.gateway_url, query, {"d": department}, head)
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert gql(stack.gateway_url, query, {"d": None}, head)["data"][
        "openCasesByDepartment"] == []


def test_staff_of_other_departments_see_the_applicant_id_masked_or_nothing(stack):
    department = f"dept-{uuid.uuid4().hex[:6]}"
    item = create_item(stack, department)
    case_id = submit_and_accept(stack, item)
    supervisor = token(stack, "supervisor")
    result = gql(stack.gateway_url, "query($id: ID!) { case(id: $id) { applicant { idNumber } } }",
                 {"id": case_id}, supervisor)
    assert result["data"]["case"]["applicant"]["idNumber"] == "1****************X"
    other = token(stack, "window_staff", department="another-dept")
    result = gql(stack.gateway_url, "query($id: ID!) { case(id: $id) { id } }", {"id": case_id}, other)
    assert result["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert database(stack, "intake")["cases"].count_documents({"_id": case_id}) == 1


def test_published_items_are_public(stack):
    department = f"dept-{uuid.uuid4().hex[:6]}"
    item = create_item(stack, department)
    query = """query($d: String) { serviceItems(department: $d, first: 5) {
        edges { node { id code published { committedLimit } } } pageInfo { hasNextPage } } }"""
    result = gql(stack.gateway_url, query, {"d": department})  # no token
    assert [e["node"]["code"] for e in result["data"]["serviceItems"]["edges"]] == [item["code"]]
