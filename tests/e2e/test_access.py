"""Access through the gateway: stable error codes, and nothing stored when refused."""

import time
import uuid

import pytest

from tests.support import CREATE_ITEM, SUBMIT, applicant, create_item, database, gql, token

pytestmark = pytest.mark.e2e


def _item_input(department: str) -> dict:
    return {"code": f"A-{uuid.uuid4().hex[:10]}", "name": "访问测试", "department": department,
            "statutoryLimit": 20, "committedLimit": 10}


@pytest.mark.parametrize("make_token,code", [
    (lambda s: None, "UNAUTHENTICATED"),
    (lambda s: token(s, "admin", ttl=60, now=time.time() - 3600), "TOKEN_EXPIRED"),
    (lambda s: token(s, "admin", secret="not-the-secret-not-the-secret-00"), "TOKEN_INVALID"),
    (lambda s: token(s, "window_staff", department="d"), "FORBIDDEN"),
    (lambda s: token(s, "applicant"), "FORBIDDEN"),
], ids=["no-token", "expired", "wrong-signature", "staff-not-admin", "applicant"])
def test_creating_an_item_is_refused_with_a_stable_code_and_stores_nothing(stack, make_token, code):
    department = f"dept-{uuid.uuid4().hex[:6]}"
    payload = _item_input(department)
    result = gql(stack.gateway_url, CREATE_ITEM, {"input": payload}, make_token(stack))
    assert result["data"] is None or result["data"].get("createServiceItem") is None
    assert [e["extensions"]["code"] for e in result["errors"]] == [code]
    assert result["errors"][0]["message"]  # a sentence a person can read
    assert database(stack, "intake")["service_items"].count_documents({"code": payload["code"]}) == 0


def test_window_staff_cannot_act_for_another_department(stack):
    department = f"dept-{uuid.uuid4().hex[:6]}"
    item = create_item(stack, department)
    outsider = token(stack, "window_staff", department="someone-else")
    result = gql(stack.gateway_url, SUBMIT, {"input": {
        "serviceItemId": item["id"], "applicant": applicant()}}, outsider)
    assert [e["extensions"]["code"] for e in result["errors"]] == ["FORBIDDEN"]
    assert database(stack, "intake")["cases"].count_documents({"item.department": department}) == 0


def test_reading_a_clock_needs_a_staff_role(stack):
    result = gql(stack.gateway_url, "query { caseClock(caseId: \"x\") { dueDate } }")
    assert [e["extensions"]["code"] for e in result["errors"]] == ["UNAUTHENTICATED"]


def test_a_malformed_query_is_a_validation_error_not_an_internal_one(stack):
    result = gql(stack.gateway_url, "query { noSuchField }")
    assert result["errors"]
    assert all(e["message"] != "Internal server error" for e in result["errors"])
    assert "noSuchField" in result["errors"][0]["message"]


PUBLIC_FIELDS = {
    "intake": '{ serviceItems(first: 1) { pageInfo { hasNextPage } } }',
    "deadlines": '{ calendarDay(date: "2026-10-01") { kind } }',
    "oversight": "{ breachCatalogue { type } complaintChallenge { bits } }",
}


@pytest.mark.parametrize("make_token,code", [
    (lambda s: token(s, "supervisor", ttl=60, now=time.time() - 3600), "TOKEN_EXPIRED"),
    (lambda s: token(s, "supervisor", secret="not-the-secret-not-the-secret-00"),
     "TOKEN_INVALID"),
], ids=["expired", "forged"])
def test_a_bad_token_is_refused_on_public_fields_by_every_service_alike(stack, make_token,
                                                                         code):
    """Issue 22: oversight took an expired or forged token for anonymous on its public fields,
    where intake refused it. Anonymous callers are answered; a bad token never is."""
    bad = make_token(stack)
    for service, query in PUBLIC_FIELDS.items():
        for url in (stack.gateway_url, f"{stack.service_url(service)}/graphql"):
            assert "errors" not in gql(url, query), (service, url)
            refused = gql(url, query, token=bad)
            assert {e["extensions"]["code"] for e in refused["errors"]} == {code}, (
                service, url, refused)
            assert not any((refused.get("data") or {}).values())
