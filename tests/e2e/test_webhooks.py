"""Other departments' systems receive the platform's events by signed webhooks (issue 25):
registered through the gateway, every event of a whole case life delivered exactly once after
de-duplication by webhook-id and in order, through receiver errors and a receiver down for a
minute; the delivery log, replays, a department's scope and masking, the subscriber paused
(and the office told) when deliveries keep failing. The clock is the services' (set by the
test): retries wait on it, never on the wall."""

import uuid
from datetime import datetime, timedelta

import pytest

from deploy.local.stack import free_port
from tests.e2e.test_case_processing import department_with_staff, opinion
from tests.e2e.test_window import step, submit
from tests.support import (
    EventTap, create_item, database, error_codes, eventually, gql, new_id_number, set_clock,
    token,
)
from tests.webhook_receiver import Receiver

pytestmark = pytest.mark.e2e
REGISTER = """mutation($i: RegisterWebhookSubscriberInput!) { registerWebhookSubscriber(input: $i) {
  __typename ... on WebhookSecretIssued { secret subscriber { id status departments } }
  ... on InvalidInput { code field } } }"""
SUBSCRIBER_STEP = """mutation($id: ID!) {{ {name}(subscriberId: $id) {{ __typename
  ... on WebhookSubscriberSaved {{ subscriber {{ status pausedReason }} }}
  ... on StateConflict {{ code }} }} }}"""
DELIVERIES = """query($id: ID!, $e: String, $after: String) {
  webhookDeliveries(subscriberId: $id, eventId: $e, first: 100, after: $after) {
  edges { node { eventId webhookId eventType stream attempt statusCode ok error replay } }
  pageInfo { hasNextPage endCursor } } }"""
SUBSCRIBERS = """query { webhookSubscribers(first: 100) { edges { node { id status
  pausedReason department } } } }"""
TYPES = ["application.*", "case.*", "clock.*", "correction.*"]


def register(stack, who: str, receiver: Receiver, departments=None, event_types=TYPES,
             personal_data=False) -> str:
    result = gql(stack.gateway_url, REGISTER, {"i": {
        "name": "审批系统", "url": receiver.url, "eventTypes": event_types,
        "departments": departments, "personalData": personal_data}}, who)
    issued = result["data"]["registerWebhookSubscriber"]
    assert issued["__typename"] == "WebhookSecretIssued", result
    assert issued["secret"].startswith("whsec_")
    receiver.secret = issued["secret"]
    return issued["subscriber"]["id"]


def subscriber_step(stack, name: str, subscriber_id: str, who: str) -> dict:
    return gql(stack.gateway_url, SUBSCRIBER_STEP.format(name=name), {"id": subscriber_id},
               who)["data"][name]


def deliveries(stack, subscriber_id: str, who: str, event_id: str | None = None) -> list:
    found, after = [], None
    while True:
        page = gql(stack.gateway_url, DELIVERIES, {"id": subscriber_id, "e": event_id,
                                                   "after": after}, who)
        assert "errors" not in page, page
        connection = page["data"]["webhookDeliveries"]
        found += [e["node"] for e in connection["edges"]]
        if not connection["pageInfo"]["hasNextPage"]:
            return found
        after = connection["pageInfo"]["endCursor"]


class Clock:
    """The services' clock, moved on by the test."""

    def __init__(self, stack, start: str) -> None:
        self.stack, self.now = stack, datetime.fromisoformat(start)
        set_clock(stack, start)

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)
        set_clock(self.stack, self.now.isoformat())


def submit_and_accept(stack, item: dict) -> str:
    """A case accepted at the item's department's window, for an applicant of its own."""
    clerk = token(stack, "window_staff", department=item["department"], subject="staff-1")
    case_id = submit(stack, item, clerk, [{"name": m} for m in item.get("materials", [])],
                     idNumber=new_id_number())
    step(stack, "($id: ID!) { acceptApplication(caseId: $id)", {"id": case_id}, clerk)
    return case_id


def of_case(events: list[dict], case_id: str) -> list[dict]:
    prefixes = tuple(t[:-1] for t in TYPES)
    return [e for e in events if (e.get("data") or {}).get("case_id") == case_id
            and e["type"].startswith(prefixes)]


def test_a_whole_case_life_arrives_once_and_in_order_through_errors_and_downtime(stack):
    clock = Clock(stack, "2026-11-23T09:00:00+08:00")  # Monday
    department, t = department_with_staff(stack)
    item = create_item(stack, department, materials=[{"name": "申请书"}],
                       decisionLevel="DEPUTY_LEADER")
    admin = token(stack, "admin", subject="admin")
    receiver = Receiver(free_port()).start()
    subscriber_id = register(stack, admin, receiver, [department])
    receiver.fail_every = 3  # every third request answered 500
    with EventTap(stack) as tap:
        case_id = submit(stack, item, t["handler"], [{"name": "申请书"}], idNumber=new_id_number())
        step(stack, "($id: ID!) { acceptApplication(caseId: $id)", {"id": case_id},
             t["handler"])
        opinion(stack, case_id, t["handler"])
        opinion(stack, case_id, t["head"])
        eventually(lambda: len(receiver.unique()) >= 2, what="the first deliveries")

        receiver.stop()  # down for a minute of the services' clock
        clock.advance(hours=1)
        assert opinion(stack, case_id, t["deputy"])["case"]["status"] == "DECIDED"
        step(stack, "($i: DeliverResultInput!) { deliverResult(input: $i)",
             {"i": {"caseId": case_id, "method": "WINDOW", "notifiedVia": "PHONE"}},
             t["handler"])
        failing = eventually(lambda: [d for d in deliveries(stack, subscriber_id, admin)
                                      if d["error"] == "ConnectError"],
                             what="deliveries refused while the receiver is down")
        clock.advance(seconds=61)
        receiver.start()

        truth = eventually(lambda: (found := of_case(tap.events, case_id))
                           and found[-1]["type"] == "clock.completed" and found,
                           what="the case's life published")

        def all_arrived():
            clock.advance(minutes=31)  # retries come due (5 s, 5 min, 30 min, ...)
            return len(of_case(receiver.unique(), case_id)) >= len(truth)

        eventually(all_arrived, timeout=60, interval=1, what="every event delivered")

    got = of_case(receiver.unique(), case_id)
    assert [e["id"] for e in got] == [e["id"] for e in truth]  # each once, in order
    assert {e["type"] for e in got} >= {"application.received", "case.accepted", "clock.started",
                                        "case.decided", "case.completed", "clock.completed"}
    assert receiver.refused_signatures == 0
    assert len(receiver.accepted) >= len(got)  # duplicates, if any, carried the same id
    personal = next(e for e in truth if e["data"].get("applicant_ref"))
    shown = next(e for e in got if e["id"] == personal["id"])
    assert shown["data"]["applicant_ref"] != personal["data"]["applicant_ref"]  # masked

    log = deliveries(stack, subscriber_id, admin)
    assert failing and any(d["statusCode"] == 500 for d in log)
    for event in got:  # every event's last attempt succeeded; retries kept the webhook-id
        tries = [d for d in log if d["eventId"] == event["id"]]
        assert tries[0]["ok"] and {d["webhookId"] for d in tries} == {f"msg_{event['id']}"}
    # one case is one stream, and the log says which
    assert {d["stream"] for d in log if d["eventId"] in {e["id"] for e in got}} == {case_id}

    # Replay one delivery, then everything of an hour: the same ids come again.
    receiver.fail_every = 0
    before = len(receiver.accepted)
    completed = next(e for e in got if e["type"] == "case.completed")
    replayed = gql(stack.gateway_url, """mutation($id: ID!, $e: String!) {
      replayWebhookDelivery(subscriberId: $id, eventId: $e) { __typename
      ... on WebhookReplayQueued { queued } } }""", {"id": subscriber_id, "e": completed["id"]},
                   admin)["data"]["replayWebhookDelivery"]
    assert replayed == {"__typename": "WebhookReplayQueued", "queued": 1}
    eventually(lambda: len(receiver.accepted) > before, what="the replay")
    assert receiver.accepted[before][0] == f"msg_{completed['id']}"
    ranged = gql(stack.gateway_url, """mutation($id: ID!, $s: DateTime!, $u: DateTime!) {
      replayWebhookDeliveries(subscriberId: $id, since: $s, until: $u) { __typename
      ... on WebhookReplayQueued { queued } } }""", {
        "id": subscriber_id, "s": "2026-11-23T00:00:00+08:00",
        "u": "2026-11-23T09:30:00+08:00"}, admin)["data"]["replayWebhookDeliveries"]
    assert ranged["queued"] >= 3  # what arrived before the receiver went down
    eventually(lambda: any(d["replay"] and d["ok"] for d in deliveries(stack, subscriber_id,
                                                                         admin)
                           if d["eventId"] != completed["id"]), what="the range replayed")
    assert [e["id"] for e in of_case(receiver.unique(), case_id)] == [e["id"] for e in truth]
    subscriber_step(stack, "deleteWebhookSubscriber", subscriber_id, admin)
    receiver.stop()


def test_a_department_subscribes_to_its_own_and_a_failing_one_is_paused_and_the_office_told(
        stack):
    clock = Clock(stack, "2026-11-24T09:00:00+08:00")
    department = f"dept-{uuid.uuid4().hex[:6]}"
    other = f"dept-{uuid.uuid4().hex[:6]}"
    item = create_item(stack, department)
    others_item = create_item(stack, other)
    head = token(stack, "department_head", department=department, subject=f"head-{department}")
    clerk = token(stack, "window_staff", department=department, subject="clerk-w")
    officer = token(stack, "efficiency_officer", subject="eff-w")
    receiver = Receiver(free_port()).start()
    # a clerk may not; the head only their own department's
    refused = gql(stack.gateway_url, REGISTER, {"i": {
        "name": "x", "url": receiver.url, "eventTypes": ["case.*"]}}, clerk)
    assert error_codes(refused) == ["FORBIDDEN"]
    refused = gql(stack.gateway_url, REGISTER, {"i": {
        "name": "x", "url": receiver.url, "eventTypes": ["case.*"], "departments": [other]}},
        head)
    assert error_codes(refused) == ["FORBIDDEN"]
    unknown = gql(stack.gateway_url, REGISTER, {"i": {
        "name": "x", "url": receiver.url, "eventTypes": ["case.teleported"]}}, head)
    assert unknown["data"]["registerWebhookSubscriber"] == {
        "__typename": "InvalidInput", "code": "UNKNOWN_EVENT_TYPE", "field": "eventTypes"}
    subscriber_id = register(stack, head, receiver, event_types=["case.accepted"])

    mine = submit_and_accept(stack, item)
    theirs = submit_and_accept(stack, others_item)
    eventually(lambda: any(e["data"]["case_id"] == mine for e in receiver.unique()),
               what="its own department's case")
    assert all(e["data"]["case_id"] != theirs for e in receiver.unique())
    assert all(e["type"] == "case.accepted" for e in receiver.unique())

    # Another head can neither read nor change it; the office reads it.
    stranger = token(stack, "department_head", department=other, subject=f"head-{other}")
    assert error_codes(gql(stack.gateway_url, DELIVERIES, {"id": subscriber_id},
                           stranger)) == ["FORBIDDEN"]
    assert error_codes(gql(stack.gateway_url, SUBSCRIBER_STEP.format(
        name="pauseWebhookSubscriber"), {"id": subscriber_id}, stranger)) == ["FORBIDDEN"]

    # The receiver goes away for good: retried for about a day, then paused, the office told.
    receiver.stop()
    with EventTap(stack) as tap:
        submit_and_accept(stack, item)
        eventually(lambda: any(not d["ok"] for d in deliveries(stack, subscriber_id, head)),
                   what="a failed delivery")
        for attempt in range(2, 9):
            clock.advance(hours=10)
            eventually(lambda: len([d for d in deliveries(stack, subscriber_id, head)
                                    if not d["ok"]]) >= attempt, what=f"attempt {attempt}")
        paused = eventually(lambda: next(
            (e for e in tap.events if e["type"] == "webhook.subscriber_paused"
             and e["subject"] == subscriber_id), None), what="webhook.subscriber_paused")
    assert paused["data"]["reason"] == "failing" and paused["data"]["department"] == department
    listed = {n["node"]["id"]: n["node"] for n in gql(stack.gateway_url, SUBSCRIBERS,
                                                      token=officer)["data"][
        "webhookSubscribers"]["edges"]}
    assert listed[subscriber_id]["status"] == "PAUSED"
    assert listed[subscriber_id]["pausedReason"] == "failing"
    failures = [d for d in deliveries(stack, subscriber_id, head) if not d["ok"]]
    assert len(failures) == 8  # the first attempt and seven retries

    # Back up and resumed: what waited goes out.
    receiver.start()
    resumed = subscriber_step(stack, "resumeWebhookSubscriber", subscriber_id, head)
    assert resumed["subscriber"]["status"] == "ACTIVE"
    eventually(lambda: len(receiver.unique()) >= 2, what="the waiting delivery")

    # A new secret is shown once, and the deliveries are signed with it (and the old one).
    rotated = gql(stack.gateway_url, """mutation($id: ID!) { rotateWebhookSecret(
      subscriberId: $id) { ... on WebhookSecretIssued { secret } } }""", {"id": subscriber_id},
                  head)["data"]["rotateWebhookSecret"]["secret"]
    receiver.secret = rotated
    before = len(receiver.unique())
    submit_and_accept(stack, item)
    eventually(lambda: len(receiver.unique()) > before, what="a delivery under the new secret")
    assert receiver.refused_signatures == 0
    stored = database(stack, "oversight")["webhook_subscribers"].find_one({"_id": subscriber_id})
    assert rotated not in str(stored)  # sealed at rest
    assert subscriber_step(stack, "deleteWebhookSubscriber", subscriber_id, head)[
        "subscriber"]["status"] == "DELETED"
    receiver.stop()
