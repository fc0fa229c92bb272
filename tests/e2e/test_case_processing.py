"""A case's life after acceptance, through the gateway: the review chain to the decision,
delivery and completion counted on time by the deadlines service, a denial climbing to the
main leader, a clerk finding a case by its printed number, withdrawal."""

import base64
import io
import re
import uuid

import pytest
from pypdf import PdfReader

from tests.support import applicant, create_item, error_codes, eventually, gql, set_clock, token
from tests.e2e.test_window import step, submit

pytestmark = pytest.mark.e2e
MATERIALS = [{"name": "申请书"}, {"name": "身份证", "form": "COPY"}]
DIRECTORY = """mutation($d: DefineDepartmentInput!) { defineDepartment(input: $d) { __typename } }"""
REGISTER = """mutation($s: RegisterStaffInput!) { registerStaff(input: $s) {
  __typename ... on InvalidInput { code field } } }"""
OPINION = "($i: RecordOpinionInput!) { recordOpinion(input: $i)"
CASE = """query($id: ID!) { case(id: $id) { id caseNumber status approved decidedOn completedOn
  review { awaiting escalationLevel handler addressedTo
           opinions { role staffId position verdict escalated decisive } }
  delivery { method notifiedVia deliveredOn }
  notices { number kind pdfBase64 } } }"""
CLOCK = """query($id: ID!) { case(id: $id) { clock { status outcome } } }"""
STATISTICS = """query($d: String!) { deadlineStatistics(dimension: DEPARTMENT, value: $d,
  firstDay: "2026-11-01", lastDay: "2026-12-31") { completed completedOnTime onTimeRate } }"""
QUEUE = "{ myWorkQueue { edges { node { id caseNumber dueOn } } } }"
POSITIONS = {"handler": "STAFF", "head": "SECTION_HEAD", "deputy": "DEPUTY_LEADER",
             "leader": "MAIN_LEADER"}


def department_with_staff(stack) -> tuple[str, dict[str, str]]:
    """A department with a handler, a section head, a deputy and a main leader; their tokens."""
    department = f"dept-{uuid.uuid4().hex[:6]}"
    admin = token(stack, "admin", subject="admin")
    gql(stack.gateway_url, DIRECTORY, {"d": {"code": department, "name": "市场监督管理局",
                                            "windows": [{"code": "W-1", "name": "一号窗口"}]}},
        admin)
    tokens = {}
    for n, (who, position) in enumerate(POSITIONS.items()):
        subject = f"{who}-{department}"
        result = gql(stack.gateway_url, REGISTER, {"s": {
            "staffId": subject, "name": who, "department": department, "rankTitle": who,
            "rankLevel": 3 + n, "position": position,
            "window": "W-1" if who == "handler" else None}}, admin)
        assert result["data"]["registerStaff"]["__typename"] == "StaffMemberSaved", result
        role = "window_staff" if who == "handler" else "department_head"
        tokens[who] = token(stack, role, department=department, subject=subject)
    return department, tokens


def opinion(stack, case_id: str, who: str, verdict: str = "APPROVE") -> dict:
    variables = {"caseId": case_id, "verdict": verdict}
    if verdict == "DENY":
        variables |= {"reasons": ["场所不符合要求"], "legalBasis": "《食品经营许可管理办法》第十条"}
    return step(stack, OPINION, {"i": variables}, who)


def pdf_text(encoded: str) -> str:
    reader = PdfReader(io.BytesIO(base64.b64decode(encoded)))
    return re.sub(r"[\x00\s]", "", "".join(page.extract_text() for page in reader.pages))


def read(stack, case_id: str, who: str) -> dict:
    return gql(stack.gateway_url, CASE, {"id": case_id}, who)["data"]["case"]


def test_a_committed_case_from_acceptance_to_delivery_completes_on_time(stack):
    set_clock(stack, "2026-11-23T09:00:00+08:00")  # Monday
    department, t = department_with_staff(stack)
    item = create_item(stack, department, materials=MATERIALS, decisionLevel="DEPUTY_LEADER")
    case_id = submit(stack, item, t["handler"], [{"name": "申请书"}, {"name": "身份证"}])
    assert step(stack, "($id: ID!) { acceptApplication(caseId: $id)", {"id": case_id},
                t["handler"])["case"]["status"] == "ACCEPTED"
    number = read(stack, case_id, t["handler"])["caseNumber"]

    # The clerk finds it by the number printed on its notices.
    assert read(stack, number, t["handler"])["id"] == case_id
    search = """query($f: CaseFilterInput) { cases(filter: $f) { edges { node { id } } } }"""
    found = gql(stack.gateway_url, search, {"f": {"applicantName": "张", "status": "ACCEPTED"}},
                t["handler"])["data"]["cases"]["edges"]
    assert [e["node"]["id"] for e in found] == [case_id]  # their department's only

    refused = opinion(stack, case_id, t["head"])  # the reviewer cannot go first
    assert refused["code"] == "NOT_HANDLER"
    assert opinion(stack, case_id, t["handler"])["case"]["status"] == "ACCEPTED"
    queue = gql(stack.gateway_url, QUEUE, token=t["head"])["data"]["myWorkQueue"]["edges"]
    assert [e["node"]["id"] for e in queue] == [case_id]
    assert queue[0]["node"]["dueOn"] == "2026-12-07"  # 10 working days from Mon 23 Nov
    opinion(stack, case_id, t["head"])
    set_clock(stack, "2026-11-26T09:00:00+08:00")
    decided = opinion(stack, case_id, t["deputy"])
    assert decided["case"]["status"] == "DECIDED"
    case = read(stack, case_id, t["handler"])
    assert case["approved"] and case["review"]["awaiting"] == "NONE"
    assert [o["role"] for o in case["review"]["opinions"]] == ["HANDLER", "REVIEWER", "APPROVER"]
    result = case["notices"][-1]
    assert result["kind"] == "RESULT" and result["number"] == f"{number}-JG1"
    text = pdf_text(result["pdfBase64"])
    assert "准予办理" in text

    set_clock(stack, "2026-11-27T09:00:00+08:00")
    delivered = step(stack, "($i: DeliverResultInput!) { deliverResult(input: $i)",
                     {"i": {"caseId": case_id, "method": "WINDOW", "notifiedVia": "PHONE"}},
                     t["handler"])
    assert delivered["case"]["status"] == "COMPLETED"
    assert read(stack, case_id, t["handler"])["completedOn"] == "2026-11-27"

    # The deadlines service's clock completes from the real window work, and counts it.
    clock = eventually(lambda: (c := gql(stack.gateway_url, CLOCK, {"id": case_id}, t["head"])[
        "data"]["case"]["clock"]) and c["status"] == "COMPLETED" and c, what="clock completed")
    assert clock["outcome"] == "EARLY"
    overseer = token(stack, "efficiency_officer", subject="eff")
    figures = eventually(lambda: (s := gql(stack.gateway_url, STATISTICS, {"d": department},
                                           overseer)["data"]["deadlineStatistics"])
                         and s["completed"] == 1 and s, what="statistics counted")
    assert (figures["completedOnTime"], figures["onTimeRate"]) == (1, 1.0)


def test_a_denial_climbs_to_the_main_leader_who_decides(stack):
    set_clock(stack, "2026-11-23T09:00:00+08:00")
    department, t = department_with_staff(stack)
    item = create_item(stack, department, materials=MATERIALS, decisionLevel="MAIN_LEADER")
    case_id = submit(stack, item, t["handler"], [{"name": "申请书"}, {"name": "身份证"}])
    step(stack, "($id: ID!) { acceptApplication(caseId: $id)", {"id": case_id}, t["handler"])

    opinion(stack, case_id, t["handler"], "DENY")
    review = read(stack, case_id, t["handler"])["review"]
    assert (review["awaiting"], review["escalationLevel"]) == ("ESCALATION", "SECTION_HEAD")
    assert opinion(stack, case_id, t["leader"])["code"] == "NOT_ESCALATION_LEVEL"
    opinion(stack, case_id, t["head"], "DENY")
    opinion(stack, case_id, t["deputy"], "APPROVE")  # overruled in the end, but kept
    review = read(stack, case_id, t["handler"])["review"]
    assert review["escalationLevel"] == "MAIN_LEADER"
    assert review["addressedTo"] == [f"leader-{department}"]
    assert opinion(stack, case_id, t["leader"], "DENY")["case"]["status"] == "DECIDED"
    case = read(stack, case_id, t["handler"])
    assert case["approved"] is False
    assert [(o["position"], o["verdict"], o["decisive"]) for o in case["review"]["opinions"]] == [
        ("STAFF", "DENY", False), ("SECTION_HEAD", "DENY", False),
        ("DEPUTY_LEADER", "APPROVE", False), ("MAIN_LEADER", "DENY", True)]
    denial = case["notices"][-1]
    assert denial["kind"] == "DENIAL_DECISION"
    text = pdf_text(denial["pdfBase64"])
    assert "不予行政许可决定书" in text and "场所不符合要求" in text


def test_an_applicant_withdraws_their_application(stack):
    set_clock(stack, "2026-11-23T09:00:00+08:00")
    department, t = department_with_staff(stack)
    item = create_item(stack, department, materials=MATERIALS)
    case_id = submit(stack, item, t["handler"], [{"name": "申请书"}, {"name": "身份证"}])
    step(stack, "($id: ID!) { acceptApplication(caseId: $id)", {"id": case_id}, t["handler"])
    stranger = token(stack, "applicant", subject="110101199003074514")
    refused = gql(stack.gateway_url, """mutation($id: ID!) { withdrawApplication(
        caseId: $id, reason: "不办了") { __typename } }""", {"id": case_id}, stranger)
    assert error_codes(refused) == ["FORBIDDEN"]
    owner = token(stack, "applicant", subject=applicant()["idNumber"])
    withdrawn = step(stack, "($id: ID!) { withdrawApplication(caseId: $id, reason: \"不办了\")",
                     {"id": case_id}, owner)
    assert withdrawn["case"]["status"] == "WITHDRAWN"
    clock = eventually(lambda: (c := gql(stack.gateway_url, CLOCK, {"id": case_id}, t["head"])[
        "data"]["case"]["clock"]) and c["status"] == "CANCELLED" and c, what="clock cancelled")
    assert clock["outcome"] is None
    # Withdrawn before any decision: the acceptance-decision clock stops, nothing goes red.
    early = submit(stack, create_item(stack, department, materials=MATERIALS), t["handler"],
                   [{"name": "申请书"}])
    step(stack, "($id: ID!) { withdrawApplication(caseId: $id, reason: \"材料不全，不办了\")",
         {"id": early}, t["handler"])
    decision = """query($id: ID!) { clock(kind: ACCEPTANCE_DECISION, subjectId: $id) {
      status } }"""
    eventually(lambda: gql(stack.gateway_url, decision, {"id": early}, t["head"])["data"][
        "clock"]["status"] == "COMPLETED", what="acceptance decision closed")


CLOCK_DUE = """query($id: ID!) { case(id: $id) { dueOn specialProcedures { kind expectedDays }
  extensions { days refusedLate } clock { status dueDate outcome } } }"""


def accepted_case(stack, t, department, **elements) -> str:
    item = create_item(stack, department, materials=MATERIALS, **elements)
    case_id = submit(stack, item, t["handler"], [{"name": "申请书"}, {"name": "身份证"}])
    step(stack, "($id: ID!) { acceptApplication(caseId: $id)", {"id": case_id}, t["handler"])
    return case_id


def due(stack, case_id, who) -> dict:
    return gql(stack.gateway_url, CLOCK_DUE, {"id": case_id}, who)["data"]["case"]


def test_a_suspension_for_expert_review_moves_the_due_date(stack):
    set_clock(stack, "2026-11-23T09:00:00+08:00")  # Monday; due Mon 7 Dec
    department, t = department_with_staff(stack)
    case_id = accepted_case(stack, t, department)
    eventually(lambda: due(stack, case_id, t["head"])["clock"], what="clock started")
    set_clock(stack, "2026-11-25T09:00:00+08:00")
    started = step(stack, "($id: ID!) { startSpecialProcedure(caseId: $id, kind: EXPERT_REVIEW, "
                          "reason: \"需组织专家论证\", expectedDays: 10)", {"id": case_id},
                   t["handler"])
    assert started["case"]["status"] == "SUSPENDED"
    assert opinion(stack, case_id, t["handler"])["code"] == "CASE_WRONG_STATE"
    eventually(lambda: due(stack, case_id, t["head"])["clock"]["status"] == "SUSPENDED",
               what="clock suspended")
    set_clock(stack, "2026-12-02T09:00:00+08:00")  # five working days later
    resumed = step(stack, "($id: ID!) { finishSpecialProcedure(caseId: $id, "
                          "outcome: \"专家意见：可行\")", {"id": case_id}, t["handler"])
    assert resumed["case"]["status"] == "ACCEPTED"
    case = eventually(lambda: (c := due(stack, case_id, t["head"]))["clock"]["status"] ==
                      "RUNNING" and c["dueOn"] == c["clock"]["dueDate"] and c,
                      what="the case's due date follows the clock")
    assert case["clock"]["dueDate"] > "2026-12-07"  # the suspended days were not counted
    assert case["specialProcedures"] == [{"kind": "EXPERT_REVIEW", "expectedDays": 10}]
    notice = read(stack, case_id, t["handler"])["notices"][-1]
    assert notice["kind"] == "SUSPENSION_NOTICE"
    assert "专家评审" in pdf_text(notice["pdfBase64"]) and "10个工作日" in pdf_text(
        notice["pdfBase64"])


async def test_an_extension_asked_after_the_due_date_is_refused_and_announced(stack):
    from tests.support import listening
    set_clock(stack, "2026-11-23T09:00:00+08:00")
    department, t = department_with_staff(stack)
    case_id = accepted_case(stack, t, department)
    eventually(lambda: due(stack, case_id, t["head"])["dueOn"] == "2026-12-07", what="due")
    set_clock(stack, "2026-12-08T09:00:00+08:00")  # the day after the due date
    async with listening(stack, "extension.refused_late") as wait_for:
        refused = step(stack, "($id: ID!) { requestExtension(caseId: $id, days: 5, "
                              "reasons: \"来不及\")", {"id": case_id}, t["handler"])
        assert refused["code"] == "EXTENSION_TOO_LATE"
        event = await wait_for(case_id)
    assert (event["data"]["due_on"], event["data"]["requested_on"]) == ("2026-12-07",
                                                                        "2026-12-08")
    assert due(stack, case_id, t["head"])["extensions"] == [{"days": 5, "refusedLate": True}]


def test_an_extension_in_time_moves_the_clock(stack):
    set_clock(stack, "2026-11-23T09:00:00+08:00")
    department, t = department_with_staff(stack)
    case_id = accepted_case(stack, t, department)
    eventually(lambda: due(stack, case_id, t["head"])["clock"], what="clock started")
    step(stack, "($id: ID!) { requestExtension(caseId: $id, days: 5, reasons: \"需现场核查\")",
         {"id": case_id}, t["handler"])
    assert step(stack, "($id: ID!) { approveExtension(caseId: $id)", {"id": case_id},
                t["handler"])["code"] == "NO_DECISION_AUTHORITY"
    step(stack, "($id: ID!) { approveExtension(caseId: $id)", {"id": case_id}, t["head"])
    case = eventually(lambda: (c := due(stack, case_id, t["head"]))["clock"]["dueDate"] ==
                      "2026-12-14" and c, what="clock extended by 5 working days")
    assert case["dueOn"] == "2026-12-14"


def test_an_applicant_delay_counts_a_late_completion_as_on_time(stack):
    set_clock(stack, "2026-11-23T09:00:00+08:00")
    department, t = department_with_staff(stack)
    case_id = accepted_case(stack, t, department, reviewChain="ACCEPT_AND_APPROVE")
    eventually(lambda: due(stack, case_id, t["head"])["clock"], what="clock started")
    set_clock(stack, "2026-12-01T09:00:00+08:00")
    step(stack, "($id: ID!) { recordApplicantDelay(caseId: $id, kind: DID_NOT_ATTEND, "
                "evidence: \"11月30日电话通知到场核验，未到\", expectedOn: \"2026-11-30\")",
         {"id": case_id}, t["handler"])
    set_clock(stack, "2026-12-10T09:00:00+08:00")  # after the due date (7 Dec)
    assert opinion(stack, case_id, t["head"])["case"]["status"] == "DECIDED"
    step(stack, "($i: DeliverResultInput!) { deliverResult(input: $i)",
         {"i": {"caseId": case_id, "method": "WINDOW", "notifiedVia": "SMS"}}, t["handler"])
    clock = eventually(lambda: (c := due(stack, case_id, t["head"])["clock"])["status"] ==
                       "COMPLETED" and c, what="clock completed")
    assert clock["outcome"] == "ON_TIME_APPLICANT_DELAY"
    overseer = token(stack, "efficiency_officer", subject="eff")
    figures = eventually(lambda: (s := gql(stack.gateway_url, STATISTICS, {"d": department},
                                           overseer)["data"]["deadlineStatistics"])
                         and s["completed"] == 1 and s, what="statistics counted")
    assert figures["completedOnTime"] == 1


def test_the_applicant_follows_their_case_to_the_end(stack):
    set_clock(stack, "2026-11-23T09:00:00+08:00")
    department, t = department_with_staff(stack)
    case_id = accepted_case(stack, t, department, reviewChain="ACCEPT_AND_APPROVE")
    owner = token(stack, "applicant", subject=applicant()["idNumber"])
    mine = """query($id: ID!) { case(id: $id) { status dueOn currentStep { code label }
      timeline { on kind label noticeNumber } notices { number kind } } }"""
    case = eventually(lambda: (c := gql(stack.gateway_url, mine, {"id": case_id}, owner)[
        "data"]["case"]) and c["dueOn"] and c, what="the applicant sees the due date")
    assert case["dueOn"] == "2026-12-07"
    assert case["currentStep"] == {"code": "approver", "label": "审批决定中"}
    assert [e["kind"] for e in case["timeline"]] == ["received", "accepted"]
    internal = gql(stack.gateway_url, "query($id: ID!) { case(id: $id) { review { handler } } }",
                   {"id": case_id}, owner)
    assert error_codes(internal) == ["FORBIDDEN"]  # opinions and staff are internal
    opinion(stack, case_id, t["head"])
    step(stack, "($i: DeliverResultInput!) { deliverResult(input: $i)",
         {"i": {"caseId": case_id, "method": "WINDOW", "notifiedVia": "SMS"}}, t["handler"])
    case = gql(stack.gateway_url, mine, {"id": case_id}, owner)["data"]["case"]
    assert case["currentStep"]["code"] == "completed"
    assert [e["kind"] for e in case["timeline"]] == ["received", "accepted", "approved",
                                                     "delivered"]
    assert case["timeline"][2]["noticeNumber"] == case["notices"][-1]["number"]


def test_a_hand_over_starts_its_step_clock_the_next_day(stack):
    set_clock(stack, "2026-11-23T09:00:00+08:00")  # Monday
    department, t = department_with_staff(stack)
    case_id = accepted_case(stack, t, department)
    handed = step(stack, "($id: ID!, $to: String!) { handOverCase(caseId: $id, toStaff: $to, "
                         "limit: 2, note: \"请核查场地\")",
                  {"id": case_id, "to": f"deputy-{department}"}, t["handler"])
    assert handed["case"]["status"] == "ACCEPTED"
    step_clock = """query($id: ID!) { clock(kind: HANDOVER_STEP, subjectId: $id,
      part: "handover-1") { status dueDate } }"""
    clock = eventually(lambda: gql(stack.gateway_url, step_clock, {"id": case_id},
                                   t["head"])["data"]["clock"], what="step clock started")
    assert clock == {"status": "RUNNING", "dueDate": "2026-11-25"}  # from Tue 24, 2 days
    assert opinion(stack, case_id, t["handler"])["code"] == "NOT_HANDLER"
    opinion(stack, case_id, t["deputy"])  # the new handler proposes
    eventually(lambda: gql(stack.gateway_url, step_clock, {"id": case_id}, t["head"])["data"][
        "clock"]["status"] == "COMPLETED", what="step clock completed")


def test_cases_at_my_window(stack):
    from tests.support import SUBMIT
    set_clock(stack, "2026-11-23T09:00:00+08:00")
    department, t = department_with_staff(stack)
    item = create_item(stack, department, materials=MATERIALS)
    ids = []
    for window in ("W-1", None):
        outcome = gql(stack.gateway_url, SUBMIT, {"input": {
            "serviceItemId": item["id"], "applicant": applicant(), "window": window,
            "materials": [{"name": "申请书"}, {"name": "身份证"}]}}, t["handler"])
        ids.append(outcome["data"]["submitApplication"]["case"]["id"])
    mine = "{ casesAtMyWindow { edges { node { id window } } } }"
    edges = gql(stack.gateway_url, mine, token=t["handler"])["data"]["casesAtMyWindow"]["edges"]
    assert [e["node"] for e in edges] == [{"id": ids[0], "window": "W-1"}]
    assert error_codes(gql(stack.gateway_url, mine, token=t["head"])) == ["NO_WINDOW"]
