"""Every refusal carries a code (issue 22): a cursor this API never issued, on every list that
takes one, and variables of the wrong type, through the gateway and at each service."""

import base64

import httpx
import pytest
from graphql.language import NonNullTypeNode

from tests.e2e.access_matrix import _literal, _schema
from tests.support import gql, token

pytestmark = pytest.mark.e2e
FORGED = [base64.urlsafe_b64encode(raw).decode() for raw in (
    b"ow:not-a-date|x", b"ow:|", b"ow:2026-13-45T99:00|id", b"ow:\xff\xfe", b"something else")]


def _paged_fields() -> dict[str, str]:
    """Root query fields taking `after`, each as a minimal operation with `after: $a`."""
    roots, inputs, enums, composite = _schema()
    out = {}
    for name, f in sorted(roots["Query"].items()):
        args = {a.name.value: a for a in f.arguments or ()}
        if "after" not in args:
            continue
        required = [a for a in f.arguments if isinstance(a.type, NonNullTypeNode)
                    and a.default_value is None]
        given = ", ".join(f"{a.name.value}: {_literal(a.type, inputs, enums)}"
                          for a in required)
        call = f"{name}({given + ', ' if given else ''}after: $a)"
        out[name] = f"query($a: String) {{ {call} {{ __typename }} }}"
    return out


def test_a_forged_cursor_is_refused_with_a_code_on_every_list(stack):
    operations = _paged_fields()
    assert len(operations) >= 10, operations
    who = token(stack, "admin", subject="cursor-admin")
    for name, query in operations.items():
        for cursor in FORGED:
            result = gql(stack.gateway_url, query, {"a": cursor}, who)
            codes = {e.get("extensions", {}).get("code") for e in result.get("errors") or []}
            assert "INTERNAL_SERVER_ERROR" not in codes and None not in codes, (
                name, cursor, result)


@pytest.mark.parametrize("variables", [
    {"d": 12}, {"d": ["2026-10-01"]}, {"d": {"x": 1}}, {"d": None}, {},
], ids=["int", "list", "object", "null", "missing"])
def test_variables_of_the_wrong_type_are_refused_with_a_code(stack, variables):
    query = "query($d: Date!) { calendarDay(date: $d) { kind } }"
    for url in (stack.gateway_url, f"{stack.service_url('deadlines')}/graphql"):
        response = httpx.post(url, json={"query": query, "variables": variables}, timeout=30)
        assert response.status_code in (200, 400), (url, response.status_code)
        result = response.json()
        assert result.get("errors"), (url, result)
        codes = [e.get("extensions", {}).get("code") for e in result["errors"]]
        assert all(codes) and "INTERNAL_SERVER_ERROR" not in codes, (url, result)


