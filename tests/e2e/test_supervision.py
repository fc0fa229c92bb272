"""Electronic supervision through the gateway: a case the window let run past its due date
becomes a supervision case with its evidence; the office verifies it (never a case naming
itself); the department head sees their department's only."""

import uuid

import pytest

from tests.support import (
    ACCEPT, SUBMIT, applicant, create_item, database, error_codes, eventually, gql, set_clock,
    submit_and_accept, token,
)

pytestmark = pytest.mark.e2e
CASES = """query($d: String) { supervisionCases(department: $d) { edges { node {
  id trigger breach caseNumber people status evidence { eventType summary } } } } }"""
DECIDE = """mutation($id: ID!, $v: Boolean!) { decideSupervisionCase(id: $id, verify: $v,
  reasons: "逾期无正当理由") { __typename ... on SupervisionCaseSaved { supervisionCase {
  status decidedBy } } ... on StateConflict { code } } }"""


def test_an_overdue_case_becomes_a_supervision_case_the_office_verifies(stack):
    set_clock(stack, "2026-11-23T09:00:00+08:00")  # Monday; 2 working days: due Wed 25
    department = f"dept-{uuid.uuid4().hex[:6]}"
    case_id = submit_and_accept(stack, create_item(stack, department, committed=2))
    supervisor = token(stack, "supervisor", subject="sup-1")
    set_clock(stack, "2026-11-25T09:00:00+08:00")  # the yellow card's day
    warnings = "query($d: String) { warnings(department: $d) { subjectId workingDaysLeft } }"
    eventually(lambda: gql(stack.gateway_url, warnings, {"d": department}, supervisor)[
        "data"]["warnings"] == [{"subjectId": case_id, "workingDaysLeft": 0}],
        what="the yellow card listed as a warning")
    cards = """query($d: String) { cardsByDepartment(department: $d) { department yellow red }
      mostOverdue(department: $d) { subjectId kind dueDate daysOverdue staff } }"""
    assert eventually(lambda: (c := gql(stack.gateway_url, cards, {"d": department},
                                        supervisor)["data"])["cardsByDepartment"] and c,
                      what="the yellow card on the board") == {
        "cardsByDepartment": [{"department": department, "yellow": 1, "red": 0}],
        "mostOverdue": []}
    set_clock(stack, "2026-11-26T09:00:00+08:00")  # overdue
    edges = eventually(lambda: gql(stack.gateway_url, CASES, {"d": department}, supervisor)[
        "data"]["supervisionCases"]["edges"], what="a supervision case opened")
    assert eventually(lambda: (c := gql(stack.gateway_url, cards, {"d": department},
                                        supervisor)["data"])["mostOverdue"]
                      and c["cardsByDepartment"][0]["red"] and c,
                      what="the red card on the board") == {
        "cardsByDepartment": [{"department": department, "yellow": 0, "red": 1}],
        "mostOverdue": [{"subjectId": case_id, "kind": "case_limit", "dueDate": "2026-11-25",
                         "daysOverdue": 1, "staff": "staff-1"}]}
    centre = gql(stack.gateway_url, "{ mostOverdue(first: 100) { subjectId dueDate } }",
                 token=supervisor)["data"]["mostOverdue"]  # every department's, merged
    dues = [i["dueDate"] for i in centre]
    assert dues == sorted(dues)
    assert case_id in [i["subjectId"] for i in centre] or (
        len(centre) == 100 and dues[-1] <= "2026-11-25")
    others = token(stack, "department_head", department="elsewhere")
    assert {e["extensions"]["code"] for e in gql(stack.gateway_url, cards, {"d": department},
                                                 others)["errors"]} == {"FORBIDDEN"}
    assert gql(stack.gateway_url, cards, {"d": None}, others)["data"] == {
        "cardsByDepartment": [], "mostOverdue": []}
    case = edges[0]["node"]
    assert (case["trigger"], case["breach"], case["people"], case["status"]) == (
        "RED_CARD", "OVERDUE", ["staff-1"], "OPEN")
    assert case["evidence"][0]["eventType"] == "clock.red_card"

    head = token(stack, "department_head", department="elsewhere")
    assert error_codes(gql(stack.gateway_url, CASES, {"d": department}, head)) == ["FORBIDDEN"]
    assert case["id"] not in str(gql(stack.gateway_url, CASES, {"d": None}, head)["data"])
    own = token(stack, "supervisor", subject="staff-1")  # names themselves
    assert gql(stack.gateway_url, DECIDE, {"id": case["id"], "v": True}, own)["data"][
        "decideSupervisionCase"]["code"] == "OWN_CASE"
    assert error_codes(gql(stack.gateway_url, DECIDE, {"id": case["id"], "v": True},
                           token(stack, "window_staff", department=department))) == [
        "FORBIDDEN"]
    verified = gql(stack.gateway_url, DECIDE, {"id": case["id"], "v": True}, supervisor)[
        "data"]["decideSupervisionCase"]["supervisionCase"]
    assert verified == {"status": "VERIFIED", "decidedBy": "sup-1"}


def test_a_verified_case_becomes_a_finding_the_reviewer_is_heard_sanctioned_and_appeals(stack):
    """The issue's end-to-end: overdue → supervision case → finding allocated between handler
    and reviewer → the reviewer heard, sanctioned, appeals in time and is answered; the
    deadlines service times the appeal."""
    set_clock(stack, "2026-11-23T09:00:00+08:00")
    department = f"dept-{uuid.uuid4().hex[:6]}"
    submit_and_accept(stack, create_item(stack, department, committed=2))
    supervisor = token(stack, "supervisor", subject="sup-1")
    set_clock(stack, "2026-11-26T09:00:00+08:00")  # overdue
    case = eventually(lambda: gql(stack.gateway_url, CASES, {"d": department}, supervisor)[
        "data"]["supervisionCases"]["edges"], what="a supervision case opened")[0]["node"]
    gql(stack.gateway_url, DECIDE, {"id": case["id"], "v": True}, supervisor)
    step = """__typename ... on FindingSaved { finding { id people allocation { rule shares {
      staffId responsibility } } sanctions { id heavier } appeals { id outcome } } }
      ... on StateConflict { code } ... on InvalidInput { code field }"""

    def act(who, mutation, variables):
        result = gql(stack.gateway_url, f"mutation {mutation} {{ {step} }} }}", variables, who)
        assert "errors" not in result, result
        return next(iter(result["data"].values()))

    finding = act(supervisor, "($s: ID!) { openFinding(supervisionCaseId: $s)",
                  {"s": case["id"]})["finding"]
    assert finding["people"] == ["staff-1"]
    fid = finding["id"]
    assert act(supervisor, "($s: ID!) { openFinding(supervisionCaseId: $s)",
               {"s": case["id"]})["code"] == "ALREADY_OPENED"
    stranger = act(supervisor, "($f: ID!) { allocateResponsibility(id: $f, fault: CONDUCT, "
                               "named: [{role: WINDOW_STAFF, staffId: \"nobody\"}])", {"f": fid})
    assert stranger["code"] == "NOT_INVOLVED"
    allocated = act(supervisor, "($f: ID!) { allocateResponsibility(id: $f, fault: CONDUCT, "
                                "named: [{role: HANDLER, staffId: \"staff-1\"}, "
                                "{role: CHIEF_REPRESENTATIVE, staffId: \"chief-9\"}])",
                    {"f": fid})["finding"]["allocation"]
    assert allocated["shares"] == [{"staffId": "staff-1", "responsibility": "DIRECT"},
                                   {"staffId": "chief-9", "responsibility": "SUPERVISORY"}]
    assert "002" in allocated["rule"]
    no_hearing = act(supervisor, "($f: ID!) { decideSanction(id: $f, staffId: \"chief-9\", "
                                 "level: WRITTEN_ADMONITION, reasons: \"督办不力\")", {"f": fid})
    assert no_hearing["code"] == "HEARING_REQUIRED"
    act(supervisor, "($f: ID!) { recordHearing(id: $f, staffId: \"chief-9\", "
                    "statement: \"当日在外开会\", defence: \"已安排 B 岗\")", {"f": fid})
    sanctioned = act(supervisor, "($f: ID!) { decideSanction(id: $f, staffId: \"chief-9\", "
                                 "level: WRITTEN_ADMONITION, reasons: \"督办不力\")",
                     {"f": fid})["finding"]
    sanction_id = sanctioned["sanctions"][0]["id"]
    filing = """query($id: ID!) { clock(kind: APPEAL_FILING, subjectId: $id) { status dueDate } }"""
    assert eventually(lambda: gql(stack.gateway_url, filing, {"id": sanction_id}, supervisor)[
        "data"]["clock"], what="appeal filing clock") == {"status": "RUNNING",
                                                          "dueDate": "2026-12-11"}
    person = token(stack, "window_staff", department=department, subject="chief-9")
    appealed = act(person, "($f: ID!, $s: ID!) { fileAppeal(id: $f, sanctionId: $s, "
                           "statement: \"当日有会议记录为证\")", {"f": fid, "s": sanction_id})
    appeal_id = appealed["finding"]["appeals"][0]["id"]
    answer = """query($id: ID!) { clock(kind: APPEAL_ANSWER, subjectId: $id) { status dueDate } }"""
    assert eventually(lambda: gql(stack.gateway_url, answer, {"id": appeal_id}, supervisor)[
        "data"]["clock"], what="appeal answer clock")["dueDate"] == "2026-12-28"
    answered = act(supervisor, "($f: ID!, $a: ID!) { answerAppeal(id: $f, appealId: $a, "
                               "outcome: CHANGED, answer: \"改为口头告诫\")",
                   {"f": fid, "a": appeal_id})
    assert answered["finding"]["appeals"][0]["outcome"] == "CHANGED"
    eventually(lambda: gql(stack.gateway_url, answer, {"id": appeal_id}, supervisor)["data"][
        "clock"]["status"] == "COMPLETED", what="appeal answer clock completed")
    figures = """query($d: String) {
      supervisionByTrigger(month: "2026-11", department: $d) { trigger opened verified }
      findingsByBreach(month: "2026-11", department: $d) { breach findings } }"""
    assert eventually(lambda: (f := gql(stack.gateway_url, figures, {"d": department},
                                        supervisor)["data"])["findingsByBreach"] and f,
                      what="figures counted") == {
        "supervisionByTrigger": [{"trigger": "RED_CARD", "opened": 1, "verified": 1}],
        "findingsByBreach": [{"breach": "OVERDUE", "findings": 1}]}
    month = """{ staffMonth(staffId: "chief-9", month: "2026-11") { sanctions } }"""
    assert eventually(lambda: gql(stack.gateway_url, month, token=supervisor)["data"][
        "staffMonth"]["sanctions"] == 1, what="the sanction counted for the person")
    card = """query($k: String!) { scorecard(kind: STAFF, key: $k, period: "2026-Q4") {
      breaches sanctions score grade awardEligible } }"""
    assert eventually(lambda: (c := gql(stack.gateway_url, card, {"k": "chief-9"},
                                        supervisor)["data"]["scorecard"])["sanctions"] == 1
                      and c, what="the scorecard counted") == {
        "breaches": 1, "sanctions": 1, "score": 85.0, "grade": "BASICALLY_QUALIFIED",
        "awardEligible": True}  # a written admonition does not cost the awards


def test_a_step_against_a_complainant_by_the_staff_complained_about_is_retaliation(stack):
    """An applicant complains about their case; the window clerk of that case then sends them
    a correction notice on a new case: electronic supervision opens a retaliation case, and a
    sanction on the verified finding is heavier for it (000 §15, 001 §8)."""
    set_clock(stack, "2026-11-23T09:00:00+08:00")
    department = f"dept-{uuid.uuid4().hex[:6]}"
    item = create_item(stack, department, materials=[{"name": "申请书"}, {"name": "身份证"}])
    clerk = token(stack, "window_staff", department=department, subject="clerk-r")
    person = applicant(idType="PASSPORT", idNumber=f"E{uuid.uuid4().int % 10**9:09d}")

    def submit(materials: list[str]) -> str:
        done = gql(stack.gateway_url, SUBMIT, {"input": {
            "serviceItemId": item["id"], "applicant": person,
            "materials": [{"name": m} for m in materials]}}, clerk)["data"]["submitApplication"]
        assert done["__typename"] == "ApplicationSubmitted", done
        return done["case"]["id"]

    first = submit(["申请书", "身份证"])
    assert gql(stack.gateway_url, ACCEPT, {"id": first}, clerk)["data"]["acceptApplication"][
        "__typename"] == "ApplicationAccepted"
    ledger = database(stack, "oversight")["case_ledger"]
    eventually(lambda: (ledger.find_one({"_id": first}) or {}).get("accepted_by") == "clerk-r",
               what="the case in oversight's ledger")
    officer = token(stack, "efficiency_officer", subject="eff-r")
    printed = gql(stack.gateway_url, "query($id: ID!) { case(id: $id) { caseNumber } }",
                  {"id": first}, clerk)["data"]["case"]["caseNumber"]
    # The complainant has only the number printed on the notice, and misnames the unit.
    complained = gql(stack.gateway_url, """mutation($i: RegisterComplaintInput!) {
      registerComplaint(input: $i) { ... on ComplaintRegistered { complaint { id number
        subjectRef subjectCaseNumber department } } } }""",
                     {"i": {"channel": "WINDOW", "subjectKind": "CASE", "subjectRef": printed,
                            "subjectDepartment": "somewhere", "category": "PUSHING_OFF",
                            "description": "多次刁难", "complainantName": "张三"}},
                     officer)["data"]["registerComplaint"]["complaint"]
    assert (complained["subjectRef"], complained["subjectCaseNumber"],
            complained["department"]) == (first, printed, department)
    complainants = database(stack, "oversight")["complainants"]
    eventually(lambda: any(s["complaint_id"] == complained["id"] for d in complainants.find()
                           for s in d.get("shields", [])), what="the complainant recognised")

    set_clock(stack, "2026-12-01T09:00:00+08:00")
    second = submit(["申请书"])
    assert gql(stack.gateway_url, """mutation($id: ID!) { requestCorrection(caseId: $id) {
      __typename } }""", {"id": second}, clerk)["data"]["requestCorrection"][
        "__typename"] == "CaseUpdated"
    supervisor = token(stack, "supervisor", subject="sup-r")
    case = eventually(lambda: [e["node"] for e in gql(stack.gateway_url, CASES, {
        "d": department}, supervisor)["data"]["supervisionCases"]["edges"]
        if e["node"]["trigger"] == "RETALIATION"], what="a retaliation case opened")[0]
    assert (case["breach"], case["people"]) == ("RETALIATION", ["clerk-r"])
    assert complained["number"] in case["evidence"][0]["summary"]

    gql(stack.gateway_url, DECIDE, {"id": case["id"], "v": True}, supervisor)
    step = """__typename ... on FindingSaved { finding { id sanctions { heavier } } }"""

    def act(mutation, variables):
        result = gql(stack.gateway_url, f"mutation {mutation} {{ {step} }} }}", variables,
                     supervisor)
        assert "errors" not in result, result
        return next(iter(result["data"].values()))["finding"]

    fid = act("($s: ID!) { openFinding(supervisionCaseId: $s)", {"s": case["id"]})["id"]
    act("($f: ID!) { allocateResponsibility(id: $f, fault: CONDUCT, named: [{role: HANDLER, "
        "staffId: \"clerk-r\"}])", {"f": fid})
    act("($f: ID!) { recordHearing(id: $f, staffId: \"clerk-r\", statement: \"材料确有缺失\", "
        "defence: \"\")", {"f": fid})
    sanctioned = act("($f: ID!) { decideSanction(id: $f, staffId: \"clerk-r\", "
                     "level: TRANSFER, reasons: \"打击报复投诉人\")", {"f": fid})
    assert sanctioned["sanctions"] == [{"heavier": ["retaliation"]}]
