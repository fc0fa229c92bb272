"""MongoDB through PyMongo's native async API, kept to what FerretDB v1 and MongoDB share.

Rules (see DEVELOPERS.md): single-document atomicity only, equality filters on hot paths (FerretDB
pushes only those down), no `$lookup`/`$facet`/`$cond`, no nested arrays, no dots in keys.
"""

from collections.abc import Mapping, Sequence

from prometheus_client import Counter
from pymongo import AsyncMongoClient, IndexModel, monitoring
from pymongo.asynchronous.database import AsyncDatabase

from .settings import ServiceSettings

IndexSpec = Mapping[str, Sequence[IndexModel]]


COMMANDS = Counter("onewindow_db_commands_total", "Database commands sent, by collection",
                   ["service", "command", "collection"])
HANDSHAKES = {"hello", "ismaster", "isMaster", "ping", "endSessions", "buildInfo"}


class CommandCounter(monitoring.CommandListener):
    """Counts every command by kind and collection (`/metrics`): what a change costs in round
    trips, measured (bench.operations) rather than guessed."""

    def __init__(self, service: str) -> None:
        self.service = service

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        if event.command_name in HANDSHAKES:
            return
        collection = event.command.get(
            "collection" if event.command_name == "getMore" else event.command_name)
        COMMANDS.labels(self.service, event.command_name,
                        collection if isinstance(collection, str) else "").inc()

    def succeeded(self, event) -> None:
        pass

    def failed(self, event) -> None:
        pass


def connect(settings: ServiceSettings) -> tuple[AsyncMongoClient, AsyncDatabase]:
    client: AsyncMongoClient = AsyncMongoClient(
        settings.mongo_url,
        tz_aware=True,
        serverSelectionTimeoutMS=5_000,
        appname=settings.service_name,
        event_listeners=[CommandCounter(settings.service_name)],
    )
    return client, client[settings.database_name]


def _shape(index: dict) -> tuple:
    return (tuple((k, int(v)) for k, v in index["key"].items()), bool(index.get("unique")))


async def ensure_indexes(db: AsyncDatabase, spec: IndexSpec) -> None:
    """Create the service's missing indexes at start-up, one at a time.

    Only missing ones: FerretDB v1 drops the connection (a server panic) when one
    `createIndexes` names several indexes that all exist already. An index whose name is
    kept but whose keys or uniqueness changed is dropped and built again.
    """
    for collection, indexes in spec.items():
        existing = {i["name"]: _shape(i) async for i in await db[collection].list_indexes()}
        for model in indexes:
            wanted = model.document
            name = wanted["name"]
            if existing.get(name) == _shape(wanted):
                continue
            if name in existing:
                await db[collection].drop_index(name)
            await db[collection].create_indexes([model])


async def ping(db: AsyncDatabase) -> bool:
    try:
        await db.command("ping")
        return True
    except Exception:
        return False
