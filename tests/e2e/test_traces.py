"""One trace across every hop (kit.tracing, gateway/tracing.ts): an acceptance through the
gateway, read back from Jaeger's query API, spans the gateway, intake's request, its database
commands, the outbox relay's publishing, and the consumers in deadlines and oversight, each
hop a descendant of the one before."""

import json
import secrets

import httpx
import pytest

from tests.support import (
    ACCEPT, SUBMIT, applicant, create_item, eventually, gql, listening, log_records, token,
)

pytestmark = pytest.mark.e2e


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


def test_one_trace_from_the_gateway_to_every_consumer(stack):
    department = "dept-trace"
    item = create_item(stack, department)
    staff = token(stack, "window_staff", department=department, subject="staff-1")
    submitted = gql(stack.gateway_url, SUBMIT, {"input": {
        "serviceItemId": item["id"], "applicant": applicant(),
        "materials": [{"name": m} for m in item["materials"]]}}, staff)
    case_id = submitted["data"]["submitApplication"]["case"]["id"]
    # the caller (a browser, a department's system) starts the trace: the gateway continues it
    trace_id = secrets.token_hex(16)
    accepted = gql(stack.gateway_url, ACCEPT, {"id": case_id}, staff,
                   {"traceparent": f"00-{trace_id}-{secrets.token_hex(8)}-01"})
    assert accepted["data"]["acceptApplication"]["__typename"] == "ApplicationAccepted"

    wanted = [("gateway", None), ("intake", "POST /graphql"), ("intake", "case.accepted publish"),
              ("deadlines", "deadlines handle case.accepted"),
              ("oversight", "oversight handle case.accepted")]

    def complete():
        trace = _trace(stack, trace_id)
        if trace is None:
            return None
        spans = _spans(trace)
        have = {s["service"] for s in spans}
        found = all(service in have if name is None else _find(spans, service, name)
                    for service, name in wanted)
        return spans if found else None

    spans = eventually(complete, timeout=30, what=f"trace {trace_id} in Jaeger with every hop")
    request = _find(spans, "intake", "POST /graphql")
    publish = _find(spans, "intake", "case.accepted publish")
    in_deadlines = _find(spans, "deadlines", "deadlines handle case.accepted")
    in_oversight = _find(spans, "oversight", "oversight handle case.accepted")
    # each hop descends from the one before: gateway → intake's request → the relay's
    # publishing (a second later, from the outbox) → each consumer
    assert _ancestors(spans, request)[-1]["service"] == "gateway"
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


async def test_events_carry_the_trace_context(stack):
    """The CloudEvents distributed-tracing extension: what other departments' systems
    receive names the trace of the request that caused the event (and meets the contract)."""
    department = "dept-trace-2"
    item = create_item(stack, department)
    staff = token(stack, "window_staff", department=department, subject="staff-1")
    submitted = gql(stack.gateway_url, SUBMIT, {"input": {
        "serviceItemId": item["id"], "applicant": applicant(),
        "materials": [{"name": m} for m in item["materials"]]}}, staff)
    case_id = submitted["data"]["submitApplication"]["case"]["id"]
    trace_id = secrets.token_hex(16)
    async with listening(stack, "case.accepted") as wait_for:
        gql(stack.gateway_url, ACCEPT, {"id": case_id}, staff,
            {"traceparent": f"00-{trace_id}-{secrets.token_hex(8)}-01"})
        event = await wait_for(case_id)
    version, traced, span_id, flags = event["traceparent"].split("-")
    assert (version, traced, flags) == ("00", trace_id, "01") and len(span_id) == 16
