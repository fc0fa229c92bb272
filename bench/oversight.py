"""Oversight under load: events applied per second by its consumers' handlers, and the
dashboard's read (a month's figures) beside a single `_id` look-up, measured in the same run
on the same FerretDB, before and after many cases' events are applied.

    .venv/bin/python -m bench.oversight --cases 5000

Starts its own FerretDB. Each case contributes the events oversight consumes about it:
`case.accepted`, `clock.started`, `case.decided`, `clock.completed`, `case.completed`
(ledger and dashboard), and every tenth a red card (a supervision case) and a poor rating
(a follow-up and its counts). They are applied through the same handlers the consumers call
(no broker: this measures oversight's own cost), 16 at a time. Not a test: nothing asserts.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
import uuid
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from pymongo import AsyncMongoClient

from deploy.local.stack import FerretDB, free_port
from services.kit.clock import FixedClock
from services.kit.events import CloudEvent
from services.kit.mongo import ensure_indexes
from services.oversight import store
from services.oversight.consumers import CONSUMERS
from services.oversight.dashboard import handlers as dashboard
from services.oversight.dashboard.consumers import EVENT_TYPES as DASHBOARD_TYPES
from services.oversight.dashboard.domain import gauge_bucket, month_bucket
from services.oversight.deps import Deps


NOW = datetime(2026, 11, 23, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


def events_of(i: int) -> list[CloudEvent]:
    case_id, dept = f"bench-{i:07d}", f"dept-{i % 40}"
    ids = {"case_id": case_id, "case_number": f"OWB{i:07d}", "department": dept,
           "service_item_id": "i", "service_item_code": f"ITEM-{i % 200}", "window": "W-1"}
    clock = {"subject_type": "case", "subject_id": case_id, "part": None, "staff": f"s{i % 300}",
             "kind": "case_limit", "started_on": "2026-11-02", "due_date": "2026-11-16", **ids}
    out = [
        ("case.accepted", {**ids, "accepted_at": "2026-11-02T10:00:00+08:00",
                           "accepted_on": "2026-11-02"}),
        ("clock.started", {**clock, "limit": 10, "unit": "working_days", "provisional": False}),
        ("case.decided", {**ids, "opinions": [
            {"role": "handler", "staff_id": f"s{i % 300}", "verdict": "approve"},
            {"role": "approver", "staff_id": "head", "verdict": "approve"}]}),
        ("clock.completed", {**clock, "completed_on": "2026-11-13", "outcome": "early",
                             "working_days_used": 9}),
        ("case.completed", {**ids, "completed_on": "2026-11-13", "completed_by": f"s{i % 300}",
                            "applicant_delay": False}),
    ]
    if i % 10 == 0:
        out += [("clock.red_card", {**clock, "issued_on": "2026-11-17",
                                    "working_days_overdue": 1}),
                ("case.rated", {**ids, "staff": [f"s{i % 300}"], "level": "dissatisfied",
                                "poor": True, "real_name": True, "defaulted": False,
                                "rated_on": "2026-11-20"})]
    return [CloudEvent(type=t, source="bench", subject=case_id, data=d) for t, d in out]


async def apply(event: CloudEvent, deps: Deps) -> None:
    for consumer in CONSUMERS.get(event.type, []):
        await consumer(event, deps)
    if event.type in DASHBOARD_TYPES:
        await dashboard.count_event(event.id, event.type, event.data, deps)


def ms_percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)
    pick = lambda p: round(ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000, 2)  # noqa: E731
    return {"p50_ms": pick(0.50), "p99_ms": pick(0.99),
            "mean_ms": round(statistics.fmean(ordered) * 1000, 2)}


async def reads(deps: Deps, raw, n: int = 300) -> dict:
    """The month's figures of one department (two bucket reads, as `oversightFigures` does)
    beside one `_id` find_one, alternated so machine noise falls on both."""
    figures, lookups = [], []
    for k in range(n):
        dept = f"dept-{k % 40}"
        t = time.perf_counter()
        await deps.store.buckets_of([month_bucket("2026-11", "department", dept),
                                     gauge_bucket("department", dept)])
        figures.append(time.perf_counter() - t)
        t = time.perf_counter()
        await raw.find_one({"_id": f"raw-{k % 1000}"})
        lookups.append(time.perf_counter() - t)
    f, lk = ms_percentiles(figures), ms_percentiles(lookups)
    return {"figures": f, "id_lookup": lk, "p99_ratio": round(f["p99_ms"] / lk["p99_ms"], 2)}


async def main_async(args) -> dict:
    root = Path(tempfile.mkdtemp(prefix="onewindow-bench-oversight-"))
    ferret = FerretDB(free_port(), root / "ferretdb", root / "logs")
    ferret.start()
    client = AsyncMongoClient(ferret.url, tz_aware=True)
    try:
        db = client[f"bench_{uuid.uuid4().hex[:6]}"]
        await ensure_indexes(db, store.INDEXES)
        deps = Deps(store.OversightStore(db), FixedClock(NOW), lambda: None)
        raw = db["raw"]
        t = time.perf_counter()
        sem = asyncio.Semaphore(16)

        async def insert(k: int) -> None:
            async with sem:
                await raw.insert_one({"_id": f"raw-{k}", "n": k})

        await asyncio.gather(*(insert(k) for k in range(2000)))
        raw_rate = 2000 / (time.perf_counter() - t)
        before = await reads(deps, raw)
        events = [e for i in range(args.cases) for e in events_of(i)]

        async def one(event: CloudEvent) -> None:
            async with sem:
                await apply(event, deps)

        t = time.perf_counter()
        await asyncio.gather(*(one(e) for e in events))
        seconds = time.perf_counter() - t
        after = await reads(deps, raw)
        rate = len(events) / seconds
        return {"cases": args.cases, "events": len(events), "seconds": round(seconds, 1),
                "events_per_second": round(rate, 1),
                "raw_insert_one_per_second": round(raw_rate, 1),
                "events_per_raw_insert": round(rate / raw_rate, 3),
                "reads_before": before, "reads_after": after}
    finally:
        await client.close()
        ferret.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=5000)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(main_async(args)), indent=2))


if __name__ == "__main__":
    main()
