"""A fault test at scale: N applications (submit + accept) through the gateway while RabbitMQ
is restarted, the intake service is killed with SIGKILL and started again, and FerretDB is
restarted; then, once everything has settled, what must hold:

- every accepted case has exactly one case-limit clock in the deadlines service;
- every event was applied once (no clock or ledger entry saw an event id twice, and the
  open-cases gauge equals the accepted cases oversight holds open);
- no case number is missing or duplicated (each number drawn belongs to one stored case or
  was voided by intake's number sweep, never both, and the day's numbers run without gaps).

    .venv/bin/python -m bench.faults --applications 10000 --concurrency 16

Clients retry a failed request as a real one would (a submit retried after a lost answer may
make a second case: that is the client's, and both are counted). Not a test: it reports.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import time
import uuid
from collections import Counter

import httpx
from pymongo import MongoClient

from bench.load import ACCEPT, SUBMIT
from bench.setup import bench_item
from bench.isolated import isolated_stack
from deploy.local.stack import FerretDB, RabbitMQ, Stack, http_ok, wait_until
from services.kit.settings import ServiceSettings
from services.kit.tokens import mint


async def call(client, url, token, query, variables, deadline=180.0) -> dict:
    """Until it answers without a transport or server error (or the deadline passes)."""
    end, pause = time.monotonic() + deadline, 0.2
    while True:
        try:
            response = await client.post(url, json={"query": query, "variables": variables},
                                         headers={"authorization": f"Bearer {token}"})
            body = response.json()
            if response.status_code < 500 and not body.get("errors"):
                return body["data"]
        except (httpx.HTTPError, ValueError):
            pass
        if time.monotonic() > end:
            raise RuntimeError(f"no answer within {deadline}s")
        await asyncio.sleep(pause)
        pause = min(pause * 2, 5)


async def load(gateway: str, token: str, item_id: str, n: int, c: int, done: list) -> dict:
    sem, failures = asyncio.Semaphore(c), Counter()
    async with httpx.AsyncClient(timeout=30) as client:
        async def one(i: int) -> None:
            async with sem:
                try:
                    data = await call(client, gateway, token, SUBMIT, {"input": {
                        "serviceItemId": item_id, "materials": [{"name": "身份证"}],
                        "applicant": {"name": f"申请人{i}", "idType": "PASSPORT",
                                      "idNumber": f"E{i:08d}", "contact": "13800000000"}}})
                    case_id = data["submitApplication"]["case"]["id"]
                    await call(client, gateway, token, ACCEPT, {"id": case_id})
                except RuntimeError:
                    failures["gave up"] += 1
                done.append(1)

        t = time.perf_counter()
        await asyncio.gather(*(one(i) for i in range(n)))
        return {"applications": n, "seconds": round(time.perf_counter() - t, 1),
                "gave_up": failures["gave up"]}


async def inject(stack: Stack, rabbit: RabbitMQ, ferret: FerretDB, n: int, done: list) -> list:
    """The three faults, at 20 %, 45 % and 70 % of the applications."""
    log = []

    async def at(share: float) -> None:
        while len(done) < share * n:
            await asyncio.sleep(0.5)

    await at(0.20)
    log.append((len(done), "rabbitmq stopped"))
    await asyncio.to_thread(rabbit.stop)
    await asyncio.sleep(10)
    await asyncio.to_thread(rabbit.start)
    log.append((len(done), "rabbitmq started"))
    await at(0.45)
    process = stack.processes["intake"]
    os.killpg(process.popen.pid, signal.SIGKILL)
    process.popen.wait(10)
    log.append((len(done), "intake killed (SIGKILL)"))
    stack.processes.pop("intake")
    await asyncio.to_thread(stack.start_service, "intake")
    log.append((len(done), "intake started"))
    await at(0.70)
    log.append((len(done), "ferretdb stopped"))
    await asyncio.to_thread(ferret.stop)
    await asyncio.sleep(5)
    await asyncio.to_thread(ferret.start)
    log.append((len(done), "ferretdb started"))
    return log


def settled(db, suffix: str, seconds: float = 600) -> None:
    """Until no outbox holds unpublished events and the clocks stop growing."""
    end, last = time.monotonic() + seconds, None
    while time.monotonic() < end:
        pending = sum(db[f"onewindow_{s}{suffix}"]["outbox"].count_documents({})
                      for s in ("intake", "deadlines", "oversight"))  # markers of unsent events
        clocks = db[f"onewindow_deadlines{suffix}"]["clocks"].count_documents({})
        if pending == 0 and clocks == last:
            time.sleep(90)  # the number sweep: its grace (60 s) and a tick
            return
        last = clocks
        time.sleep(10)


def check(db, suffix: str) -> dict:
    intake, deadlines, oversight = (db[f"onewindow_{s}{suffix}"] for s in
                                    ("intake", "deadlines", "oversight"))
    accepted = {d["_id"] for d in intake["cases"].find({"status": "accepted"}, {"_id": 1})}
    cases = {d["_id"] for d in intake["cases"].find({}, {"_id": 1})}
    # a case's limit clock is keyed by the case id: one at most by construction, so count it
    clocks = {d["_id"] for d in deadlines["clocks"].find({"kind": "case_limit"}, {"_id": 1})}
    without_clock = [c for c in accepted if c not in clocks]
    twice = [d["_id"] for d in deadlines["clocks"].find({}, {"applied_events": 1})
             if len(d.get("applied_events") or []) != len(set(d.get("applied_events") or []))]
    ledger_twice = [d["_id"] for d in oversight["case_ledger"].find({}, {"seen_events": 1})
                    if len(d["seen_events"]) != len(set(d["seen_events"]))]
    open_in_ledger = oversight["case_ledger"].count_documents({"status": "open"})
    gauge = (oversight["dashboard_buckets"].find_one({"_id": "G|open_cases"}) or {}).get(
        "counts", {})
    numbers = list(intake["case_numbers"].find({}, {"owner": 1}))
    owners = Counter(d["owner"] for d in numbers)
    voided = {d["owner"] for d in intake["voided_case_numbers"].find({}, {"owner": 1})}
    by_day: dict[str, list[int]] = {}
    for d in numbers:
        if str(d["_id"]).startswith("OW"):
            by_day.setdefault(d["_id"][:10], []).append(int(d["_id"][10:]))
    gaps = {day: sorted(set(range(1, max(ns) + 1)) - set(ns)) for day, ns in by_day.items()
            if len(ns) != max(ns)}
    return {"cases": len(cases), "accepted": len(accepted),
            "accepted_without_exactly_one_clock": len(without_clock),
            "clocks_with_an_event_twice": len(twice),
            "ledger_entries_with_an_event_twice": len(ledger_twice),
            "open_in_ledger": open_in_ledger, "open_cases_gauge": sum(gauge.values()),
            "numbers_drawn": len(numbers),
            "numbers_voided": len(voided),
            "numbers_voided_whose_case_is_stored": len(voided & cases),
            "numbers_neither_stored_nor_voided": sum(
                1 for o in owners if o not in cases and o not in voided),
            "numbers_owned_twice": sum(1 for n in owners.values() if n > 1),
            "gaps_in_numbering": {d: g[:10] for d, g in gaps.items()}}


async def main_async(args) -> dict:
    suffix = f"_f{uuid.uuid4().hex[:6]}"
    # numbers left by the killed intake are voided a minute after they were drawn
    with isolated_stack("faults", suffix, {"ONEWINDOW_NUMBER_VOID_AFTER_SECONDS": "60"}) as run:
        stack = run.stack
        settings = ServiceSettings(jwt_secret=stack.jwt_secret)
        admin = mint(settings, "faults-admin", ["admin"])
        staff = mint(settings, "bench-staff", ["window_staff"], "bench")
        # the department with the posts its item's chain needs (publishing checks them)
        item_id = await bench_item(stack.gateway_url, admin)
        done: list = []
        loaded, faults = await asyncio.gather(
            load(stack.gateway_url, staff, item_id, args.applications, args.concurrency, done),
            inject(stack, run.rabbit, run.ferret, args.applications, done))
        db = MongoClient(run.ferret.url)
        wait_until(lambda: http_ok(f"{stack.service_url('intake')}/readyz"), 60, "intake",
                   run.logs / "intake.log")
        t = time.perf_counter()
        settled(db, suffix)
        return {"load": loaded, "faults": faults,
                "settled_after_seconds": round(time.perf_counter() - t, 1),
                "invariants": check(db, suffix)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=16)
    print(json.dumps(asyncio.run(main_async(parser.parse_args())), indent=2,
                     ensure_ascii=False))


if __name__ == "__main__":
    main()
