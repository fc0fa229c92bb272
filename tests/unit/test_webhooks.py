"""Webhook subscribers' rules (services/oversight/webhooks/domain.py) and the signature: the
platform's, the example verifier of docs/examples (what docs/integration.md shows receivers)
and the Standard Webhooks reference library agree; forged and stale deliveries are refused."""

import json
import os
import time
from datetime import datetime, timedelta

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from services.kit.auth import AuthError, Principal, Role
from services.kit.domain import InputError
from services.oversight.webhooks import domain
from services.oversight.webhooks.handlers import known_event_types

NOW = datetime.fromisoformat("2026-12-01T09:00:00+08:00")
ADMIN = Principal("admin-1", frozenset({Role.ADMIN}))
HEAD = Principal("head-1", frozenset({Role.DEPARTMENT_HEAD}), department="scjgj")
CLERK = Principal("clerk-1", frozenset({Role.WINDOW_STAFF}), department="scjgj")


def example_verifier():
    """docs/examples/verify_webhook.py, as the tests' receiver loads it."""
    from tests.webhook_receiver import verifier
    return verifier


def signed(secrets: list[str], body: bytes, msg_id: str = "msg_1", at: int | None = None):
    at = int(time.time()) if at is None else at
    return {"webhook-id": msg_id, "webhook-timestamp": str(at),
            "webhook-signature": " ".join(domain.signature(s, msg_id, at, body)
                                          for s in secrets)}


def test_a_delivery_signed_by_the_platform_verifies_with_the_example_and_the_reference():
    secret = domain.new_secret(os.urandom(24))
    body = json.dumps({"id": "e1", "type": "case.completed"}).encode()
    headers = signed([secret], body)
    verifier = example_verifier()
    assert verifier.verify(secret, headers, body)["type"] == "case.completed"
    assert Webhook(secret).verify(body, headers)["type"] == "case.completed"


def test_a_forged_or_stale_delivery_is_refused_by_the_example_verifier():
    secret = domain.new_secret(os.urandom(24))
    body = b'{"id":"e1","type":"case.completed"}'
    verifier = example_verifier()
    forged_body = b'{"id":"e1","type":"case.cancelled"}'
    with pytest.raises(verifier.InvalidWebhook):
        verifier.verify(secret, signed([secret], body), forged_body)
    with pytest.raises(verifier.InvalidWebhook):  # signed with another secret
        verifier.verify(secret, signed([domain.new_secret(os.urandom(24))], body), body)
    with pytest.raises(verifier.InvalidWebhook):  # replayed ten minutes later
        verifier.verify(secret, signed([secret], body, at=int(time.time()) - 600), body)
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(forged_body, signed([secret], body))
    with pytest.raises(verifier.InvalidWebhook):
        verifier.verify(secret, {"webhook-id": "msg_1"}, body)


def test_during_a_rotation_both_secrets_sign_and_the_old_one_retires():
    old, new = domain.new_secret(os.urandom(24)), domain.new_secret(os.urandom(24))
    s = subscriber()
    s.secrets = [domain.SigningSecret(old, NOW)]
    s.rotate_secret(new, NOW, "admin-1")
    assert s.signing_secrets(NOW + timedelta(hours=1)) == [new, old]
    assert s.signing_secrets(NOW + domain.ROTATION_OVERLAP + timedelta(seconds=1)) == [new]
    body = b"{}"
    headers = signed(s.signing_secrets(NOW), body)
    verifier = example_verifier()
    assert verifier.verify(old, headers, body) == {} and verifier.verify(new, headers, body) == {}


def subscriber(**overrides) -> domain.Subscriber:
    registration = domain.Registration.validate(
        ADMIN, "市场监管局审批系统", "https://scjgj.example.gov.cn/hooks",
        overrides.pop("event_types", ["case.*"]), overrides.pop("departments", ["scjgj"]),
        overrides.pop("personal_data", False), known_event_types())
    return domain.Subscriber.register(registration, "whs_1", "sealed", NOW, "admin-1", None)


def test_registration_names_known_events_and_a_department_head_only_their_own():
    with pytest.raises(InputError) as refused:
        subscriber(event_types=["case.exploded"])
    assert (refused.value.code, refused.value.field) == ("UNKNOWN_EVENT_TYPE", "eventTypes")
    with pytest.raises(InputError) as refused:
        domain.Registration.validate(ADMIN, "x", "ftp://x/y", ["case.*"], [], False,
                                     known_event_types())
    assert refused.value.code == "INVALID_URL"
    own = domain.Registration.validate(HEAD, "x", "https://x.example/h", ["*"], None, False,
                                       known_event_types())
    assert own.departments == ("scjgj",)
    for departments, personal in ((["other"], False), (["scjgj"], True)):
        with pytest.raises(AuthError):
            domain.Registration.validate(HEAD, "x", "https://x.example/h", ["*"], departments,
                                         personal, known_event_types())
    with pytest.raises(AuthError):
        domain.Registration.validate(CLERK, "x", "https://x.example/h", ["*"], None, False,
                                     known_event_types())


def test_a_subscriber_gets_its_types_and_departments_and_personal_data_masked():
    s = subscriber(event_types=["case.*", "clock.started"])
    assert s.wants("case.completed", "scjgj") and s.wants("clock.started", "scjgj")
    assert not s.wants("case.completed", "gaj") and not s.wants("clock.red_card", "scjgj")
    assert not s.wants("complaint.received", None)
    event = {"id": "e", "data": {"case_id": "c1", "applicant_ref": "ap-7f3a9c21",
                                 "department": "scjgj"}}
    assert s.shown(event)["data"]["applicant_ref"] == "a*********1"
    assert event["data"]["applicant_ref"] == "ap-7f3a9c21"  # the log keeps it whole
    granted = subscriber(personal_data=True)
    assert granted.shown(event)["data"]["applicant_ref"] == "ap-7f3a9c21"
    s.pause("by_hand", "admin-1", None)
    assert not s.wants("case.completed", "scjgj")
    assert s.may_replay("case.completed", "scjgj")


def test_paused_resumed_deleted_and_who_manages_it():
    s = subscriber()
    s.pause("failing", None, NOW)
    with pytest.raises(domain.WebhookError):
        s.pause("by_hand", "admin-1", None)
    s.resume(NOW, "admin-1")
    s.delete("admin-1")
    assert s.secrets == [] and s.status is domain.SubscriberStatus.DELETED
    with pytest.raises(domain.WebhookError):
        s.resume(NOW, "admin-1")
    assert [e.event_type for e in s.events] == [
        "webhook.subscriber_registered", "webhook.subscriber_paused",
        "webhook.subscriber_resumed", "webhook.subscriber_deleted"]
    theirs = domain.Subscriber.register(
        domain.Registration.validate(HEAD, "x", "https://x.example/h", ["*"], None, False,
                                     known_event_types()), "whs_2", "sealed", NOW, "head-1",
        "scjgj")
    theirs.check_manager(HEAD)
    with pytest.raises(AuthError):
        subscriber().check_manager(HEAD)  # the centre's own: administrators only
    with pytest.raises(AuthError):
        theirs.check_manager(Principal("head-2", frozenset({Role.DEPARTMENT_HEAD}),
                                       department="gaj"))


def test_retries_last_about_a_day_then_stop():
    waited = sum(domain.RETRY_SCHEDULE, timedelta())
    assert timedelta(hours=24) <= waited <= timedelta(hours=30)
    at = NOW
    for attempt in range(1, len(domain.RETRY_SCHEDULE) + 1):
        following = domain.next_attempt(attempt, at)
        assert following > at
        at = following
    assert domain.next_attempt(len(domain.RETRY_SCHEDULE) + 1, at) is None


def test_one_stream_per_case():
    assert domain.case_key({"subject": "x", "data": {"case_id": "c1"}}) == "c1"
    assert domain.case_key({"subject": "p9", "data": {"petition_id": "p9"}}) == "p9"
    assert domain.case_key({"id": "e", "subject": "s", "data": {}}) == "s"


def test_the_operations_a_request_selects_are_found_through_fragments():
    from graphql import parse

    from services.kit.graphql import root_fields
    from services.kit.idempotency import is_mutation

    document = parse("""query A { case(id: "1") { id } ...F ... on Query { clock(id: "x") { id } } }
      fragment F on Query { cases { edges { cursor } } }
      mutation B { recordOpinion(input: {}) { __typename } }""")
    assert root_fields(document, "A") == {"case", "cases", "clock"}
    assert root_fields(document, "B") == {"recordOpinion"}
    assert is_mutation(b'{"query": "  mutation { x }"}')
    assert not is_mutation(b'{"query": "query { _entities { x } }"}')
    assert not is_mutation(b"not json")
