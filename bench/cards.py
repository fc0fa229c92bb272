"""Day rollover with many open clocks: the time from the start of a day until all of that
day's cards are issued and published, with N open clocks stored.

    .venv/bin/python -m bench.cards --open 100000 --due 5000
    .venv/bin/python -m bench.cards --open 1000000 --due 5000

Starts its own FerretDB and RabbitMQ. Open clocks are seeded straight into the deadlines
database (their current-state documents, as the service stores them); `--due` of them fell
due yesterday, so today's agenda holds their red cards. Then one scheduler tick and the
outbox relay run in this process, and the clock stops when the last card event is confirmed
by RabbitMQ.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

from pymongo import AsyncMongoClient

from deploy.local.stack import FerretDB, RabbitMQ, free_port
from services.deadlines import store
from services.kit.codec import dump
from services.deadlines.agenda.store import AGENDA, SCHEDULER, AgendaStore
from services.deadlines.calendar.store import Calendars, CalendarStore
from services.deadlines.clocks.store import CLOCKS, ClockStore
from services.deadlines.deps import Deps
from services.deadlines.statistics.store import StatisticsStore
from services.deadlines.clocks.domain import Card, Clock, ClockStatus, TimelineEntry
from services.deadlines.agenda.scheduled import Scheduler
from services.kit.clock import CENTRE_TZ, FixedClock
from services.kit.messaging import Broker
from services.kit.mongo import ensure_indexes
from services.kit.outbox import OutboxRelay
from services.kit.settings import ServiceSettings

TODAY = date(2026, 11, 17)  # a Tuesday: the due clocks were due Monday


def clock_doc(i: int, due: date) -> dict:
    clock = Clock(
        subject_id=f"bench-{i:07d}", case_number=f"OWB{i:07d}", department=f"dept-{i % 40}",
        service_item_code=f"ITEM-{i % 200}", started_on=due - timedelta(days=14), limit=10,
        unit="working_days", due_date=due, provisional=False, status=ClockStatus.RUNNING,
        timeline=[TimelineEntry(datetime(2026, 11, 1, tzinfo=CENTRE_TZ), "started", due,
                                f"seed-{i}")],
        applied_events=[f"seed-{i}"],
    )
    state = {**dump(clock), "due_key": due.isoformat()}  # as ClockStore writes it
    return {"_id": clock.clock_id, **state, "version": 1}


async def seed(db, open_clocks: int, due_today: int, batch: int = 5_000) -> float:
    started = time.perf_counter()
    yesterday = TODAY - timedelta(days=1)
    docs = []
    for i in range(open_clocks):
        # The first `due_today` fell due yesterday; the rest spread over the next 250 days.
        due = yesterday if i < due_today else TODAY + timedelta(days=1 + i % 250)
        docs.append(clock_doc(i, due))
        if len(docs) == batch:
            await db[CLOCKS].insert_many(docs, ordered=False)
            docs = []
    if docs:
        await db[CLOCKS].insert_many(docs, ordered=False)
    await db[AGENDA].insert_many([
        {"_id": f"{TODAY.isoformat()}:{i:07d}", "owner": f"bench-{i:07d}",
         "card": Card.RED.value, "due_date": yesterday.isoformat()}
        for i in range(due_today)
    ])
    await db[SCHEDULER].insert_one(
        {"_id": "progress", "open_from": TODAY.isoformat(), "slots": {}})
    return time.perf_counter() - started


async def run(open_clocks: int, due_today: int) -> dict:
    root = Path(tempfile.mkdtemp(prefix="onewindow-cards-"))
    ferret = FerretDB(free_port(), root / "ferretdb", root / "logs")
    rabbit = RabbitMQ(free_port(), free_port(), f"ow-cards-{uuid.uuid4().hex[:6]}@localhost",
                      root / "rabbitmq", root / "logs")
    ferret.start()
    rabbit.start()
    try:
        return await rollover(ferret.url, rabbit.url, open_clocks, due_today)
    finally:
        rabbit.stop()
        ferret.stop()


async def rollover(mongo_url: str, amqp_url: str, open_clocks: int, due_today: int) -> dict:
    """On running FerretDB and RabbitMQ (a database and an exchange of its own)."""
    client = AsyncMongoClient(mongo_url, tz_aware=True)
    db = client[f"onewindow_deadlines_bench_{uuid.uuid4().hex[:6]}"]
    try:
        await ensure_indexes(db, store.INDEXES)
        seconds_to_seed = await seed(db, open_clocks, due_today)
        settings = ServiceSettings(service_name="deadlines-bench", amqp_url=amqp_url,
                                   jwt_secret="x" * 32,
                                   exchange=f"onewindow.bench.{uuid.uuid4().hex[:6]}")
        broker = Broker(settings)
        broker.start()
        await broker.wait_connected(60)
        time_source = FixedClock(datetime(2026, 11, 17, 0, 0, 1, tzinfo=CENTRE_TZ))
        calendar_store = CalendarStore(db)
        calendars = Calendars(calendar_store)
        await calendars.seed_and_load()
        relay = OutboxRelay(db, broker, sweep_seconds=3600)
        deps = Deps(ClockStore(db), calendar_store, calendars, time_source,
                             relay.poke, AgendaStore(db), StatisticsStore(db))
        began = time.perf_counter()
        issued = await Scheduler(deps, deps.agenda).tick()
        ticked = time.perf_counter()
        published = 0
        while await db["outbox"].count_documents({}) > 0:
            published += await relay.relay_pending()
        done = time.perf_counter()
        await broker.close()
        return {
            "open_clocks": open_clocks, "due_today": due_today, "cards_issued": issued,
            "events_published": published, "seed_seconds": round(seconds_to_seed, 1),
            "tick_seconds": round(ticked - began, 2),
            "rollover_to_all_published_seconds": round(done - began, 2),
            "cards_per_second": round(issued / (done - began), 1),
        }
    finally:
        await client.drop_database(db.name)
        await client.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--open", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=5_000)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(args.open, args.due)), indent=2))


if __name__ == "__main__":
    main()
