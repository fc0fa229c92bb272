"""Booking under load (issue 28): a department with 63 windows, one clerk on duty at each in
each day part, so a working day has 1,008 appointment slots (16 half-hour slots a window);
clerks book the whole day by telephone at a concurrency, every booking a new applicant. The
booking's p50/p99 beside the trivial query's in the same run, and the slots left.

    .venv/bin/python -m bench.appointments --concurrency 16 --out docs/bench-issue28-booking.json

Starts an isolated stack (the services' own clock: the booked day is the next working day
from today). Not a test: docs/benchmarks.md keeps the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import time
from datetime import date, timedelta
from pathlib import Path

import httpx
from stdnum.cn import ric

from bench.goals import summary, trivial
from bench.isolated import isolated_stack
from bench.load import post
from bench.setup import bench_item
from services.kit.settings import ServiceSettings
from services.kit.tokens import mint

WINDOWS = 63
BOOK = """mutation($i: BookAppointmentInput!) { bookAppointment(input: $i) { __typename
  ... on AppointmentRefused { code } ... on InvalidInput { code message } } }"""
SLOTS = """query($i: ID!, $d: Date!) { appointmentSlots(serviceItemId: $i, from: $d, to: $d) {
  startsAt free } }"""


def id_number(n: int) -> str:
    body = f"110105{1950 + n % 50}{1 + n % 12:02d}{1 + n % 28:02d}{n % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def next_working_day(today: date) -> date:
    day = today + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


async def setup(url: str, admin: str, head: str) -> tuple[str, date, list[str]]:
    item_id = await bench_item(url, admin)
    windows = [f"W{n:02d}" for n in range(1, WINDOWS + 1)]
    day = next_working_day(date.today())
    async with httpx.AsyncClient(timeout=60) as client:
        await post(client, url, admin, """mutation($i: DefineDepartmentInput!) {
          defineDepartment(input: $i) { __typename } }""", {"i": {
            "code": "bench", "name": "压测局",
            "windows": [{"code": w, "name": f"{w} 号窗口"} for w in windows]}})
        for w in windows:
            await post(client, url, admin, """mutation($i: RegisterStaffInput!) {
              registerStaff(input: $i) { __typename } }""", {"i": {
                "staffId": f"clerk-{w}", "name": f"窗口{w}", "department": "bench",
                "rankTitle": "科员", "rankLevel": 3, "window": w}})
        duties = []
        for i, w in enumerate(windows):
            other = windows[(i + 1) % len(windows)]
            duties += [{"window": w, "part": "MORNING", "staffIds": [f"clerk-{w}"]},
                       {"window": w, "part": "LUNCH_FIRST", "staffIds": [f"clerk-{w}"]},
                       {"window": w, "part": "LUNCH_SECOND", "staffIds": [f"clerk-{other}"]},
                       {"window": w, "part": "AFTERNOON", "staffIds": [f"clerk-{w}"]}]
        saved = await post(client, url, head, """mutation($i: SetDutyRosterInput!) {
          setDutyRoster(input: $i) { __typename ... on RosterRefused { message } } }""",
                           {"i": {"department": "bench", "on": day.isoformat(),
                                  "duties": duties}})
        assert saved["setDutyRoster"]["__typename"] == "DutyRosterSaved", saved
        slots = await post(client, url, admin, SLOTS, {"i": item_id, "d": day.isoformat()})
    starts = [s["startsAt"] for s in slots["appointmentSlots"]]
    return item_id, day, starts


async def book_all(url: str, clerk: str, item_id: str, day: date, starts: list[str],
                   n: int, c: int, offset: int) -> tuple[dict, dict]:
    latencies: list[float] = []
    outcomes: dict[str, int] = {}
    order = iter(range(n))
    async with httpx.AsyncClient(timeout=60) as client:
        async def worker() -> None:
            for i in order:
                variables = {"i": {
                    "serviceItemId": item_id, "on": day.isoformat(),
                    "startsAt": starts[i % len(starts)], "channel": "PHONE",
                    "applicant": {"name": "压测", "idType": "RESIDENT_ID_CARD",
                                  "idNumber": id_number(offset + i), "contact": "13800000000"}}}
                began = time.perf_counter()
                got = (await post(client, url, clerk, BOOK, variables))["bookAppointment"]
                latencies.append(time.perf_counter() - began)
                key = got["__typename"] + (f":{got['code']}" if "code" in got else "")
                outcomes[key] = outcomes.get(key, 0) + 1

        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(c)))
        return summary(latencies, time.perf_counter() - began), outcomes


async def run(args) -> dict:
    with isolated_stack("booking") as iso:
        stack = iso.stack
        settings = ServiceSettings(jwt_secret=stack.jwt_secret)
        admin = mint(settings, "bench-admin", ["admin"])
        head = mint(settings, "bench-head", ["department_head"], "bench")
        clerk = mint(settings, "bench-clerk", ["window_staff"], "bench")
        item_id, day, starts = await setup(stack.gateway_url, admin, head)
        await trivial(stack.gateway_url, 200, args.concurrency)  # warm-up
        base = await trivial(stack.gateway_url, args.requests, args.concurrency)
        # the day filled: as many bookings as slots, then as many again (all refused: full)
        slots = len(starts) * WINDOWS
        filling, filled = await book_all(stack.gateway_url, clerk, item_id, day, starts, slots,
                                         args.concurrency, random.randint(0, 10**6))
        full, refused = await book_all(stack.gateway_url, clerk, item_id, day, starts,
                                       args.refused, args.concurrency, 2 * 10**6)
        async with httpx.AsyncClient(timeout=60) as client:
            left = await post(client, stack.gateway_url, admin, SLOTS,
                              {"i": item_id, "d": day.isoformat()})
        base_after = await trivial(stack.gateway_url, args.requests, args.concurrency)
    return {
        "slots_per_day": slots, "concurrency": args.concurrency, "day": day.isoformat(),
        "trivial_before": base, "trivial_after": base_after,
        "booking_while_filling": filling, "filling_outcomes": filled,
        "booking_when_full": full, "full_outcomes": refused,
        "free_seats_left": sum(s["free"] for s in left["appointmentSlots"]),
        "booking_p99_over_trivial_p99": round(
            filling["p99_ms"] / max(base["p99_ms"], base_after["p99_ms"]), 2),
        "booking_p99_over_trivial_p99_before": round(filling["p99_ms"] / base["p99_ms"], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--requests", type=int, default=2000, help="trivial queries")
    parser.add_argument("--refused", type=int, default=300, help="bookings of a full day")
    parser.add_argument("--out", type=Path)
    result = asyncio.run(run(parser.parse_args()))
    text = json.dumps(result, ensure_ascii=False, indent=2)
    print(text)
    if parser.parse_args().out:
        parser.parse_args().out.write_text(text + "\n")


if __name__ == "__main__":
    main()
