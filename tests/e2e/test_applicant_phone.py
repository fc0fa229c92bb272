"""The applicant's phone (issue 23), in Debian's chromium at a phone's size: an applicant
registers on the public page (the proof of work solved in the page), signs in on the realm's
login page, sees their completed case, opens its acceptance notice as a PDF, rates it poor and
the poor rating reaches the efficiency office's follow-ups; then gives the follow-up rating and
files a complaint about the case by its printed number, and follows it by number and query
code. Another applicant cannot open the notice's URL. axe-core (npm) finds no serious or
critical violation on any page: signed out, signed in, the dashboard.

Screenshots go to $ONEWINDOW_SCREENSHOT_DIR when it is set (docs/ keeps the README's)."""

import uuid
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import expect

from deploy.local.keycloak import password_token
from tests.e2e.test_pages import base, department, shoot
from tests.e2e.test_ratings import completed_case
from tests.support import applicant, eventually, gql, new_id_number, set_clock, token

pytestmark = pytest.mark.e2e
AXE = Path(__file__).resolve().parents[2] / "gateway" / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True,
         "has_touch": True, "locale": "zh-CN"}


def serious_violations(page) -> list[str]:
    """axe-core's WCAG 2 A/AA rules on the page as it stands; the serious and critical ones."""
    page.evaluate(AXE.read_text())  # by the debugging protocol: the pages' CSP stays on
    found = page.evaluate("""async () => (await axe.run(document, { runOnly: { type: 'tag',
      values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })).violations
      .filter(v => v.impact === 'serious' || v.impact === 'critical')
      .map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)""")
    return found


def sign_in(page, username: str, password: str) -> None:
    page.click("#sign-in")
    page.wait_for_url("**/realms/onewindow/**")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("#kc-login")


def test_an_applicant_on_a_phone_follows_rates_and_complains(stack, browser, tmp_path):
    set_clock(stack, "2026-12-01T09:00:00+08:00")
    site = base(stack)
    number, password = new_id_number(), "Phone-pass-1"
    code = department(stack, "市民政局")
    case_id = completed_case(stack, code, applicant(name="赵敏", idNumber=number))
    case_number = gql(stack.gateway_url, "query($id: ID!) { case(id: $id) { caseNumber } }",
                      {"id": case_id}, token(stack, "window_staff", department=code))[
        "data"]["case"]["caseNumber"]

    # this phone's own address (the gateway trusts the tests' proxy header): anonymous
    # complaints are a few per address an hour, and other tests file theirs from loopback
    phone_address = f"10.77.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250 + 1}"
    context = browser.new_context(**PHONE)
    context.route(f"{site}/**", lambda route: route.continue_(headers={  # the gateway's only
        **route.request.headers, "x-forwarded-for": phone_address}))
    page = context.new_page()
    page.goto(site)
    expect(page.locator("#sign-in")).to_be_visible()
    assert serious_violations(page) == []
    shoot(page, "phone-signed-out.png", tmp_path)

    # registering: every wrong field named at once, beside the fields; then the account
    page.fill("#register-name", "赵敏")
    page.fill("#register-id", number[:-1] + ("0" if number[-1] != "0" else "1"))
    page.fill("#register-mobile", "1391234")
    page.fill("#register-password", "short")
    page.click("#register-form button[type=submit]")
    expect(page.locator("#register-form .field-error")).to_contain_text("校验位不符",
                                                                       timeout=20000)
    assert page.get_attribute("#register-mobile", "aria-invalid") == "true"
    assert page.get_attribute("#register-name", "aria-invalid") is None
    assert serious_violations(page) == []
    page.fill("#register-id", number)
    page.fill("#register-mobile", "13912345678")
    page.fill("#register-password", password)
    page.click("#register-form button[type=submit]")
    expect(page.locator("#register-result")).to_contain_text("注册成功", timeout=20000)

    sign_in(page, number, password)
    page.wait_for_url(f"{site}/**")
    expect(page.locator("#signed-in-as")).to_contain_text("赵敏", timeout=15000)
    card = page.locator(f".case-card[data-case-number='{case_number}']")
    expect(card).to_be_visible()
    card.locator("summary").click()
    expect(card).to_contain_text("已办结")
    notice = card.locator(".notice-link[data-kind='ACCEPTANCE_NOTICE']")
    with context.expect_page() as opened:
        notice.click()
    pdf = context.request.get(site + notice.get_attribute("href"))
    assert (pdf.status, pdf.headers["content-type"], pdf.body()[:5]) == (
        200, "application/pdf", b"%PDF-")
    opened.value.close()
    assert serious_violations(page) == []
    shoot(page, "phone-my-case.png", tmp_path)

    # rated poor: the efficiency office's follow-ups have it
    rate = card.locator("form.rating").first
    rate.locator("button[type=submit]").click()
    expect(rate.locator(".field-error")).to_contain_text("请选择满意程度")
    rate.locator("input[value=VERY_DISSATISFIED]").check()
    rate.locator("textarea").fill("窗口让我来回跑了三次")
    rate.locator("button[type=submit]").click()
    officer = token(stack, "efficiency_officer", subject="eff")
    rows = eventually(lambda: gql(stack.gateway_url, "query($d: String) { ratingFollowUps("
                                  "department: $d) { caseId status } }", {"d": code},
                                  officer)["data"]["ratingFollowUps"], 30,
                      what="the poor rating followed up")
    assert rows == [{"caseId": case_id, "status": "OPEN"}]
    expect(card.locator(".rated")).to_contain_text("非常不满意")  # the card stays open
    follow = card.locator("form.rating")
    expect(follow.locator("legend")).to_contain_text("追加评价")
    follow.locator("input[value=SATISFIED]").check()
    follow.locator("button[type=submit]").click()
    expect(card.locator(".rated")).to_contain_text("追评：满意")

    # a complaint about the case by its printed number, then followed by number and code
    card.get_by_text("对本办件的办理提出效能投诉").click()
    form = page.locator("#complaint-form")
    expect(form.locator("[name=subjectRef]")).to_have_value(case_number)
    form.locator("[name=category]").select_option("PUSHING_OFF")
    form.locator("[name=complainantContact]").fill("13912345678")
    form.locator("button[type=submit]").click()
    expect(form.locator(".field-error")).to_be_visible(timeout=20000)  # no description
    form.locator("[name=description]").fill("材料齐全却被要求多次补交")
    form.locator("button[type=submit]").click()
    expect(page.locator("#complaint-result .complaint-number")).to_be_visible(timeout=20000)
    page.click("#follow-form button[type=submit]")
    expect(page.locator("#follow-result")).to_contain_text("已登记")
    assert serious_violations(page) == []
    shoot(page, "phone-complaint.png", tmp_path)

    # another applicant cannot open this applicant's notice by its plain URL
    plain = site + notice.get_attribute("href").split("?")[0]
    own = password_token(stack.keycloak, number, password)
    assert httpx.get(plain, timeout=30,
                     headers={"authorization": f"Bearer {own}"}).status_code == 200
    theirs = token(stack, "applicant", subject=new_id_number())
    assert httpx.get(plain, timeout=30,
                     headers={"authorization": f"Bearer {theirs}"}).status_code == 403
    context.close()

    staff = browser.new_page(locale="zh-CN")
    staff.goto(f"{site}/dashboard")
    expect(staff.locator("#sign-in-provider")).to_be_visible()
    assert serious_violations(staff) == []
    staff.close()
