"""Petitions, hotline and referred matters (004 限时办结 §7) through the gateway: registered for
a department, timed by the deadlines service (15 working days unless the source set a limit),
extended once with the department's leader's approval, answered in writing; the petition
clock kind has its producer (issue 22, 8)."""

import uuid

import pytest

from tests.support import error_codes, eventually, gql, set_clock, token

pytestmark = pytest.mark.e2e
SAVED = """__typename ... on PetitionSaved { petition { id status limit extensionDays } }
  ... on StateConflict { code } ... on InvalidInput { code field }"""
CLOCK = """query($id: ID!) { clock(kind: PETITION_HANDLING, subjectId: $id) {
  status dueDate } }"""


def act(stack, who, mutation: str, variables: dict) -> dict:
    result = gql(stack.gateway_url, f"mutation {mutation} {{ {SAVED} }} }}", variables, who)
    assert "errors" not in result, result
    return next(iter(result["data"].values()))


def test_a_hotline_matter_is_timed_extended_once_and_answered(stack):
    set_clock(stack, "2026-11-23T09:00:00+08:00")  # Monday
    department = f"dept-{uuid.uuid4().hex[:6]}"
    officer = token(stack, "efficiency_officer", subject="eff-p")
    head = token(stack, "department_head", department=department, subject="head-p")
    clerk = token(stack, "window_staff", department=department, subject="clerk-p")
    register = "($i: RegisterPetitionInput!) { registerPetition(input: $i)"
    registered = act(stack, officer, register, {"i": {
        "kind": "HELP", "source": "HOTLINE", "department": department, "sourceRef": "12345-0001",
        "matter": "咨询营业执照变更所需材料，多次来电未获答复", "petitionerName": "王五",
        "petitionerContact": "13700000000", "assignedTo": "clerk-p"}})
    petition = registered["petition"]
    assert (petition["status"], petition["limit"]) == ("REGISTERED", 15)
    pid = petition["id"]
    assert eventually(lambda: gql(stack.gateway_url, CLOCK, {"id": pid}, officer)["data"][
        "clock"], what="the petition clock") == {"status": "RUNNING", "dueDate": "2026-12-14"}

    other = token(stack, "department_head", department="elsewhere", subject="head-x")
    extend = "($id: ID!) { extendPetition(id: $id, days: 5, reason: \"需多部门会商\")"
    assert error_codes(gql(stack.gateway_url, f"mutation {extend} {{ {SAVED} }} }}",
                           {"id": pid}, other)) == ["FORBIDDEN"]
    assert error_codes(gql(stack.gateway_url, f"mutation {extend} {{ {SAVED} }} }}",
                           {"id": pid}, clerk)) == ["FORBIDDEN"]  # the leader approves
    assert act(stack, head, extend, {"id": pid})["petition"]["extensionDays"] == 5
    assert act(stack, head, extend, {"id": pid})["code"] == "ALREADY_EXTENDED"
    eventually(lambda: gql(stack.gateway_url, CLOCK, {"id": pid}, officer)["data"]["clock"][
        "dueDate"] == "2026-12-21", what="the due date moved by five working days")

    answer = "($id: ID!) { answerPetition(id: $id, answer: \"已电话告知所需材料并书面答复\")"
    assert act(stack, clerk, answer, {"id": pid})["petition"]["status"] == "ANSWERED"
    assert act(stack, clerk, answer, {"id": pid})["code"] == "PETITION_ANSWERED"
    eventually(lambda: gql(stack.gateway_url, CLOCK, {"id": pid}, officer)["data"]["clock"][
        "status"] == "COMPLETED", what="the clock stopped")

    # A referral with its own limit; a department lists its own, never another's.
    referred = act(stack, head, register, {"i": {
        "kind": "REPORT", "source": "LEADER_REFERRAL", "department": department, "limit": 5,
        "matter": "领导批转：群众反映窗口推诿"}})["petition"]
    assert referred["limit"] == 5
    listed = gql(stack.gateway_url, "query($d: String) { petitions(department: $d) { edges {"
                                    " node { id } } } }", {"d": department}, clerk)["data"]
    assert {e["node"]["id"] for e in listed["petitions"]["edges"]} == {pid, referred["id"]}
    assert error_codes(gql(stack.gateway_url, "query($d: String) { petitions(department: $d) "
                                              "{ edges { node { id } } } }",
                           {"d": department}, other)) == ["FORBIDDEN"]
    elsewhere = gql(stack.gateway_url, f"mutation {register} {{ {SAVED} }} }}", {"i": {
        "kind": "HELP", "source": "VISIT", "department": "elsewhere", "matter": "x"}}, clerk)
    assert error_codes(elsewhere) == ["FORBIDDEN"]
