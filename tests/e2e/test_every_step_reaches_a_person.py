"""Every open step of a case reaches a person (issue 22, 1), through the gateway: an item a
department cannot staff is not published (the missing post named), the next post up takes a
step whose post is vacant or already signed, each step is in its addressee's work queue, and
the directory cannot be changed so that a published item or an open step loses its person."""

import uuid

from tests.support import applicant, gql, set_clock, token

DEFINE = """mutation($i: DefineDepartmentInput!) { defineDepartment(input: $i) { __typename } }"""
REGISTER = """mutation($i: RegisterStaffInput!) { registerStaff(input: $i) {
  __typename ... on InvalidInput { code field message } } }"""
CREATE = """mutation($i: CreateServiceItemInput!) { createServiceItem(input: $i) {
  __typename ... on ServiceItemSaved { serviceItem { id } }
  ... on InvalidInput { code field fields message } } }"""
PUBLISH = """mutation($id: ID!) { publishServiceItem(id: $id) {
  __typename ... on InvalidInput { code field message } } }"""
SUBMIT = """mutation($i: SubmitApplicationInput!) { submitApplication(input: $i) {
  ... on ApplicationSubmitted { case { id } } } }"""
ACCEPT = """mutation($id: ID!) { acceptApplication(caseId: $id) { __typename } }"""
OPINION = """mutation($id: ID!) { recordOpinion(input: {caseId: $id, verdict: APPROVE}) {
  __typename ... on CaseUpdated { case { status review { awaiting addressedTo } } }
  ... on CaseStateConflict { code message } } }"""
QUEUE = "{ myWorkQueue { edges { node { id currentStep { code } } } } }"
ELEMENTS = {"legalBasis": "《中华人民共和国行政许可法》", "conditions": "符合法定条件",
            "materials": [{"name": "申请表"}], "responsiblePost": "登记岗",
            "place": "政务服务中心一楼", "processSteps": ["受理", "审查", "决定", "送达"]}


def register(stack, admin, department, staff_id, position, window=None) -> dict:
    return gql(stack.gateway_url, REGISTER, {"i": {
        "staffId": staff_id, "name": staff_id, "department": department, "rankTitle": position,
        "rankLevel": 5, "position": position, "window": window}}, admin)["data"]["registerStaff"]


def queue(stack, who) -> dict[str, str]:
    return {e["node"]["id"]: e["node"]["currentStep"]["code"] for e in gql(
        stack.gateway_url, QUEUE, token=who)["data"]["myWorkQueue"]["edges"]}


def test_a_department_with_one_clerk_cannot_publish_and_every_step_then_reaches_a_person(stack):
    set_clock(stack, "2026-11-23T09:00:00+08:00")
    department = f"mr-{uuid.uuid4().hex[:6]}"
    admin = token(stack, "admin", subject="admin")
    gql(stack.gateway_url, DEFINE, {"i": {"code": department, "name": "市场监督管理局",
                                          "windows": [{"code": "MR-1", "name": "一号窗口"}]}},
        admin)
    clerk, head, deputy = (f"{department}-{n}" for n in ("clerk", "head", "deputy"))
    assert register(stack, admin, department, clerk, "STAFF", "MR-1")["__typename"] == \
        "StaffMemberSaved"

    # Only a clerk: the review chain has nobody to review or decide.
    refused = gql(stack.gateway_url, CREATE, {"i": {
        "code": f"MR-{uuid.uuid4().hex[:8]}", "name": "企业设立登记", "department": department,
        "statutoryLimit": 15, "committedLimit": 3, "publish": True, **ELEMENTS}}, admin)[
        "data"]["createServiceItem"]
    assert (refused["code"], refused["field"]) == ("CHAIN_UNSTAFFED", "department")
    assert "审核人" in refused["message"] and "批准人" in refused["message"]
    # A draft may wait; publishing it names what is still missing.
    draft = gql(stack.gateway_url, CREATE, {"i": {
        "code": f"MR-{uuid.uuid4().hex[:8]}", "name": "企业设立登记", "department": department,
        "statutoryLimit": 15, "committedLimit": 3, **ELEMENTS}}, admin)["data"][
        "createServiceItem"]["serviceItem"]["id"]
    register(stack, admin, department, head, "SECTION_HEAD")
    still = gql(stack.gateway_url, PUBLISH, {"id": draft}, admin)["data"]["publishServiceItem"]
    assert still["code"] == "CHAIN_UNSTAFFED" and "批准人" in still["message"] \
        and "审核人" not in still["message"]  # the section head reviews; who decides then?
    register(stack, admin, department, deputy, "DEPUTY_LEADER")
    assert gql(stack.gateway_url, PUBLISH, {"id": draft}, admin)["data"][
        "publishServiceItem"]["__typename"] == "ServiceItemSaved"

    t = {who: token(stack, role, department=department, subject=who) for who, role in (
        (clerk, "window_staff"), (head, "chief_approver"), (deputy, "department_head"))}
    received = gql(stack.gateway_url, SUBMIT, {"i": {
        "serviceItemId": draft, "applicant": applicant(), "window": "MR-1",
        "materials": [{"name": "申请表"}]}}, t[clerk])["data"]["submitApplication"]["case"]["id"]
    assert queue(stack, t[clerk])[received] == "received"  # the acceptance decision is his
    gql(stack.gateway_url, ACCEPT, {"id": received}, t[clerk])
    assert queue(stack, t[clerk])[received] == "handler"
    reviewed = gql(stack.gateway_url, OPINION, {"id": received}, t[clerk])["data"][
        "recordOpinion"]["case"]["review"]
    assert reviewed == {"awaiting": "REVIEWER", "addressedTo": [head]}
    assert queue(stack, t[head])[received] == "reviewer"
    approving = gql(stack.gateway_url, OPINION, {"id": received}, t[head])["data"][
        "recordOpinion"]["case"]["review"]
    # The section head signed as reviewer; the decision goes to the next post up.
    assert approving == {"awaiting": "APPROVER", "addressedTo": [deputy]}
    assert queue(stack, t[deputy])[received] == "approver"
    assert received not in queue(stack, t[head])

    # While the deputy has the step, he cannot be moved, nor the section head demoted so
    # that the item would have nobody left to decide it (the deputy could only review).
    moved = register(stack, admin, department, deputy, "STAFF")
    assert moved["code"] in ("ITEMS_LEFT_UNSTAFFED", "OPEN_WORK_ADDRESSED")
    demoted = register(stack, admin, department, head, "STAFF")
    assert demoted["code"] == "ITEMS_LEFT_UNSTAFFED" and "批准人" in demoted["message"]

    decided = gql(stack.gateway_url, OPINION, {"id": received}, t[deputy])["data"][
        "recordOpinion"]["case"]
    assert decided["status"] == "DECIDED"
    assert queue(stack, t[clerk])[received] == "decided"  # the result goes out at his window
    assert received not in queue(stack, t[deputy])


def test_a_section_head_item_reviewed_by_the_only_section_head_goes_to_the_deputy(stack):
    """The issue's civil-affairs case: decided at section-head level, reviewed by the one
    section head; the approver's step named nobody before."""
    set_clock(stack, "2026-11-23T09:00:00+08:00")
    department = f"ca-{uuid.uuid4().hex[:6]}"
    admin = token(stack, "admin", subject="admin")
    gql(stack.gateway_url, DEFINE, {"i": {"code": department, "name": "民政局",
                                          "windows": [{"code": "CA-1", "name": "一号窗口"}]}},
        admin)
    people = {"clerk": "STAFF", "chief": "SECTION_HEAD", "leader": "DEPUTY_LEADER",
              "head": "MAIN_LEADER"}
    for who, position in people.items():
        register(stack, admin, department, f"{department}-{who}", position,
                 "CA-1" if who == "clerk" else None)
    item = gql(stack.gateway_url, CREATE, {"i": {
        "code": f"CA-{uuid.uuid4().hex[:8]}", "name": "社会团体变更登记", "department": department,
        "statutoryLimit": 30, "committedLimit": 10, "publish": True, **ELEMENTS}}, admin)[
        "data"]["createServiceItem"]["serviceItem"]["id"]
    t = {w: token(stack, "department_head" if w != "clerk" else "window_staff",
                  department=department, subject=f"{department}-{w}") for w in people}
    case_id = gql(stack.gateway_url, SUBMIT, {"i": {
        "serviceItemId": item, "applicant": applicant(), "window": "CA-1",
        "materials": [{"name": "申请表"}]}}, t["clerk"])["data"]["submitApplication"]["case"]["id"]
    gql(stack.gateway_url, ACCEPT, {"id": case_id}, t["clerk"])
    gql(stack.gateway_url, OPINION, {"id": case_id}, t["clerk"])
    review = gql(stack.gateway_url, OPINION, {"id": case_id}, t["chief"])["data"][
        "recordOpinion"]["case"]["review"]
    assert review == {"awaiting": "APPROVER", "addressedTo": [f"{department}-leader"]}
    assert case_id in queue(stack, t["leader"])
