"""Intake's storage under concurrency, against the real database."""

import asyncio
import uuid
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from pymongo import AsyncMongoClient

from services.intake import commands, handlers
from services.intake.domain import CaseStateError
from services.intake.store import IntakeStore
from services.kit.aggregates import ConcurrentChange
from services.kit.auth import Principal, Role
from services.kit.clock import FixedClock
from services.kit.graphql import InputError

pytestmark = pytest.mark.integration
NOW = datetime(2026, 9, 28, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
ADMIN = Principal("admin", frozenset({Role.ADMIN}))
STAFF = Principal("wang", frozenset({Role.WINDOW_STAFF}), "civil")


@pytest.fixture
async def deps(infra):
    client = AsyncMongoClient(infra.mongo_url, tz_aware=True)
    db = client[f"intake_test_{uuid.uuid4().hex[:8]}"]
    yield handlers.Deps(IntakeStore(db), FixedClock(NOW), lambda: None)
    await client.drop_database(db.name)
    await client.close()


async def test_concurrent_applications_get_distinct_case_numbers(deps):
    numbers = await asyncio.gather(
        *(deps.store.allocate_case_number(date(2026, 9, 28), f"case-{i}") for i in range(40))
    )
    assert len(set(numbers)) == 40
    assert all(n.startswith("OW20260928") for n in numbers)


async def test_a_case_is_accepted_once_even_when_two_staff_click_at_once(deps):
    item = await handlers.create_service_item(commands.CreateServiceItem(
        "MZ-001", "婚姻登记", "civil", 20, 10), deps, ADMIN)
    case = await handlers.submit_application(commands.SubmitApplication(
        item.id, commands.ApplicantDetails("张三", "resident_id_card", "11010519491231002X",
                                           "13800000000")), deps, STAFF)
    results = await asyncio.gather(
        *(handlers.accept_application(commands.AcceptApplication(case.id), deps, STAFF)
          for _ in range(10)), return_exceptions=True)
    accepted = [r for r in results if not isinstance(r, Exception)]
    assert len(accepted) == 1
    assert all(isinstance(r, ConcurrentChange | CaseStateError) for r in results
               if isinstance(r, Exception))
    history = await deps.store.cases.history(case.id)
    assert [len(c["outbox"]) for c in history] == [1, 1]  # received, accepted: one event each
    assert history[1]["outbox"][0]["type"] == "case.accepted"


async def test_item_codes_are_unique_under_concurrency(deps):
    results = await asyncio.gather(*(handlers.create_service_item(
        commands.CreateServiceItem("DUP-1", "事项", "civil", 20, 10), deps, ADMIN)
        for _ in range(10)), return_exceptions=True)
    assert sum(not isinstance(r, Exception) for r in results) == 1
    assert all(r.code == "DUPLICATE_CODE" for r in results if isinstance(r, InputError))
