"""A department's own approval system reports back through the gateway (issue 25): registered
by an administrator as a client of the identity provider (Keycloak), it signs in with OAuth2
client credentials, decides a case of its department for the members of staff whose posts the
directory names, and is refused on another department's case, on an operation it was not
granted and for staff not its department's. A retried call with the same Idempotency-Key acts
once and answers the same; the key on another request is refused."""

import uuid

import httpx
import pytest

from tests.e2e.test_case_processing import department_with_staff
from tests.e2e.test_window import submit
from tests.support import (
    EventTap, create_item, error_codes, eventually, gql, new_id_number, set_clock, token,
)

pytestmark = pytest.mark.e2e
REGISTER = """mutation($i: RegisterDepartmentSystemInput!) { registerDepartmentSystem(input: $i) {
  __typename ... on DepartmentSystemCredentials { clientId clientSecret tokenUrl
    system { department operations status } }
  ... on InvalidInput { code field } ... on DepartmentSystemRefused { code } } }"""
OPINION = """mutation($i: RecordOpinionInput!) { recordOpinion(input: $i) { __typename
  ... on CaseUpdated { case { status review { opinions { staffId role } } } }
  ... on CaseStateConflict { code } } }"""
DELIVER = """mutation($i: DeliverResultInput!) { deliverResult(input: $i) { __typename
  ... on CaseUpdated { case { status completedOn } } ... on CaseStateConflict { code } } }"""


def client_token(url: str, client_id: str, secret: str) -> httpx.Response:
    return httpx.post(url, data={"grant_type": "client_credentials", "client_id": client_id,
                                 "client_secret": secret}, timeout=30)


def as_system(stack, query: str, variables: dict, bearer: str, staff: str | None = None,
              key: str | None = None) -> dict:
    headers = {}
    if staff:
        headers["onewindow-acting-staff"] = staff
    if key:
        headers["idempotency-key"] = key
    return gql(stack.gateway_url, query, variables, bearer, headers)


def test_a_department_system_reports_a_decision_for_its_staff_and_nothing_else(stack):
    set_clock(stack, "2026-11-30T09:00:00+08:00")  # Monday
    department, t = department_with_staff(stack)
    other, others = department_with_staff(stack)
    item = create_item(stack, department, materials=[{"name": "申请书"}],
                       decisionLevel="DEPUTY_LEADER")
    others_item = create_item(stack, other, materials=[{"name": "申请书"}])
    admin = token(stack, "admin", subject="admin")

    refused = gql(stack.gateway_url, REGISTER, {"i": {
        "name": "x", "department": department, "roles": ["window_staff"],
        "operations": ["recordOpinion", "registerStaff"]}}, admin)["data"][
        "registerDepartmentSystem"]
    assert refused == {"__typename": "InvalidInput", "code": "OPERATION_NOT_GRANTABLE",
                       "field": "operations"}
    assert error_codes(gql(stack.gateway_url, REGISTER, {"i": {
        "name": "x", "department": department, "roles": ["window_staff"],
        "operations": ["case"]}}, t["head"])) == ["FORBIDDEN"]
    issued = gql(stack.gateway_url, REGISTER, {"i": {
        "name": "市场监管局审批系统", "department": department,
        "roles": ["window_staff", "department_head"],
        "operations": ["case", "recordOpinion", "deliverResult"]}}, admin)["data"][
        "registerDepartmentSystem"]
    assert issued["__typename"] == "DepartmentSystemCredentials", issued
    answer = client_token(issued["tokenUrl"], issued["clientId"], issued["clientSecret"])
    assert answer.status_code == 200, answer.text
    bearer = answer.json()["access_token"]
    assert client_token(issued["tokenUrl"], issued["clientId"], "wrong").status_code == 401

    case_id = submit(stack, item, t["handler"], [{"name": "申请书"}], idNumber=new_id_number())
    gql(stack.gateway_url, "mutation($id: ID!) { acceptApplication(caseId: $id) { __typename } }",
        {"id": case_id}, t["handler"])
    theirs = submit(stack, others_item, others["handler"], [{"name": "申请书"}],
                    idNumber=new_id_number())
    gql(stack.gateway_url, "mutation($id: ID!) { acceptApplication(caseId: $id) { __typename } }",
        {"id": theirs}, others["handler"])

    # Reading its department's case: yes; another's: no.
    read = "query($id: ID!) { case(id: $id) { id status } }"
    assert as_system(stack, read, {"id": case_id}, bearer)["data"]["case"]["status"] == \
        "ACCEPTED"
    assert error_codes(as_system(stack, read, {"id": theirs}, bearer)) == ["FORBIDDEN"]

    # Opinions for its staff, each in the post the directory gives them.
    for who in ("handler", "head", "deputy"):
        staff = f"{who}-{department}"
        result = as_system(stack, OPINION, {"i": {"caseId": case_id, "verdict": "APPROVE"}},
                           bearer, staff)
        assert result["data"]["recordOpinion"]["__typename"] == "CaseUpdated", result
    case = result["data"]["recordOpinion"]["case"]
    assert case["status"] == "DECIDED"
    assert [o["staffId"] for o in case["review"]["opinions"]] == [
        f"handler-{department}", f"head-{department}", f"deputy-{department}"]

    # Refused: another department's case (and its staff), staff unnamed, an operation not
    # granted, and a person's token naming someone to act for.
    opinion = {"i": {"caseId": theirs, "verdict": "APPROVE"}}
    assert error_codes(as_system(stack, OPINION, opinion, bearer,
                                 f"handler-{department}")) == ["FORBIDDEN"]
    assert error_codes(as_system(stack, OPINION, opinion, bearer,
                                 f"handler-{other}")) == ["ACTING_STAFF_UNKNOWN"]
    assert error_codes(as_system(stack, OPINION, {"i": {"caseId": case_id,
                                                        "verdict": "APPROVE"}},
                                 bearer)) == ["ACTING_STAFF_UNKNOWN"]
    withdraw = """mutation($id: ID!) { withdrawApplication(caseId: $id, reason: "x") {
      __typename } }"""
    assert error_codes(as_system(stack, withdraw, {"id": case_id}, bearer,
                                 f"handler-{department}")) == ["OPERATION_NOT_GRANTED"]
    assert error_codes(as_system(stack, read, {"id": case_id}, t["handler"],
                                 f"head-{department}")) == ["ACTING_NOT_ALLOWED"]

    # Delivered with an Idempotency-Key, the call retried: it acts once, answers the same.
    key = str(uuid.uuid4())
    delivery = {"i": {"caseId": case_id, "method": "WINDOW", "notifiedVia": "PHONE"}}
    with EventTap(stack) as tap:
        first = as_system(stack, DELIVER, delivery, bearer, f"handler-{department}", key)
        assert first["data"]["deliverResult"]["case"]["status"] == "COMPLETED", first
        again = as_system(stack, DELIVER, delivery, bearer, f"handler-{department}", key)
        assert again == first
        fresh = as_system(stack, DELIVER, delivery, bearer, f"handler-{department}",
                          str(uuid.uuid4()))  # a new key is a new request: the rule refuses
        assert fresh["data"]["deliverResult"]["__typename"] == "CaseStateConflict"
        changed = as_system(stack, DELIVER, {"i": {**delivery["i"], "notifiedVia": "SMS"}},
                            bearer, f"handler-{department}", key)
        assert "IDEMPOTENCY_KEY_REUSED" in str(changed), changed
        eventually(lambda: any(e["type"] == "clock.completed" and e["data"].get("case_id") ==
                               case_id for e in tap.events), what="the clock completed")
    completed = [e for e in tap.events
                 if e["type"] == "case.completed" and e["data"]["case_id"] == case_id]
    assert len(completed) == 1

    # Retired: no new token.
    retired = gql(stack.gateway_url, """mutation($c: String!) { retireDepartmentSystem(
      clientId: $c) { __typename ... on DepartmentSystemSaved { system { status } } } }""",
                  {"c": issued["clientId"]}, admin)["data"]["retireDepartmentSystem"]
    assert retired["system"]["status"] == "RETIRED"
    assert client_token(issued["tokenUrl"], issued["clientId"],
                        issued["clientSecret"]).status_code in (400, 401)
    listed = gql(stack.gateway_url, """query($d: String) { departmentSystems(department: $d) {
      clientId status } }""", {"d": department}, t["head"])["data"]["departmentSystems"]
    assert listed == [{"clientId": issued["clientId"], "status": "RETIRED"}]
