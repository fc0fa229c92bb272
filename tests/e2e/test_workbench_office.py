"""The efficiency office's part of the workbench (issue 24), through the real sign-in: a
complaint about a clerk is accepted, investigated, reported, answered and concluded
substantiated; a finding is opened from it, responsibility allocated; a sanction is refused
until the clerk has been heard, then decided; the clerk appeals it and the office answers.
axe-core finds no serious or critical violation."""

import uuid

import pytest
from playwright.sync_api import expect

from deploy.local.keycloak import realm_user, realm_user_of
from tests.e2e.test_applicant_phone import serious_violations
from tests.e2e.test_complaints import REGISTER
from tests.e2e.test_pages import base, shoot
from tests.e2e.test_workbench import signed_in
from tests.support import eventually, set_clock, staff_department, web_complaint

pytestmark = pytest.mark.e2e


def test_the_office_runs_a_complaint_to_a_sanction_after_a_hearing(stack, browser, tmp_path):
    set_clock(stack, "2026-12-01T09:00:00+08:00")
    site = base(stack)
    department = f"dept-{uuid.uuid4().hex[:6]}"
    staff_department(stack, department)
    clerk = f"{department}-h"
    filed = web_complaint(stack, {
        "channel": "WEB", "subjectKind": "STAFF", "subjectRef": clerk,
        "subjectDepartment": department, "category": "RUDE_CONDUCT",
        "description": "窗口工作人员态度粗暴", "complainantName": "郑华",
        "complainantContact": "13900004444"}, REGISTER)["data"]["registerComplaint"]
    assert filed["__typename"] == "ComplaintRegistered", filed
    officer = f"office-{uuid.uuid4().hex[:6]}-eff"
    realm_user(stack.keycloak, officer, "Staff-pass-1", "测试eff", ["efficiency_officer"], None)

    context, page = signed_in(browser, site, stack.keycloak, officer,
                              f"/workbench/complaints/{filed['complaint']['id']}")
    status = page.locator("#complaint-status")
    expect(status).to_have_text("已登记", timeout=15000)
    page.click("#accept-complaint")
    expect(status).to_have_text("已受理")
    page.click("#order-investigation")
    expect(status).to_have_text("调查中")
    page.fill("#complaint-report", "调取监控录像，投诉属实")
    page.click("#record-report")
    expect(status).to_have_text("已报告")
    page.fill("#complaint-reply", "已责成窗口整改并向您道歉")
    page.click("#reply-complainant")
    expect(status).to_have_text("已答复")
    page.click("#verdict-satisfied")
    expect(status).to_have_text("投诉人满意")
    page.fill("#complaint-summary", "投诉属实，已处理")
    page.click("#conclude-complaint")
    expect(status).to_have_text("已办结")
    assert serious_violations(page) == []
    page.click("#open-finding")

    page.wait_for_url("**/workbench/findings/**")
    expect(page.locator("#allocation-handler")).to_have_value(clerk, timeout=15000)
    page.click("#allocate")
    expect(page.locator("#allocation")).to_contain_text(clerk, timeout=15000)
    page.fill("#sanction-reasons", "服务态度粗暴，经查属实")
    page.click("#decide-sanction")
    expect(page.locator("#problem, .el-form-item__error").first).to_be_visible(timeout=15000)
    expect(page.locator(".sanction")).to_have_count(0)  # not before the clerk is heard
    page.fill("#hearing-statement", "当天排队人多，语气急躁")
    page.fill("#hearing-defence", "已向投诉人道歉")
    page.click("#record-hearing")
    expect(page.locator("#done")).to_contain_text("陈述和申辩已记录", timeout=15000)
    page.click("#decide-sanction")
    expect(page.locator(".sanction")).to_contain_text("口头告诫", timeout=15000)
    assert serious_violations(page) == []
    shoot(page, "workbench-finding.png", tmp_path)
    finding = page.url
    context.close()

    # the clerk appeals the sanction on the finding's page; the office answers the appeal
    eventually(lambda: realm_user_of(stack.keycloak, clerk), 30, what="the clerk's realm user")
    realm_user(stack.keycloak, clerk, "Staff-pass-1", "测试h", ["window_staff"], department)
    context, page = signed_in(browser, site, stack.keycloak, clerk, finding.split(site, 1)[1])
    expect(page.locator("#allocate")).to_have_count(0)  # the office's steps are not the clerk's
    page.fill("#appeal-statement", "处理过重，请求复核")
    page.click("#file-appeal")
    expect(page.locator(".appeal")).to_contain_text("处理过重，请求复核；待答复", timeout=15000)
    expect(page.locator("#appeal")).to_have_count(0)
    context.close()
    context, page = signed_in(browser, site, stack.keycloak, officer, finding.split(site, 1)[1])
    page.fill("#appeal-answer", "经复核，维持原处理决定")
    page.click("#answer-appeal-submit")
    expect(page.locator(".appeal")).to_contain_text("维持：经复核，维持原处理决定", timeout=15000)
    context.close()
