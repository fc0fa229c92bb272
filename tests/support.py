"""Helpers shared by integration and end-to-end tests."""

from __future__ import annotations

import asyncio
import functools
import json
import os
import secrets
import time
import uuid
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import aio_pika
import httpx
from pymongo import MongoClient

from deploy.local.keycloak import Keycloak
from deploy.local.stack import RabbitMQ, Stack
from services.kit.settings import ServiceSettings
from services.kit.tokens import mint


@dataclass
class Infra:
    mongo_url: str
    amqp_url: str
    broker: RabbitMQ | None  # set only when the tests own the broker and may restart it
    keycloak: "Keycloak | None" = None  # the identity provider, its realm configured


def token(stack: Stack, *roles: str, department: str | None = None, subject: str = "tester",
          ttl: int = 3600, now: float | None = None, secret: str | None = None) -> str:
    settings = ServiceSettings(jwt_secret=secret or stack.jwt_secret)
    return mint(settings, subject, list(roles), department, None, ttl, now)


def gql(url: str, query: str, variables: dict | None = None, token: str | None = None,
        headers: dict | None = None) -> dict:
    """One request; each from an address of its own unless `headers` name one (the test
    stack believes X-Forwarded-For from this host), so that the look-up limits per client
    address (kit.lookups) count only what a test means them to."""
    all_headers = {"x-forwarded-for": f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}."
                                      f"{secrets.randbelow(250) + 1}", **(headers or {})}
    if token:
        all_headers["authorization"] = f"Bearer {token}"
    response = httpx.post(url, json={"query": query, "variables": variables or {}},
                          headers=all_headers, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


def error_codes(result: dict) -> list[str]:
    return [e.get("extensions", {}).get("code") for e in result.get("errors", [])]


def eventually(check, timeout: float = 30, interval: float = 0.2, what: str = "condition"):
    """Poll until `check()` returns a truthy value (eventual consistency between services)."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError(f"{what} not reached within {timeout}s (last: {last!r})")


def database(stack: Stack, service: str):
    """Direct read access for assertions on what a service stored (tests only)."""
    return MongoClient(stack.mongo_url, tz_aware=True)[f"onewindow_{service}{stack.database_suffix}"]


def log_records(stack: Stack, service: str) -> list[dict]:
    path: Path = stack.log_dir / f"{service}.log"
    records = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith("{"):
            try:
                records.append(json.loads(line))
            except ValueError:
                pass
    return records


def set_clock(stack: Stack, iso_instant: str) -> None:
    """Set the services' clock. Tests move it back and forth; production time only goes on.
    When it goes back, wait until the deadlines scheduler has worked at the new time: a tick
    begun at the old time (a long one, after many clocks were rescheduled) would otherwise
    issue this test's clocks cards as of a later day."""
    from datetime import date, datetime

    before = stack.clock_file.read_text().strip()
    # Replaced whole, never truncated then written: a service reading the file in between
    # would see it empty, take the system time, and schedule (a retry, a card) days away.
    staged = stack.clock_file.with_suffix(".next")
    staged.write_text(iso_instant)
    os.replace(staged, stack.clock_file)
    instant = datetime.fromisoformat(iso_instant)
    if instant.date() < (datetime.fromisoformat(before).date() if before else date.today()):
        progress = database(stack, "deadlines")["scheduler"]
        eventually(lambda: (p := progress.find_one({"_id": "progress"})) is None
                   or p.get("tick_at") == instant, 60,
                   what="the scheduler ticking at the new time")


def web_complaint(stack: Stack, complaint: dict, query: str, address: str | None = None) -> dict:
    """An anonymous web complaint as a browser files it: a challenge fetched and solved
    (kit.challenges), then `query` (a registerComplaint mutation taking $i) with it."""
    from services.kit.challenges import solve

    headers = {"x-forwarded-for": address} if address else None
    challenge = gql(stack.gateway_url, "{ complaintChallenge { token bits } }",
                    headers=headers)["data"]["complaintChallenge"]
    solution = solve(challenge["token"], challenge["bits"])
    return gql(stack.gateway_url, query, {"i": {**complaint, "challenge": challenge["token"],
                                                "solution": solution}}, headers=headers)


CREATE_ITEM = """mutation($input: CreateServiceItemInput!) {
  createServiceItem(input: $input) {
    __typename
    ... on ServiceItemSaved { serviceItem { id code department published { committedLimit } } }
    ... on InvalidInput { code field fields message }
  }
}"""

SUBMIT = """mutation($input: SubmitApplicationInput!) {
  submitApplication(input: $input) {
    __typename
    ... on ApplicationSubmitted { case { id caseNumber status department } }
    ... on InvalidInput { code field message }
    ... on NotFound { code id }
  }
}"""

ACCEPT = """mutation($id: ID!) {
  acceptApplication(caseId: $id) {
    __typename
    ... on ApplicationAccepted { case { id status acceptedAt } }
    ... on InvalidInput { code field message }
    ... on CaseStateConflict { code message }
    ... on NotFound { code }
  }
}"""

VALID_ID = "11010519491231002X"
# The standard elements an item states before it may be published (000 限时办结 §5, 003).
ELEMENTS = {"legalBasis": "《中华人民共和国行政许可法》", "conditions": "符合法定条件",
            "materials": [{"name": "申请表"}], "responsiblePost": "综合受理岗",
            "place": "政务服务中心一楼", "processSteps": ["受理", "审查", "决定", "送达"]}


def new_id_number() -> str:
    """A valid resident ID number no other test uses (a person registered once per realm)."""
    import random

    from stdnum.cn import ric

    born = f"{random.randint(1950, 2005)}{random.randint(1, 12):02d}{random.randint(1, 28):02d}"
    body = f"110105{born}{random.randint(0, 999):03d}"
    return body + ric.calc_check_digit(body + "0")  # it ignores the last character


def applicant(**overrides) -> dict:
    return {"name": "张三", "idType": "RESIDENT_ID_CARD", "idNumber": VALID_ID,
            "contact": "13800000000", **overrides}


ROSTER = (("h", "STAFF"), ("sh", "SECTION_HEAD"), ("dl", "DEPUTY_LEADER"),
          ("ml", "MAIN_LEADER"))


def staff_department(stack: Stack, department: str) -> None:
    """Give a department what every review chain needs, where the test left it without: a
    handler at its window, a section head, a deputy and a main leader (`<department>-h`,
    `-sh`, `-dl`, `-ml`), so an item can be published (review/staffing.py)."""
    admin = token(stack, "admin", subject="admin")
    found = gql(stack.gateway_url, """query($d: String!, $id: ID!) {
      staff(department: $d, first: 100) { edges { node { position } } }
      department(id: $id) { windows { code } } }""", {"d": department, "id": department},
                admin)["data"]
    held = {e["node"]["position"] for e in found["staff"]["edges"]}
    windows = [w["code"] for w in (found["department"] or {}).get("windows", [])]
    if found["department"] is None:
        windows = ["W-1"]
        defined = gql(stack.gateway_url, """mutation($i: DefineDepartmentInput!) {
          defineDepartment(input: $i) { __typename } }""", {"i": {
            "code": department, "name": f"测试部门 {department}",
            "windows": [{"code": "W-1", "name": "一号窗口"}]}}, admin)
        assert defined["data"]["defineDepartment"]["__typename"] == "DepartmentSaved", defined
    for level, (suffix, position) in enumerate(ROSTER):
        if position in held:
            continue
        registered = gql(stack.gateway_url, """mutation($i: RegisterStaffInput!) {
          registerStaff(input: $i) { __typename ... on InvalidInput { code message } } }""",
                         {"i": {"staffId": f"{department}-{suffix}", "name": f"测试{suffix}",
                                "department": department, "rankTitle": position,
                                "rankLevel": 3 + 2 * level, "position": position,
                                "window": windows[0] if windows and level == 0 else None}},
                         admin)
        assert registered["data"]["registerStaff"]["__typename"] == "StaffMemberSaved", \
            registered


def centre_deputy(stack: Stack) -> str:
    """A new deputy director (中心副主任) in the centre's own department (defined if missing):
    a duty director, a week's inspection leader."""
    admin = token(stack, "admin", subject="admin")
    gql(stack.gateway_url, """mutation($i: DefineDepartmentInput!) { defineDepartment(input: $i)
      { __typename } }""", {"i": {"code": "centre", "name": "政务服务中心"}}, admin)
    deputy = f"deputy-{uuid.uuid4().hex[:6]}"
    saved = gql(stack.gateway_url, """mutation($i: RegisterStaffInput!) { registerStaff(input: $i)
      { __typename } }""", {"i": {"staffId": deputy, "name": "中心副主任", "department": "centre",
                                  "rankTitle": "副主任", "rankLevel": 12,
                                  "position": "DEPUTY_LEADER"}}, admin)
    assert saved["data"]["registerStaff"]["__typename"] == "StaffMemberSaved", saved
    return deputy


def create_item(stack: Stack, department: str, committed: int = 10, statutory: int = 20,
                code: str | None = None, staffed: bool = True, **elements) -> dict:
    """A published item; `elements` are further ItemDetailsInput fields (materials, caseKind...).
    `staffed`: first give its department (and co-departments) staff where they have none."""
    import uuid

    if staffed:
        for d in (department, *elements.get("coDepartments", ())):
            staff_department(stack, d)
    admin = token(stack, "admin", subject="admin")
    result = gql(stack.gateway_url, CREATE_ITEM, {"input": {
        "code": code or f"T-{uuid.uuid4().hex[:10]}", "name": "测试事项", "department": department,
        "statutoryLimit": statutory, "committedLimit": committed, "publish": True,
        **ELEMENTS, **elements}},
        admin)
    assert result.get("data"), result
    outcome = result["data"]["createServiceItem"]
    assert outcome["__typename"] == "ServiceItemSaved", result
    return {**outcome["serviceItem"],
            "materials": [m["name"] for m in elements.get("materials", ELEMENTS["materials"])]}


def submit_and_accept(stack: Stack, item: dict, headers: dict | None = None) -> str:
    staff = token(stack, "window_staff", department=item["department"], subject="staff-1")
    submitted = gql(stack.gateway_url, SUBMIT, {"input": {
        "serviceItemId": item["id"], "applicant": applicant(),
        "materials": [{"name": m} for m in item.get("materials", [])]}},
        staff, headers)["data"]["submitApplication"]
    assert submitted["__typename"] == "ApplicationSubmitted", submitted
    case_id = submitted["case"]["id"]
    accepted = gql(stack.gateway_url, ACCEPT, {"id": case_id}, staff, headers)
    assert accepted["data"]["acceptApplication"]["__typename"] == "ApplicationAccepted", accepted
    return case_id


@asynccontextmanager
async def broker_and_listener(amqp_url: str, service_name: str):
    """A connected `Broker` on a fresh exchange, and a private queue bound to everything
    published on it."""
    from services.kit.messaging import Broker

    exchange = f"onewindow.test.{service_name}-{uuid.uuid4().hex[:8]}"
    broker = Broker(ServiceSettings(service_name=service_name, amqp_url=amqp_url,
                                    jwt_secret="x" * 32, exchange=exchange))
    broker.start()
    await broker.wait_connected(30)
    connection = await aio_pika.connect(amqp_url)
    try:
        channel = await connection.channel()
        listener = await channel.declare_queue(exclusive=True)
        await listener.bind(await channel.get_exchange(exchange), routing_key="#")
        yield broker, listener
    finally:
        await connection.close()
        await broker.close()


async def relay_and_listen(db, broker, listener) -> tuple[list[dict], int]:
    """Relay what `db`'s outbox holds through `broker`; the events `listener` received, and
    how many were published."""
    from services.kit.outbox import OutboxRelay

    published = await OutboxRelay(db, broker, sweep_seconds=60).relay_pending()
    events = []
    while (message := await listener.get(fail=False, timeout=5)) is not None:
        await message.ack()
        events.append(json.loads(message.body))
    for event in events:
        assert_in_contract(event)
    return events, published


def assert_in_contract(event: dict) -> None:
    """A published event is in the event contract (gateway/contract/asyncapi.json, issue 25)
    and its envelope and data are as the contract describes them."""
    messages = _contract_messages()
    assert event.get("type") in messages, f"{event.get('type')} is not in the event contract"
    errors = [f"{'.'.join(map(str, e.path))}: {e.message}" for e in
              messages[event["type"]].iter_errors(event)]
    assert errors == [], f"{event['type']} differs from the event contract: {errors}"


@functools.cache
def _contract_messages() -> dict:
    import jsonschema

    contract = json.loads((Path(__file__).resolve().parents[1] / "gateway" / "contract" /
                           "asyncapi.json").read_text())
    return {m["name"]: jsonschema.Draft7Validator(
                m["payload"], format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
            for m in contract["components"]["messages"].values()}


@asynccontextmanager
async def listening(stack: Stack, event_type: str):
    """Bind a private queue to `event_type`; yields `wait_for(subject)`, which returns the
    first such event about `subject` (or fails after `timeout` seconds)."""
    connection = await aio_pika.connect(stack.amqp_url)
    async with connection:
        channel = await connection.channel()
        queue = await channel.declare_queue(exclusive=True)
        await queue.bind(await channel.get_exchange("onewindow.events"), routing_key=event_type)

        async def wait_for(subject: str, timeout: float = 30) -> dict:
            for _ in range(int(timeout / 0.1)):
                message = await queue.get(fail=False)
                if message is None:
                    await asyncio.sleep(0.1)
                    continue
                event = json.loads(message.body)
                assert_in_contract(event)
                if event["subject"] == subject:
                    return event
            raise AssertionError(f"no {event_type} about {subject} within {timeout}s")

        yield wait_for


async def publish(stack: Stack, *events, times: int = 1) -> None:
    """Publish CloudEvents as another service would (persistent, confirmed), each `times`
    times (a redelivery). For events whose producer is not built yet, the contract is the
    consumer's."""
    connection = await aio_pika.connect(stack.amqp_url)
    async with connection:
        channel = await connection.channel(publisher_confirms=True)
        exchange = await channel.get_exchange("onewindow.events")
        for event in events:
            for _ in range(times):
                await exchange.publish(
                    aio_pika.Message(json.dumps(event.to_dict()).encode(), message_id=event.id,
                                     delivery_mode=aio_pika.DeliveryMode.PERSISTENT),
                    routing_key=event.type)


class EventTap:
    """Every event published on the stack's exchange while it is open, in the order RabbitMQ
    routed them (a private queue bound to `#`, read in a thread of its own): what a test
    compares deliveries with."""

    def __init__(self, stack: Stack) -> None:
        import threading

        self.stack = stack
        self.events: list[dict] = []
        self._ready = threading.Event()
        self._stop: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread = threading.Thread(target=lambda: asyncio.run(self._run()), daemon=True)

    async def _run(self) -> None:
        self._loop, self._stop = asyncio.get_running_loop(), asyncio.Event()
        connection = await aio_pika.connect(self.stack.amqp_url)
        async with connection:
            channel = await connection.channel()
            queue = await channel.declare_queue(exclusive=True)
            await queue.bind(await channel.get_exchange("onewindow.events"), routing_key="#")

            async def on_message(message) -> None:
                await message.ack()
                self.events.append(json.loads(message.body))

            await queue.consume(on_message)
            self._ready.set()
            await self._stop.wait()

    def __enter__(self) -> "EventTap":
        self._thread.start()
        assert self._ready.wait(30), "the event tap did not connect"
        return self

    def __exit__(self, *exc) -> None:
        self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(10)
