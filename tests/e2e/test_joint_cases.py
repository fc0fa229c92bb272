"""A joint case (联办件) through the gateway: the lead department accepts, the two
co-departments find it in their work queues and read it; one gives its opinion, the other stays
silent until its opinion clock goes red, is recorded as agreeing at the joint meeting, and the
lead decides; nothing is taken after the decision."""

import uuid

import pytest

from tests.e2e.test_case_processing import (
    MATERIALS, accepted_case, department_with_staff, opinion,
)
from tests.support import eventually, gql, set_clock, token

pytestmark = pytest.mark.e2e
GIVE = """mutation($c: ID!, $a: Boolean!) { giveJointOpinion(caseId: $c, agrees: $a,
  opinion: "符合消防要求") { __typename ... on CaseUpdated { case { joint { pending } } }
  ... on CaseStateConflict { code message } } }"""
CLOCK = """query($c: ID!, $p: String) { clock(kind: JOINT_OPINION, subjectId: $c, part: $p) {
  status dueDate card } }"""
QUEUE = "{ myWorkQueue { edges { node { id } } } }"


def test_a_silent_co_department_is_recorded_as_agreeing_and_the_lead_decides(stack):
    set_clock(stack, "2026-11-23T09:00:00+08:00")  # Monday
    department, t = department_with_staff(stack)
    fire, planning = (f"co-{uuid.uuid4().hex[:6]}" for _ in range(2))
    case_id = accepted_case(stack, t, department, caseKind="JOINT",
                            coDepartments=[fire, planning], reviewChain="ACCEPT_AND_APPROVE")
    fire_staff = token(stack, "window_staff", department=fire, subject=f"{fire}-1")
    planning_staff = token(stack, "window_staff", department=planning, subject=f"{planning}-1")
    outsider = token(stack, "window_staff", department="elsewhere", subject="out-1")
    centre = token(stack, "supervisor", subject="sup-j")  # 业务科 tracks joint cases (001)

    # Each department asked finds it in its queue and reads the case and its materials.
    for who in (fire_staff, planning_staff):
        assert case_id in [e["node"]["id"] for e in gql(stack.gateway_url, QUEUE, token=who)[
            "data"]["myWorkQueue"]["edges"]]
    seen = gql(stack.gateway_url, """query($id: ID!) { case(id: $id) { materials { name }
      joint { lead pending } } }""", {"id": case_id}, fire_staff)["data"]["case"]
    assert [m["name"] for m in seen["materials"]] == [m["name"] for m in MATERIALS]
    assert seen["joint"] == {"lead": department, "pending": [fire, planning]}
    # ... and the case's clock (the workbench's case page shows it to them)
    assert eventually(lambda: gql(stack.gateway_url, """query($id: ID!) { case(id: $id) {
      clock { status } } }""", {"id": case_id}, fire_staff).get("data", {}).get("case", {}).get(
        "clock"), what="the case clock read by a co-department") == {"status": "RUNNING"}
    assert gql(stack.gateway_url, GIVE, {"c": case_id, "a": True}, outsider)["data"][
        "giveJointOpinion"]["code"] == "JOINT_NOT_ASKED"
    given = gql(stack.gateway_url, GIVE, {"c": case_id, "a": True}, fire_staff)["data"][
        "giveJointOpinion"]
    assert given["case"]["joint"]["pending"] == [planning]
    assert case_id not in [e["node"]["id"] for e in gql(stack.gateway_url, QUEUE,
                                                        token=fire_staff)["data"][
        "myWorkQueue"]["edges"]]

    # Planning stays silent: its 5 working days end on Monday 30 November (the clocks are the
    # departments asked; the centre reads them all).
    assert eventually(lambda: gql(stack.gateway_url, CLOCK, {"c": case_id, "p": planning},
                                  centre)["data"]["clock"], what="opinion clock") == {
        "status": "RUNNING", "dueDate": "2026-11-30", "card": "NONE"}
    assert eventually(lambda: gql(stack.gateway_url, CLOCK, {"c": case_id, "p": fire},
                                  centre)["data"]["clock"]["status"] == "COMPLETED",
                      what="fire's clock completed")
    set_clock(stack, "2026-12-01T09:00:00+08:00")
    assert eventually(lambda: (c := gql(stack.gateway_url, CLOCK, {"c": case_id, "p": planning},
                                        centre)["data"]["clock"])["card"] == "RED" and c,
                      what="planning's red card")
    pending = opinion(stack, case_id, t["head"])
    assert pending["code"] == "JOINT_OPINIONS_PENDING"

    # The joint meeting: planning neither came nor answered, so it agrees.
    met = gql(stack.gateway_url, """mutation($c: ID!, $a: [String!]!) { recordJointMeeting(
      caseId: $c, heldOn: "2026-12-01", attendees: $a, minutes: "联审通过") {
      ... on CaseUpdated { case { joint { pending departments { department agrees deemed }
      meetings { deemedAgreeing } } } } } }""", {"c": case_id, "a": [department, fire]},
              t["head"])["data"]["recordJointMeeting"]["case"]["joint"]
    assert met["pending"] == [] and met["meetings"] == [{"deemedAgreeing": [planning]}]
    assert {"department": planning, "agrees": True, "deemed": True} in met["departments"]
    assert eventually(lambda: gql(stack.gateway_url, CLOCK, {"c": case_id, "p": planning},
                                  centre)["data"]["clock"]["status"] == "COMPLETED",
                      what="planning's clock completed by the deemed opinion")
    assert opinion(stack, case_id, t["head"])["case"]["status"] == "DECIDED"
    late = gql(stack.gateway_url, GIVE, {"c": case_id, "a": False}, planning_staff)["data"][
        "giveJointOpinion"]
    assert late["code"] == "JOINT_DECIDED"
