"""What operators rely on: health, readiness, metrics, and no lost events across restarts."""

import uuid

import httpx
import pytest

from tests.support import ACCEPT, SUBMIT, applicant, create_item, database, eventually, gql, token

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("service", ["intake", "deadlines", "oversight"])
def test_health_readiness_and_metrics(stack, service):
    base = stack.service_url(service)
    assert httpx.get(f"{base}/healthz").json() == {"status": "ok", "service": service}
    ready = httpx.get(f"{base}/readyz").json()
    assert ready == {"ready": True, "checks": {"mongodb": True, "rabbitmq": True}}
    metrics = httpx.get(f"{base}/metrics")
    assert metrics.status_code == 200
    assert "onewindow_http_requests_total" in metrics.text


def test_events_wait_in_the_queue_while_a_consumer_is_down(stack):
    department = f"dept-{uuid.uuid4().hex[:6]}"
    item = create_item(stack, department)
    staff = token(stack, "window_staff", department=department)
    case_id = gql(stack.gateway_url, SUBMIT, {"input": {
        "serviceItemId": item["id"], "applicant": applicant(),
        "materials": [{"name": m} for m in item["materials"]]}}, staff
    )["data"]["submitApplication"]["case"]["id"]
    stack.stop_service("deadlines")
    try:
        accepted = gql(stack.gateway_url, ACCEPT, {"id": case_id}, staff)
        assert accepted["data"]["acceptApplication"]["__typename"] == "ApplicationAccepted"
        ledger = database(stack, "oversight")["case_ledger"]
        eventually(lambda: ledger.count_documents({"_id": case_id}) == 1, 30,
                   what="oversight recording the acceptance meanwhile")
        assert database(stack, "deadlines")["clocks"].count_documents({"_id": case_id}) == 0
    finally:
        stack.start_service("deadlines")
    clocks = database(stack, "deadlines")["clocks"]
    eventually(lambda: clocks.count_documents({"_id": case_id}) == 1, 60,
               what="the clock once deadlines is back")
    eventually(lambda: database(stack, "oversight")["case_ledger"].find_one({"_id": case_id})
               .get("due_date") is not None, 30, what="the ledger learning the due date")
