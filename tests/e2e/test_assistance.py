"""帮办代办 through the gateway: a full-proxy request recorded at the window, taken by a
helper, the applicant's case linked (the helper then reads it for them), completed; the
applicant rates the case and the help; the ledger of the period, listed and as CSV."""

import uuid

import pytest

from tests.e2e.test_ratings import RATE, completed_case
from tests.support import applicant, gql, set_clock, token

pytestmark = pytest.mark.e2e
SAVED = """__typename ... on AssistanceSaved { assistance { id status helper caseId rating } }
  ... on CaseStateConflict { code } ... on InvalidInput { code field }"""


def act(stack, who: str, mutation: str, variables: dict) -> dict:
    result = gql(stack.gateway_url, f"mutation {mutation} {{ {SAVED} }} }}", variables, who)
    assert "errors" not in result, result
    return next(iter(result["data"].values()))


def test_a_proxy_handled_case_rated_by_its_applicant(stack):
    set_clock(stack, "2026-12-02T09:00:00+08:00")
    department = f"dept-{uuid.uuid4().hex[:6]}"
    person = applicant(idType="PASSPORT", idNumber=f"E{uuid.uuid4().int % 10**9:09d}")
    desk = token(stack, "window_staff", department="centre-desk", subject="desk-1")
    helper = token(stack, "window_staff", department="centre-desk", subject="helper-1")
    items = gql(stack.gateway_url, "query($d: String) { serviceItems(department: $d) { edges {"
                                   " node { id } } } }", {"d": department}, desk)
    assert items["data"]["serviceItems"]["edges"] == []
    case_id = completed_case(stack, department, person)  # the department's window handled it
    item_id = gql(stack.gateway_url, "query($id: ID!) { case(id: $id) { serviceItem { id } } }",
                  {"id": case_id}, token(stack, "window_staff", department=department))[
        "data"]["case"]["serviceItem"]["id"]
    home = act(stack, desk, "($i: RequestAssistanceInput!) { requestAssistance(input: $i)",
               {"i": {"serviceItemId": item_id, "kind": "HOME_VISIT", "applicantName": "张三",
                      "applicantIdNumber": person["idNumber"], "applicantContact": "138",
                      "request": "上门"}})
    assert (home["code"], home["field"]) == ("REQUIRED", "specialGroup")
    asked = act(stack, desk, "($i: RequestAssistanceInput!) { requestAssistance(input: $i)",
                {"i": {"serviceItemId": item_id, "kind": "FULL_PROXY", "applicantName": "张三",
                       "applicantIdNumber": person["idNumber"],
                       "applicantContact": "13800000000", "request": "行动不便，全程代办"}})
    aid = asked["assistance"]["id"]
    assert act(stack, helper, "($a: ID!) { takeAssistance(id: $a)", {"a": aid})[
        "assistance"]["helper"] == "helper-1"
    # Before the link the helper, of another department, cannot read the case; after, they can.
    read = "query($id: ID!) { case(id: $id) { status applicant { idNumber } } }"
    assert gql(stack.gateway_url, read, {"id": case_id}, helper)["errors"][0]["extensions"][
        "code"] == "FORBIDDEN"
    linked = act(stack, helper, "($a: ID!, $c: ID!) { linkAssistedCase(id: $a, caseId: $c)",
                 {"a": aid, "c": case_id})
    assert linked["assistance"]["caseId"] == case_id
    assert gql(stack.gateway_url, read, {"id": case_id}, helper)["data"]["case"] == {
        "status": "COMPLETED", "applicant": {"idNumber": person["idNumber"]}}
    act(stack, helper, "($a: ID!) { completeAssistance(id: $a, outcome: \"已代为办结\")",
        {"a": aid})
    me = token(stack, "applicant", subject=person["idNumber"])
    # the helper cannot rate for the applicant; the applicant rates the case and the help
    assert gql(stack.gateway_url, RATE, {"c": case_id, "l": "VERY_SATISFIED"}, helper)[
        "errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert gql(stack.gateway_url, RATE, {"c": case_id, "l": "VERY_SATISFIED"}, me)["data"][
        "rateCase"]["case"]["rating"]["level"] == "VERY_SATISFIED"
    assert act(stack, me, "($a: ID!) { rateAssistance(id: $a, level: VERY_SATISFIED)",
               {"a": aid})["assistance"]["rating"] == "VERY_SATISFIED"

    officer = token(stack, "efficiency_officer")
    ledger = gql(stack.gateway_url, """{ assistanceLedger(from: "2026-12-01", to: "2026-12-31",
      first: 100) { edges { node { id kind status helper rating } } } }""", token=officer)
    rows = [e["node"] for e in ledger["data"]["assistanceLedger"]["edges"] if e["node"]["id"] == aid]
    assert rows == [{"id": aid, "kind": "FULL_PROXY", "status": "COMPLETED",
                     "helper": "helper-1", "rating": "VERY_SATISFIED"}]
    csv_text = gql(stack.gateway_url, """{ assistanceLedgerCsv(from: "2026-12-01",
      to: "2026-12-31") }""", token=officer)["data"]["assistanceLedgerCsv"]
    assert aid in csv_text and "代办" in csv_text
    mine = gql(stack.gateway_url, """{ assistanceLedger(from: "2026-12-01", to: "2026-12-31")
      { edges { node { helper } } } }""", token=desk)["data"]["assistanceLedger"]["edges"]
    assert all(e["node"]["helper"] == "desk-1" for e in mine)  # a helper sees their own
