"""The administrator's part of the workbench (issue 24), in Debian's chromium through the real
sign-in: a new department with its window; an item saved as a draft, refused publication
while its elements are missing (all named at once) and while the department cannot staff its
review chain (the missing posts named); the posts registered, a B post set and its A away, a
chief approver appointed (a term under a year refused); the item published and then
withdrawn with reasons; a closure day added and removed on the calendar. axe-core finds no
serious or critical violation."""

import uuid

import pytest
from playwright.sync_api import expect

from deploy.local.keycloak import realm_user
from tests.e2e.test_applicant_phone import serious_violations
from tests.e2e.test_pages import base
from tests.e2e.test_workbench import choose, fill_date, signed_in
from tests.support import gql, set_clock, token

pytestmark = pytest.mark.e2e
POSTS = (("h", "工作人员"), ("sh", "科室负责人"), ("dl", "分管领导"), ("ml", "主要领导"))


def test_an_administrator_sets_up_a_department_and_publishes_its_item(stack, browser):
    set_clock(stack, "2026-12-01T09:00:00+08:00")
    site = base(stack)
    department = f"dept-{uuid.uuid4().hex[:6]}"
    code = f"ADM-{uuid.uuid4().hex[:6]}"
    admin = f"admin-{uuid.uuid4().hex[:6]}-adm"
    realm_user(stack.keycloak, admin, "Staff-pass-1", "测试adm", ["admin"], None)

    context, page = signed_in(browser, site, stack.keycloak, admin, "/workbench/admin/staff")
    page.fill("#staff-department", department)
    page.click("#staff-load")
    page.fill("#department-name", "测试审批局")
    page.fill("#department-windows", "W-1 一号窗口")
    page.click("#department-save")
    expect(page.locator("#done")).to_have_text("部门已保存", timeout=15000)

    # the item: elements missing are named together; then a draft that cannot be staffed
    page.goto(f"{site}/workbench/admin/items")
    page.click("#new-item")
    page.fill("#item-code", code)
    page.fill("#item-department", department)
    page.fill("#item-name", "测试许可事项")
    page.fill(".material-name input", "申请表")
    page.click("#item-save")
    expect(page.locator("#item-done")).to_have_text("事项已保存", timeout=15000)
    page.keyboard.press("Escape")
    page.fill("#items-department", department)
    page.keyboard.press("Enter")
    expect(page.locator(".item-status")).to_have_text(["草稿"], timeout=15000)
    page.locator(".item-publish").click()
    refusal = page.locator("#refusal")
    expect(refusal).to_contain_text("法律依据", timeout=15000)
    expect(refusal).to_contain_text("申请条件")
    expect(refusal).to_contain_text("岗位责任人")
    page.locator(".item-edit").click()
    page.fill("#item-basis", "《中华人民共和国行政许可法》")
    page.fill("#item-conditions", "申请人符合法定条件")
    page.fill("#item-post", "综合受理窗口")
    page.fill("#item-place", "政务服务中心一楼")
    page.fill("#item-steps", "受理\n审查\n决定\n送达")
    page.fill("#item-phone", "12345")
    page.click("#item-save")
    expect(page.locator("#item-done")).to_contain_text("草稿已保存", timeout=15000)
    page.keyboard.press("Escape")
    page.locator(".item-publish").click()
    expect(refusal).to_contain_text("请先登记相应岗位人员", timeout=15000)
    expect(refusal).to_contain_text("科室负责人")
    assert serious_violations(page) == []

    # the posts, then the item is published and withdrawn
    page.goto(f"{site}/workbench/admin/staff")
    page.fill("#staff-department", department)
    page.click("#staff-load")
    expect(page.locator("#department-name")).to_have_value("测试审批局", timeout=15000)
    for suffix, post in POSTS:
        page.fill("#member-id", f"{department}-{suffix}")
        page.fill("#member-name", f"测试{suffix}")
        choose(page, "#member-position", post)
        page.click("#member-save")
        expect(page.get_by_role("cell", name=f"{department}-{suffix}")).to_be_visible(
            timeout=15000)
    # A/B: the handler's B post, the handler away three days (the B stands in)
    page.fill("#member-id", f"{department}-h2")
    page.fill("#member-name", "测试h2")
    page.click("#member-save")
    expect(page.get_by_role("cell", name=f"{department}-h2")).to_be_visible(timeout=15000)
    page.get_by_role("row", name=f"{department}-h 测试h ").locator(".staff-edit").click()
    expect(page.locator("#member-id")).to_have_value(f"{department}-h")
    choose(page, "#member-backup", f"测试h2（{department}-h2）")
    page.click("#member-save")
    expect(page.get_by_role("row", name=f"{department}-h 测试h ")).to_contain_text(
        f"{department}-h2", timeout=15000)
    choose(page, "#absence-staff", f"测试h（{department}-h）")
    fill_date(page, "#absence-from", "2026-12-01")
    fill_date(page, "#absence-until", "2026-12-03")
    page.click("#absence-save")
    expect(page.locator(".absence")).to_contain_text(
        f"请假 2026-12-01—2026-12-03（{department}-h2 顶岗）", timeout=15000)
    # a chief approver: a term under a year refused at its field, then appointed
    choose(page, "#chief-staff", f"测试sh（{department}-sh）")
    fill_date(page, "#chief-start", "2026-12-01")
    fill_date(page, "#chief-end", "2027-06-30")
    page.fill("#chief-authority", "本部门许可事项的批准")
    page.click("#chief-appoint")
    expect(page.get_by_text("首席审批员任期不少于一年")).to_be_visible(timeout=15000)
    fill_date(page, "#chief-end", "2027-12-01")
    page.click("#chief-appoint")
    expect(page.locator("#chiefs-today")).to_contain_text(f"{department}-sh", timeout=15000)
    assert serious_violations(page) == []
    page.goto(f"{site}/workbench/admin/items")
    page.fill("#items-department", department)
    page.keyboard.press("Enter")
    page.locator(".item-publish").click()
    expect(page.locator("#done")).to_have_text("已发布第 1 版", timeout=15000)
    expect(page.locator(".item-status")).to_have_text(["已发布 第 1 版"])
    page.locator(".item-withdraw").click()
    page.get_by_label("撤销理由").fill("法规废止")
    page.get_by_role("button", name="确认撤销").click()
    expect(page.locator(".item-status")).to_have_text(["已撤销 第 1 版"], timeout=15000)

    # the calendar: a closure day added and removed
    page.goto(f"{site}/workbench/admin/calendar")
    fill_date(page, "#closure-date", "2026-12-08")
    page.fill("#closure-reason", "设备检修")
    page.click("#closure-add")
    expect(page.locator("#closure-days")).to_contain_text("2026-12-08 设备检修", timeout=15000)
    assert serious_violations(page) == []
    page.locator("#closure-days li", has_text="2026-12-08").get_by_role("button").click()
    expect(page.locator("#closure-days")).not_to_contain_text("2026-12-08", timeout=15000)
    context.close()

    item = gql(stack.gateway_url, """query($d: String) { draftServiceItems(department: $d) {
      edges { node { code status withdrawalReason } } } serviceItems(department: $d) {
      edges { node { code } } } }""", {"d": department}, token(stack, "admin"))["data"]
    assert item["serviceItems"]["edges"] == []
