"""Test infrastructure: real FerretDB, RabbitMQ, services and gateway.

Where they come from, in order:
1. `ONEWINDOW_TEST_MONGO_URL` and `ONEWINDOW_TEST_AMQP_URL` from the environment (either alone:
   `deploy/local/onewindow test --mongo-url URL` runs the suites on an operator's MongoDB);
2. testcontainers (MongoDB 7, RabbitMQ 3) when a Docker engine answers and neither is named;
3. otherwise local FerretDB and RabbitMQ nodes started here on free ports with throw-away data
   (the only mode in which the broker-outage test can stop and restart the broker).
Traces go to a Jaeger started here (kit.tracing): the trace test reads them back.
Services and the gateway always run as separate processes, as in production.
"""

from __future__ import annotations

import os
import secrets
import sys
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from deploy.local.keycloak import Keycloak  # noqa: E402
from deploy.local.stack import FerretDB, Jaeger, RabbitMQ, Stack, free_port  # noqa: E402
from tests.support import Infra  # noqa: E402


def _docker_answers() -> bool:
    try:
        import docker

        docker.from_env(timeout=3).ping()
        return True
    except Exception:
        return False


DIRECTORY_SECRET = secrets.token_urlsafe(24)  # the directory's service account in the realm


@pytest.fixture(scope="session")
def tmp_root(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("onewindow")


@contextmanager
def identity_provider(tmp_root: Path):
    """Keycloak with the onewindow realm, started beside the other servers (it takes the
    longest), stopped at the end."""
    keycloak = Keycloak(free_port(), tmp_root / "keycloak", tmp_root / "logs")
    starting = ThreadPoolExecutor(1).submit(keycloak.start)
    try:
        yield starting, keycloak
    finally:
        starting.exception()  # never stopped before it finished starting
        keycloak.stop()


@pytest.fixture(scope="session")
def infra(tmp_root):
    with identity_provider(tmp_root) as (starting, keycloak):
        for found in _servers(tmp_root):
            starting.result()
            yield Infra(found.mongo_url, found.amqp_url, found.broker, keycloak)


def _servers(tmp_root):
    mongo, amqp = os.environ.get("ONEWINDOW_TEST_MONGO_URL"), os.environ.get("ONEWINDOW_TEST_AMQP_URL")
    if mongo and amqp:
        yield Infra(mongo, amqp, broker=None)
        return
    if not mongo and _docker_answers():
        from testcontainers.mongodb import MongoDbContainer
        from testcontainers.rabbitmq import RabbitMqContainer

        with MongoDbContainer("mongo:7") as m, RabbitMqContainer("rabbitmq:3.13") as r:
            amqp_url = f"amqp://guest:guest@{r.get_container_host_ip()}:{r.get_exposed_port(5672)}/"
            yield Infra(m.get_connection_url(), amqp_url, broker=None)
        return
    # what the environment does not name runs here: a MongoDB of the operator's
    # (`deploy/local/onewindow test --mongo-url URL`) beside a broker of our own, or both ours
    logs = tmp_root / "logs"
    with ExitStack() as started:
        if not mongo:
            ferret = FerretDB(free_port(), tmp_root / "ferretdb", logs)
            ferret.start()
            started.callback(ferret.stop)
            mongo = ferret.url
        rabbit = None
        if not amqp:
            rabbit = RabbitMQ(free_port(), free_port(), f"ow-test-{os.getpid()}@localhost",
                              tmp_root / "rabbitmq", logs)
            rabbit.start()
            started.callback(rabbit.stop)
            amqp = rabbit.url
        yield Infra(mongo, amqp, broker=rabbit)


@pytest.fixture(scope="session")
def stack(infra, tmp_root):
    """The three services and the gateway, with a clock the tests set (kit.clock.FileClock)."""
    clock_file = tmp_root / "clock.txt"
    clock_file.write_text("")
    services = {n: free_port() for n in ("intake", "deadlines", "oversight")}
    gateway_port = free_port()
    infra.keycloak.configure(f"http://127.0.0.1:{gateway_port}", DIRECTORY_SECRET)
    jaeger = Jaeger(free_port(), free_port(), free_port(), tmp_root / "logs")
    jaeger.start()
    stack = Stack(
        infra.mongo_url, infra.amqp_url, tmp_root / "logs", services, gateway_port,
        database_suffix=f"_t{uuid.uuid4().hex[:8]}", oidc_issuer=infra.keycloak.issuer,
        directory_secret=DIRECTORY_SECRET,
        extra_env={"ONEWINDOW_CLOCK_FILE": str(clock_file),
                   "ONEWINDOW_RELAY_SWEEP_SECONDS": "1",
                   "ONEWINDOW_SCHEDULER_TICK_SECONDS": "0.5",
                   "ONEWINDOW_RETRY_DELAYS_MS": "[200, 400, 800]",
                   # the tests stand in for many clients: X-Forwarded-For from this host is
                   # believed (the look-up limits count per client address)
                   "ONEWINDOW_TRUSTED_PROXIES": "127.0.0.1,::1",
                   # the gateway at its most talkative: its logs must still carry no PII
                   "ONEWINDOW_GATEWAY_LOG_LEVEL": "debug",
                   # every request traced, to the Jaeger above (kit.tracing)
                   "ONEWINDOW_OTLP_ENDPOINT": jaeger.otlp_endpoint,
                   "ONEWINDOW_TRACE_SAMPLE_RATIO": "1.0",
                   # hundreds of test departments never roster: the lunch-time check holds
                   # those that did (the production default checks every one)
                   "ONEWINDOW_LUNCH_DUTY_SCOPE": "rostered",
                   "ONEWINDOW_ATTENDANCE_SCOPE": "signing"},
    )
    stack.clock_file = clock_file
    stack.keycloak = infra.keycloak
    stack.jaeger = jaeger
    try:
        stack.start_all()
        yield stack
    finally:
        stack.stop_all()
        jaeger.stop()
        if os.environ.get("ONEWINDOW_TEST_MONGO_URL"):  # an operator's MongoDB: leave it clean
            _drop_databases(infra.mongo_url, stack.database_suffix)


def _drop_databases(mongo_url: str, suffix: str) -> None:
    from pymongo import MongoClient

    with MongoClient(mongo_url) as client:
        for name in client.list_database_names():
            if name.startswith("onewindow_") and name.endswith(suffix):
                client.drop_database(name)
