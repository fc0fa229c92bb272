"""The staff workbench (issue 24), in Debian's chromium through the real sign-in: a clerk signs
in on the realm's page, finds the item by its code at 窗口受理, is told as they type that an ID
number's check digit is wrong, marks the optional material as owed, receives the application,
accepts it with that material owed (容缺) by a promised date and opens the acceptance notice as a
PDF; the handler, the reviewer and the approver each find the case in 我的待办 and sign their
opinion, and the window delivers the result. axe-core finds no serious or critical violation on
the screens."""

import re
from pathlib import Path
import uuid

import pytest
from playwright.sync_api import expect

from deploy.local.keycloak import realm_user, realm_user_of
from tests.e2e.test_applicant_phone import serious_violations
from tests.e2e.test_pages import base, shoot
from tests.support import (
    create_item, eventually, gql, new_id_number, set_clock, staff_department, token,
)

pytestmark = pytest.mark.e2e
MATERIALS = [{"name": "申请表"}, {"name": "户口簿复印件", "essential": False}]


def test_a_clerk_accepts_a_case_with_a_material_owed_and_prints_the_notice(stack, browser,
                                                                          tmp_path):
    set_clock(stack, "2026-12-01T09:00:00+08:00")  # a Tuesday
    site = base(stack)
    department = f"dept-{uuid.uuid4().hex[:6]}"
    item = create_item(stack, department, committed=5, materials=MATERIALS)
    clerk = f"{department}-clerk"
    realm_user(stack.keycloak, clerk, "Staff-pass-1", "测试clerk", ["window_staff"], department)
    context, page = signed_in(browser, site, stack.keycloak, clerk, "/workbench/intake")

    page.click("#item")
    page.keyboard.type(item["code"])
    page.get_by_role("option", name=f"测试事项（{item['code']}）").click()
    expect(page.get_by_text("承诺件：5 个工作日内办结")).to_be_visible()
    page.fill("#applicant-name", "孙丽")
    number = new_id_number()
    page.fill("#id-number", number[:-1] + ("1" if number[-1] == "0" else "0"))
    expect(page.get_by_text("校验位不符，请核对")).to_be_visible()
    page.fill("#id-number", number)
    expect(page.get_by_text("校验位不符，请核对")).to_have_count(0)
    page.fill("#contact", "13800001111")
    page.get_by_role("row", name="户口簿复印件").get_by_text("缺少").click()
    assert serious_violations(page) == []
    page.click("#submit")

    expect(page.locator("#case-number")).to_have_text(re.compile(r"^OW\d{13}$"), timeout=15000)
    expect(page.locator("#accept")).to_have_count(0)  # a material is missing: no plain acceptance
    fill_date(page, "#promised-on", "2026-12-04")
    page.click("#accept-owing")
    notice = page.locator(".notice-link[data-kind='ACCEPTANCE_NOTICE']")
    expect(notice).to_be_visible(timeout=15000)
    expect(page.get_by_text("容缺材料：户口簿复印件（承诺 2026-12-04 前补齐）")).to_be_visible()
    pdf = context.request.get(site + notice.get_attribute("href"))
    assert (pdf.status, pdf.headers["content-type"], pdf.body()[:5]) == (
        200, "application/pdf", b"%PDF-")
    assert serious_violations(page) == []
    shoot(page, "workbench-intake.png", tmp_path)

    case_number = page.locator("#case-number").inner_text()
    found = gql(stack.gateway_url, """query($d: String) { cases(filter: {department: $d}) {
      edges { node { caseNumber acceptance owedMaterials receivedBy } } } }""", {"d": department},
                token(stack, "window_staff", department=department))["data"]["cases"]["edges"]
    assert [e["node"] for e in found] == [{"caseNumber": case_number, "acceptance": "SUPPLEMENT",
                                           "owedMaterials": ["户口簿复印件"],
                                           "receivedBy": clerk}]
    context.close()


def signed_in(browser, site: str, keycloak, username: str, path: str):
    """A new browser context signed in as `username` on the realm's page, at `path`."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{site}{path}")
    page.wait_for_url("**/realms/onewindow/**")
    page.fill("#username", username)
    page.fill("#password", "Staff-pass-1")
    page.click("#kc-login")
    page.wait_for_url(f"{site}{path}")
    expect(page.locator("#who")).to_contain_text(f"测试{username.rsplit('-', 1)[1]}",
                                                 timeout=15000)
    return context, page


def choose(page, select, option) -> None:
    """Pick `option` (its exact text, or a pattern) from the Element Plus select whose input
    is `select` (a selector or a locator)."""
    select = page.locator(select) if isinstance(select, str) else select
    page.locator(".el-select__wrapper", has=select).click()
    found = page.get_by_role("option", name=option, exact=isinstance(option, str))
    expect(found).to_be_visible()
    found.click()
    expect(found).to_be_hidden()


def type_in(page, select: str, text: str) -> None:
    """Type a value the Element Plus select `select` does not list (allow-create) and keep it."""
    wrapper = page.locator(".el-select__wrapper", has=page.locator(select))
    wrapper.click()
    page.locator(select).fill(text)
    created = page.get_by_role("option", name=text, exact=True)  # offered once typed
    expect(created).to_be_visible()
    created.click()
    expect(created).to_be_hidden()
    expect(wrapper).to_contain_text(text)


def fill_date(page, selector: str, day: str) -> None:
    """Type `day` (YYYY-MM-DD) into the Element Plus date picker `selector` and confirm it."""
    page.fill(selector, day)
    page.keyboard.press("Enter")


def test_the_handler_reviewer_and_approver_decide_in_their_queues(stack, browser, tmp_path):
    set_clock(stack, "2026-12-01T09:00:00+08:00")
    site = base(stack)
    department = f"dept-{uuid.uuid4().hex[:6]}"
    item = create_item(stack, department, committed=10, reviewChain="FULL",
                       decisionLevel="DEPUTY_LEADER")
    posts = {"h": "window_staff", "sh": "window_staff", "dl": "department_head"}
    for suffix, role in posts.items():  # the directory made their users; a password and role
        eventually(lambda: realm_user_of(stack.keycloak, f"{department}-{suffix}"), 30,
                   what="the directory's realm user")
        realm_user(stack.keycloak, f"{department}-{suffix}", "Staff-pass-1", f"测试{suffix}",
                   [role], department)
    handler = f"{department}-h"
    case_id = gql(stack.gateway_url, "mutation($i: SubmitApplicationInput!) { submitApplication("
                  "input: $i) { ... on ApplicationSubmitted { case { id } } } }", {"i": {
                      "serviceItemId": item["id"], "materials": [{"name": "申请表"}],
                      "applicant": {"name": "周强", "idType": "RESIDENT_ID_CARD",
                                    "idNumber": new_id_number(), "contact": "13800002222"}}},
                  token(stack, "window_staff", department=department, subject=handler))[
        "data"]["submitApplication"]["case"]["id"]
    accepted = gql(stack.gateway_url, "mutation($id: ID!) { acceptApplication(caseId: $id) { "
                   "__typename } }", {"id": case_id},
                   token(stack, "window_staff", department=department, subject=handler))
    assert accepted["data"]["acceptApplication"]["__typename"] == "ApplicationAccepted", accepted

    for suffix, step in (("h", "待承办"), ("sh", "待审核"), ("dl", "待批准")):
        # the handler starts at the workbench's front page (the sign-in returns to where it
        # began, the same path the app started at), the others at their queue
        context, page = signed_in(browser, site, stack.keycloak, f"{department}-{suffix}",
                                  "/workbench/" if suffix == "h" else "/workbench/work")
        if suffix == "h":
            page.get_by_role("menuitem", name="我的待办").click()
        link = page.locator(".case-link").first
        expect(link).to_be_visible(timeout=15000)
        if suffix == "sh":
            shoot(page, "workbench-queue.png", tmp_path)
        link.click()
        expect(page.locator("#opinion")).to_contain_text(step)
        if suffix == "h":
            expect(page.get_by_role("tab", name="时限计算")).to_be_visible()
            expect(page.locator("#problem")).to_have_count(0)
            assert serious_violations(page) == []
            shoot(page, "workbench-case.png", tmp_path)
        page.fill("#opinion-reasons", "材料齐全，符合法定条件")
        page.click("#record-opinion")
        expect(page.locator("#done")).to_be_visible(timeout=15000)
        expect(page.locator("#opinion")).to_have_count(0)
        context.close()

    context, page = signed_in(browser, site, stack.keycloak, handler, f"/workbench/cases/{case_id}")
    expect(page.locator("#case-status")).to_have_text("已决定", timeout=15000)
    page.click("#deliver-window")
    expect(page.locator("#case-status")).to_have_text("已办结", timeout=15000)
    assert serious_violations(page) == []
    context.close()


def test_a_denial_climbs_to_the_main_leader_in_their_queues(stack, browser):
    """否定报备: the handler's negative opinion goes up level by level, each signing in their
    own queue, until the main leader (the item's decision level) decides."""
    set_clock(stack, "2026-12-01T09:00:00+08:00")
    site = base(stack)
    department = f"dept-{uuid.uuid4().hex[:6]}"
    item = create_item(stack, department, committed=10, reviewChain="FULL",
                       decisionLevel="MAIN_LEADER")
    roles = {"h": "window_staff", "sh": "window_staff", "dl": "department_head",
             "ml": "department_head"}
    for suffix, role in roles.items():
        eventually(lambda: realm_user_of(stack.keycloak, f"{department}-{suffix}"), 30,
                   what="the directory's realm user")
        realm_user(stack.keycloak, f"{department}-{suffix}", "Staff-pass-1", f"测试{suffix}",
                   [role], department)
    handler = token(stack, "window_staff", department=department, subject=f"{department}-h")
    case_id = gql(stack.gateway_url, "mutation($i: SubmitApplicationInput!) { submitApplication("
                  "input: $i) { ... on ApplicationSubmitted { case { id } } } }", {"i": {
                      "serviceItemId": item["id"], "materials": [{"name": "申请表"}],
                      "applicant": {"name": "吴敏", "idType": "RESIDENT_ID_CARD",
                                    "idNumber": new_id_number(), "contact": "13800003333"}}},
                  handler)["data"]["submitApplication"]["case"]["id"]
    gql(stack.gateway_url, "mutation($id: ID!) { acceptApplication(caseId: $id) { __typename } }",
        {"id": case_id}, handler)
    review = "query($id: ID!) { case(id: $id) { review { awaiting addressedTo } } }"
    signers = []
    for _ in range(4):
        state = gql(stack.gateway_url, review, {"id": case_id}, handler)["data"]["case"]["review"]
        if state["awaiting"] == "NONE":
            break
        (who,) = state["addressedTo"]
        signers.append(who.rsplit("-", 1)[1])
        context, page = signed_in(browser, site, stack.keycloak, who, "/workbench/work")
        page.locator(".case-link").first.click()
        page.get_by_text("不同意（否定意见逐级报备）").click()
        page.fill("#opinion-reasons", "不符合法定条件")
        page.fill("#opinion-basis", "《中华人民共和国行政许可法》第三十八条")
        page.click("#record-opinion")
        expect(page.locator("#done")).to_be_visible(timeout=15000)
        context.close()
    assert signers == ["h", "sh", "dl", "ml"]
    decided = gql(stack.gateway_url, """query($id: ID!) { case(id: $id) { status approved
      review { awaiting opinions { position verdict } } } }""", {"id": case_id}, handler)[
        "data"]["case"]
    assert (decided["status"], decided["approved"], decided["review"]["awaiting"]) == (
        "DECIDED", False, "NONE")
    assert [o["position"] for o in decided["review"]["opinions"]][-1] == "MAIN_LEADER"

    # 办件查询: the department's head finds it by the applicant; another department's does not
    context, page = signed_in(browser, site, stack.keycloak, f"{department}-ml", "/workbench/cases")
    page.fill("#search-name", "吴敏")
    page.click("#search")
    expect(page.locator(".case-link")).to_have_count(1, timeout=15000)
    assert serious_violations(page) == []
    number = page.locator(".case-link").inner_text()
    context.close()
    other = f"dept-{uuid.uuid4().hex[:6]}-head"
    realm_user(stack.keycloak, other, "Staff-pass-1", "测试head", ["department_head"],
               other.removesuffix("-head"))
    context, page = signed_in(browser, site, stack.keycloak, other, "/workbench/cases")
    page.fill("#search-name", "吴敏")
    page.click("#search")
    expect(page.get_by_text("没有符合条件的办件")).to_be_visible(timeout=15000)
    page.fill("#search-name", "")
    page.fill("#search-number", number)
    page.click("#search")
    expect(page.locator("#problem")).to_contain_text("无权", timeout=15000)
    expect(page.locator("#case-number")).to_have_count(0)
    context.close()


def test_a_first_inquiry_is_logged_and_answered_by_its_owner(stack, browser):
    """首问负责 at the workbench: an answer left out is refused at its field; a question to be
    answered later is the logger's until they answer it."""
    set_clock(stack, "2026-12-01T09:00:00+08:00")
    site = base(stack)
    department = f"dept-{uuid.uuid4().hex[:6]}"
    staff_department(stack, department)  # the first-inquiry owner is a member of staff
    clerk = f"{department}-h"
    eventually(lambda: realm_user_of(stack.keycloak, clerk), 30, what="the directory's realm user")
    realm_user(stack.keycloak, clerk, "Staff-pass-1", "测试h", ["window_staff"], department)
    context, page = signed_in(browser, site, stack.keycloak, clerk, "/workbench/inquiries")
    page.fill("#inquiry-visitor", "冯刚")
    page.fill("#inquiry-matter", "个体工商户注销需要哪些材料")
    page.click("#log-inquiry")
    expect(page.get_by_text("已答复的咨询须登记答复内容")).to_be_visible(timeout=15000)
    page.get_by_text("限时答复", exact=True).click()
    page.fill("#inquiry-contact", "13700005555")
    page.click("#log-inquiry")
    expect(page.locator("#done")).to_have_text("已登记", timeout=15000)
    row = page.get_by_role("row", name="冯刚")
    expect(row).to_be_visible()
    assert serious_violations(page) == []
    row.get_by_role("textbox").fill("持营业执照正副本和注销登记申请书到市场监管窗口办理")
    row.locator(".reply-inquiry").click()
    expect(page.locator("#done")).to_have_text("已答复", timeout=15000)
    expect(page.get_by_role("row", name="冯刚")).to_have_count(0)
    context.close()


def test_a_helper_records_takes_links_and_completes_assistance(stack, browser):
    """帮办代办 at the workbench: the centre's helper records a request at the window, takes
    it, links the case by its printed number, completes it, and exports the ledger."""
    set_clock(stack, "2026-12-01T09:00:00+08:00")
    site = base(stack)
    department = f"dept-{uuid.uuid4().hex[:6]}"
    item = create_item(stack, department)
    number = new_id_number()
    staff = token(stack, "window_staff", department=department, subject=f"{department}-h")
    case = gql(stack.gateway_url, "mutation($i: SubmitApplicationInput!) { submitApplication("
               "input: $i) { ... on ApplicationSubmitted { case { caseNumber } } } }", {"i": {
                   "serviceItemId": item["id"], "materials": [{"name": "申请表"}],
                   "applicant": {"name": "褚英", "idType": "RESIDENT_ID_CARD",
                                 "idNumber": number, "contact": "13600006666"}}}, staff)[
        "data"]["submitApplication"]["case"]["caseNumber"]
    helper = f"centre-{uuid.uuid4().hex[:6]}-hp"
    realm_user(stack.keycloak, helper, "Staff-pass-1", "测试hp", ["helper"], None)
    context, page = signed_in(browser, site, stack.keycloak, helper, "/workbench/assistance")
    page.click("#assist-item")
    page.keyboard.type(item["code"])
    page.get_by_role("option", name=f"测试事项（{item['code']}）").click()
    page.fill("#assist-request", "老人不会填表，请帮忙")
    page.fill("#assist-name", "褚英")
    page.fill("#assist-id", number)
    page.fill("#assist-contact", "13600006666")
    page.click("#record-assistance")
    expect(page.locator("#done")).to_have_text("已登记", timeout=15000)
    row = page.get_by_role("row", name="褚英")
    row.locator(".take-assistance").click()
    expect(row.locator(".assist-status")).to_have_text("办理中", timeout=15000)
    row.get_by_placeholder("受理编号").fill(case)
    row.locator(".link-case").click()
    expect(page.locator("#done")).to_have_text("已关联办件", timeout=15000)
    row.get_by_placeholder("办理结果").fill("已协助提交申请")
    row.locator(".complete-assistance").click()
    expect(row.locator(".assist-status")).to_have_text("已办结", timeout=15000)
    assert serious_violations(page) == []
    with page.expect_download() as downloaded:
        page.click("#export-csv")
    assert "褚英" in Path(downloaded.value.path()).read_text(encoding="utf-8-sig")
    context.close()
