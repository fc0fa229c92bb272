"""Issue 25's figures: webhook deliveries per second with 10 subscribers, one of them down, and
the accepted-case rate (submit + accept through the gateway) without and with them, in one run
on one isolated stack (goal: with them within 10 % of without).

    .venv/bin/python -m bench.webhooks --out docs/bench-webhooks.json     # about 3 minutes

The receivers run in a process of their own (bench.webhook_sink); the tenth subscriber's URL
has nothing listening. The rate without subscribers is measured before and after (their mean
is the reference), so a drift of the shared machine shows instead of hiding in the ratio.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import time
from pathlib import Path

import httpx
from pymongo import AsyncMongoClient

from bench.cpu import CpuMeter
from bench.isolated import isolated_stack
from bench.load import post, run_load, versions
from bench.setup import bench_item
from deploy.local.stack import free_port
from services.kit.settings import ServiceSettings
from services.kit.tokens import mint

REGISTER = """mutation($i: RegisterWebhookSubscriberInput!) { registerWebhookSubscriber(input: $i) {
  __typename ... on WebhookSecretIssued { subscriber { id } } } }"""
DELETE = """mutation($id: ID!) { deleteWebhookSubscriber(subscriberId: $id) { __typename } }"""
# what a department's approval system asks for: new applications, the case's steps, due dates
EVENT_TYPES = ["application.received", "case.*", "clock.started"]


async def sink_stats(ports: list[int]) -> list[dict]:
    async with httpx.AsyncClient(timeout=10) as client:
        return [(await client.get(f"http://127.0.0.1:{p}/stats")).json() for p in ports]


async def drained(ports: list[int], quiet: float = 3.0, limit: float = 300) -> list[dict]:
    """Sink figures once nothing has arrived for `quiet` seconds."""
    last, since, began = None, time.monotonic(), time.monotonic()
    while time.monotonic() - began < limit:
        stats = await sink_stats(ports)
        total = sum(s["distinct"] for s in stats)
        if total != last:
            last, since = total, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return stats
        await asyncio.sleep(0.5)
    return await sink_stats(ports)


async def main_async(args) -> dict:
    with isolated_stack("webhooks") as run:
        stack = run.stack
        settings = ServiceSettings(jwt_secret=stack.jwt_secret)
        admin = mint(settings, "bench-admin", ["admin"])
        staff = mint(settings, "bench-staff", ["window_staff"], "bench")
        item_id = await bench_item(stack.gateway_url, admin)
        c, n = args.concurrency, args.applications
        ports = [free_port() for _ in range(args.subscribers)]
        up = ports[:-1]  # the last one: nothing listens there
        sink = subprocess.Popen([sys.executable, "-m", "bench.webhook_sink", *map(str, up)],
                                stdout=subprocess.PIPE, text=True)
        try:
            assert sink.stdout.readline().strip() == "ready"
            await run_load(stack.gateway_url, stack.gateway_url, staff, item_id, 50, 4, 0)

            meter = CpuMeter(run)
            before = await run_load(stack.gateway_url, stack.gateway_url, staff, item_id, n, c,
                                    0)
            await asyncio.sleep(3)  # what the cases set off settles
            before["cpu_ms_per_case"] = meter.per(n)
            ids = []
            async with httpx.AsyncClient(timeout=30) as client:
                for port in ports:
                    made = await post(client, stack.gateway_url, admin, REGISTER, {"i": {
                        "name": f"bench {port}", "url": f"http://127.0.0.1:{port}/hook",
                        "eventTypes": EVENT_TYPES, "departments": ["bench"]}})
                    ids.append(made["registerWebhookSubscriber"]["subscriber"]["id"])
            meter = CpuMeter(run)
            with_them = await run_load(stack.gateway_url, stack.gateway_url, staff, item_id, n,
                                       c, 0)
            load_end = time.monotonic()  # the sink's clock too (CLOCK_MONOTONIC)
            stats = await drained(up)
            with_them["cpu_ms_per_case"] = meter.per(n)  # with every delivery made
            async with httpx.AsyncClient(timeout=30) as client:
                for subscriber_id in ids:
                    await post(client, stack.gateway_url, admin, DELETE, {"id": subscriber_id})
            meter = CpuMeter(run)
            after = await run_load(stack.gateway_url, stack.gateway_url, staff, item_id, n, c,
                                   0)
            await asyncio.sleep(3)
            after["cpu_ms_per_case"] = meter.per(n)
            mongo = AsyncMongoClient(run.ferret.url)
            attempts = mongo[f"onewindow_oversight{stack.database_suffix}"]["webhook_attempts"]
            down_attempts = await attempts.count_documents({"subscriber_id": ids[-1]})
            failed_up = await attempts.count_documents({"subscriber_id": {"$in": ids[:-1]},
                                                        "ok": False})
            await mongo.close()
        finally:
            sink.terminate()
            sink.wait(10)

    delivered = sum(s["distinct"] for s in stats)
    span = max(s["last"] for s in stats) - min(s["first"] for s in stats)
    reference = (before["accepted_per_second"] + after["accepted_per_second"]) / 2
    return {
        "versions": versions(), "concurrency": c, "applications_per_run": n,
        "subscribers": len(ports), "down": 1, "event_types": EVENT_TYPES,
        "goal": {"ratio": round(with_them["accepted_per_second"] / reference, 3),
                 "goal": ">= 0.90", "with_subscribers_per_second":
                     with_them["accepted_per_second"],
                 "without_per_second_mean": round(reference, 1)},
        "deliveries": {"delivered_distinct": delivered,
                       "per_receiver": [s["distinct"] for s in stats],
                       "requests": sum(s["requests"] for s in stats),
                       "first_to_last_seconds": round(span, 2),
                       "last_after_load_end_seconds": round(
                           max(s["last"] for s in stats) - load_end, 2),
                       "per_second": round(delivered / span, 1) if span else None,
                       "failed_attempts_to_live_receivers": failed_up,
                       "attempts_to_the_down_receiver": down_attempts},
        "cases_without_before": before, "cases_with_subscribers": with_them,
        "cases_without_after": after,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--applications", type=int, default=600, help="per run")
    parser.add_argument("--subscribers", type=int, default=10)
    parser.add_argument("--out", type=Path, help="also write the JSON result here")
    args = parser.parse_args()
    text = json.dumps(asyncio.run(main_async(args)), indent=2, ensure_ascii=False)
    print(text)
    if args.out:
        args.out.write_text(text)


if __name__ == "__main__":
    main()
