"""Hall operations through the gateway (issue 28): a weekend appointment booked on the
applicant's phone page becomes an accepted case at the window; an appointment whose applicant
nobody contacted in time reaches electronic supervision; a window left without lunch-time
duty is refused in the roster and reported when the day comes; the workbench's 大厅 screen: a
head's roster, a clerk's telephone booking, the call and the visit that becomes the case; the
centre's leadership naming the day's duty director from the centre's staff."""

import uuid

import pytest
from playwright.sync_api import expect

from deploy.local.keycloak import realm_user
from tests.e2e.test_applicant_phone import PHONE, serious_violations, sign_in
from tests.e2e.test_case_processing import department_with_staff
from tests.e2e.test_pages import base, shoot
from tests.e2e.test_workbench import choose, signed_in, type_in
from tests.support import (
    centre_deputy, create_item, eventually, gql, new_id_number, set_clock, staff_department, token,
)

pytestmark = pytest.mark.e2e
ROSTER = """mutation($i: SetDutyRosterInput!) { setDutyRoster(input: $i) { __typename
  ... on DutyRosterSaved { roster { on duties { window part staffIds } } }
  ... on RosterRefused { code message } ... on InvalidInput { code field message } } }"""
BOOK = """mutation($i: BookAppointmentInput!) { bookAppointment(input: $i) { __typename
  ... on AppointmentSaved { appointment { id window status } }
  ... on AppointmentRefused { code } ... on InvalidInput { code field message } } }"""
DAY = """query($d: String!, $on: Date!) { appointments(department: $d, on: $on) { edges { node {
  id serviceItemName applicantName applicantContact startsAt window channel status caseId } } } }"""
CONTACT = """mutation($id: ID!, $t: String!) { recordAppointmentContact(id: $id, told: $t) {
  __typename ... on AppointmentSaved { appointment { status told } } } }"""
RECEIVE = """mutation($id: ID!, $m: [HandedInMaterialInput!]) { receiveAppointment(id: $id,
  materials: $m) { __typename ... on CaseUpdated { case { id status applicant { name } } }
  ... on AppointmentRefused { code message } ... on InvalidInput { code message } } }"""
ACCEPT = """mutation($id: ID!) { acceptApplication(caseId: $id) { __typename
  ... on ApplicationAccepted { case { status } } } }"""
SUPERVISION = """query($d: String) { supervisionCases(department: $d) { edges { node {
  id trigger breach subjectType subjectId status evidence { summary } } } } }"""


def roster(stack, head: str, department: str, on: str, duties: list) -> dict:
    return gql(stack.gateway_url, ROSTER, {"i": {"department": department, "on": on,
                                                 "duties": duties}}, head)["data"][
        "setDutyRoster"]


def test_a_weekend_appointment_booked_on_the_phone_becomes_an_accepted_case(
        stack, browser, tmp_path):
    set_clock(stack, "2026-12-03T10:00:00+08:00")  # Thursday
    department, tokens = department_with_staff(stack)
    handler = f"handler-{department}"
    create_item(stack, department, materials=[{"name": "申请书"}])
    # the centre opens Saturday morning at this window: its one clerk on duty
    opened = roster(stack, tokens["head"], department, "2026-12-05", [
        {"window": "W-1", "part": "MORNING", "staffIds": [handler]}])
    assert opened["__typename"] == "DutyRosterSaved", opened

    number, password, name = new_id_number(), "Phone-pass-1", "钱多多"
    realm_user(stack.keycloak, number, password, name, ["applicant"], None)
    site = base(stack)
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(site)
    sign_in(page, number, password)
    page.wait_for_url(f"{site}/**")
    expect(page.locator("#signed-in-as")).to_contain_text(name, timeout=15000)
    expect(page.locator("#my-appointments")).to_contain_text("暂无预约")
    page.select_option("#department", department)
    entry = page.locator("#catalogue-result li", has_text="测试事项").first
    entry.locator("summary").click()
    entry.locator("button.book").click()
    expect(page.locator("#appointment-on option").first).to_have_text("12月5日（周六）",
                                                                      timeout=15000)
    expect(page.locator("#appointment-time option").first).to_have_text("09:00（余 1 个）")
    page.select_option("#appointment-time", "10:30")
    page.click("#appointment-form button[type=submit]")
    expect(page.locator("#appointment-form .field-error")).to_contain_text("不能为空")
    assert page.get_attribute("#appointment-contact", "aria-invalid") == "true"  # none given
    page.fill("#appointment-contact", "13912345678")
    page.click("#appointment-form button[type=submit]")
    expect(page.locator("#appointment-result")).to_contain_text("已预约 12月5日（周六） 10:30",
                                                                timeout=15000)
    card = page.locator(".appointment-card").first
    expect(card).to_contain_text("已预约，待中心联系")
    assert serious_violations(page) == []
    shoot(page, "phone-appointment.png", tmp_path)

    # the window: the day's list, the call (what to bring, told at once), the visit
    clerk = tokens["handler"]
    found = gql(stack.gateway_url, DAY, {"d": department, "on": "2026-12-05"}, clerk)["data"]
    [booked] = [e["node"] for e in found["appointments"]["edges"]]
    assert {k: booked[k] for k in ("applicantName", "applicantContact", "startsAt", "window",
                                   "channel", "status")} == {
        "applicantName": name, "applicantContact": "13912345678", "startsAt": "10:30",
        "window": "W-1", "channel": "WEB", "status": "BOOKED"}
    stranger = token(stack, "window_staff", department="another-department")
    assert gql(stack.gateway_url, DAY, {"d": department, "on": "2026-12-05"}, stranger)[
        "errors"][0]["extensions"]["code"] == "FORBIDDEN"
    told = gql(stack.gateway_url, CONTACT, {"id": booked["id"], "t": "请携带申请书原件一份"},
               clerk)["data"]["recordAppointmentContact"]
    assert told == {"__typename": "AppointmentSaved",
                    "appointment": {"status": "CONTACTED", "told": "请携带申请书原件一份"}}
    early = gql(stack.gateway_url, RECEIVE, {"id": booked["id"], "m": [{"name": "申请书"}]},
                clerk)["data"]["receiveAppointment"]
    assert early["__typename"] == "AppointmentRefused" and early["code"] == "NOT_TODAY"
    set_clock(stack, "2026-12-05T10:25:00+08:00")
    received = gql(stack.gateway_url, RECEIVE, {"id": booked["id"], "m": [{"name": "申请书"}]},
                   clerk)["data"]["receiveAppointment"]
    assert received["__typename"] == "CaseUpdated", received
    assert received["case"]["applicant"]["name"] == name  # nothing retyped
    accepted = gql(stack.gateway_url, ACCEPT, {"id": received["case"]["id"]}, clerk)["data"][
        "acceptApplication"]
    assert accepted == {"__typename": "ApplicationAccepted", "case": {"status": "ACCEPTED"}}
    page.reload()
    expect(page.locator(".appointment-card").first).to_contain_text("已到场受理",
                                                                   timeout=15000)
    expect(page.locator(".case-card").first).to_contain_text("已受理")
    context.close()


def test_an_appointment_nobody_contacted_in_time_reaches_supervision(stack):
    set_clock(stack, "2026-12-03T10:00:00+08:00")  # Thursday: contact by Friday
    department, tokens = department_with_staff(stack)
    item = create_item(stack, department)
    assert roster(stack, tokens["head"], department, "2026-12-05", [
        {"window": "W-1", "part": "MORNING", "staffIds": [f"handler-{department}"]}])[
        "__typename"] == "DutyRosterSaved"
    booked = gql(stack.gateway_url, BOOK, {"i": {
        "serviceItemId": item["id"], "on": "2026-12-05", "startsAt": "09:00", "channel": "PHONE",
        "applicant": {"name": "孙七", "idType": "RESIDENT_ID_CARD", "idNumber": new_id_number(),
                      "contact": "13700000000"}}}, tokens["handler"])["data"]["bookAppointment"]
    assert booked["__typename"] == "AppointmentSaved", booked
    appointment_id = booked["appointment"]["id"]
    supervisor = token(stack, "supervisor", subject="sup-hall")
    clock = """query($s: ID!) { clock(kind: APPOINTMENT_CONTACT, subjectId: $s) {
      dueDate status } }"""
    assert eventually(lambda: gql(stack.gateway_url, clock, {"s": appointment_id}, supervisor)[
        "data"]["clock"], what="the contact clock") == {"dueDate": "2026-12-04",
                                                         "status": "RUNNING"}
    set_clock(stack, "2026-12-07T09:00:00+08:00")  # Monday: past Friday, nobody called
    edges = eventually(lambda: gql(stack.gateway_url, SUPERVISION, {"d": department},
                                   supervisor)["data"]["supervisionCases"]["edges"],
                       what="a supervision case opened")
    [opened] = [e["node"] for e in edges]
    assert {k: opened[k] for k in ("trigger", "breach", "subjectType", "subjectId",
                                   "status")} == {
        "trigger": "RED_CARD", "breach": "APPOINTMENT_NOT_CONTACTED",
        "subjectType": "appointment", "subjectId": appointment_id, "status": "OPEN"}


def test_a_lunch_time_gap_is_refused_in_the_roster_and_reported_on_the_day(stack):
    set_clock(stack, "2026-12-14T09:00:00+08:00")  # Monday
    department, tokens = department_with_staff(stack)
    head, handler = tokens["head"], f"handler-{department}"
    refused = roster(stack, head, department, "2026-12-15", [
        {"window": "W-1", "part": "MORNING", "staffIds": [handler]},
        {"window": "W-1", "part": "LUNCH_FIRST", "staffIds": [handler]}])
    assert refused["__typename"] == "RosterRefused" and refused["code"] == "LUNCH_DUTY_GAP"
    assert "W-1（午休第二组）" in refused["message"]
    other = token(stack, "department_head", department="another-department",
                  subject=f"h-{uuid.uuid4().hex[:4]}")
    assert gql(stack.gateway_url, ROSTER, {"i": {"department": department, "on": "2026-12-15",
                                                 "duties": []}}, other)[
        "errors"][0]["extensions"]["code"] == "FORBIDDEN"
    # Monday is rostered in full (the department serves lunch-time); Wednesday is not
    leader = f"deputy-{department}"
    assert roster(stack, head, department, "2026-12-14", [
        {"window": "W-1", "part": "LUNCH_FIRST", "staffIds": [handler]},
        {"window": "W-1", "part": "LUNCH_SECOND", "staffIds": [leader]}])[
        "__typename"] == "DutyRosterSaved"
    supervisor = token(stack, "supervisor", subject="sup-hall")
    set_clock(stack, "2026-12-16T12:05:00+08:00")  # Wednesday, lunch-time begun
    edges = eventually(lambda: gql(stack.gateway_url, SUPERVISION, {"d": department},
                                   supervisor)["data"]["supervisionCases"]["edges"],
                       what="the lunch-time gap reported")
    [gap] = [e["node"] for e in edges]
    assert (gap["trigger"], gap["breach"], gap["subjectType"]) == (
        "LUNCH_DUTY_GAP", "NO_LUNCH_DUTY", "duty_roster")
    assert gap["evidence"][0]["summary"] == "窗口 W-1 午休第一组、第二组无人值班（未排午休值班）"


def test_the_hall_screen_rosters_books_by_phone_and_receives_the_visit(stack, browser,
                                                                      tmp_path):
    set_clock(stack, "2026-12-03T10:00:00+08:00")  # Thursday
    department, _ = department_with_staff(stack)
    create_item(stack, department, materials=[{"name": "申请书"}])
    site, suffix = base(stack), department.rsplit("-", 1)[1]
    head, clerk = f"head-{department}", f"handler-{department}"
    realm_user(stack.keycloak, head, "Staff-pass-1", f"测试{suffix}", ["department_head"],
               department)
    realm_user(stack.keycloak, clerk, "Staff-pass-1", f"测试{suffix}", ["window_staff"],
               department)

    # the head: Monday's roster refused without both lunch-time groups, then kept
    context, page = signed_in(browser, site, stack.keycloak, head, "/workbench/hall")
    page.fill("#hall-day", "2026-12-07")
    page.click("#hall-load")
    expect(page.locator("#roster-title")).to_have_text("值班表（2026-12-07）")
    page.locator(".duty-W-1-MORNING input").fill(clerk)
    page.click("#roster-save")
    expect(page.locator("#problem")).to_contain_text("W-1（午休第一组）", timeout=15000)
    page.locator(".duty-W-1-LUNCH_FIRST input").fill(clerk)
    page.locator(".duty-W-1-LUNCH_SECOND input").fill(f"deputy-{department}")
    page.click("#roster-save")
    expect(page.locator("#done")).to_have_text("值班表已保存", timeout=15000)
    page.fill("#hall-day", "2026-12-05")  # Saturday: the morning opens it
    page.click("#hall-load")
    expect(page.locator("#roster-title")).to_have_text("值班表（2026-12-05）")
    page.locator(".duty-W-1-MORNING input").fill(clerk)
    page.click("#roster-save")
    expect(page.locator("#done")).to_have_text("值班表已保存", timeout=15000)
    assert serious_violations(page) == []
    context.close()

    # the clerk: a telephone booking for Saturday, the call, then the visit
    context, page = signed_in(browser, site, stack.keycloak, clerk, "/workbench/hall")
    expect(page.locator(".duty-W-1-MORNING input")).to_be_disabled()  # not theirs to change
    page.fill("#hall-day", "2026-12-05")
    page.click("#hall-load")
    expect(page.locator("#roster-title")).to_have_text("值班表（2026-12-05）")
    page.locator("#book-item").click(force=True)  # Element Plus: its placeholder lies on top
    page.get_by_role("option", name="测试事项").click()
    expect(page.locator(".el-select:has(#book-time)")).to_contain_text("09:00（余 1）",
                                                                       timeout=15000)
    page.fill("#book-name", "周八")
    page.fill("#book-id", new_id_number())
    page.fill("#book-contact", "13600000000")
    page.click("#book")
    expect(page.locator("#done")).to_have_text("已预约", timeout=15000)
    row = page.locator("#appointments tr", has_text="周八")
    expect(row.locator(".appointment-status")).to_have_text("已预约")
    row.locator(".told input").fill("请携带申请书")
    row.locator("button.contact").click()
    expect(row.locator(".appointment-status")).to_have_text("已联系", timeout=15000)
    assert serious_violations(page) == []
    shoot(page, "workbench-hall.png", tmp_path)
    set_clock(stack, "2026-12-05T09:05:00+08:00")
    row.locator("button.receive").click()
    page.click("#receive-confirm")
    page.wait_for_url(f"{site}/workbench/cases/**", timeout=15000)
    expect(page.get_by_text("周八").first).to_be_visible(timeout=15000)
    context.close()


def test_the_leadership_names_the_day_s_duty_director_on_the_hall_screen(stack, browser):
    set_clock(stack, "2027-02-22T09:00:00+08:00")  # Monday
    deputy = centre_deputy(stack)
    department = f"dept-{uuid.uuid4().hex[:6]}"
    staff_department(stack, department)
    lead = f"sup-{uuid.uuid4().hex[:6]}-lead"
    realm_user(stack.keycloak, lead, "Staff-pass-1", "测试lead", ["supervisor"], None)
    context, page = signed_in(browser, base(stack), stack.keycloak, lead, "/workbench/hall")
    page.fill("#hall-day", "2027-02-26")
    page.click("#hall-load")
    expect(page.locator("#director-title")).to_have_text("值班主任（2027-02-26）", timeout=15000)
    expect(page.locator("#duty-director")).to_contain_text("尚未安排")
    # a window's clerk typed in: refused beside the field, nothing named
    type_in(page, "#director-staff", f"{department}-h")
    page.click("#director-save")
    expect(page.locator(".el-form-item:has(#director-staff) .el-form-item__error")).to_have_text(
        "值班主任须为中心工作人员", timeout=15000)
    # one of the centre's staff, chosen by name and post
    choose(page, "#director-staff", f"中心副主任（{deputy} · 分管领导）")
    page.click("#director-save")
    expect(page.locator("#done")).to_have_text("值班主任已安排", timeout=15000)
    expect(page.locator("#duty-director")).to_have_text(f"中心副主任（{deputy}），{lead} 安排")
    named = gql(stack.gateway_url, """query { dutyDirectors(from: "2027-02-26", to: "2027-02-26")
      { staffId namedBy } }""", {}, token(stack, "window_staff", department=department))
    assert named["data"]["dutyDirectors"] == [{"staffId": deputy, "namedBy": lead}]
    # a window's clerk sees who it is, and cannot name anyone
    assert serious_violations(page) == []
    context.close()
    clerk = f"{department}-h"
    realm_user(stack.keycloak, clerk, "Staff-pass-1", "测试h", ["window_staff"], department)
    context, page = signed_in(browser, base(stack), stack.keycloak, clerk, "/workbench/hall")
    page.fill("#hall-day", "2027-02-26")
    page.click("#hall-load")
    expect(page.locator("#duty-director")).to_have_text(f"中心副主任（{deputy}），{lead} 安排",
                                                        timeout=15000)
    expect(page.locator("#director-staff")).to_have_count(0)
    context.close()
