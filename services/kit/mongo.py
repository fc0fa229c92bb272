"""MongoDB through PyMongo's native async API, kept to what FerretDB v1 and MongoDB share.

Rules (see DEVELOPERS.md): single-document atomicity only, equality filters on hot paths (FerretDB
pushes only those down), no `$lookup`/`$facet`/`$cond`, no nested arrays, no dots in keys.
"""

from collections.abc import Mapping, Sequence

from pymongo import AsyncMongoClient, IndexModel
from pymongo.asynchronous.database import AsyncDatabase

from .settings import ServiceSettings

IndexSpec = Mapping[str, Sequence[IndexModel]]


def connect(settings: ServiceSettings) -> tuple[AsyncMongoClient, AsyncDatabase]:
    client: AsyncMongoClient = AsyncMongoClient(
        settings.mongo_url,
        tz_aware=True,
        serverSelectionTimeoutMS=5_000,
        appname=settings.service_name,
    )
    return client, client[settings.database_name]


async def ensure_indexes(db: AsyncDatabase, spec: IndexSpec) -> None:
    """Create the service's indexes at start-up; a no-op when they exist."""
    for collection, indexes in spec.items():
        if indexes:
            await db[collection].create_indexes(list(indexes))


async def ping(db: AsyncDatabase) -> bool:
    try:
        await db.command("ping")
        return True
    except Exception:
        return False
