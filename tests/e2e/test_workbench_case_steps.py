"""The case page's other steps in the workbench (issue 24), in Debian's chromium through the
real sign-in: on a joint case (联办件) one co-department gives its written opinion from the
case page, the other stays silent and the lead's joint meeting records it as agreeing; the handler stops the clock for an expert review (a 特别程序告知书 is issued) and
restarts it, asks for an extension and is told who may approve it; the section head approves
it (延期办理通知书) and decides; the result is mailed and its delivery recorded, and the case
is complete. Each step shows its record on the case page."""

import re
import uuid

import pytest
from playwright.sync_api import expect

from deploy.local.keycloak import realm_user, realm_user_of
from tests.e2e.test_applicant_phone import serious_violations
from tests.e2e.test_pages import base
from tests.e2e.test_workbench import choose, fill_date, signed_in
from tests.support import create_item, eventually, gql, new_id_number, set_clock, token

pytestmark = pytest.mark.e2e


def test_a_joint_case_with_an_expert_review_an_extension_and_mailed_delivery(stack, browser):
    set_clock(stack, "2026-12-01T09:00:00+08:00")  # a Tuesday
    site = base(stack)
    department, fire, planning = (f"dept-{uuid.uuid4().hex[:6]}" for _ in range(3))
    item = create_item(stack, department, committed=10, caseKind="JOINT",
                       coDepartments=[fire, planning],
                       reviewChain="ACCEPT_AND_APPROVE", decisionLevel="SECTION_HEAD",
                       materials=[{"name": "申请表"}])
    for user, role, d in ((f"{department}-h", "window_staff", department),
                          (f"{department}-sh", "window_staff", department),
                          (f"{fire}-h", "window_staff", fire)):
        eventually(lambda: realm_user_of(stack.keycloak, user), 30, what="the realm user")
        realm_user(stack.keycloak, user, "Staff-pass-1", f"测试{user.rsplit('-', 1)[1]}",
                   [role], d)
    handler = token(stack, "window_staff", department=department, subject=f"{department}-h")
    case_id = gql(stack.gateway_url, "mutation($i: SubmitApplicationInput!) { submitApplication("
                  "input: $i) { ... on ApplicationSubmitted { case { id } } } }", {"i": {
                      "serviceItemId": item["id"], "materials": [{"name": "申请表"}],
                      "applicant": {"name": "郑华", "idType": "RESIDENT_ID_CARD",
                                    "idNumber": new_id_number(), "contact": "13800004444"}}},
                  handler)["data"]["submitApplication"]["case"]["id"]
    accepted = gql(stack.gateway_url, "mutation($id: ID!) { acceptApplication(caseId: $id) { "
                   "__typename } }", {"id": case_id}, handler)
    assert accepted["data"]["acceptApplication"]["__typename"] == "ApplicationAccepted", accepted
    path = f"/workbench/cases/{case_id}"

    # The co-department writes its opinion on the case page; its staff take no other step.
    context, page = signed_in(browser, site, stack.keycloak, f"{fire}-h", path)
    expect(page.locator("#joint .joint-verdict")).to_have_text(["待回复", "待回复"], timeout=15000)
    expect(page.locator("#procedure")).to_have_count(0)
    page.click("#joint-opinion-submit")  # no written opinion: refused at the field
    expect(page.locator("#joint-opinion .el-form-item__error")).to_be_visible(timeout=15000)
    page.fill("#joint-opinion-text", "符合消防安全要求")
    page.click("#joint-opinion-submit")
    expect(page.locator("#joint-done")).to_have_text("本部门意见已提交", timeout=15000)
    expect(page.locator("#joint .joint-verdict")).to_have_text(["同意", "待回复"])
    expect(page.locator("#joint-opinion")).to_have_count(0)
    assert serious_violations(page) == []
    context.close()

    # The handler: an expert review stops the clock, then the clock runs again; an extension
    # asked for, and approving it oneself is refused naming who may.
    context, page = signed_in(browser, site, stack.keycloak, f"{department}-h", path)
    expect(page.locator("#case-status")).to_have_text("已受理", timeout=15000)
    expect(page.locator("#procedure")).to_have_count(0)  # the less frequent steps on demand
    page.click("#more-steps")
    page.locator("#procedure-kind").click(force=True)
    page.get_by_role("option", name="专家评审").click()
    page.fill("#procedure-reason", "技术方案需专家论证")
    page.fill("#procedure-days", "3")
    page.click("#procedure-start")
    expect(page.locator("#case-status")).to_have_text("中止", timeout=15000)
    expect(page.locator(".notice-link[data-kind='SUSPENSION_NOTICE']")).to_have_count(1)
    page.fill("#procedure-outcome", "专家评审通过")
    page.click("#procedure-finish")
    expect(page.locator("#case-status")).to_have_text("已受理", timeout=15000)
    page.fill("#extension-days", "2")
    page.fill("#extension-reasons", "需补充现场核查")
    page.click("#extension-request")
    expect(page.locator("#extension-approve")).to_be_visible(timeout=15000)
    page.click("#extension-approve")
    expect(page.locator("#steps-problem")).to_contain_text("测试sh", timeout=15000)
    # the joint meeting: planning neither came nor answered, so it is recorded as agreeing
    fill_date(page, "#meeting-on", "2026-12-01")
    page.locator("#meeting-attendees").get_by_text(department, exact=True).click()
    page.locator("#meeting-attendees").get_by_text(fire, exact=True).click()
    page.fill("#meeting-minutes", "联审通过")
    page.click("#meeting-record")
    expect(page.locator("#joint-done")).to_have_text("联审会议已记录", timeout=15000)
    expect(page.locator("#joint .meeting")).to_contain_text(f"视为同意：{planning}")
    expect(page.locator("#joint .joint-verdict")).to_have_text(["同意", "视为同意"])
    page.get_by_role("tab", name="移交、程序与延期").click()
    record = page.locator("#case-steps-record")
    expect(record).to_contain_text("专家评审（预计 3 日")
    expect(record).to_contain_text("专家评审通过")
    expect(record).to_contain_text("申请延期 2 个工作日：需补充现场核查；待批准")
    assert serious_violations(page) == []
    context.close()

    # The section head approves the extension and decides from the queue.
    context, page = signed_in(browser, site, stack.keycloak, f"{department}-sh", "/workbench/work")
    page.locator(".case-link").first.click()
    page.click("#more-steps")
    page.click("#extension-approve")
    expect(page.locator(".notice-link[data-kind='EXTENSION_NOTICE']")).to_have_count(
        1, timeout=15000)
    page.click("#record-opinion")
    expect(page.locator("#case-status")).to_have_text("已决定", timeout=15000)
    context.close()

    # The window mails the result and records its delivery: the case is complete.
    context, page = signed_in(browser, site, stack.keycloak, f"{department}-h", path)
    page.locator("#deliver-by-mail").click()
    page.fill("#deliver-address", "某市某区某路 1 号")
    page.fill("#deliver-tracking", "EMS1234567890")
    page.click("#deliver-mail")
    expect(page.locator("#case-status")).to_have_text("送达中", timeout=15000)
    fill_date(page, "#delivered-on", "2026-12-01")
    page.click("#record-delivery")
    expect(page.locator("#case-status")).to_have_text("已办结", timeout=15000)
    page.get_by_role("tab", name="移交、程序与延期").click()
    expect(page.locator("#case-steps-record")).to_contain_text("邮寄（EMS EMS1234567890），2026-12-01 签收")
    assert serious_violations(page) == []
    context.close()


def test_the_handler_hands_a_case_over_and_records_the_applicants_delay(stack, browser):
    set_clock(stack, "2026-12-01T09:00:00+08:00")
    site = base(stack)
    department = f"dept-{uuid.uuid4().hex[:6]}"
    item = create_item(stack, department, committed=10, materials=[{"name": "申请表"}])
    handler = f"{department}-h"
    eventually(lambda: realm_user_of(stack.keycloak, handler), 30, what="the realm user")
    realm_user(stack.keycloak, handler, "Staff-pass-1", "测试h", ["window_staff"], department)
    staff = token(stack, "window_staff", department=department, subject=handler)
    case_id = gql(stack.gateway_url, "mutation($i: SubmitApplicationInput!) { submitApplication("
                  "input: $i) { ... on ApplicationSubmitted { case { id } } } }", {"i": {
                      "serviceItemId": item["id"], "materials": [{"name": "申请表"}],
                      "applicant": {"name": "冯军", "idType": "RESIDENT_ID_CARD",
                                    "idNumber": new_id_number(), "contact": "13800005555"}}},
                  staff)["data"]["submitApplication"]["case"]["id"]
    gql(stack.gateway_url, "mutation($id: ID!) { acceptApplication(caseId: $id) { __typename } }",
        {"id": case_id}, staff)

    context, page = signed_in(browser, site, stack.keycloak, handler, f"/workbench/cases/{case_id}")
    expect(page.locator("#case-status")).to_have_text("已受理", timeout=15000)
    page.click("#more-steps")
    # the applicant did not come on the agreed day: a day not yet past is refused at its field
    choose(page, "#delay-kind", "未按约定到场")
    fill_date(page, "#delay-on", "2026-12-02")
    page.fill("#delay-evidence", "短信通知记录 20261130")
    page.click("#delay-record")
    expect(page.locator("#delay .el-form-item__error")).to_contain_text("尚未过去", timeout=15000)
    fill_date(page, "#delay-on", "2026-11-30")
    page.click("#delay-record")
    expect(page.locator("#steps-done")).to_have_text("已登记申请人原因延误", timeout=15000)
    # the handler's step handed over to the section head, three working days
    choose(page, "#hand-over-to", re.compile("^测试sh"))
    page.fill("#hand-over-limit", "3")
    page.fill("#hand-over-note", "涉及专业审查")
    page.click("#hand-over-submit")
    expect(page.locator("#steps-done")).to_contain_text("已移交", timeout=15000)
    page.get_by_role("tab", name="移交、程序与延期").click()
    record = page.locator("#case-steps-record")
    expect(record).to_contain_text(f"移交 {department}-sh（{department}，3 个工作日）涉及专业审查")
    expect(record).to_contain_text("申请人未按约定到场（约定 2026-11-30）：短信通知记录 20261130")
    assert serious_violations(page) == []
    context.close()
