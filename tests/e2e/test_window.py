"""At the window, through the gateway: one-time notification, rejection with the chief
approver's consent, A/B substitution, supplement cases, PDF notices and who may read a case."""

import base64
import io
import re
import uuid

import pytest
from pypdf import PdfReader

from tests.support import (
    SUBMIT, applicant, create_item, error_codes, eventually, gql, set_clock, token,
)

pytestmark = pytest.mark.e2e
MATERIALS = [{"name": "申请书"}, {"name": "身份证", "form": "COPY"},
             {"name": "场所平面图", "essential": False}]
CASE = """query($id: ID!) { case(id: $id) {
  caseNumber status acceptance acceptedOn checkRound owedMaterials actingFor consentedBy
  applicant { name idNumber }
  materials { name state reason }
  rejectionProposal { addressedTo onBehalfOf }
  notices { number kind round committedCompletionOn materials { name state } }
} }"""
STEP = """... on CaseStateConflict { code message }
  ... on InvalidInput { code field message }
  ... on NotFound { code }"""


def step(stack, mutation: str, variables: dict, who: str) -> dict:
    success = "ApplicationAccepted" if "acceptApplication" in mutation else "CaseUpdated"
    fragments = f"... on {success} {{ case {{ status }} }} {STEP}"
    result = gql(stack.gateway_url, f"mutation {mutation} {{ {fragments} }} }}", variables, who)
    assert "errors" not in result, result
    return next(iter(result["data"].values()))


def read_case(stack, case_id: str, who: str) -> dict:
    return gql(stack.gateway_url, CASE, {"id": case_id}, who)["data"]["case"]


def submit(stack, item, who, materials, **overrides) -> str:
    outcome = gql(stack.gateway_url, SUBMIT, {"input": {
        "serviceItemId": item["id"], "applicant": applicant(**overrides),
        "materials": materials}}, who)["data"]["submitApplication"]
    assert outcome["__typename"] == "ApplicationSubmitted", outcome
    return outcome["case"]["id"]


def test_correction_round_trip_lists_everything_once_then_accepts(stack):
    set_clock(stack, "2026-11-23T09:00:00+08:00")  # Monday
    department = f"dept-{uuid.uuid4().hex[:6]}"
    item = create_item(stack, department, materials=MATERIALS)
    staff = token(stack, "window_staff", department=department, subject="wang")
    case_id = submit(stack, item, staff, [{"name": "申请书"}])

    refused = step(stack, "($id: ID!) { acceptApplication(caseId: $id)", {"id": case_id}, staff)
    assert refused["code"] == "MATERIALS_INCOMPLETE" and "身份证" in refused["message"]
    notice = step(stack, "($id: ID!) { requestCorrection(caseId: $id)", {"id": case_id}, staff)
    assert notice["case"]["status"] == "CORRECTION_REQUESTED"
    case = read_case(stack, case_id, staff)
    correction = case["notices"][-1]
    assert correction["kind"] == "CORRECTION_NOTICE"
    assert [m["name"] for m in correction["materials"]] == ["身份证", "场所平面图"]

    set_clock(stack, "2026-11-25T10:00:00+08:00")  # the applicant returns on Wednesday
    back = step(stack, "($id: ID!, $m: [HandedInMaterialInput!]!) { resubmitMaterials("
                       "caseId: $id, materials: $m)",
                {"id": case_id, "m": [{"name": "身份证"}, {"name": "场所平面图"}]}, staff)
    assert back["case"]["status"] == "RECEIVED"
    accepted = step(stack, "($id: ID!) { acceptApplication(caseId: $id)", {"id": case_id}, staff)
    assert accepted["case"]["status"] == "ACCEPTED"
    case = read_case(stack, case_id, staff)
    assert (case["checkRound"], case["acceptedOn"]) == (2, "2026-11-25")
    assert [n["kind"] for n in case["notices"]] == [
        "MATERIAL_RECEIPT", "CORRECTION_NOTICE", "ACCEPTANCE_NOTICE"]
    # The committed date came from the deadlines service: 10 working days after Wed 25 Nov.
    assert case["notices"][-1]["committedCompletionOn"] == "2026-12-09"


def _directory(stack, department: str) -> dict[str, str]:
    """A department with chief approver A (backed up by B) and window staff; their tokens."""
    admin = token(stack, "admin", subject="admin")
    ids = {k: f"{k}-{department}" for k in ("chief", "backup", "clerk")}
    mutations = [
        ("($i: DefineDepartmentInput!) { defineDepartment(input: $i) { __typename } }",
         {"code": department, "name": "民政局", "windows": [{"code": "W1", "name": "一号窗口"}]}),
        ("($i: RegisterStaffInput!) { registerStaff(input: $i) { __typename } }",
         {"staffId": ids["backup"], "name": "钱亮", "department": department,
          "rankTitle": "副科长", "rankLevel": 6}),
        ("($i: RegisterStaffInput!) { registerStaff(input: $i) { __typename } }",
         {"staffId": ids["chief"], "name": "赵敏", "department": department,
          "rankTitle": "科长", "rankLevel": 8, "backupId": ids["backup"]}),
        ("($i: RegisterStaffInput!) { registerStaff(input: $i) { __typename } }",
         {"staffId": ids["clerk"], "name": "王芳", "department": department,
          "rankTitle": "科员", "rankLevel": 3, "window": "W1"}),
        ("($i: AppointChiefApproverInput!) { appointChiefApprover(input: $i) { __typename } }",
         {"department": department, "staffId": ids["chief"], "termStart": "2026-01-01",
          "termEnd": "2027-12-31", "authority": "不予受理决定"}),
    ]
    for mutation, variables in mutations:
        result = gql(stack.gateway_url, f"mutation {mutation}", {"i": variables}, admin)
        assert "errors" not in result and "Saved" in str(result["data"]), result
    return {
        "chief": token(stack, "chief_approver", department=department, subject=ids["chief"]),
        "backup": token(stack, "window_staff", department=department, subject=ids["backup"]),
        "clerk": token(stack, "window_staff", department=department, subject=ids["clerk"]),
        "admin": admin, **{f"{k}_id": v for k, v in ids.items()},
    }


PROPOSE = ("($i: ProposeRejectionInput!) { proposeRejection(input: $i)")
CONSENT = "($id: ID!) { consentToRejection(caseId: $id)"


def test_rejection_takes_effect_only_with_the_chief_approver_and_prints_a_notice(stack):
    set_clock(stack, "2026-11-23T09:00:00+08:00")
    department = f"dept-{uuid.uuid4().hex[:6]}"
    people = _directory(stack, department)
    item = create_item(stack, department, materials=MATERIALS)
    case_id = submit(stack, item, people["clerk"], [{"name": "申请书"}], name="李小龙")

    no_reasons = step(stack, PROPOSE, {"i": {"caseId": case_id, "reasons": [],
                                             "legalBasis": "《行政许可法》第三十二条"}}, people["clerk"])
    assert no_reasons["code"] == "REASONS_REQUIRED"
    proposal = {"caseId": case_id, "reasons": ["申请事项依法不属于本部门职权范围"],
                "legalBasis": "《行政许可法》第三十二条第一款第（二）项",
                "referral": {"kind": "OUTSIDE", "where": "县自然资源局（城东路8号）"}}
    assert step(stack, PROPOSE, {"i": proposal}, people["clerk"])["case"]["status"] == \
        "REJECTION_PENDING"
    # Window staff cannot make it take effect, nor a chief approver's token without the post.
    for who in (people["clerk"], token(stack, "chief_approver", department=department,
                                       subject="not-appointed")):
        blocked = gql(stack.gateway_url, f"mutation {CONSENT} {{ __typename }} }}", {"id": case_id},
                      who)
        assert error_codes(blocked) == ["NOT_CHIEF_APPROVER"]
    assert read_case(stack, case_id, people["clerk"])["status"] == "REJECTION_PENDING"

    assert step(stack, CONSENT, {"id": case_id}, people["chief"])["case"]["status"] == "REJECTED"
    case = read_case(stack, case_id, people["clerk"])
    assert case["consentedBy"] == people["chief_id"] and case["actingFor"] is None
    assert _pdf_text(stack, case_id, "REJECTION_NOTICE", people["clerk"], case["caseNumber"],
                     "李小龙")


def test_b_acts_with_a_authority_while_a_is_away(stack):
    set_clock(stack, "2026-11-23T09:00:00+08:00")
    department = f"dept-{uuid.uuid4().hex[:6]}"
    people = _directory(stack, department)
    absent = gql(stack.gateway_url, """mutation($i: RecordAbsenceInput!) {
        recordAbsence(input: $i) { ... on StaffMemberSaved { staffMember { absentToday
        absences { backupId reason } } } } }""", {"i": {
        "staffId": people["chief_id"], "reason": "TRAINING", "fromOn": "2026-11-23",
        "untilOn": "2026-11-25"}}, people["admin"])["data"]["recordAbsence"]["staffMember"]
    assert absent == {"absentToday": True,
                      "absences": [{"backupId": people["backup_id"], "reason": "TRAINING"}]}
    item = create_item(stack, department, materials=MATERIALS)
    case_id = submit(stack, item, people["clerk"], [{"name": "申请书"}])
    step(stack, PROPOSE, {"i": {"caseId": case_id, "reasons": ["不符合法定条件"],
                                "legalBasis": "《婚姻登记条例》第六条"}}, people["clerk"])
    case = read_case(stack, case_id, people["clerk"])
    # Addressed to B on A's behalf, and B finds it in their own work list.
    assert case["rejectionProposal"] == {"addressedTo": [people["backup_id"]],
                                         "onBehalfOf": [people["chief_id"]]}
    pending = gql(stack.gateway_url, "{ pendingRejections { edges { node { id } } } }", None,
                  people["backup"])["data"]["pendingRejections"]["edges"]
    assert [e["node"]["id"] for e in pending] == [case_id]
    assert step(stack, CONSENT, {"id": case_id}, people["backup"])["case"]["status"] == "REJECTED"
    case = read_case(stack, case_id, people["clerk"])
    assert (case["consentedBy"], case["actingFor"]) == (people["backup_id"], people["chief_id"])

    # After the absence B no longer holds A's authority.
    set_clock(stack, "2026-11-26T09:00:00+08:00")
    later = submit(stack, item, people["clerk"], [{"name": "申请书"}])
    step(stack, PROPOSE, {"i": {"caseId": later, "reasons": ["不符合法定条件"],
                                "legalBasis": "《婚姻登记条例》第六条"}}, people["clerk"])
    blocked = gql(stack.gateway_url, f"mutation {CONSENT} {{ __typename }} }}", {"id": later},
                  people["backup"])
    assert error_codes(blocked) == ["NOT_CHIEF_APPROVER"]


def test_supplement_case_clock_starts_when_the_owed_materials_are_in(stack):
    set_clock(stack, "2026-11-23T09:00:00+08:00")
    department = f"dept-{uuid.uuid4().hex[:6]}"
    item = create_item(stack, department, materials=MATERIALS)
    staff = token(stack, "window_staff", department=department)
    case_id = submit(stack, item, staff, [{"name": "申请书"}, {"name": "身份证"}])
    owed = step(stack, "($id: ID!, $on: Date!) { acceptWithMaterialsOwed(caseId: $id, "
                       "promisedOn: $on)", {"id": case_id, "on": "2026-11-27"}, staff)
    assert owed["case"]["status"] == "ACCEPTED"
    clock_query = "query($id: ID!) { case(id: $id) { acceptance owedMaterials clock { startedOn dueDate } } }"
    case = gql(stack.gateway_url, clock_query, {"id": case_id}, staff)["data"]["case"]
    assert (case["acceptance"], case["owedMaterials"]) == ("SUPPLEMENT", ["场所平面图"])
    set_clock(stack, "2026-11-26T09:00:00+08:00")
    step(stack, "($id: ID!, $m: [String!]!) { recordOwedMaterials(caseId: $id, materials: $m)",
         {"id": case_id, "m": ["场所平面图"]}, staff)

    def started():
        found = gql(stack.gateway_url, clock_query, {"id": case_id}, staff)["data"]["case"]
        return found["clock"]

    # Counted from Thu 26 Nov, the day the owed material came in (not the acceptance day).
    assert eventually(started, 30, what="the supplement case clock") == {
        "startedOn": "2026-11-26", "dueDate": "2026-12-10"}
    # ... and the applicant was told so in writing, with that date (issue 22, 6).
    _pdf_text(stack, case_id, "MATERIALS_COMPLETED_NOTICE", staff, "补齐材料告知书",
              "承诺办结日期：2026年12月10日")


def _pdf_text(stack, case_id: str, kind: str, who: str, *expected: str) -> str:
    query = "query($id: ID!) { case(id: $id) { notices { kind number pdfBase64 } } }"
    notices = gql(stack.gateway_url, query, {"id": case_id}, who)["data"]["case"]["notices"]
    notice = next(n for n in notices if n["kind"] == kind)
    reader = PdfReader(io.BytesIO(base64.b64decode(notice["pdfBase64"])))
    # pypdf returns the two-byte glyph codes of the embedded CJK font with NUL padding.
    text = re.sub(r"[\x00\s]", "", "".join(page.extract_text() for page in reader.pages))
    for value in (*expected, notice["number"]):
        assert value in text, (value, text)
    return text


def test_notices_are_pdfs_naming_the_applicant_and_the_case(stack):
    set_clock(stack, "2026-11-23T09:00:00+08:00")
    department = f"dept-{uuid.uuid4().hex[:6]}"
    item = create_item(stack, department, materials=MATERIALS)
    staff = token(stack, "window_staff", department=department)
    case_id = submit(stack, item, staff, [{"name": "申请书"}], name="欧阳娜娜")
    step(stack, "($id: ID!) { requestCorrection(caseId: $id)", {"id": case_id}, staff)
    number = read_case(stack, case_id, staff)["caseNumber"]
    receipt = _pdf_text(stack, case_id, "MATERIAL_RECEIPT", staff, "欧阳娜娜", number)
    assert "申请材料接收单" in receipt and "示范市政务服务中心" in receipt
    correction = _pdf_text(stack, case_id, "CORRECTION_NOTICE", staff, "欧阳娜娜", number)
    assert "补正告知书" in correction and "身份证" in correction and "场所平面图" in correction


def test_applicants_see_only_their_own_applications_and_ids_are_masked(stack):
    department = f"dept-{uuid.uuid4().hex[:6]}"
    item = create_item(stack, department, materials=MATERIALS)
    staff = token(stack, "window_staff", department=department)
    mine = submit(stack, item, staff, [{"name": "申请书"}])
    theirs = submit(stack, item, staff, [{"name": "申请书"}], idNumber="110105199003078035")
    me = token(stack, "applicant", subject="11010519491231002X")
    assert read_case(stack, mine, me)["applicant"]["idNumber"] == "11010519491231002X"
    refused = gql(stack.gateway_url, CASE, {"id": theirs}, me)
    assert error_codes(refused) == ["FORBIDDEN"]
    listed = gql(stack.gateway_url, "{ myApplications { edges { node { id } } } }", None, me)
    assert mine in [e["node"]["id"] for e in listed["data"]["myApplications"]["edges"]]
    assert theirs not in [e["node"]["id"] for e in listed["data"]["myApplications"]["edges"]]
    supervisor = token(stack, "supervisor")
    shown = read_case(stack, mine, supervisor)["applicant"]
    assert shown["idNumber"] == "1****************X"


def test_demo_data_loads_and_loads_again(stack):
    from deploy.local import demo

    first = demo.load(stack.gateway_url, stack.jwt_secret)
    assert "13 staff in the directory" in first
    assert re.search(r"\d+ duty rosters for the next 14 days", first)
    again = demo.load(stack.gateway_url, stack.jwt_secret)
    assert "5 already there" in again
    # the applicant's demo case is made once, and its printed look-up works
    number, code = re.search(r'caseNumber: "(OW\d+)", queryCode: "(\w+)"', first).groups()
    assert f'"{number}"' in again
    found = gql(stack.gateway_url, """query($n: String!, $c: String!) { caseProgress(
      caseNumber: $n, queryCode: $c) { __typename } }""", {"n": number, "c": code})
    assert found["data"]["caseProgress"]["__typename"] == "CaseProgress"
    chief = gql(stack.gateway_url, '{ department(id: "civil-affairs") { chiefApproversToday } }',
                None, token(stack, "supervisor"))
    assert chief["data"]["department"]["chiefApproversToday"] == ["ca-chief-01"]
