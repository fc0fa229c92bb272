"""Weekly inspections through the gateway (issue 28, 001 值周制度): the office opens the week
under a deputy director of the centre with window units' staff (checked against the staff roll
oversight keeps from the directory's announcements), 督查科 records a full check whose findings go to accountability (a
finding at once) and to supervision (a case to verify); the department's head reads only
their windows' findings; the week is handed over on Friday; the findings count in the
department's month; the workbench's 值周检查 screen opens a week and records a spot check."""

import uuid

import pytest
from playwright.sync_api import expect

from deploy.local.keycloak import realm_user
from tests.e2e.test_applicant_phone import serious_violations
from tests.e2e.test_pages import base
from tests.e2e.test_workbench import choose, signed_in, type_in
from tests.support import (
    centre_deputy, error_codes, eventually, gql, set_clock, staff_department, token,
)

pytestmark = pytest.mark.e2e
OPEN = """mutation($i: OpenInspectionWeekInput!) { openInspectionWeek(input: $i) { __typename
  ... on InspectionWeekSaved { week { id status } } ... on StateConflict { code }
  ... on InvalidInput { code field } } }"""
CHECK = """mutation($i: RecordInspectionCheckInput!) { recordInspectionCheck(input: $i) {
  __typename ... on InspectionWeekSaved { week { findings { id itemName referral } } }
  ... on InvalidInput { code field } ... on StateConflict { code } } }"""
HAND_OVER = """mutation($w: ID!, $to: String!) { handOverInspectionWeek(weekId: $w,
  toLeaderId: $to, notes: "本周情况已在周例会通报") { __typename
  ... on InspectionWeekSaved { week { status } } ... on StateConflict { code }
  ... on InvalidInput { code field } } }"""


def test_a_weeks_inspection_findings_reach_accountability_and_supervision(stack):
    set_clock(stack, "2026-12-14T10:00:00+08:00")  # Monday
    department, other = f"dept-{uuid.uuid4().hex[:6]}", f"dept-{uuid.uuid4().hex[:6]}"
    staff_department(stack, department)
    staff_department(stack, other)
    clerk = f"{department}-h"
    leader, next_leader = centre_deputy(stack), centre_deputy(stack)
    officer = token(stack, "efficiency_officer", subject=f"eff-{uuid.uuid4().hex[:4]}")

    def open_week(leader_id, member_ids):
        return gql(stack.gateway_url, OPEN, {"i": {"monday": "2026-12-14", "leaderId": leader_id,
                                                   "memberIds": member_ids}},
                   officer)["data"]["openInspectionWeek"]

    # led by one of the centre's deputy directors (not a window's leader), with the window
    # units' staff; the roll follows the directory's announcements, so the first try may wait
    members = [f"{department}-sh", f"{other}-h"]
    eventually(lambda: open_week(f"{department}-dl", members) == {
        "__typename": "InvalidInput", "code": "NOT_DEPUTY_DIRECTOR", "field": "leaderId"},
        what="a department's deputy leader refused as the week's leader")
    assert open_week(leader, [*members, "nobody-here"]) == {
        "__typename": "InvalidInput", "code": "UNKNOWN_STAFF", "field": "memberIds"}
    assert open_week(leader, [next_leader]) == {
        "__typename": "InvalidInput", "code": "NOT_WINDOW_STAFF", "field": "memberIds"}
    week = eventually(lambda: (w := open_week(leader, members))["__typename"] != "InvalidInput"
                      and w, what="the week opened once the roll knows its team")
    assert week == {"__typename": "InspectionWeekSaved",
                    "week": {"id": "2026-12-14", "status": "OPEN"}}
    clerk_token = token(stack, "window_staff", department=department, subject=clerk)
    assert error_codes(gql(stack.gateway_url, CHECK, {"i": {
        "weekId": "2026-12-14", "kind": "SPOT", "on": "2026-12-14", "windows": ["x/W-1"]}},
        clerk_token)) == ["FORBIDDEN"]
    recorded = gql(stack.gateway_url, CHECK, {"i": {
        "weekId": "2026-12-14", "kind": "FULL", "on": "2026-12-15",
        "windows": [f"{department}/W-1", f"{other}/W-1"], "findings": [
            {"department": department, "window": "W-1", "item": "CONDUCT",
             "note": "上班时间离岗 40 分钟", "evidence": "监控截图 2 张", "people": [clerk],
             "referral": "ACCOUNTABILITY", "breach": "LEFT_POST"},
            {"department": department, "window": "W-1", "item": "ATTITUDE",
             "note": "对办事群众语气生硬", "people": [clerk], "referral": "SUPERVISION",
             "breach": "RUDE_CONDUCT"},
            {"department": other, "window": "W-1", "item": "HYGIENE", "note": "台面杂乱"}]}},
        officer)["data"]["recordInspectionCheck"]
    assert recorded["__typename"] == "InspectionWeekSaved", recorded
    assert [(f["id"], f["itemName"], f["referral"]) for f in recorded["week"]["findings"]] == [
        ("2026-12-14:1", "仪态言行", "ACCOUNTABILITY"), ("2026-12-14:2", "服务态度", "SUPERVISION"),
        ("2026-12-14:3", "卫生保洁", "NONE")]

    supervisor = token(stack, "supervisor", subject=f"sup-{uuid.uuid4().hex[:4]}")
    findings = eventually(lambda: gql(stack.gateway_url, """query($d: String) { findings(
      department: $d) { edges { node { breach source people } } } }""", {"d": department},
                                      supervisor)["data"]["findings"]["edges"],
                          what="the accountability finding")
    [opened] = [e["node"] for e in findings]
    assert opened["breach"] == "LEFT_POST" and opened["people"] == [clerk]
    assert opened["source"] == "inspection:2026-12-14:1"
    cases = eventually(lambda: gql(stack.gateway_url, """query($d: String) { supervisionCases(
      department: $d) { edges { node { trigger breach people evidence { summary } } } } }""",
                                   {"d": department}, supervisor)["data"][
        "supervisionCases"]["edges"], what="the supervision case")
    [case] = [e["node"] for e in cases]
    assert (case["trigger"], case["breach"], case["people"]) == (
        "INSPECTION_FINDING", "RUDE_CONDUCT", [clerk])
    assert case["evidence"][0]["summary"] == "值周全面检查：服务态度——对办事群众语气生硬"

    # the department's head reads their windows' findings only
    head = token(stack, "department_head", department=department, subject=f"{department}-sh")
    read = gql(stack.gateway_url, """{ inspectionWeek(monday: "2026-12-14") { findings {
      department } } }""", None, head)["data"]["inspectionWeek"]["findings"]
    assert read and {f["department"] for f in read} == {department}

    # handed over on Friday, after the full check
    handed = gql(stack.gateway_url, HAND_OVER, {"w": "2026-12-14", "to": next_leader},
                 officer)["data"]["handOverInspectionWeek"]
    assert handed == {"__typename": "StateConflict", "code": "NOT_FRIDAY"}
    set_clock(stack, "2026-12-18T16:30:00+08:00")
    handed = gql(stack.gateway_url, HAND_OVER, {"w": "2026-12-14", "to": clerk},
                 officer)["data"]["handOverInspectionWeek"]
    assert handed == {"__typename": "InvalidInput", "code": "NOT_DEPUTY_DIRECTOR",
                      "field": "toLeaderId"}
    handed = gql(stack.gateway_url, HAND_OVER, {"w": "2026-12-14", "to": next_leader},
                 officer)["data"]["handOverInspectionWeek"]
    assert handed == {"__typename": "InspectionWeekSaved", "week": {"status": "HANDED_OVER"}}
    card = """query($k: String!) { scorecard(kind: DEPARTMENT, key: $k, period: "2026-12") {
      inspectionFindings } }"""
    assert eventually(lambda: gql(stack.gateway_url, card, {"k": department}, supervisor)[
        "data"]["scorecard"]["inspectionFindings"] == 2, what="the findings in the month")


def test_the_inspection_screen_opens_a_week_and_records_a_spot_check(stack, browser):
    set_clock(stack, "2026-12-28T10:00:00+08:00")  # Monday
    department = f"dept-{uuid.uuid4().hex[:6]}"
    staff_department(stack, department)
    leader = centre_deputy(stack)
    officer = f"eff-{uuid.uuid4().hex[:6]}-insp"
    realm_user(stack.keycloak, officer, "Staff-pass-1", "测试insp", ["efficiency_officer"], None)
    context, page = signed_in(browser, base(stack), stack.keycloak, officer,
                              "/workbench/inspections")
    page.fill("#week-monday", "2026-12-28")
    page.click("#week-load")
    expect(page.get_by_text("本周尚未安排值周")).to_be_visible(timeout=15000)
    # people are chosen by name and post: the leader among the centre's deputy directors, the
    # members unit by unit; a user name not listed can still be typed
    choose(page, "#member-unit", f"测试部门 {department}")
    members = page.locator(".el-select__wrapper", has=page.locator("#week-members"))
    members.click()
    page.get_by_role("option", name=f"测试sh（{department}-sh · 科室负责人）").click()
    page.keyboard.press("Escape")
    expect(members).to_contain_text(f"测试sh（{department}-sh")
    # a window's clerk cannot lead: typed in, refused beside the field
    type_in(page, "#week-leader", f"{department}-h")
    page.click("#week-open")
    expect(page.locator(".el-form-item:has(#week-leader) .el-form-item__error")).to_contain_text(
        "不是中心副主任", timeout=15000)
    choose(page, "#week-leader", f"中心副主任（{leader} · 分管领导）")
    page.click("#week-open")
    expect(page.locator("#week-summary")).to_contain_text("带队 中心副主任 · 值周人员 测试sh",
                                                          timeout=15000)
    # a check's date is offered inside the week shown (today there, else its Monday)
    assert "2026-12-28" <= page.input_value("#check-on") <= "2027-01-03"
    page.locator(".el-select:has(#check-kind)").click()
    page.get_by_role("option", name="抽查").click()
    page.fill("#check-on", "2026-12-28")
    page.fill("#check-windows", f"{department}/W-1")
    page.fill("#finding-department", department)
    page.fill("#finding-window", "W-1")
    page.fill("#finding-note", "未佩证上岗")
    page.fill("#finding-evidence", "照片 1 张")
    page.click("#finding-add")
    expect(page.locator("#draft-findings")).to_contain_text("佩证上岗：未佩证上岗")
    page.click("#check-record")
    expect(page.locator("#done")).to_have_text("检查情况已登记", timeout=15000)
    expect(page.locator("#findings")).to_contain_text("未佩证上岗")
    type_in(page, "#handover-to", centre_deputy(stack))  # named since the page opened
    page.fill("#handover-notes", "交接")
    page.click("#handover")
    expect(page.locator("#problem")).to_contain_text("周五", timeout=15000)  # Monday: too soon
    assert serious_violations(page) == []
    context.close()

