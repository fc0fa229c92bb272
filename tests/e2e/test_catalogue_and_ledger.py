"""The catalogue (drafts, versions, public search) and the first-inquiry ledger, through the
gateway."""

import uuid

import pytest

from tests.support import (
    CREATE_ITEM, ELEMENTS, SUBMIT, applicant, create_item, error_codes, gql, set_clock,
    staff_department, submit_and_accept, token,
)

pytestmark = pytest.mark.e2e
SAVED = """__typename ... on ServiceItemSaved { serviceItem { id status publishedVersion
  hasUnpublishedChanges published { committedLimit } } }
  ... on InvalidInput { code field message }"""


def test_drafts_are_for_staff_published_versions_for_everyone_and_cases_keep_theirs(stack):
    department = f"dept-{uuid.uuid4().hex[:6]}"
    staff_department(stack, department)
    admin = token(stack, "admin", subject="admin")
    code = f"C-{uuid.uuid4().hex[:8]}"
    base = {**ELEMENTS, "name": "食品经营许可证核发", "department": department, "statutoryLimit": 20,
            "committedLimit": 10, "type": "ADMINISTRATIVE_LICENCE", "conditions": "有固定经营场所",
            "feeFree": True, "supervisionPhone": "0913-12345", "processSteps": ["受理", "审查", "决定"]}
    created = gql(stack.gateway_url, CREATE_ITEM.replace(
        "... on ServiceItemSaved { serviceItem { id code department published { committedLimit } } }",
        "... on ServiceItemSaved { serviceItem { id } }"), {"input": {**base, "code": code}},
        admin)["data"]["createServiceItem"]
    item_id = created["serviceItem"]["id"]
    read = "query($id: ID!) { serviceItem(id: $id) { status published { name } } }"
    assert error_codes(gql(stack.gateway_url, read, {"id": item_id})) == ["UNAUTHENTICATED"]
    search = """query($d: String, $k: String) { serviceItems(department: $d, keyword: $k) {
        edges { node { code publishedVersion published { name committedLimit } } } } }"""
    assert gql(stack.gateway_url, search, {"d": department})["data"]["serviceItems"]["edges"] == []

    publish = f"mutation($id: ID!) {{ publishServiceItem(id: $id) {{ {SAVED} }} }}"
    first = gql(stack.gateway_url, publish, {"id": item_id}, admin)["data"]["publishServiceItem"]
    assert first["serviceItem"]["publishedVersion"] == 1
    found = gql(stack.gateway_url, search, {"d": department, "k": "经营"})["data"]
    assert [e["node"]["code"] for e in found["serviceItems"]["edges"]] == [code]
    assert gql(stack.gateway_url, search, {"d": department, "k": "婚姻"})["data"][
        "serviceItems"]["edges"] == []

    case_id = submit_and_accept(stack, {"id": item_id, "department": department,
                                        "materials": ["申请表"]})
    revise = f"""mutation($id: ID!, $i: ItemDetailsInput!) {{
        reviseServiceItem(id: $id, input: $i) {{ {SAVED} }} }}"""
    too_long = gql(stack.gateway_url, revise, {"id": item_id, "i": {
        **{k: v for k, v in base.items() if k != "department"}, "committedLimit": 25}},
        admin)["data"]["reviseServiceItem"]
    assert (too_long["code"], too_long["field"]) == ("COMMITTED_EXCEEDS_STATUTORY", "committedLimit")
    revised = gql(stack.gateway_url, revise, {"id": item_id, "i": {
        **{k: v for k, v in base.items() if k != "department"}, "committedLimit": 5}},
        admin)["data"]["reviseServiceItem"]["serviceItem"]
    # The public still sees version 1 until the draft is published.
    assert revised["hasUnpublishedChanges"] and revised["published"]["committedLimit"] == 10
    second = gql(stack.gateway_url, publish, {"id": item_id}, admin)["data"]["publishServiceItem"]
    assert (second["serviceItem"]["publishedVersion"],
            second["serviceItem"]["published"]["committedLimit"]) == (2, 5)
    staff = token(stack, "window_staff", department=department)
    kept = gql(stack.gateway_url, "query($id: ID!) { case(id: $id) { serviceItem { itemVersion "
                                  "committedLimit } } }", {"id": case_id}, staff)
    assert kept["data"]["case"]["serviceItem"] == {"itemVersion": 1, "committedLimit": 10}


LOG = """mutation($i: LogInquiryInput!) { logInquiry(input: $i) { __typename
  ... on InquirySaved { inquiry { id ownerId open replyDueOn result loggedBy } }
  ... on InvalidInput { code field message } } }"""


def test_the_ledger_names_the_highest_ranked_owner_and_tracks_the_reply(stack):
    set_clock(stack, "2026-11-27T16:00:00+08:00")  # Friday: the reply is due Monday
    department = f"dept-{uuid.uuid4().hex[:6]}"
    admin = token(stack, "admin", subject="admin")
    gql(stack.gateway_url, "mutation($i: DefineDepartmentInput!) { defineDepartment(input: $i) "
                           "{ __typename } }", {"i": {"code": department, "name": "住建局"}}, admin)
    junior, senior = f"j-{department}", f"s-{department}"
    for staff_id, level in ((junior, 3), (senior, 7)):
        gql(stack.gateway_url, "mutation($i: RegisterStaffInput!) { registerStaff(input: $i) "
                               "{ __typename } }", {"i": {
            "staffId": staff_id, "name": staff_id, "department": department,
            "rankTitle": "科员", "rankLevel": level}}, admin)
    who = token(stack, "window_staff", department=department, subject=junior)
    logged = gql(stack.gateway_url, LOG, {"i": {
        "channel": "PHONE", "visitorName": "李四", "visitorUnit": "某建筑公司", "contact": "139",
        "matter": "施工许可能否网上申请？", "result": "PENDING_REPLY",
        "responders": [junior, senior]}}, who)["data"]["logInquiry"]["inquiry"]
    assert (logged["ownerId"], logged["open"], logged["replyDueOn"]) == (senior, True, "2026-11-30")
    assert logged["loggedBy"] == junior
    owner = token(stack, "window_staff", department=department, subject=senior)
    mine = gql(stack.gateway_url, "{ myOpenInquiries { id } }", None, owner)["data"]
    assert [i["id"] for i in mine["myOpenInquiries"]] == [logged["id"]]

    referred = gql(stack.gateway_url, LOG, {"i": {
        "channel": "ON_SITE", "visitorName": "王五", "matter": "社保转移", "result": "REFERRED",
        "referral": {"kind": "OUTSIDE", "where": "人社局服务大厅（人民路1号）"}}},
        who)["data"]["logInquiry"]
    assert referred["inquiry"]["ownerId"] == junior
    unknown = gql(stack.gateway_url, LOG, {"i": {
        "channel": "WEB", "visitorName": "赵六", "matter": "咨询", "result": "ANSWERED",
        "answer": "已答复", "responders": ["nobody"]}}, who)["data"]["logInquiry"]
    assert (unknown["code"], unknown["field"]) == ("UNKNOWN_STAFF", "responders")
    # Another department's clerk cannot put this department's staff on the hook; the logger
    # is recorded.
    other = token(stack, "window_staff", department="market-regulation", subject="mr-clerk")
    foreign = gql(stack.gateway_url, LOG, {"i": {
        "channel": "PHONE", "visitorName": "赵六", "matter": "咨询", "result": "PENDING_REPLY",
        "responders": [senior]}}, other)["data"]["logInquiry"]
    assert (foreign["code"], foreign["field"]) == ("OTHER_DEPARTMENT", "responders")
    bad_cursor = gql(stack.gateway_url, """{ inquiries(fromOn: "2026-11-27", toOn: "2026-11-27",
        after: "x%%%") { edges { node { id } } } }""", None, owner)
    assert [e["extensions"]["code"] for e in bad_cursor["errors"]] == ["INVALID_CURSOR"]

    ledger = """query($c: Channel) { inquiries(fromOn: "2026-11-27", toOn: "2026-11-27",
        channel: $c) { edges { node { id channel } } } }"""
    phone = gql(stack.gateway_url, ledger, {"c": "PHONE"}, owner)["data"]["inquiries"]["edges"]
    assert [e["node"]["id"] for e in phone] == [logged["id"]]
    everything = gql(stack.gateway_url, ledger, {}, owner)["data"]["inquiries"]["edges"]
    assert len(everything) == 2

    reply = """mutation($id: ID!) { replyToInquiry(id: $id, answer: "可以，在网上办事大厅申请") {
        __typename ... on InquirySaved { inquiry { open result } } } }"""
    answered = gql(stack.gateway_url, reply, {"id": logged["id"]}, owner)["data"]["replyToInquiry"]
    assert answered["inquiry"] == {"open": False, "result": "ANSWERED"}
    assert gql(stack.gateway_url, "{ myOpenInquiries { id } }", None, owner)["data"][
        "myOpenInquiries"] == []


def test_an_item_is_published_only_with_its_standard_elements_and_can_be_withdrawn(stack):
    department = f"dept-{uuid.uuid4().hex[:6]}"
    admin = token(stack, "admin", subject="admin")
    bare = {"code": f"E-{uuid.uuid4().hex[:8]}", "name": "事项", "department": department,
            "statutoryLimit": 20, "committedLimit": 10, "publish": True,
            "conditions": "符合条件"}
    refused = gql(stack.gateway_url, CREATE_ITEM, {"input": bare}, admin)["data"][
        "createServiceItem"]
    assert (refused["code"], refused["field"]) == ("ELEMENTS_MISSING", "legalBasis")
    # one-time notification applies to our own refusals: every missing element at once
    assert refused["fields"] == ["legalBasis", "materials", "responsiblePost", "place",
                                 "processSteps"]
    for name in ("法律依据", "申请材料", "岗位责任人", "办理地点", "办理流程"):
        assert name in refused["message"]
    assert "申请条件" not in refused["message"]

    item = create_item(stack, department)
    staff = token(stack, "window_staff", department=department, subject="clerk")
    before = gql(stack.gateway_url, SUBMIT, {"input": {
        "serviceItemId": item["id"], "applicant": applicant(),
        "materials": [{"name": "申请表"}]}}, staff)["data"]["submitApplication"]["case"]["id"]
    withdraw = """mutation($id: ID!) { withdrawServiceItem(id: $id, reason: "职能调整，不再受理") {
      __typename ... on ServiceItemSaved { serviceItem { status withdrawalReason } }
      ... on InvalidInput { code } } }"""
    withdrawn = gql(stack.gateway_url, withdraw, {"id": item["id"]}, admin)["data"][
        "withdrawServiceItem"]
    assert withdrawn["serviceItem"] == {"status": "WITHDRAWN", "withdrawalReason": "职能调整，不再受理"}
    assert gql(stack.gateway_url, withdraw, {"id": item["id"]}, admin)["data"][
        "withdrawServiceItem"]["code"] == "NOT_PUBLISHED"
    search = "query($d: String) { serviceItems(department: $d) { edges { node { id } } } }"
    assert gql(stack.gateway_url, search, {"d": department})["data"]["serviceItems"][
        "edges"] == []
    after = gql(stack.gateway_url, SUBMIT, {"input": {
        "serviceItemId": item["id"], "applicant": applicant(),
        "materials": [{"name": "申请表"}]}}, staff)["data"]["submitApplication"]
    assert after["code"] == "ITEM_WITHDRAWN"
    case = gql(stack.gateway_url, "query($id: ID!) { case(id: $id) { serviceItem { name } } }",
               {"id": before}, staff)["data"]["case"]
    assert case["serviceItem"]["name"] == "测试事项"  # the old case keeps its version
