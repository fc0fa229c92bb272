"""Oversight under load: events applied per second by its consumers' handlers, and what a
dashboard polls beside a single `_id` look-up, measured in the same run on the same FerretDB.

    .venv/bin/python -m bench.oversight --cases 1000 --replay 1000000

Starts its own FerretDB. Each case brings the events oversight consumes about it:
`case.accepted`, `clock.started`, `case.decided`, `clock.completed`, `case.completed`; every
tenth also a red card before completion (a supervision case) and a poor rating (a follow-up);
one in 97 stays open and overdue (on its department's card board).

`--cases N`: N cases' events applied through the same handlers the consumers call (no broker:
oversight's own cost), 16 at a time, in the order life brings them (phase after phase).
`--replay M`: M cases' events replayed in memory through the same consumers, written in bulk
(bench.replay), then the dashboard's reads beside `_id` look-ups of the M-document ledger.
Not a test: nothing asserts.
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

from bench import replay
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
    accepted = ("case.accepted", {**ids, "accepted_at": "2026-11-02T10:00:00+08:00",
                                  "accepted_on": "2026-11-02", "accepted_by": f"s{i % 300}"})
    started = ("clock.started", {**clock, "limit": 10, "unit": "working_days",
                                 "provisional": False})
    red = ("clock.red_card", {**clock, "issued_on": "2026-11-17", "working_days_overdue": 1})
    if i % 97 == 5:  # still open, overdue: on its department's board (97: every department)
        return [CloudEvent(type=t, source="bench", subject=case_id, data=d)
                for t, d in (accepted, started, red)]
    out = [accepted, started, *([red] if i % 10 == 0 else []),
           ("case.decided", {**ids, "verdict": "approved", "decided_on": "2026-11-12",
                             "document_number": f"OWB{i:07d}-JG1", "opinions": [
               {"role": "handler", "staff_id": f"s{i % 300}", "verdict": "approve"},
               {"role": "approver", "staff_id": "head", "verdict": "approve"}]}),
           ("clock.completed", {**clock, "completed_on": "2026-11-13",
                                "outcome": "late" if i % 10 == 0 else "early",
                                "working_days_used": 9, "cards_issued": {
                                    "red": "2026-11-16"} if i % 10 == 0 else {}}),
           ("case.completed", {**ids, "completed_on": "2026-11-13",
                               "completed_by": f"s{i % 300}", "applicant_delay": False})]
    if i % 10 == 0:
        rated = {**ids, "staff": [f"s{i % 300}"], "level": "dissatisfied", "poor": True,
                 "real_name": True, "defaulted": False, "rated_on": "2026-11-20"}
        out += [("rating.given", rated), ("rating.poor", rated)]
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


async def reads(deps: Deps, raw, ids: list[str], n: int = 300) -> dict:
    """What a dashboard polls, each beside one `_id` find_one of `raw` (alternated so machine
    noise falls on both): a month's figures (two buckets, as `oversightFigures`), open cases
    and cards by department (one bucket each), a department's most overdue (its board) and
    the centre's (the boards of departments with red cards)."""
    from services.oversight.cards.domain import CARDS
    from services.oversight.ledger.domain import OPEN_CASES

    store = deps.store


    queries = {
        "figures": lambda k: store.buckets_of([month_bucket("2026-11", "department",
                                                            f"dept-{k % 40}"),
                                               gauge_bucket("department", f"dept-{k % 40}")]),
        "open_cases_and_cards": lambda k: store.buckets_of([OPEN_CASES, CARDS]),
        "most_overdue_department": lambda k: store.most_overdue_of(f"dept-{k % 40}"),
        "most_overdue_centre": lambda k: store.most_overdue_of(None),
    }
    samples: dict[str, list[float]] = {name: [] for name in [*queries, "id_lookup"]}
    for k in range(n):
        for name, query in queries.items():
            t = time.perf_counter()
            await query(k)
            samples[name].append(time.perf_counter() - t)
            t = time.perf_counter()
            await raw.find_one({"_id": ids[(k * 7919 + len(name)) % len(ids)]})
            samples["id_lookup"].append(time.perf_counter() - t)
    out = {name: ms_percentiles(v) for name, v in samples.items()}
    lookup = out["id_lookup"]["p99_ms"]
    for name in queries:
        out[name]["p99_vs_id_lookup"] = round(out[name]["p99_ms"] / lookup, 2)
    return out


async def raw_insert_rate(db) -> float:
    raw, sem = db["raw"], asyncio.Semaphore(16)

    async def insert(k: int) -> None:
        async with sem:
            await raw.insert_one({"_id": f"raw-{k}", "n": k})

    t = time.perf_counter()
    await asyncio.gather(*(insert(k) for k in range(2000)))
    return 2000 / (time.perf_counter() - t)


async def per_event(db, cases: int) -> dict:
    """The service's own path: each event through the consumers' handlers, 16 at a time."""
    await ensure_indexes(db, store.INDEXES)
    deps = Deps(store.OversightStore(db), FixedClock(NOW), lambda: None)
    raw_rate = await raw_insert_rate(db)
    raw_ids = [f"raw-{k}" for k in range(2000)]
    before = await reads(deps, db["raw"], raw_ids, 100)
    # as they come in life: a case's events days apart, other cases' in between (its n-th
    # events in one phase, every case's phase after phase)
    per_case = [events_of(i) for i in range(cases)]
    events = [e[n] for n in range(max(map(len, per_case))) for e in per_case if n < len(e)]
    sem = asyncio.Semaphore(16)

    async def one(event: CloudEvent) -> None:
        async with sem:
            await apply(event, deps)

    t = time.perf_counter()
    await asyncio.gather(*(one(e) for e in events))
    seconds = time.perf_counter() - t
    rate = len(events) / seconds
    return {"cases": cases, "events": len(events), "seconds": round(seconds, 1),
            "events_per_second": round(rate, 1),
            "raw_insert_one_per_second": round(raw_rate, 1),
            "events_per_raw_insert": round(rate / raw_rate, 3),
            "reads_before": before,
            "reads_after": await reads(deps, db["raw"], raw_ids, 100)}


async def at_scale(db, cases: int) -> dict:
    """`cases` cases' events replayed in memory through the same consumers (bench.replay),
    written in bulk; then the dashboard's reads beside `_id` look-ups of the ledger's own
    documents (a collection of `cases` documents)."""
    await ensure_indexes(db, store.INDEXES)
    memory = replay.memory_deps(FixedClock(NOW))
    t = time.perf_counter()
    applied = await replay.replay((e for i in range(cases) for e in events_of(i)), memory)
    replay_seconds = time.perf_counter() - t
    t = time.perf_counter()
    written = await replay.write(db, memory)
    write_seconds = time.perf_counter() - t
    del memory
    deps = Deps(store.OversightStore(db), FixedClock(NOW), lambda: None)
    ids = [f"bench-{i:07d}" for i in range(0, cases, max(1, cases // 5000))]
    return {"cases": cases, "events": applied,
            "replayed_in_memory_seconds": round(replay_seconds, 1),
            "written_seconds": round(write_seconds, 1), "written": written,
            "reads": await reads(deps, db["case_ledger"], ids)}


async def main_async(args) -> dict:
    root = Path(tempfile.mkdtemp(prefix="onewindow-bench-oversight-"))
    ferret = FerretDB(free_port(), root / "ferretdb", root / "logs")
    ferret.start()
    client = AsyncMongoClient(ferret.url, tz_aware=True)
    try:
        out = {}
        if args.cases:
            out["per_event"] = await per_event(client[f"bench_{uuid.uuid4().hex[:6]}"],
                                               args.cases)
        if args.replay:
            out["at_scale"] = await at_scale(client[f"bench_{uuid.uuid4().hex[:6]}"],
                                             args.replay)
        return out
    finally:
        await client.close()
        ferret.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1000,
                        help="cases applied event by event through the handlers (0: none)")
    parser.add_argument("--replay", type=int, default=0,
                        help="cases replayed in memory and written in bulk, then read")
    args = parser.parse_args()
    print(json.dumps(asyncio.run(main_async(args)), indent=2))


if __name__ == "__main__":
    main()
