"""Fixtures of the integration tests: intake's handlers over a throw-away FerretDB database, and
over the in-memory one."""

import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from pymongo import AsyncMongoClient

from services.intake.deps import Deps, Forecast
from services.intake.store import IntakeStore
from services.kit.clock import FixedClock
from services.kit.memory import MemoryDatabase

NOW = datetime(2026, 9, 28, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


async def forecast(start: date, limit: int, unit: str) -> Forecast:
    """Stands in for the deadlines service's HTTP forecast (not a database or broker)."""
    return Forecast(start + timedelta(days=limit))


@pytest.fixture(params=["ferretdb", "memory"])
async def deps(request):
    """Intake's handlers over FerretDB, and over the in-memory database (kit.memory): the same
    tests, so what the fast handler tests on memory assume holds on the real store."""
    if request.param == "memory":
        yield Deps(IntakeStore(MemoryDatabase()), FixedClock(NOW), lambda: None, forecast)
        return
    infra = request.getfixturevalue("infra")
    client = AsyncMongoClient(infra.mongo_url, tz_aware=True)
    db = client[f"intake_test_{uuid.uuid4().hex[:8]}"]
    yield Deps(IntakeStore(db), FixedClock(NOW), lambda: None, forecast)
    await client.drop_database(db.name)
    await client.close()


@pytest.fixture
async def db(infra):
    """A throw-away database on the suite's FerretDB (or the MongoDB it was given); modules
    that run on the in-memory database too define their own."""
    client = AsyncMongoClient(infra.mongo_url, tz_aware=True)
    database = client[f"kit_test_{uuid.uuid4().hex[:8]}"]
    yield database
    await client.drop_database(database.name)
    await client.close()
