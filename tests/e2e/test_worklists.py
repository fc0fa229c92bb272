"""Work lists through the gateway: due soon and overdue, paged, with intake's case fields."""

import uuid

import pytest

from tests.support import create_item, eventually, gql, set_clock, submit_and_accept, token

pytestmark = pytest.mark.e2e

DUE_SOON = """query($n: Int!, $d: String, $first: Int!, $after: String) {
  clocksDueSoon(withinWorkingDays: $n, department: $d, first: $first, after: $after) {
    edges { cursor node { id caseNumber clock { dueDate card } } }
    pageInfo { hasNextPage endCursor }
  }
}"""
OVERDUE = """query($d: String) { overdueClocks(department: $d) {
  edges { node { id clock { dueDate card } } } } }"""


def test_due_soon_then_overdue(stack):
    department = f"dept-{uuid.uuid4().hex[:6]}"
    set_clock(stack, "2027-03-01T09:00:00+08:00")  # Monday
    short = create_item(stack, department, committed=2)  # due Wed 3 Mar
    longer = create_item(stack, department, committed=4)  # due Fri 5 Mar
    cases = [submit_and_accept(stack, short), submit_and_accept(stack, longer),
             submit_and_accept(stack, short)]
    supervisor = token(stack, "supervisor")

    def due_soon(n, first=20, after=None):
        return gql(stack.gateway_url, DUE_SOON, {"n": n, "d": department, "first": first,
                                                 "after": after}, supervisor)["data"]["clocksDueSoon"]

    eventually(lambda: len(due_soon(4)["edges"]) == 3, 30, what="three clocks indexed")
    within2 = due_soon(2)["edges"]
    assert sorted(e["node"]["id"] for e in within2) == sorted([cases[0], cases[2]])
    assert all(e["node"]["caseNumber"].startswith("OW20270301") for e in within2)  # from intake
    # Paging one at a time walks the same three, soonest first.
    seen, after = [], None
    while True:
        page = due_soon(4, first=1, after=after)
        seen += [e["node"]["clock"]["dueDate"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == ["2027-03-03", "2027-03-03", "2027-03-05"]

    set_clock(stack, "2027-03-04T08:00:00+08:00")
    staff = token(stack, "window_staff", department=department)

    def overdue(asked_for=None):
        edges = gql(stack.gateway_url, OVERDUE, {"d": asked_for}, staff)["data"]["overdueClocks"]
        return sorted(e["node"]["id"] for e in edges["edges"])

    eventually(lambda: len(overdue()) == 2, 30, what="two overdue clocks")
    assert overdue() == sorted([cases[0], cases[2]])
    # Window staff see their own department; asking for another's is refused.
    refused = gql(stack.gateway_url, OVERDUE, {"d": "another-department"}, staff)
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    other = token(stack, "window_staff", department="someone-else")
    assert gql(stack.gateway_url, OVERDUE, {}, other)["data"]["overdueClocks"]["edges"] == []
