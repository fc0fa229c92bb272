"""How many database operations one step costs, the whole platform together: the commands
FerretDB serves (its own Prometheus counters) while N applications are submitted, then
accepted, through the gateway, one after another, each step's consequences included (the
outbox relay, the deadlines service starting the clocks, oversight's ledger), less what the
idle platform does in the same time (relay sweeps, scheduler ticks).

    .venv/bin/python -m bench.operations --applications 50

A day's card is counted in-process (bench.cards with a command listener). Not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import time
from collections import Counter

import httpx

from bench.isolated import isolated_stack
from bench.load import ACCEPT, CLOCK, SUBMIT, application, post
from bench.setup import bench_item
from services.kit.settings import ServiceSettings
from services.kit.tokens import mint

METRIC = re.compile(r'^ferretdb_client_requests_total\{command="(\w+)",opcode="OP_MSG"\} (\d+)$')
SKIP = {"ismaster", "isMaster", "hello", "ping", "endSessions", "buildInfo", "saslStart"}
SENT = re.compile(r'^onewindow_db_commands_total\{collection="([^"]*)",command="(\w+)",'
                  r'service="(\w+)"\} ([\d.e+]+)$')


def served(stack, debug_port: int) -> Counter:
    """FerretDB's count of the commands it served, and each service's own count by command
    and collection (kit.mongo's `onewindow_db_commands_total`)."""
    text = httpx.get(f"http://127.0.0.1:{debug_port}/debug/metrics", timeout=10).text
    found = Counter()
    for line in text.splitlines():
        if (m := METRIC.match(line)) and m.group(1) not in SKIP:
            found[m.group(1)] = int(m.group(2))
    for service in ("intake", "deadlines", "oversight"):
        text = httpx.get(f"{stack.service_url(service)}/metrics", timeout=10).text
        for line in text.splitlines():
            if m := SENT.match(line):
                found[f"{m.group(3)} {m.group(2)} {m.group(1)}"] = int(float(m.group(4)))
    return found


def per_step(before: Counter, after: Counter, idle: Counter, idle_seconds: float,
             seconds: float, steps: int) -> dict:
    counts = {}
    for command in set(before) | set(after):
        background = idle[command] * seconds / idle_seconds
        counts[command] = round(max(0.0, after[command] - before[command] - background) / steps,
                                1)
    ferret = {k: v for k, v in counts.items() if " " not in k and v}
    services = {k: v for k, v in counts.items() if " " in k and v >= 0.05}
    return {"total": round(sum(ferret.values()), 1),
            **dict(sorted(ferret.items(), key=lambda kv: -kv[1])),
            "by_service_command_collection": dict(sorted(services.items()))}


async def main_async(args) -> dict:
    with isolated_stack("operations", ferretdb_metrics=True) as run:
        stack, port = run.stack, run.ferret.debug_port
        settings = ServiceSettings(jwt_secret=stack.jwt_secret)
        admin = mint(settings, "bench-admin", ["admin"])
        staff = mint(settings, "bench-staff", ["window_staff"], "bench")
        item_id = await bench_item(stack.gateway_url, admin)
        await asyncio.sleep(5)

        start, began = served(stack, port), time.perf_counter()
        await asyncio.sleep(args.idle)
        idle, idle_seconds = served(stack, port) - start, time.perf_counter() - began

        result = {"idle_per_second": {k: round(v / idle_seconds, 2) for k, v in idle.items()}}
        ids: list[str] = []
        async with httpx.AsyncClient(timeout=30) as client:
            async def measure(name: str, step) -> None:
                before, t = served(stack, port), time.perf_counter()
                for i in range(args.applications):
                    await step(i)
                await asyncio.sleep(args.settle)  # the consequences: relay, consumers
                result[name] = per_step(before, served(stack, port), idle, idle_seconds,
                                        time.perf_counter() - t, args.applications)

            async def submit(i: int) -> None:
                data = await post(client, stack.gateway_url, staff, SUBMIT, application(item_id))
                ids.append(data["submitApplication"]["case"]["id"])

            async def accept(i: int) -> None:
                await post(client, stack.gateway_url, staff, ACCEPT, {"id": ids[i]})

            async def read_clock(i: int) -> None:
                await post(client, stack.gateway_url, staff, CLOCK, {"id": ids[i]})

            await measure("submit_application", submit)
            await measure("accept_application_and_start_clock", accept)
            await measure("read_case_with_clock", read_clock)
        return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=50)
    parser.add_argument("--idle", type=float, default=30.0, help="seconds of idle baseline")
    parser.add_argument("--settle", type=float, default=5.0)
    print(json.dumps(asyncio.run(main_async(parser.parse_args())), indent=2))


if __name__ == "__main__":
    main()
