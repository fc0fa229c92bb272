"""One trace across every hop (kit.tracing, gateway/tracing.ts): an acceptance through the
gateway, read back from Jaeger's query API, spans the gateway, intake's request, its database
commands, the outbox relay's publishing, and the consumers in deadlines and oversight, each
hop a descendant of the one before; and the trace viewer shows it. The viewer's screenshot goes
to $ONEWINDOW_SCREENSHOT_DIR when it is set (README's docs/screenshots/trace.png)."""

import json
import os
import secrets
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import sync_playwright

from tests.e2e.conftest import chromium
from tests.support import (
    ACCEPT, SUBMIT, applicant, create_item, eventually, gql, listening, log_records, token,
)

pytestmark = pytest.mark.e2e
# aio-pika's span for the relay's publishing of case.accepted (exchange, routing key)
SEND = "onewindow.events,case.accepted send"


@pytest.fixture
def browser():
    """Chromium for one test only: the module's other test is async, which Playwright's sync
    API, left running, would not allow."""
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=chromium(), args=["--no-sandbox"])
        yield launched
        launched.close()


def _trace(stack, trace_id: str) -> dict | None:
    response = httpx.get(f"{stack.jaeger.ui_url}/api/traces/{trace_id}", timeout=10)
    if response.status_code != 200:
        return None
    data = response.json().get("data") or []
    return data[0] if data else None


def _spans(trace: dict) -> list[dict]:
    """Each span with its service and its parent's id."""
    out = []
    for span in trace["spans"]:
        parent = next((r["spanID"] for r in span.get("references", [])
                       if r["refType"] == "CHILD_OF"), None)
        out.append({"id": span["spanID"], "parent": parent, "name": span["operationName"],
                    "service": trace["processes"][span["processID"]]["serviceName"],
                    "tags": {t["key"]: t["value"] for t in span.get("tags", [])}})
    return out


def _ancestors(spans: list[dict], span: dict) -> list[dict]:
    by_id, chain = {s["id"]: s for s in spans}, []
    while span["parent"] in by_id:
        span = by_id[span["parent"]]
        chain.append(span)
    return chain


def _find(spans: list[dict], service: str, name: str) -> dict | None:
    return next((s for s in spans if s["service"] == service and s["name"] == name), None)


def _submitted(stack, department: str) -> tuple[str, str]:
    """A case submitted at a window of `department`, and the clerk's token."""
    item = create_item(stack, department)
    staff = token(stack, "window_staff", department=department, subject="staff-1")
    submitted = gql(stack.gateway_url, SUBMIT, {"input": {
        "serviceItemId": item["id"], "applicant": applicant(),
        "materials": [{"name": m} for m in item["materials"]]}}, staff)
    return submitted["data"]["submitApplication"]["case"]["id"], staff


def test_one_trace_from_the_gateway_to_every_consumer(stack, browser, tmp_path):
    case_id, staff = _submitted(stack, "dept-trace")
    # the caller (a browser, a department's system) starts the trace: the gateway continues it
    trace_id = secrets.token_hex(16)
    accepted = gql(stack.gateway_url, ACCEPT, {"id": case_id}, staff,
                   {"traceparent": f"00-{trace_id}-{secrets.token_hex(8)}-01"})
    assert accepted["data"]["acceptApplication"]["__typename"] == "ApplicationAccepted"

    wanted = [("gateway", "graphql.operation"), ("gateway", "subgraph.execute (intake)"),
              ("intake", "POST /graphql"), ("intake", SEND),
              ("deadlines", "deadlines handle case.accepted"),
              ("oversight", "oversight handle case.accepted")]

    def complete():
        trace = _trace(stack, trace_id)
        if trace is None:
            return None
        spans = _spans(trace)
        found = all(_find(spans, service, name) for service, name in wanted)
        return spans if found else None

    spans = eventually(complete, timeout=30, what=f"trace {trace_id} in Jaeger with every hop")
    request = _find(spans, "intake", "POST /graphql")
    publish = _find(spans, "intake", SEND)
    in_deadlines = _find(spans, "deadlines", "deadlines handle case.accepted")
    in_oversight = _find(spans, "oversight", "oversight handle case.accepted")
    # each hop descends from the one before: the gateway's operation → its call to intake →
    # intake's request → the relay's publishing (later, from the outbox) → each consumer
    assert _find(spans, "gateway", "graphql.operation") in _ancestors(spans, request)
    assert _find(spans, "gateway", "subgraph.execute (intake)") in _ancestors(spans, request)
    assert request in _ancestors(spans, publish)
    for consumer in (in_deadlines, in_oversight):
        assert publish in _ancestors(spans, consumer)
        assert consumer["tags"]["cloudevents.event_type"] == "case.accepted"
    # the database commands of the request and of the consumers are in it too
    mongo = [s for s in spans if s["tags"].get("db.system") == "mongodb"]
    assert {s["service"] for s in mongo} >= {"intake", "deadlines", "oversight"}
    # no personal data in spans: no filter values, no operation text, no applicant
    text = json.dumps(spans, ensure_ascii=False)
    assert "张三" not in text and "graphql.document" not in text
    # and the logs name the trace, to go from a log line to its trace
    assert any(r.get("trace_id") == trace_id for r in log_records(stack, "deadlines"))

    # the trace as an operator sees it (the viewer `up` prints, over Jaeger's API)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{stack.jaeger.ui_url}/trace/{trace_id}")
    page.wait_for_selector(".row")
    assert page.locator(".row").count() == len(spans)
    legend = page.locator(".legend").inner_text()
    assert all(name in legend for name in ("gateway", "intake", "deadlines", "oversight"))
    page.locator(".row", has_text="deadlines handle case.accepted").first.click()
    assert "cloudevents.event_type = case.accepted" in page.locator("#detail").inner_text()
    target = Path(os.environ.get("ONEWINDOW_SCREENSHOT_DIR") or tmp_path)
    target.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target / "trace.png"), full_page=True)
    page.close()


async def test_events_carry_the_trace_context(stack):
    """The CloudEvents distributed-tracing extension: what other departments' systems
    receive names the trace of the request that caused the event (and meets the contract)."""
    case_id, staff = _submitted(stack, "dept-trace-2")
    trace_id = secrets.token_hex(16)
    async with listening(stack, "case.accepted") as wait_for:
        gql(stack.gateway_url, ACCEPT, {"id": case_id}, staff,
            {"traceparent": f"00-{trace_id}-{secrets.token_hex(8)}-01"})
        event = await wait_for(case_id)
    version, traced, span_id, flags = event["traceparent"].split("-")
    assert (version, traced, flags) == ("00", trace_id, "01") and len(span_id) == 16
