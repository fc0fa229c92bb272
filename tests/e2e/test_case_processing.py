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
            "rankLevel": 3 + n, "position": position}}, admin)
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
