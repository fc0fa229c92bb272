"""Rebuild a service's projections (its read models) from its change documents.

`python -m services.kit.rebuild --service intake` with the service's own environment (its
ONEWINDOW_MONGO_URL, and ONEWINDOW_MONGO_DATABASE if set; a Kubernetes Job in docs/deploy.md).

Every change document keeps the aggregate's whole state after it, so a projection is the
newest change's state. The rebuild reads each `<name>_changes` collection once (ids and
versions only), then projects each aggregate's newest change in batches. It is safe beside
running replicas: `VersionedStore.project` replaces the image and then looks for a newer
change, so a projection the rebuild writes over a newer one is put back within the same call.
Barred ids (tombstones: no state) get no projection. When an upgrade changes the shape of what
is stored, older images are read through `AggregateStore(upgrade=...)`; the rebuild is for a
projection lost, damaged, or new (a read model that did not exist before the upgrade).
"""

from __future__ import annotations

import argparse
import asyncio
import json

from pymongo.asynchronous.database import AsyncDatabase

from .aggregates import VersionedStore, changes_collection
from .mongo import connect
from .settings import ServiceSettings

BATCH = 500


async def rebuild_projection(db: AsyncDatabase, name: str) -> int:
    """The projection `name` from `<name>_changes`; returns how many aggregates it shows."""
    newest: dict[str, tuple[int, str]] = {}
    async for change in db[changes_collection(name)].find(
            {}, {"aggregate_id": 1, "version": 1, "state": 1}):
        if change.get("state") is None:  # a tombstone; a barred id is never shown
            continue
        aggregate_id, version = change["aggregate_id"], change["version"]
        if aggregate_id not in newest or newest[aggregate_id][0] < version:
            newest[aggregate_id] = (version, change["_id"])
    store = VersionedStore(db, name, "")
    ids = [change for _, change in newest.values()]
    for start in range(0, len(ids), BATCH):
        changes = db[changes_collection(name)].find({"_id": {"$in": ids[start:start + BATCH]}})
        await store.project_many([(c["aggregate_id"], c["version"], c["state"])
                                  async for c in changes])
    return len(newest)


async def rebuild_all(db: AsyncDatabase, only: list[str] | None = None) -> dict[str, int]:
    """Every projection of the database (or those named): name -> aggregates shown."""
    names = sorted(c.removesuffix("_changes") for c in await db.list_collection_names()
                   if c.endswith("_changes"))
    return {name: await rebuild_projection(db, name) for name in names
            if not only or name in only}


async def _main(args: argparse.Namespace) -> dict[str, int]:
    settings = ServiceSettings(service_name=args.service) if args.service else \
        ServiceSettings()
    client, db = connect(settings)
    try:
        return await rebuild_all(db, args.projection)
    finally:
        await client.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--service", help="intake, deadlines or oversight (its default "
                        "database) unless ONEWINDOW_MONGO_DATABASE names one")
    parser.add_argument("projection", nargs="*", help="only these projections")
    print(json.dumps(asyncio.run(_main(parser.parse_args())), ensure_ascii=False))


if __name__ == "__main__":
    main()
