"""Start-up index creation against the real database, as on a restart with existing data."""

import uuid

import pytest
from pymongo import AsyncMongoClient

from services.deadlines.store import INDEXES as DEADLINES
from services.intake.store import INDEXES as INTAKE
from services.kit.mongo import ensure_indexes
from services.oversight.store import INDEXES as OVERSIGHT

pytestmark = pytest.mark.integration


async def test_index_creation_is_repeatable(infra):
    client = AsyncMongoClient(infra.mongo_url)
    db = client[f"index_test_{uuid.uuid4().hex[:8]}"]
    for spec in (INTAKE, DEADLINES, OVERSIGHT):
        await ensure_indexes(db, spec)
        await ensure_indexes(db, spec)  # the second start finds them all in place
    names = {i["name"] async for i in await db["cases"].list_indexes()}
    assert {"case_number", "status_addressee", "applicant"} <= names
    await db.command("ping")  # the server is still answering
    await client.drop_database(db.name)
    await client.close()
