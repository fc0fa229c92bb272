"""The audit trail by staff member and by day at 10,000 cases: the audit index (kit.audit, slot
logs the outbox relay appends to in batches) against the scan over every change document it
replaced, on the same data, beside a plain `_id` look-up measured in the same run.

    .venv/bin/python -m bench.audit --cases 10000

Starts its own FerretDB. Seeds `--changes` change documents per case (as intake stores them:
the aggregate's state in each, ~1.5 KB) over 60 days and 50 staff, and indexes the same
changes as the relay does (batches of 20 changes). Not a test: docs/benchmarks.md has the
figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, time as day_time, timedelta
from pathlib import Path

from pymongo import DESCENDING, AsyncMongoClient

from deploy.local.stack import FerretDB, free_port
from services.kit.audit import CENTRE_TZ, AuditIndex, trail_by

START = datetime(2026, 9, 1, 1, tzinfo=UTC)
STAFF, DAYS = 50, 60
STATE = {"applicant": {"name": "张三", "id_number": "11010519491231002X"},
         "materials": [{"name": f"材料{i}", "state": "present"} for i in range(12)],
         "notes": "办件状态" * 150}


def change(case: int, version: int, at: datetime) -> dict:
    return {"_id": f"case-{case:06d}:{version:010d}", "aggregate_id": f"case-{case:06d}",
            "version": version, "at": at, "actor": f"staff-{(case + version) % STAFF:02d}",
            "state": STATE, "outbox": [{"type": "case.accepted"}]}


def in_time_order(cases: int, per_case: int) -> list[tuple[int, int, datetime]]:
    """Each case's changes over a few hours, cases a few minutes apart, 60 days in all: the
    order the relay publishes them in."""
    step = timedelta(days=DAYS) / max(cases, 1)
    return sorted(((c, v, START + step * c + timedelta(minutes=37 * v + c % 11))
                   for c in range(cases) for v in range(1, per_case + 1)), key=lambda x: x[2])


async def old_trail_by(changes, actor: str | None, day: date | None, limit: int) -> list:
    """The scan the index replaced (kit.audit before it), on one collection."""
    query: dict = {}
    if actor:
        query["actor"] = actor
    if day:
        start = datetime.combine(day, day_time(), CENTRE_TZ).astimezone(UTC)
        query["at"] = {"$gte": start, "$lt": start + timedelta(days=1)}
    cursor = changes.find(query, {"state": 0}).sort([("at", DESCENDING)]).limit(limit)
    return [c async for c in cursor]


async def timed(call, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = await call()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), result


async def run(cases: int, per_case: int, repeat: int) -> dict:
    root = Path(tempfile.mkdtemp(prefix="onewindow-audit-"))
    ferret = FerretDB(free_port(), root / "ferretdb", root / "logs")
    ferret.start()
    client = AsyncMongoClient(ferret.url, tz_aware=True)
    try:
        db = client["bench_audit"]
        changes, index = db["cases_changes"], AuditIndex(db)
        started = time.perf_counter()
        batch: list[dict] = []
        ordered = in_time_order(cases, per_case)
        for n, (case, version, at) in enumerate(ordered):
            batch.append(change(case, version, at))
            if len(batch) >= 400 or n == len(ordered) - 1:
                await changes.insert_many(batch, ordered=False)
                refs = [{"kind": "cases", "id": c["aggregate_id"], "v": c["version"],
                         "at": c["at"], "actor": c["actor"], "events": ["case.accepted"]}
                        for c in batch]
                for i in range(0, len(refs), 20):  # the relay's batches under light load
                    await index.record(refs[i:i + 20])
                batch = []
        seeded = time.perf_counter() - started
        await db["probe"].insert_one({"_id": "x", "v": 1})
        baseline, _ = await timed(lambda: db["probe"].find_one({"_id": "x"}), repeat * 10)
        day = (START + timedelta(days=20)).astimezone(CENTRE_TZ).date()
        figures = {"cases": cases, "changes": cases * per_case, "seed_s": round(seeded, 1),
                   "id_lookup_ms": round(baseline, 2)}
        for name, actor, d in (("by_staff", "staff-07", None), ("by_day", None, day)):
            new_ms, new = await timed(lambda: trail_by(index, {"cases"}, actor, d, 100), repeat)
            old_ms, old = await timed(lambda: old_trail_by(changes, actor, d, 100), repeat)
            assert sorted((e.record_id, e.version) for e in new) == sorted(
                (c["aggregate_id"], c["version"]) for c in old), name
            figures[name] = {"index_ms": round(new_ms, 1), "scan_ms": round(old_ms, 1),
                             "index_x_id_lookup": round(new_ms / baseline, 1),
                             "scan_x_id_lookup": round(old_ms / baseline, 1)}
        return figures
    finally:
        await client.close()
        ferret.stop()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--changes", type=int, default=8, help="change documents per case")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(args.cases, args.changes, args.repeat)), indent=2))


if __name__ == "__main__":
    main()
