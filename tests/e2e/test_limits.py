"""Operation limits: what froze the gateway or a subgraph (20,000 fields, 60 aliases of a
costly field) is refused before it runs, in milliseconds, with a code, through the gateway and
straight to a subgraph alike; ordinary operations pass. (Depth is limited too, but no type
refers back to itself, so the schema bounds it already.)"""

import time

import httpx
import pytest

from tests.support import gql, token

pytestmark = pytest.mark.e2e
WIDE = "{ calendarDay(date: \"2026-10-01\") { " + " ".join(["kind"] * 20_000) + " } }"
ALIASES = "{ " + " ".join(f'f{i}: deadlineForecast(acceptedOn: "2026-09-28", limit: 3650) '
                          "{ dueDate explanation { day } }" for i in range(60)) + " }"


def refused(url: str, query: str) -> tuple[list[str], float]:
    t = time.perf_counter()
    result = gql(url, query)
    seconds = time.perf_counter() - t
    assert "data" not in result or not result["data"], result
    return [e.get("extensions", {}).get("code", "") for e in result["errors"]], seconds


@pytest.mark.parametrize("query", [WIDE, ALIASES], ids=["20k fields", "60 aliases"])
def test_oversized_operations_are_refused_before_they_run(stack, query):
    codes, seconds = refused(stack.gateway_url, query)
    assert codes and all(codes), codes
    assert seconds < 2, seconds  # parse-time refusal, not after computing
    direct, _ = refused(f"{stack.service_url('deadlines')}/graphql", query)
    assert direct == ["OPERATION_TOO_COMPLEX"] or "OPERATION_TOO_COMPLEX" in direct, direct


def test_ordinary_operations_pass(stack):
    result = gql(stack.gateway_url, '{ a: calendarDay(date: "2026-10-01") { kind } '
                                    'b: deadlineForecast(acceptedOn: "2026-09-28", limit: 10) '
                                    '{ dueDate } }')
    assert result["data"]["a"]["kind"] and result["data"]["b"]["dueDate"] == "2026-10-16"


def test_entities_sent_straight_to_a_subgraph_meet_the_query_rules(stack):
    """`_entities` is not a side door: an anonymous caller reads no department details."""
    query = """query($r: [_Any!]!) { _entities(representations: $r) {
      ... on Department { name windows { code } } } }"""
    result = gql(f"{stack.service_url('intake')}/graphql", query,
                 {"r": [{"__typename": "Department", "id": "civil-affairs"}]})
    assert [e["extensions"]["code"] for e in result["errors"]] == ["UNAUTHENTICATED"]


def test_the_gateway_logs_no_request_bodies_or_variables(stack):
    """At debug level (the suite's), Hive's own logger prints the subgraph requests with
    their variables; ours keeps the message and a few plain attributes."""
    secret_id = "11010519491231002X"
    query = """query($n: String) { cases(filter: {applicantIdNumber: $n}) { edges { node {
      id } } } }"""
    for auth in ("Bearer not-a-token", None):
        gql(stack.gateway_url, query, {"n": secret_id},
            token=auth.split()[1] if auth else None)
    broken = gql(stack.gateway_url, "query($n: String) { cases(filter: {applicantIdNumber: $n},"
                                    " first: 0) { edges { node { id } } } }", {"n": secret_id},
                 token(stack, "supervisor"))
    assert broken["errors"]
    log = (stack.log_dir / "gateway.log").read_text(encoding="utf-8", errors="replace")
    assert secret_id not in log and "applicantIdNumber" not in log


# -- one definition of the limits, the same at every door (issue 22) ------------------------
def _doors(stack) -> dict[str, str]:
    return {"gateway": stack.gateway_url,
            **{name: f"{stack.service_url(name)}/graphql" for name in stack.service_ports}}


def _aliased(n: int) -> str:
    return "{ " + " ".join(f'a{i}: calendarDay(date: "2026-10-01") {{ kind }}'
                           for i in range(n)) + " }"


NESTED_FRAGMENTS = """query { ...A } fragment A on Query { ...B x1: calendarDay(date: "2026-10-01")
  { kind } } fragment B on Query { """ + " ".join(
    f'b{i}: calendarDay(date: "2026-10-01") {{ kind }}' for i in range(15)) + " }"
COSTLY = '{ calendarYear(year: 2026) { holidayDays { date } } ' + " ".join(
    f'c{i}: deadlineForecast(acceptedOn: "2026-09-28", limit: 3) {{ explanation {{ day '
    f'reason }} }}' for i in range(12)) + " }"


@pytest.mark.parametrize("query,limit", [
    (_aliased(15), None), (_aliased(16), "Aliases limit of 15"),
    (NESTED_FRAGMENTS, "Aliases limit of 15"),  # 16 aliases, through two fragments
])
def test_the_same_limits_at_the_gateway_and_at_each_service(stack, query, limit):
    """Straight at a service port the limits were weaker (30 aliases, nested fragments not
    counted, no cost limit): one definition now (services/kit/limits.json), counted alike."""
    for door, url in _doors(stack).items():
        if door == "intake" or door == "oversight":
            continue  # calendarDay is the deadlines service's; the gateway routes it there
        result = gql(url, query)
        if limit is None:
            assert "errors" not in result, (door, result)
        else:
            assert [e["extensions"]["code"] for e in result["errors"]] == [
                "OPERATION_TOO_COMPLEX"] and limit in result["errors"][0]["message"], door


def test_the_cost_limit_holds_at_a_service_port_too(stack):
    deep = "{ " + " ".join(
        f"s{i}: serviceItems(first: 100) {{ edges {{ node {{ published {{ materials {{ name "
        f"}} }} }} }} }}" for i in range(3)) + " }"
    for url in (stack.gateway_url, f"{stack.service_url('intake')}/graphql"):
        result = gql(url, deep)
        assert [e["extensions"]["code"] for e in result["errors"]] == [
            "OPERATION_TOO_COMPLEX"] and "Cost limit" in result["errors"][0]["message"], url


def test_bodies_over_the_limit_are_refused_early_with_413(stack):
    big = '{"query": "{ __typename }", "variables": {"x": "' + "x" * 1_100_000 + '"}}'
    for url in _doors(stack).values():
        response = httpx.post(url, content=big, headers={"content-type": "application/json"},
                              timeout=30)
        assert response.status_code == 413, (url, response.status_code)
        assert response.json()["errors"][0]["extensions"]["code"] == "REQUEST_TOO_LARGE"
    # a body that does not say its length is refused by the gateway (411)
    chunked = httpx.post(stack.gateway_url, content=iter([b'{"query": "{ __typename }"}']),
                         headers={"content-type": "application/json"}, timeout=30)
    assert chunked.status_code == 411


@pytest.mark.parametrize("body,code", [
    (b'{"query": "{ __typename }", "variables": {"x": "\xff\xfe"}}', "INVALID_ENCODING"),
    (b'{"query": "{ __typename }", "variables": {"x": ' + b"[" * 50_000 + b"]" * 50_000
     + b"}}", "NESTED_TOO_DEEP"),
    (b'{"query": "{ __typename }", "variables": {"x": ' + b"[" * 70 + b"]" * 70 + b"}}",
     "NESTED_TOO_DEEP"),
])
def test_bad_bodies_get_400_with_a_code_at_each_service(stack, body, code):
    """Intake answered 500 to invalid UTF-8 and to variables nested 50,000 deep."""
    for name in stack.service_ports:
        response = httpx.post(f"{stack.service_url(name)}/graphql", content=body,
                              headers={"content-type": "application/json"}, timeout=30)
        assert response.status_code == 400, (name, response.status_code, response.text[:200])
        assert response.json()["errors"][0]["extensions"]["code"] == code
    at_gateway = httpx.post(stack.gateway_url, content=body,
                            headers={"content-type": "application/json"}, timeout=30)
    assert at_gateway.status_code == 400, at_gateway.status_code
    assert at_gateway.json()["errors"][0]["extensions"]["code"] == code


def test_the_ide_is_compressed_and_has_a_content_security_policy(stack):
    page = httpx.get(stack.gateway_url, headers={"accept": "text/html",
                                                 "accept-encoding": "gzip"}, timeout=60)
    assert page.status_code == 200 and page.headers.get("content-encoding") == "gzip"
    assert page.num_bytes_downloaded < len(page.content) / 3  # 21.6 MB as sent before
    assert "Content-Security-Policy" in page.text and "script-src 'sha256-" in page.text
    assert page.headers["x-frame-options"] == "DENY"
