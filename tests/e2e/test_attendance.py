"""Attendance and leave through the gateway (issue 28, 001 考勤制度): a leave of one day asked
by a chief approver is approved by the centre's duty director of the day (not by a window
clerk), is filed with 督查科, and makes the B post act with the chief approver's authority; a
member of a window not signed in by the morning check, without approved leave, opens a
supervision case (离岗), and the month's attendance reaches the scorecard; once the month is
over the office publishes it (每月公布) on the workbench, once, and the department's clerk reads
it there; the workbench's
考勤与请假 screen: a clerk signs in and asks for an official outing (a stand-in named where
the post has no B), their department's head approves it."""

import uuid

import pytest
from playwright.sync_api import expect

from deploy.local.keycloak import realm_user
from tests.e2e.test_applicant_phone import serious_violations
from tests.e2e.test_case_processing import department_with_staff
from tests.e2e.test_pages import base
from tests.e2e.test_window import CONSENT, PROPOSE, _directory, read_case, step, submit
from tests.e2e.test_workbench import signed_in
from tests.support import (
    centre_deputy, create_item, error_codes, eventually, gql, set_clock, token,
)

pytestmark = pytest.mark.e2e
MATERIALS = [{"name": "申请书"}]
REQUEST = """mutation($i: RequestLeaveInput!) { requestLeave(input: $i) { __typename
  ... on LeaveSaved { leave { id approverLevel status coverId } }
  ... on InvalidInput { code field } ... on LeaveRefused { code } } }"""
DECIDE = """mutation($id: ID!, $ok: Boolean!) { decideLeave(id: $id, approve: $ok) { __typename
  ... on LeaveSaved { leave { status } } ... on LeaveRefused { code message } } }"""
SIGN_IN = """mutation($s: String!) { signIn(staffId: $s) { __typename
  ... on SignInSaved { day { morning } } ... on InvalidInput { code } } }"""
SUPERVISION = """query($d: String) { supervisionCases(department: $d) { edges { node {
  trigger breach people subjectType evidence { summary } } } } }"""


def test_a_leave_the_duty_director_approves_makes_the_b_post_act(stack):
    set_clock(stack, "2026-12-08T08:30:00+08:00")  # Tuesday
    department = f"dept-{uuid.uuid4().hex[:6]}"
    people = _directory(stack, department)
    duty = centre_deputy(stack)
    named = gql(stack.gateway_url, """mutation($s: String!) { nameDutyDirector(on: "2026-12-08",
      staffId: $s) { __typename } }""", {"s": duty}, token(stack, "supervisor", subject="sup"))
    assert named["data"]["nameDutyDirector"]["__typename"] == "DutyDirectorSaved", named

    asked = gql(stack.gateway_url, REQUEST, {"i": {"kind": "LEAVE", "fromOn": "2026-12-08",
                                                   "untilOn": "2026-12-08",
                                                   "reason": "家中有事"}},
                people["chief"])["data"]["requestLeave"]
    assert asked["__typename"] == "LeaveSaved", asked
    leave = asked["leave"]
    assert (leave["approverLevel"], leave["status"], leave["coverId"]) == (
        "DUTY_DIRECTOR", "REQUESTED", people["backup_id"])
    refused = gql(stack.gateway_url, DECIDE, {"id": leave["id"], "ok": True},
                  people["clerk"])["data"]["decideLeave"]
    assert (refused["__typename"], refused["code"]) == ("LeaveRefused", "NOT_THE_APPROVER")
    director = token(stack, "supervisor", subject=duty)
    queue = gql(stack.gateway_url, "{ leaveAwaitingDecision { id } }", None, director)["data"]
    assert {"id": leave["id"]} in queue["leaveAwaitingDecision"]
    approved = gql(stack.gateway_url, DECIDE, {"id": leave["id"], "ok": True}, director)[
        "data"]["decideLeave"]
    assert approved == {"__typename": "LeaveSaved", "leave": {"status": "APPROVED"}}

    # filed with 督查科: the office reads it
    officer = token(stack, "efficiency_officer", subject="eff-att")
    filed = gql(stack.gateway_url, """query($d: String) { leaveRequests(from: "2026-12-01",
      to: "2026-12-31", department: $d) { id status approverLevelName } }""",
                {"d": department}, officer)["data"]["leaveRequests"]
    assert filed == [{"id": leave["id"], "status": "APPROVED", "approverLevelName": "中心值班主任"}]
    # the B post acts: a rejection proposal goes to B on A's behalf, and B consents
    staff = """query($d: String!) { staff(department: $d, first: 10) { edges { node { id
      absentToday absences { reason backupId } } } } }"""
    eventually(lambda: any(e["node"]["id"] == people["chief_id"] and e["node"]["absentToday"]
                           for e in gql(stack.gateway_url, staff, {"d": department},
                                        people["admin"])["data"]["staff"]["edges"]),
               what="the approved leave in the directory")
    item = create_item(stack, department, materials=MATERIALS)
    case_id = submit(stack, item, people["clerk"], [{"name": "申请书"}])
    step(stack, PROPOSE, {"i": {"caseId": case_id, "reasons": ["不符合法定条件"],
                                "legalBasis": "《婚姻登记条例》第六条"}}, people["clerk"])
    case = read_case(stack, case_id, people["clerk"])
    assert case["rejectionProposal"] == {"addressedTo": [people["backup_id"]],
                                         "onBehalfOf": [people["chief_id"]]}
    assert step(stack, CONSENT, {"id": case_id}, people["backup"])["case"]["status"] == "REJECTED"
    again = gql(stack.gateway_url, DECIDE, {"id": leave["id"], "ok": True}, director)
    assert again["data"]["decideLeave"]["code"] == "LEAVE_DECIDED"  # decided once


def test_a_window_left_without_leave_opens_a_supervision_case_and_the_month_is_published(
        stack, browser):
    set_clock(stack, "2026-12-21T08:50:00+08:00")  # Monday: the clerk signs in
    department = f"dept-{uuid.uuid4().hex[:6]}"
    people = _directory(stack, department)
    signed = gql(stack.gateway_url, SIGN_IN, {"s": people["clerk_id"]}, people["clerk"])[
        "data"]["signIn"]
    assert signed["__typename"] == "SignInSaved" and signed["day"]["morning"]
    assert error_codes(gql(stack.gateway_url, SIGN_IN, {"s": people["clerk_id"]},
                           people["backup"])) == ["FORBIDDEN"]  # nobody signs for another
    set_clock(stack, "2026-12-22T09:35:00+08:00")  # Tuesday, after the morning's check time
    supervisor = token(stack, "supervisor", subject="sup-att")
    edges = eventually(lambda: gql(stack.gateway_url, SUPERVISION, {"d": department},
                                   supervisor)["data"]["supervisionCases"]["edges"],
                       what="the absence without leave in supervision")
    [opened] = [e["node"] for e in edges]
    assert (opened["trigger"], opened["breach"], opened["people"], opened["subjectType"]) == (
        "ABSENT_WITHOUT_LEAVE", "LEFT_POST", [people["clerk_id"]], "attendance")
    assert "上午未签到且无批准的请假（窗口 W1无人在岗）" in opened["evidence"][0]["summary"]
    month = gql(stack.gateway_url, """query($d: String!) { monthlyAttendance(department: $d,
      month: "2026-12") { staffId halfDaysSigned halfDaysAbsent } }""", {"d": department},
                supervisor)["data"]["monthlyAttendance"]
    assert {"staffId": people["clerk_id"], "halfDaysSigned": 1, "halfDaysAbsent": 1} in month
    card = """query($k: String!) { scorecard(kind: STAFF, key: $k, period: "2026-12") {
      attendanceHalfDays absencesWithoutLeave score } }"""
    assert eventually(lambda: (c := gql(stack.gateway_url, card, {"k": people["clerk_id"]},
                                        supervisor)["data"]["scorecard"])[
        "absencesWithoutLeave"] == 1 and c, what="the scorecard counted") == {
        "attendanceHalfDays": 1, "absencesWithoutLeave": 1, "score": 97.0}

    # 每月公布: not before the month is over, not by a clerk; then once, as summarised
    publish = """mutation($d: String!, $m: String!) { publishMonthlyAttendance(department: $d,
      month: $m) { __typename ... on AttendancePublished { published { publishedOn members {
      staffId halfDaysSigned halfDaysAbsent } } } ... on InvalidInput { code field }
      ... on LeaveRefused { code } } }"""
    assert gql(stack.gateway_url, publish, {"d": department, "m": "2026-12"}, supervisor)[
        "data"]["publishMonthlyAttendance"] == {"__typename": "InvalidInput",
                                                "code": "MONTH_NOT_OVER", "field": "month"}
    set_clock(stack, "2027-01-04T08:00:00+08:00")  # Monday, before any half's check
    assert error_codes(gql(stack.gateway_url, publish, {"d": department, "m": "2026-12"},
                           people["clerk"])) == ["FORBIDDEN"]
    suffix = department.rsplit("-", 1)[1]
    officer = f"eff-{suffix}-pub"
    realm_user(stack.keycloak, officer, "Staff-pass-1", "测试pub", ["efficiency_officer"], None)
    context, page = signed_in(browser, base(stack), stack.keycloak, officer,
                              "/workbench/attendance")
    page.fill("#month-department", department)
    page.fill("#month", "2026-12")
    page.click("#month-load")
    expect(page.locator("#month-published")).to_contain_text("2026-12 考勤尚未公布，下表为当前汇总",
                                                             timeout=15000)
    expect(page.locator("#month-table")).to_contain_text("王芳")
    page.click("#month-publish")
    expect(page.locator("#done")).to_have_text("已公布", timeout=15000)
    expect(page.locator("#month-published")).to_contain_text(
        f"2026-12 考勤已于 2027-01-04 公布（{officer}）")
    expect(page.locator("#month-publish")).to_have_count(0)
    assert serious_violations(page) == []
    context.close()
    again = gql(stack.gateway_url, publish, {"d": department, "m": "2026-12"}, supervisor)
    assert again["data"]["publishMonthlyAttendance"] == {"__typename": "LeaveRefused",
                                                         "code": "ALREADY_PUBLISHED"}
    read = """query($d: String!) { publishedAttendance(department: $d, month: "2026-12") {
      publishedOn members { staffId halfDaysSigned halfDaysAbsent } } }"""
    found = gql(stack.gateway_url, read, {"d": department}, people["clerk"])["data"][
        "publishedAttendance"]  # every member of the department reads it
    assert found["publishedOn"] == "2027-01-04" and sorted(
        found["members"], key=lambda m: m["staffId"]) == [
            {"staffId": people["backup_id"], "halfDaysSigned": 0, "halfDaysAbsent": 0},
            {"staffId": people["chief_id"], "halfDaysSigned": 0, "halfDaysAbsent": 0},
            {"staffId": people["clerk_id"], "halfDaysSigned": 1, "halfDaysAbsent": 1}]
    assert error_codes(gql(stack.gateway_url, read, {"d": department},
                           token(stack, "window_staff", department="dept-other"))) == [
        "FORBIDDEN"]
    department_card = """query($k: String!) { scorecard(kind: DEPARTMENT, key: $k,
      period: "2026-Q4") { attendanceMonthsPublished } }"""
    assert eventually(lambda: gql(stack.gateway_url, department_card, {"k": department},
                                  supervisor)["data"]["scorecard"][
        "attendanceMonthsPublished"] == 1, what="the publication on the department's card")
    # the department's clerk reads it on the workbench
    clerk = people["clerk_id"]
    realm_user(stack.keycloak, clerk, "Staff-pass-1", f"测试{suffix}", ["window_staff"],
               department)
    context, page = signed_in(browser, base(stack), stack.keycloak, clerk,
                              "/workbench/attendance")
    page.fill("#month", "2026-12")
    page.click("#month-load")
    expect(page.locator("#month-published")).to_contain_text("已于 2027-01-04 公布",
                                                             timeout=15000)
    expect(page.locator("#month-table")).to_contain_text("王芳")
    expect(page.locator("#month-publish")).to_have_count(0)
    context.close()


def test_the_attendance_screen_signs_in_asks_for_an_outing_and_its_head_approves(stack,
                                                                                browser):
    set_clock(stack, "2026-12-09T09:00:00+08:00")  # Wednesday
    department, _ = department_with_staff(stack)
    site, suffix = base(stack), department.rsplit("-", 1)[1]
    clerk, head = f"handler-{department}", f"head-{department}"
    realm_user(stack.keycloak, clerk, "Staff-pass-1", f"测试{suffix}", ["window_staff"],
               department)
    realm_user(stack.keycloak, head, "Staff-pass-1", f"测试{suffix}", ["department_head"],
               department)

    context, page = signed_in(browser, site, stack.keycloak, clerk, "/workbench/attendance")
    page.click("#sign-in-now")
    expect(page.locator("#signed-at")).to_contain_text("上午 09:00", timeout=15000)
    page.locator(".el-select:has(#leave-kind)").click()
    page.get_by_role("option", name="因公外出").click()
    page.fill("#leave-from", "2026-12-09")
    page.fill("#leave-until", "2026-12-09")
    page.fill("#leave-reason", "到市局送审材料")
    page.click("#leave-submit")
    expect(page.locator("#problem")).to_contain_text("顶岗人员", timeout=15000)  # no B post
    page.fill("#leave-stand-in", f"deputy-{department}")
    page.click("#leave-submit")
    expect(page.locator("#done")).to_have_text("请假单已提交", timeout=15000)
    row = page.locator("#my-leave tr", has_text="因公外出")
    expect(row).to_contain_text("视窗负责人")
    expect(row.locator(".leave-status")).to_have_text("待审批")
    assert serious_violations(page) == []
    context.close()

    context, page = signed_in(browser, site, stack.keycloak, head, "/workbench/attendance")
    waiting = page.locator("#awaiting tr", has_text=clerk)
    expect(waiting).to_contain_text("到市局送审材料", timeout=15000)
    waiting.locator("button.approve").click()
    expect(page.locator("#done")).to_have_text("已批准", timeout=15000)
    expect(page.locator("#awaiting")).to_contain_text("没有待您审批的请假")
    assert serious_violations(page) == []
    context.close()
