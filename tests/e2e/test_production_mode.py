"""ONEWINDOW_PRODUCTION turns the GraphQL IDE and introspection off, at the gateway and at each
service (issue 22): a second gateway and a second intake replica started with it, beside the
suite's own, answer operations as usual and show neither."""

import sys

import httpx
import pytest

from deploy.local.stack import GATEWAY_DIR, Process, free_port, http_ok, wait_until
from tests.support import gql

pytestmark = pytest.mark.e2e
INTROSPECTION = "{ __schema { queryType { name } } }"


@pytest.fixture
def production(stack):
    processes = []
    gateway_port, intake_port = free_port(), free_port()
    supergraph = stack.log_dir / "supergraph.graphql"
    processes.append(Process("gateway-production", [
        str(GATEWAY_DIR / "node_modules" / ".bin" / "hive-gateway"), "supergraph",
        str(supergraph), "--port", str(gateway_port), "--host", "127.0.0.1"],
        {"SUPERGRAPH_PATH": str(supergraph), "GATEWAY_PORT": str(gateway_port),
         "ONEWINDOW_GATEWAY_SECRET": stack.gateway_secret, "ONEWINDOW_PRODUCTION": "true"},
        stack.log_dir / "gateway-production.log", cwd=GATEWAY_DIR))
    processes.append(Process("intake-production", [
        sys.executable, "-m", "uvicorn", "--factory", "services.intake.app:build", "--host",
        "127.0.0.1", "--port", str(intake_port), "--no-access-log"],
        {**stack.service_env("intake"), "ONEWINDOW_PRODUCTION": "true"},
        stack.log_dir / "intake-production.log"))
    try:
        for p in processes:
            p.start()
        wait_until(lambda: http_ok(f"http://127.0.0.1:{gateway_port}/healthcheck"), 60,
                   "production gateway")
        wait_until(lambda: http_ok(f"http://127.0.0.1:{intake_port}/readyz"), 60,
                   "production intake")
        yield f"http://127.0.0.1:{gateway_port}/graphql", \
            f"http://127.0.0.1:{intake_port}/graphql"
    finally:
        for p in processes:
            p.stop()


def test_production_shows_no_ide_and_no_introspection(stack, production):
    gateway, intake = production
    for url in (gateway, intake):
        page = httpx.get(url, headers={"accept": "text/html"}, timeout=30)
        assert "<html" not in page.text.lower(), url
        refused = gql(url, INTROSPECTION)
        assert refused.get("errors") and not (refused.get("data") or {}).get("__schema"), url
        # ordinary operations are answered as ever
        assert gql(url, '{ serviceItems(first: 1) { pageInfo { hasNextPage } } }')[
            "data"]["serviceItems"] is not None, url
    # and the suite's own gateway and intake (not production) still show both
    assert gql(stack.gateway_url, INTROSPECTION)["data"]["__schema"]["queryType"]["name"] == \
        "Query"
    assert "<html" in httpx.get(f"{stack.service_url('intake')}/graphql",
                                headers={"accept": "text/html"}, timeout=30).text.lower()
