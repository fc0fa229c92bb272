"""RabbitMQ down: accepted cases are stored and their events wait; nothing lost or doubled."""

import uuid

import httpx
import pytest

from tests.support import (
    ACCEPT, SUBMIT, applicant, create_item, database, eventually, gql, token,
)

pytestmark = pytest.mark.e2e


def _ready(stack, service: str) -> dict:
    return httpx.get(f"{stack.service_url(service)}/readyz", timeout=5).json()


def test_events_wait_in_the_outbox_while_rabbitmq_is_down(stack, infra):
    if infra.broker is None:
        pytest.skip("the broker is external to this test run; it cannot be stopped here")
    department = f"dept-{uuid.uuid4().hex[:6]}"
    item = create_item(stack, department)
    staff = token(stack, "window_staff", department=department)
    submitted = gql(stack.gateway_url, SUBMIT, {"input": {
        "serviceItemId": item["id"], "applicant": applicant(),
        "materials": [{"name": m} for m in item["materials"]]}}, staff)
    case_id = submitted["data"]["submitApplication"]["case"]["id"]
    cases = database(stack, "intake")["cases"]
    changes = database(stack, "intake")["cases_changes"]

    infra.broker.stop()
    try:
        eventually(lambda: _ready(stack, "intake")["checks"]["rabbitmq"] is False, 30,
                   what="intake noticing the broker is gone")
        accepted = gql(stack.gateway_url, ACCEPT, {"id": case_id}, staff)
        assert accepted["data"]["acceptApplication"]["__typename"] == "ApplicationAccepted"
        assert cases.find_one({"_id": case_id})["status"] == "accepted"
        markers = database(stack, "intake")["outbox"]
        [waiting] = [m for m in markers.find({}) if m["owner"] == case_id]
        assert [e["type"] for e in changes.find_one({"_id": waiting["change_id"]})["outbox"]
                ] == ["case.accepted"]
    finally:
        infra.broker.start()

    clock_query = "query($id: ID!) { case(id: $id) { clock { dueDate } } }"
    eventually(lambda: gql(stack.gateway_url, clock_query, {"id": case_id}, staff)
               ["data"]["case"]["clock"], 90, what="the clock after the broker came back")
    eventually(lambda: not [m for m in database(stack, "intake")["outbox"].find({})
                            if m["owner"] == case_id], 30, what="the outbox cleared")
    ledger = database(stack, "oversight")["case_ledger"]
    eventually(lambda: ledger.count_documents({"_id": case_id, "due_date": {"$exists": True}}) == 1,
               30, what="the ledger entry with its due date")
    assert database(stack, "deadlines")["clocks"].count_documents({"_id": case_id}) == 1
    assert ledger.count_documents({"department": department}) == 1
    for service in ("intake", "deadlines", "oversight"):
        eventually(lambda s=service: _ready(stack, s)["ready"], 60, what=f"{service} ready again")
