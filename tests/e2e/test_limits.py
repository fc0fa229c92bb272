"""Operation limits: what froze the gateway or a subgraph (20,000 fields, 60 aliases of a
costly field) is refused before it runs, in milliseconds, with a code, through the gateway and
straight to a subgraph alike; ordinary operations pass. (Depth is limited too, but no type
refers back to itself, so the schema bounds it already.)"""

import time

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
