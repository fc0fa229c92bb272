"""The pages the gateway serves, in headless Chromium (Debian's package, driven by Playwright):
the monitoring dashboard shows the red card an end-to-end flow produced and a department head
sees their department only; the public page finds a case by number and query code without any
personal data and says clearly when a code is wrong; GraphiQL opens with an example per role.

Screenshots go to $ONEWINDOW_SCREENSHOT_DIR when it is set (docs/ keeps the ones in the README).
"""

import json
import os
import uuid
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import expect

from tests.e2e.test_ratings import completed_case
from tests.e2e.test_supervision import CASES, DECIDE
from tests.support import (
    VALID_ID, applicant, create_item, error_codes, eventually, gql, set_clock, submit_and_accept, token,
)

pytestmark = pytest.mark.e2e
EXAMPLES = Path(__file__).resolve().parents[2] / "gateway" / "graphiql-examples.json"
DEFINE = """mutation($i: DefineDepartmentInput!) { defineDepartment(input: $i) { __typename } }"""
CARD = """query($id: ID!) { case(id: $id) { caseNumber queryCode clock { card } } }"""
CARDS = "{ cardsByDepartment { department red } }"
ON_TIME = """{ onTimeRates(fromMonth: "2025-12", toMonth: "2026-11") {
  department months { month casesTimed casesOnTime onTimeRate } } }"""


def base(stack) -> str:
    return stack.gateway_url.removesuffix("/graphql")


def shoot(page, name: str, tmp_path: Path) -> None:
    target = Path(os.environ.get("ONEWINDOW_SCREENSHOT_DIR") or tmp_path)
    target.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target / name), full_page=True)


def department(stack, name: str) -> str:
    code = f"dept-{uuid.uuid4().hex[:6]}"
    result = gql(stack.gateway_url, DEFINE, {"i": {"code": code, "name": name}},
                 token(stack, "admin", subject="admin"))
    assert result["data"]["defineDepartment"]["__typename"] == "DepartmentSaved", result
    return code


def red_case(stack, dept: str) -> dict:
    """A case accepted on Monday 2 Nov 2026 with 3 working days: red from Friday 6 Nov."""
    set_clock(stack, "2026-11-02T09:00:00+08:00")
    case_id = submit_and_accept(stack, create_item(stack, dept, committed=3))
    staff = token(stack, "window_staff", department=dept)
    eventually(lambda: gql(stack.gateway_url, CARD, {"id": case_id}, staff)["data"]["case"][
        "clock"], 30, what="the clock")
    return {"id": case_id, "staff": staff}


def test_the_dashboard_shows_the_red_card_of_a_real_flow_and_a_head_their_department_only(
        stack, browser, tmp_path):
    mine, other = department(stack, "测试审批局"), department(stack, "测试住建局")
    cases = [red_case(stack, mine), red_case(stack, other)]
    done = completed_case(stack, mine, applicant())  # decided on the spot: the chart's point
    clerk = token(stack, "window_staff", department=mine)
    eventually(lambda: gql(stack.gateway_url, "query($id: ID!) { case(id: $id) { clock { status } "
                           "} }", {"id": done}, clerk)["data"]["case"]["clock"] == {
        "status": "COMPLETED"}, 30, what="the completed clock")  # before the days jump
    supervisor = token(stack, "supervisor", subject="sup-01")
    page = browser.new_page(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    page.clock.set_fixed_time("2026-11-06T10:00:00+08:00")
    page.goto(f"{base(stack)}/dashboard?refresh=5#token={supervisor}")
    assert "token" not in page.url  # the token leaves the address bar at once
    tile = page.locator(f'article.tile[data-department="{mine}"]')
    expect(tile.locator(".red-count")).to_have_text("0", timeout=15000)  # open, not late yet

    set_clock(stack, "2026-11-06T00:01:00+08:00")
    for case in cases:
        eventually(lambda case=case: gql(stack.gateway_url, CARD, {"id": case["id"]},
                                         case["staff"])["data"]["case"]["clock"]["card"] == "RED",
                   30, what="the red card")
    number = gql(stack.gateway_url, CARD, {"id": cases[0]["id"]}, cases[0]["staff"])["data"][
        "case"]["caseNumber"]
    eventually(lambda: {c["department"]: c["red"] for c in gql(
        stack.gateway_url, CARDS, {}, supervisor)["data"]["cardsByDepartment"]}.get(mine) == 1,
        30, what="the red card on oversight's board")
    # the office verifies the red card and opens a finding (问责认定)
    red = eventually(lambda: gql(stack.gateway_url, CASES, {"d": mine}, supervisor)["data"][
        "supervisionCases"]["edges"], 30, what="the supervision case")[0]["node"]
    gql(stack.gateway_url, DECIDE, {"id": red["id"], "v": True}, supervisor)
    opened = gql(stack.gateway_url, """mutation($s: ID!) { openFinding(supervisionCaseId: $s) {
      __typename } }""", {"s": red["id"]}, supervisor)
    assert opened["data"]["openFinding"]["__typename"] == "FindingSaved", opened
    rates = eventually(lambda: {d["department"]: d["months"] for d in gql(
        stack.gateway_url, ON_TIME, {}, supervisor)["data"]["onTimeRates"]}.get(mine), 30,
        what="the on-time rate")
    assert len(rates) == 12 and rates[-1] == {"month": "2026-11", "casesTimed": 1,
                                              "casesOnTime": 1, "onTimeRate": 1.0}

    # the page refreshes itself: the red card arrives without a reload
    expect(tile.locator(".red-count")).to_have_text("1", timeout=30000)
    expect(tile.locator("h3")).to_have_text("测试审批局")
    expect(page.locator(f'article.tile[data-department="{other}"] .red-count')).to_have_text("1")
    overdue = page.locator("#overdue a.case-link", has_text=number)
    expect(overdue).to_be_visible()
    expect(page.locator("#on-time canvas")).to_have_count(1, timeout=15000)
    expect(page.locator("#banner")).to_be_hidden()
    shoot(page, "dashboard.png", tmp_path)
    overdue.click()  # each list links to the case
    expect(page.locator("#detail-title")).not_to_have_text("加载中…")
    assert page.locator("#detail-title").inner_text() == f"办件 {number}", (
        page.locator("#detail").inner_text())  # what the page said instead
    expect(page.locator("#detail")).to_contain_text("红牌")
    # ... and says what the viewer may do there: the workbench's page of the case
    action = page.locator("#detail a.action")
    expect(action).to_have_text("在工作台办理此件")
    assert action.get_attribute("href") == f"/workbench/cases/{cases[0]['id']}"
    page.close()

    head = token(stack, "department_head", department=mine, subject="head-1")
    page = browser.new_page(viewport={"width": 1600, "height": 900}, locale="zh-CN")
    page.clock.set_fixed_time("2026-11-06T10:00:00+08:00")
    page.goto(f"{base(stack)}/dashboard#token={head}")
    expect(page.locator(f'article.tile[data-department="{mine}"] .red-count')).to_have_text(
        "1", timeout=15000)
    expect(page.locator("article.tile")).to_have_count(1)
    expect(page.locator("#overdue a.case-link")).to_have_count(1)
    expect(page.locator("#overdue a.case-link")).to_have_text(number)
    expect(page.locator("#on-time-chart")).to_have_attribute("data-series", "1")
    finding = page.locator("#supervision a.finding-link")  # findings open too
    expect(finding).to_have_count(1)
    finding.click()
    expect(page.locator("#detail-title")).to_contain_text("问责认定")
    expect(page.locator("#detail")).to_contain_text("测试审批局")
    expect(page.locator("#detail")).to_contain_text(number)
    expect(page.locator("#detail a.action")).to_have_text("在工作台查看")  # the office decides
    assert page.locator("#detail a.action").get_attribute("href").startswith("/workbench/findings/")
    head_rates = gql(stack.gateway_url, ON_TIME, {}, head)["data"]["onTimeRates"]
    assert [d["department"] for d in head_rates] == [mine]
    expect(page.locator("#who")).to_contain_text("测试审批局")
    page.close()


def test_the_dashboard_refuses_a_bad_token_with_a_message(stack, browser):
    page = browser.new_page()
    page.goto(f"{base(stack)}/dashboard#token=not-a-token")
    expect(page.locator("#sign-in")).to_be_visible()
    expect(page.locator("#sign-in-error")).to_contain_text("令牌")
    forged = token(stack, "supervisor", secret="another-secret-of-at-least-32-bytes!")
    page.fill("#token", forged)
    page.click("#sign-in-form button")
    expect(page.locator("#sign-in-error")).to_contain_text("重新登录", timeout=15000)
    expect(page.locator("#board")).to_be_hidden()
    page.close()


def test_a_link_with_another_token_asks_before_it_switches_who_is_signed_in(stack, browser):
    """Issue 22: opening /dashboard#token=<another's token> in a signed-in tab switched the
    identity silently."""
    supervisor = token(stack, "supervisor", subject="sup-switch")
    head = token(stack, "department_head", department="dept-switch", subject="head-switch")
    page = browser.new_page()
    page.goto(f"{base(stack)}/dashboard#token={supervisor}")
    expect(page.locator("#who")).to_contain_text("sup-switch")
    assert "token=" not in page.url  # the fragment is gone from the address bar
    page.goto(f"{base(stack)}/dashboard#token={head}")  # the same tab, another's link
    expect(page.locator("#switch")).to_be_visible()
    expect(page.locator("#switch-text")).to_contain_text("sup-switch")
    expect(page.locator("#switch-text")).to_contain_text("head-switch")
    assert "token=" not in page.url
    page.click("#switch-keep")
    expect(page.locator("#switch")).to_be_hidden()
    expect(page.locator("#who")).to_contain_text("sup-switch")
    page.goto(f"{base(stack)}/dashboard#token={head}")
    page.click("#switch-accept")
    expect(page.locator("#who")).to_contain_text("head-switch")
    page.reload()  # and so it stays for the tab
    expect(page.locator("#who")).to_contain_text("head-switch")
    expect(page.locator("#switch")).to_be_hidden()
    page.close()


def test_the_public_page_finds_a_case_by_number_and_code_and_shows_nothing_personal(
        stack, browser, tmp_path):
    dept = department(stack, "测试市场监管局")
    set_clock(stack, "2026-11-02T09:00:00+08:00")
    item = create_item(stack, dept, committed=5, code=f"PUB-{uuid.uuid4().hex[:8]}",
                       serviceObjects=["NATURAL_PERSON", "LEGAL_PERSON"],
                       intermediaryServices=["施工图设计文件审查"])
    case_id = submit_and_accept(stack, item)
    case = gql(stack.gateway_url, CARD, {"id": case_id},
               token(stack, "window_staff", department=dept))["data"]["case"]

    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="zh-CN",
                            is_mobile=True, has_touch=True)
    page.goto(base(stack) + "/")
    page.fill("#case-number", case["caseNumber"])
    page.fill("#query-code", case["queryCode"])
    page.click("#progress-form button")
    result = page.locator(".case-progress")
    expect(result).to_contain_text("已受理", timeout=15000)
    expect(result).to_contain_text(case["caseNumber"])
    expect(result).to_contain_text("测试市场监管局")
    body = page.content()
    assert VALID_ID not in body and VALID_ID[-4:] not in page.inner_text("body")
    assert "张三" not in page.inner_text("body")

    page.fill("#keyword", item["code"])
    page.click("#catalogue-form button")
    found = page.locator("ul.items > li")
    expect(found).to_have_count(1, timeout=15000)
    found.locator("summary").click()
    # the nine common elements (三级九统) and what else an applicant needs
    for element in ("事项名称", "事项类型", "设定依据", "事项编码", "申请材料", "办理时限",
                    "受理条件", "中介服务", "服务对象", "收费标准", "办理流程", "办理地点",
                    "监督电话"):
        expect(found.locator("dl.elements")).to_contain_text(element)
    expect(found).to_contain_text("自然人、法人")
    expect(found).to_contain_text("施工图设计文件审查")
    expect(found).to_contain_text("承诺 5 个工作日")
    shoot(page, "public.png", tmp_path)

    page.fill("#query-code", "WRONG234")
    page.click("#progress-form button")
    expect(page.locator(".not-found")).to_be_visible(timeout=15000)
    expect(page.locator(".case-progress")).to_have_count(0)
    page.close()


def test_graphiql_opens_with_an_example_per_role_each_of_which_runs(stack, browser):
    examples = json.loads(EXAMPLES.read_text())
    for example in examples:
        who = example.get("as")
        caller = None if not who else token(
            stack, who, subject=VALID_ID if who == "applicant" else "sup-01",
            department="civil-affairs" if who in ("window_staff", "chief_approver",
                                                  "department_head") else None)
        result = gql(stack.gateway_url, example["query"], example.get("variables"), caller)
        # valid against the supergraph, within the limits and allowed to the role (a tester
        # missing from the directory may still meet a business rule, such as NO_WINDOW)
        refused = {"GRAPHQL_VALIDATION_FAILED", "GRAPHQL_PARSE_FAILED", "FORBIDDEN",
                   "UNAUTHENTICATED", "TOKEN_INVALID", "OPERATION_TOO_COMPLEX",
                   "INTERNAL_SERVER_ERROR", None}
        assert not refused & set(error_codes(result)), (example["role"], result)
        assert "data" in result, (example["role"], result)  # executed, not refused

    page = browser.new_page(viewport={"width": 1600, "height": 900})
    page.goto(stack.gateway_url)  # the gateway's IDE (Hive Laboratory) with our collection
    page.get_by_text("按角色的示例（onewindow）").click()
    for example in examples:
        expect(page.get_by_text(example["role"], exact=True)).to_be_visible(timeout=30000)
    page.get_by_text(examples[3]["role"], exact=True).click()
    expect(page.locator("body")).to_contain_text("DepartmentHeadOverview", timeout=30000)
    page.get_by_text("Headers", exact=True).first.click()
    expect(page.locator("body")).to_contain_text('"Authorization": "Bearer <在此粘贴令牌')
    page.close()


def test_the_pages_are_served_with_a_strict_content_security_policy(stack):
    for path in ("/", "/dashboard", "/pages/dashboard.js", "/vendor/echarts.min.js"):
        response = httpx.get(base(stack) + path, timeout=10)
        assert response.status_code == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert response.headers["x-content-type-options"] == "nosniff"


def test_on_time_rates_refuse_a_bad_range_with_a_code_and_the_field(stack):
    supervisor = token(stack, "supervisor", subject="sup-01")
    query = """query($f: String!, $t: String!) { onTimeRates(fromMonth: $f, toMonth: $t) {
      department } }"""
    for f, t, field, code in (("2026-13", "2026-12", "fromMonth", "INVALID_FORMAT"),
                              ("2026-01", "2026/12", "toMonth", "INVALID_FORMAT"),
                              ("2026-12", "2026-11", "fromMonth", "OUT_OF_RANGE"),
                              ("2024-01", "2026-01", "fromMonth", "OUT_OF_RANGE")):
        errors = gql(stack.gateway_url, query, {"f": f, "t": t}, supervisor)["errors"]
        assert (errors[0]["extensions"]["code"], errors[0]["extensions"]["field"]) == (
            code, field), (f, t, errors)
    assert gql(stack.gateway_url, query, {"f": "2025-01", "t": "2026-12"}, supervisor)["data"]


def test_staff_sign_in_on_the_identity_providers_page_and_reach_the_dashboard(stack, browser):
    """Issue 23: authorization code with PKCE against Keycloak's realm; a wrong password is
    refused there; signing out ends the provider's session."""
    from deploy.local.keycloak import realm_user

    user = f"sup-{uuid.uuid4().hex[:6]}"
    realm_user(stack.keycloak, user, "Sup-pass-1", "陈静", ["supervisor"], None)
    page = browser.new_page(locale="zh-CN")
    page.goto(f"{base(stack)}/dashboard")
    page.click("#sign-in-provider")
    page.wait_for_url(f"{stack.keycloak.url}/**")
    page.fill("#username", user)
    page.fill("#password", "not-the-password")
    page.click("#kc-login")
    expect(page.locator("#input-error, .kc-feedback-text, [id*=error]").first).to_be_visible()
    page.fill("#password", "Sup-pass-1")
    page.click("#kc-login")
    page.wait_for_url(f"{base(stack)}/dashboard*")
    expect(page.locator("#who")).to_contain_text("陈静", timeout=15000)
    expect(page.locator("#board")).to_be_visible()
    assert "token" not in page.url and "code=" not in page.url
    page.click("#sign-out")
    page.wait_for_url(f"{base(stack)}/dashboard*")
    expect(page.locator("#sign-in")).to_be_visible(timeout=15000)
    page.close()


def test_the_gateway_serves_the_event_contract(stack):
    """Issue 25: other departments' systems read the event contract from the gateway."""
    import httpx

    response = httpx.get(f"{base(stack)}/asyncapi.json", timeout=30)
    assert response.status_code == 200, response.text[:200]
    assert response.headers["content-type"].startswith("application/json")
    contract = response.json()
    assert contract["asyncapi"] == "3.0.0"
    assert contract["channels"]["case_completed"]["address"] == "case.completed"


def test_the_gateway_serves_the_event_catalogue_people_read(stack, browser):
    """Issue 25: beside /asyncapi.json, the same contract as a page (/events)."""
    from tests.e2e.test_applicant_phone import serious_violations

    page = browser.new_page(locale="zh-CN")
    response = page.goto(f"{base(stack)}/events")
    assert response.status == 200
    assert page.locator("h1").inner_text().startswith("事件目录")
    expect(page.locator("section[id='case.completed'] code").first).to_have_text(
        "case.completed")
    assert page.locator("section[id='case.completed'] td code", has_text="completed_on").count()
    assert serious_violations(page) == []
    page.close()
