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
    # the centre's 帮办代办 window (004 三): its helpers take any department's requests
    desk = token(stack, "helper", subject="desk-1")
    helper = token(stack, "helper", subject="helper-1")
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
    # Before the link the helper cannot read the case; after, they can, as the applicant's
    # proxy: never their full ID number.
    read = "query($id: ID!) { case(id: $id) { status applicant { idNumber contact } } }"
    assert gql(stack.gateway_url, read, {"id": case_id}, helper)["errors"][0]["extensions"][
        "code"] == "FORBIDDEN"
    linked = act(stack, helper, "($a: ID!, $c: ID!) { linkAssistedCase(id: $a, caseId: $c)",
                 {"a": aid, "c": case_id})
    assert linked["assistance"]["caseId"] == case_id
    seen = gql(stack.gateway_url, read, {"id": case_id}, helper)["data"]["case"]
    assert seen["status"] == "COMPLETED" and seen["applicant"]["contact"] == "13800000000"
    assert seen["applicant"]["idNumber"] != person["idNumber"] and "*" in \
        seen["applicant"]["idNumber"]
    act(stack, helper, "($a: ID!) { completeAssistance(id: $a, outcome: \"已代为办结\")",
        {"a": aid})
    me = token(stack, "applicant", subject=person["idNumber"])
    # the helper cannot rate for the applicant; the applicant rates the case and the help
    assert gql(stack.gateway_url, RATE, {"c": case_id, "l": "VERY_SATISFIED"}, helper)[
        "errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert gql(stack.gateway_url, RATE, {"c": case_id, "l": "VERY_SATISFIED"}, me)["data"][
        "rateCase"]["case"]["rating"]["level"] == "VERY_SATISFIED"
    # the applicant finds their request (and its id) in their own list, then rates the help
    mine = gql(stack.gateway_url, "{ myAssistance { edges { node { id status kind } } } }",
               token=me)["data"]["myAssistance"]["edges"]
    assert [e["node"] for e in mine] == [{"id": aid, "status": "COMPLETED",
                                          "kind": "FULL_PROXY"}]
    someone_else = token(stack, "applicant", subject="11010519491231002X")
    assert aid not in str(gql(stack.gateway_url, "{ myAssistance { edges { node { id } } } }",
                              token=someone_else))
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
    # a department's window reads its department's requests (to take them), no other's
    own = gql(stack.gateway_url, """{ assistanceLedger(from: "2026-12-01", to: "2026-12-31",
      first: 100) { edges { node { id department } } } }""",
              token=token(stack, "window_staff", department=department))["data"][
        "assistanceLedger"]["edges"]
    assert aid in [e["node"]["id"] for e in own]
    assert all(e["node"]["department"] == department for e in own)
    other = gql(stack.gateway_url, """{ assistanceLedger(from: "2026-12-01", to: "2026-12-31",
      first: 100) { edges { node { id } } } }""",
                token=token(stack, "window_staff", department="elsewhere"))["data"][
        "assistanceLedger"]["edges"]
    assert aid not in [e["node"]["id"] for e in other]


# Who may take, link and record a department's 帮办代办 request (issue 22, high: a
# market-regulation window took a civil-affairs request, linked a civil-affairs case and read
# the applicant's full ID number). Record-level: each identity against a real request.
TAKE = "($a: ID!) { takeAssistance(id: $a)"
LINK = "($a: ID!, $c: ID!) { linkAssistedCase(id: $a, caseId: $c)"
REQUEST = "($i: RequestAssistanceInput!) { requestAssistance(input: $i)"


def outcome_of(stack, who, mutation: str, variables: dict) -> str:
    result = gql(stack.gateway_url, f"mutation {mutation} {{ {SAVED} }} }}", variables, who)
    codes = [e.get("extensions", {}).get("code") for e in result.get("errors") or []]
    if codes:
        return codes[0]
    answer = next(iter(result["data"].values()))
    return "ok" if answer["__typename"] == "AssistanceSaved" else answer["code"]


def test_only_the_departments_helpers_or_the_centres_take_link_and_record_a_request(stack):
    set_clock(stack, "2026-12-03T09:00:00+08:00")
    civil, market = (f"dept-{uuid.uuid4().hex[:6]}" for _ in range(2))
    person = applicant(idType="PASSPORT", idNumber=f"E{uuid.uuid4().int % 10**9:09d}")
    case_id = completed_case(stack, civil, person)
    item_id = gql(stack.gateway_url, "query($id: ID!) { case(id: $id) { serviceItem { id } } }",
                  {"id": case_id}, token(stack, "window_staff", department=civil))[
        "data"]["case"]["serviceItem"]["id"]
    civil_window = token(stack, "window_staff", department=civil, subject="civil-w")
    ask = {"i": {"serviceItemId": item_id, "kind": "FULL_PROXY", "applicantName": "张三",
                 "applicantIdNumber": person["idNumber"], "applicantContact": "13800000000",
                 "request": "全程代办"}}
    who = {
        "civil window": civil_window,
        "civil chief approver": token(stack, "chief_approver", department=civil, subject="c-c"),
        "centre helper": token(stack, "helper", subject="centre-h"),
        "market window": token(stack, "window_staff", department=market, subject="m-w"),
        "market chief approver": token(stack, "chief_approver", department=market,
                                       subject="m-c"),
        "market head": token(stack, "department_head", department=market, subject="m-h"),
        "admin": token(stack, "admin", subject="adm"),
        "supervisor": token(stack, "supervisor", subject="sup"),
        "officer": token(stack, "efficiency_officer", subject="eff"),
        "the applicant": token(stack, "applicant", subject=person["idNumber"]),
        "anonymous": None,
    }
    helpers = {"civil window", "civil chief approver", "centre helper"}
    taken, recorded = {}, {}
    for name, t in who.items():
        recorded[name] = outcome_of(stack, t, REQUEST, ask)
        request = gql(stack.gateway_url, f"mutation {REQUEST} {{ {SAVED} }} }}", ask,
                      civil_window)["data"]["requestAssistance"]["assistance"]["id"]
        taken[name] = outcome_of(stack, t, TAKE, {"a": request})
        if name in helpers:
            assert outcome_of(stack, t, LINK, {"a": request, "c": case_id}) == "ok", name
    # the applicant may ask for themselves online (issue 23); only helpers record for others
    assert {n for n, o in recorded.items() if o == "ok"} == helpers | {"the applicant"}, recorded
    assert {n for n, o in taken.items() if o == "ok"} == helpers, taken
    assert {o for n, o in taken.items() if n not in helpers} <= {"FORBIDDEN",
                                                                 "UNAUTHENTICATED"}, taken

    # A request taken by the civil window: nobody else links a case to it, and another
    # department's staff neither read the case nor withdraw it.
    request = gql(stack.gateway_url, f"mutation {REQUEST} {{ {SAVED} }} }}", ask,
                  civil_window)["data"]["requestAssistance"]["assistance"]["id"]
    assert outcome_of(stack, civil_window, TAKE, {"a": request}) == "ok"
    for name in ("market window", "centre helper", "admin"):
        assert outcome_of(stack, who[name], LINK, {"a": request, "c": case_id}) in (
            "NOT_THE_HELPER", "FORBIDDEN"), name
    market_window = who["market window"]
    read = gql(stack.gateway_url, "query($id: ID!) { case(id: $id) { applicant { idNumber } } }",
               {"id": case_id}, market_window)
    assert read["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    withdrawn = gql(stack.gateway_url, """mutation($id: ID!) { withdrawApplication(
      caseId: $id, reason: "x") { __typename } }""", {"id": case_id}, market_window)
    assert withdrawn["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    # the link takes the printed number as well as the id, and only the applicant's own case
    other = completed_case(stack, civil, applicant(idType="PASSPORT", idNumber="E000000001"))
    number = gql(stack.gateway_url, "query($id: ID!) { case(id: $id) { caseNumber } }",
                 {"id": other}, civil_window)["data"]["case"]["caseNumber"]
    assert outcome_of(stack, civil_window, LINK, {"a": request, "c": number}) == \
        "NOT_THIS_APPLICANTS_CASE"
