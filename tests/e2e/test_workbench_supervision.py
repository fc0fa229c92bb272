"""The monitoring office's other screens and the department head's (issue 24), in Debian's
chromium through the real sign-in: an applicant's poor rating opens a rating follow-up and a
supervision case; the efficiency office works the follow-up (contact, rectification, close),
reads the department's scorecard for the month, verifies the supervision case with reasons
(refused without) and opens a finding from it; the
department's head sees the finding on the department screen, and another department's head
does not."""

import uuid

import pytest
from playwright.sync_api import expect

from deploy.local.keycloak import realm_user, realm_user_of
from tests.e2e.test_applicant_phone import serious_violations
from tests.e2e.test_pages import base
from tests.e2e.test_ratings import RATE, completed_case
from tests.e2e.test_workbench import choose, signed_in
from tests.support import applicant, eventually, gql, set_clock, staff_department, token

pytestmark = pytest.mark.e2e


def test_a_poor_rating_is_followed_up_verified_and_seen_by_the_department_head(stack, browser):
    set_clock(stack, "2026-12-01T09:00:00+08:00")
    site = base(stack)
    department, other = (f"dept-{uuid.uuid4().hex[:6]}" for _ in range(2))
    person = applicant(idType="PASSPORT", idNumber=f"E{uuid.uuid4().int % 10**9:09d}")
    case_id = completed_case(stack, department, person)
    rated = gql(stack.gateway_url, RATE, {"c": case_id, "l": "VERY_DISSATISFIED"},
                token(stack, "applicant", subject=person["idNumber"]))["data"]["rateCase"]
    assert rated["case"]["rating"]["poor"] is True, rated
    officer_token = token(stack, "efficiency_officer", subject="eff")
    eventually(lambda: gql(stack.gateway_url, """query($d: String) { supervisionCases(
      department: $d) { edges { node { id } } } }""", {"d": department}, officer_token)[
        "data"]["supervisionCases"]["edges"], 30, what="the supervision case")
    officer = f"office-{uuid.uuid4().hex[:6]}-eff"
    realm_user(stack.keycloak, officer, "Staff-pass-1", "测试eff", ["efficiency_officer"], None)

    # 差评回访: contacted and found true, rectified, closed
    context, page = signed_in(browser, site, stack.keycloak, officer, "/workbench/follow-ups")
    page.fill("#filter-department", department)
    page.keyboard.press("Enter")
    expect(page.locator(".follow-up-status")).to_have_text(["待回访"], timeout=15000)
    page.locator(".follow-up-open").click()
    page.fill("#follow-up-notes", "申请人反映等候时间过长，属实")
    page.click("#follow-up-contact")
    expect(page.locator(".follow-up-status")).to_have_text(["已回访"], timeout=15000)
    page.fill("#follow-up-measures", "高峰时段增开窗口")
    page.click("#follow-up-rectify")
    expect(page.locator(".follow-up-status")).to_have_text(["已整改"], timeout=15000)
    page.click("#follow-up-close")
    expect(page.locator("#done")).to_have_text("回访已办结", timeout=15000)
    assert serious_violations(page) == []

    # 效能考核: the department's month counts the poor rating
    page.goto(f"{site}/workbench/scorecards")
    choose(page, page.get_by_role("combobox", name="考核对象类别"), "部门")
    page.fill("#scorecard-key", department)
    page.fill("#scorecard-period", "2026-12")
    for _ in range(15):  # the rating reaches the month's counters through its event
        page.click("#scorecard-load")
        expect(page.locator("#scorecard-grade")).to_be_visible(timeout=15000)
        if "1 / 1" in page.locator("#scorecard").inner_text():
            break
        page.wait_for_timeout(1000)
    expect(page.locator("#scorecard")).to_contain_text("1 / 1")
    assert serious_violations(page) == []

    # 电子监察: verified (not without reasons), then a finding opened from it
    page.goto(f"{site}/workbench/supervision")
    page.fill("#filter-department", department)
    page.keyboard.press("Enter")
    expect(page.locator(".supervision-status")).to_have_text(["待核实"], timeout=15000)
    page.locator(".supervision-verify").click()
    expect(page.locator(".field-error, #problem").first).to_be_visible(timeout=15000)
    expect(page.locator(".supervision-status")).to_have_text(["待核实"])
    page.locator(".supervision-reasons input").fill("回访核实差评属实")
    page.locator(".supervision-verify").click()
    expect(page.locator(".supervision-status")).to_have_text(["已核实"], timeout=15000)
    assert serious_violations(page) == []
    page.locator(".supervision-finding").click()
    page.wait_for_url("**/workbench/findings/**")
    expect(page.locator("h2")).to_contain_text("责任追究", timeout=15000)
    finding_id = page.url.rsplit("/", 1)[1]
    context.close()

    # 部门监察: the department's head sees the finding; another department's head does not
    staff_department(stack, other)
    for d in (department, other):
        eventually(lambda: realm_user_of(stack.keycloak, f"{d}-dl"), 30, what="the realm user")
        realm_user(stack.keycloak, f"{d}-dl", "Staff-pass-1", "测试dl", ["department_head"], d)
    context, page = signed_in(browser, site, stack.keycloak, f"{department}-dl",
                              "/workbench/department")
    expect(page.locator(".finding-link")).to_have_count(1, timeout=15000)
    assert page.locator(".finding-link").get_attribute("href").endswith(finding_id)
    expect(page.locator("#red-cards")).to_have_text("0")
    assert serious_violations(page) == []
    context.close()
    context, page = signed_in(browser, site, stack.keycloak, f"{other}-dl", "/workbench/department")
    expect(page.locator("#open-cases")).to_be_visible(timeout=15000)
    expect(page.locator(".finding-link")).to_have_count(0)
    context.close()
