"""对接系统 in the workbench (issue 25), in Debian's chromium through the real sign-in: an
administrator registers a webhook subscriber (the secret shown once, and it signs what the
receiver gets), reads its delivery log and replays a delivery; registers a department system
whose credentials (shown once) take a token from Keycloak; a department's head sees and
manages only their department's subscriber. axe-core finds no serious or critical violation."""

import re
import uuid

import httpx
import pytest
from playwright.sync_api import expect

from deploy.local.keycloak import realm_user
from deploy.local.stack import free_port
from tests.e2e.test_applicant_phone import serious_violations
from tests.e2e.test_case_processing import department_with_staff
from tests.e2e.test_pages import base
from tests.e2e.test_webhooks import submit_and_accept
from tests.e2e.test_workbench import signed_in
from tests.support import create_item, eventually, set_clock
from tests.webhook_receiver import Receiver

pytestmark = pytest.mark.e2e


def test_an_administrator_connects_a_departments_system(stack, browser):
    set_clock(stack, "2026-12-02T09:00:00+08:00")
    site = base(stack)
    department, _ = department_with_staff(stack)
    item = create_item(stack, department)
    admin = f"admin-{uuid.uuid4().hex[:6]}-int"
    realm_user(stack.keycloak, admin, "Staff-pass-1", "测试int", ["admin"], None)
    receiver = Receiver(free_port()).start()
    name = f"审批系统-{uuid.uuid4().hex[:6]}"  # other tests' subscribers are listed too

    context, page = signed_in(browser, site, stack.keycloak, admin, "/workbench/integrations")
    page.fill("#subscriber-name", name)
    page.fill("#subscriber-url", "ftp://nowhere")
    page.fill("#subscriber-types", "case.accepted")
    page.fill("#subscriber-departments", department)
    page.click("#subscriber-register")
    expect(page.get_by_text("url 须为 http(s)://主机/路径")).to_be_visible(timeout=15000)
    page.fill("#subscriber-url", receiver.url)
    page.click("#subscriber-register")
    secret = page.locator("code.secret").first
    expect(secret).to_contain_text("whsec_", timeout=15000)
    receiver.secret = secret.inner_text()
    assert serious_violations(page) == []
    page.click("#secret-close")
    expect(page.locator("code.secret")).to_have_count(0)
    row = page.locator("#subscribers tr", has_text=name)
    expect(row.locator(".subscriber-status")).to_have_text("正常")

    case_id = submit_and_accept(stack, item)
    eventually(lambda: any(e["data"]["case_id"] == case_id for e in receiver.unique()),
               what="the signed delivery")
    assert receiver.refused_signatures == 0
    row.locator(".subscriber-log").click()
    log = page.locator("#deliveries")

    def logged() -> bool:  # the attempt is written with its round, just after the send
        page.click("#log-refresh")
        page.wait_for_timeout(300)
        return "case.accepted" in log.inner_text()

    eventually(logged, what="the attempt in the delivery log")
    expect(log).to_contain_text(case_id)
    before = len(receiver.accepted)
    log.locator(".delivery-replay").first.click()
    expect(page.locator("#done")).to_have_text("已重新投递", timeout=15000)
    eventually(lambda: len(receiver.accepted) > before, what="the replay")

    # A department system: its credentials shown once take a token.
    page.fill("#system-name", "部门审批系统")
    page.fill("#system-department", department)
    page.click("#system-register")
    shown = page.locator("code.secret")
    expect(shown).to_have_count(3, timeout=15000)
    client_id, client_secret, token_url = shown.all_inner_texts()
    assert re.match(r"^dept-system-", client_id)
    answer = httpx.post(token_url, data={"grant_type": "client_credentials",
                                         "client_id": client_id,
                                         "client_secret": client_secret}, timeout=30)
    assert answer.status_code == 200, answer.text
    page.click("#secret-close")
    expect(page.locator("code.secret")).to_have_count(0)  # closed, not fading
    expect(page.locator(".el-overlay-dialog")).to_be_hidden()
    expect(page.locator("#systems")).to_contain_text(client_id)
    assert serious_violations(page) == []
    context.close()

    # The department's head: their department's subscribers only, registered as theirs.
    head = f"head-{uuid.uuid4().hex[:6]}-hd"
    realm_user(stack.keycloak, head, "Staff-pass-1", "测试hd", ["department_head"], department)
    context, page = signed_in(browser, site, stack.keycloak, head, "/workbench/integrations")
    expect(page.locator("#subscribers")).to_contain_text(name, timeout=15000)
    expect(page.locator("#subscriber-departments")).to_have_count(0)  # theirs, no choice
    page.fill("#subscriber-name", "本部门系统")
    page.fill("#subscriber-url", receiver.url)
    page.fill("#subscriber-types", "clock.*")
    page.click("#subscriber-register")
    expect(page.locator("code.secret")).to_contain_text("whsec_", timeout=15000)
    context.close()
    receiver.stop()
