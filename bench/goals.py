"""Issue 13's goals, measured side by side in one run on one isolated stack, so that the noise
of a shared machine cancels out of the ratios:

1. accepted cases/s (submit + accept) through the gateway against the trivial-query rate
   through the same gateway (goal: ≥ 1/3), and the p99 of submit + accept against the
   trivial query's p99 at the same concurrency (goal: ≤ 4×);
2. cards issued and published per second at day rollover against FerretDB's raw
   single-document insert rate (goal: ≥ 30 %), and with `--million` the rollover with
   1,000,000 open clocks against 100,000 (goal: within 1.1×);
3. from the accept response until the clock is readable through the gateway, p99 at half of
   goal 1's rate against the trivial query's p99 (goal: ≤ 3×);
4. every ratio with its absolute figures and the machine.

    .venv/bin/python -m bench.goals                       # about 5 minutes
    .venv/bin/python -m bench.goals --million --out docs/bench-goals.json
    .venv/bin/python -m bench.goals --tracing-overhead --applications 600   # issue 27

Not a test: it reports. docs/benchmarks.md keeps the figures, before and after each lever.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
import uuid
from pathlib import Path

import httpx
from pymongo import AsyncMongoClient

from bench.cards import rollover
from bench.cpu import CpuMeter
from bench.isolated import isolated_stack
from bench.load import CLOCK, percentile, post, run_load, submit_and_accept, versions
from bench.setup import bench_item
from services.kit.settings import ServiceSettings
from services.kit.tokens import mint

TRIVIAL = """query { deadlineForecast(acceptedOn: "2026-11-02", limit: 10) { dueDate } }"""


def summary(latencies: list[float], elapsed: float) -> dict:
    ms = [x * 1000 for x in latencies]
    return {"requests": len(ms), "per_second": round(len(ms) / elapsed, 1),
            "p50_ms": round(percentile(ms, 50), 1), "p99_ms": round(percentile(ms, 99), 1)}


async def trivial(url: str, n: int, c: int) -> dict:
    """The ceiling: a public query that touches no database (the calendar is in memory)."""
    latencies: list[float] = []
    limits = httpx.Limits(max_connections=c * 2, max_keepalive_connections=c * 2)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:
        remaining = iter(range(n))

        async def worker() -> None:
            for _ in remaining:
                started = time.perf_counter()
                response = await client.post(url, json={"query": TRIVIAL})
                response.raise_for_status()
                latencies.append(time.perf_counter() - started)

        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(c)))
        return summary(latencies, time.perf_counter() - began)


async def raw_database(mongo_url: str, n: int, c: int) -> dict:
    """FerretDB's raw single-document `insert_one`, and `find_one` by `_id`, at concurrency c."""
    client = AsyncMongoClient(mongo_url, tz_aware=True)
    collection = client[f"bench_raw_{uuid.uuid4().hex[:6]}"]["docs"]
    try:
        result = {}
        for what in ("insert_one", "find_one"):
            ids = iter(range(n))

            async def worker() -> None:
                for i in ids:
                    if what == "insert_one":
                        await collection.insert_one({"_id": f"doc-{i}", "n": i, "pad": "x" * 200})
                    else:
                        await collection.find_one({"_id": f"doc-{i}"})

            began = time.perf_counter()
            await asyncio.gather(*(worker() for _ in range(c)))
            result[f"{what}_per_second"] = round(n / (time.perf_counter() - began), 1)
        return result
    finally:
        await client.drop_database(collection.database.name)
        await client.close()


async def paced_clock_latency(url: str, token: str, item_id: str, rate: float, n: int) -> dict:
    """Applications arriving at `rate` per second (open loop); for every one, the time from
    the accept response until `case { clock }` through the gateway shows the clock (polled
    every 10 ms: the figure's resolution)."""
    readable: list[float] = []
    async with httpx.AsyncClient(timeout=60) as client:
        async def one(i: int, at: float) -> None:
            await asyncio.sleep(max(0.0, at - time.perf_counter()))
            case_id = await submit_and_accept(client, url, token, item_id)
            accepted = time.perf_counter()
            while not (await post(client, url, token, CLOCK, {"id": case_id}))["case"]["clock"]:
                await asyncio.sleep(0.01)
            readable.append(time.perf_counter() - accepted)

        began = time.perf_counter()
        await asyncio.gather(*(one(i, began + i / rate) for i in range(n)))
        elapsed = time.perf_counter() - began
    ms = [x * 1000 for x in readable]
    return {"rate_asked": round(rate, 1), "cases": n,
            "achieved_per_second": round(n / elapsed, 1),
            "clock_readable_p50_ms": round(percentile(ms, 50), 1),
            "clock_readable_p99_ms": round(percentile(ms, 99), 1)}


def ratio(a: float, b: float) -> float:
    return round(a / b, 3) if b else float("nan")


async def warmed_up(stack, concurrency: int = 16) -> tuple[str, str]:
    """A window clerk's token and a published item on a fresh stack, after a warm-up, so that
    first-request costs stay out of every figure."""
    settings = ServiceSettings(jwt_secret=stack.jwt_secret)
    admin = mint(settings, "bench-admin", ["admin"])
    staff = mint(settings, "bench-staff", ["window_staff"], "bench")
    item_id = await bench_item(stack.gateway_url, admin)
    await trivial(stack.gateway_url, 200, concurrency)
    await run_load(stack.gateway_url, stack.gateway_url, staff, item_id, 50, 4, 0)
    return staff, item_id


async def main_async(args) -> dict:
    workers = dict(w.split("=") for w in args.workers)
    with isolated_stack("goals", workers={k: int(v) for k, v in workers.items()}) as run:
        stack = run.stack
        staff, item_id = await warmed_up(stack)
        c = args.concurrency
        deadlines_direct = f"{stack.service_url('deadlines')}/graphql"

        meter = CpuMeter(run)
        ceiling = await trivial(stack.gateway_url, args.requests, c)
        ceiling["cpu_ms_per_request"] = meter.per(args.requests)
        ceiling_direct = await trivial(deadlines_direct, args.requests, c)
        meter = CpuMeter(run)
        cases = await run_load(stack.gateway_url, stack.gateway_url, staff, item_id,
                               args.applications, c, 0)
        await asyncio.sleep(3)  # what the cases set off (events, clocks, ledger) settles
        cases["cpu_ms_per_case"] = meter.per(args.applications)
        paced = await paced_clock_latency(stack.gateway_url, staff, item_id,
                                          cases["accepted_per_second"] / 2,
                                          args.applications // 2)
        raw = await raw_database(run.ferret.url, args.raw, c)
        cards = await rollover(run.ferret.url, run.rabbit.url, args.open, args.due)
        million = await rollover(run.ferret.url, run.rabbit.url, 1_000_000, args.due) \
            if args.million else None

    goals = {
        "1_cases_vs_trivial_rate": {
            "ratio": ratio(cases["accepted_per_second"], ceiling["per_second"]),
            "goal": ">= 0.333", "cases_per_second": cases["accepted_per_second"],
            "trivial_per_second": ceiling["per_second"]},
        "1_case_p99_vs_trivial_p99": {
            "ratio": ratio(cases["p99_ms"], ceiling["p99_ms"]), "goal": "<= 4",
            "case_p99_ms": cases["p99_ms"], "trivial_p99_ms": ceiling["p99_ms"]},
        "2_cards_vs_raw_insert": {
            "ratio": ratio(cards["cards_per_second"], raw["insert_one_per_second"]),
            "goal": ">= 0.30", "cards_per_second": cards["cards_per_second"],
            "raw_insert_per_second": raw["insert_one_per_second"]},
        "3_clock_readable_p99_vs_trivial_p99": {
            "ratio": ratio(paced["clock_readable_p99_ms"], ceiling["p99_ms"]), "goal": "<= 3",
            "clock_readable_p99_ms": paced["clock_readable_p99_ms"],
            "at_cases_per_second": paced["achieved_per_second"],
            "trivial_p99_ms": ceiling["p99_ms"]},
    }
    if million:
        goals["2_million_vs_100k_rollover"] = {
            "ratio": ratio(million["rollover_to_all_published_seconds"],
                           cards["rollover_to_all_published_seconds"]),
            "goal": "<= 1.1"}
    return {"versions": versions(), "concurrency": c, "workers": workers, "goals": goals,
            "trivial_via_gateway": ceiling, "trivial_direct_to_deadlines": ceiling_direct,
            "cases_via_gateway": cases, "paced_at_half_rate": paced, "raw_ferretdb": raw,
            "rollover": cards, "rollover_million": million}


async def tracing_overhead(args) -> dict:
    """Issue 27's goal: tracing costs at most 5 % of the accepted cases/s. Fresh stacks
    alternate tracing off and on at each sample ratio asked for (`--tracing-ratios`), under the
    same load, so that the machine's drift falls on every side; each round's trivial-query rate
    is beside it."""
    rounds = []
    for sample in [None, *args.tracing_ratios] * args.tracing_rounds:
        env = {"ONEWINDOW_TRACE_SAMPLE_RATIO": str(sample)} if sample is not None else {}
        with isolated_stack("tracing", tracing=sample is not None, env=env) as run:
            stack = run.stack
            staff, item_id = await warmed_up(stack)
            c = args.concurrency
            meter = CpuMeter(run)
            ceiling = await trivial(stack.gateway_url, args.requests, c)
            trivial_cpu = meter.per(args.requests)
            meter = CpuMeter(run)
            cases = await run_load(stack.gateway_url, stack.gateway_url, staff, item_id,
                                   args.applications, c, 0)
            await asyncio.sleep(3)
            cpu = meter.per(args.applications)
            traced = None
            if run.jaeger:  # what reached Jaeger: the traces were really recorded
                answer = httpx.get(f"{run.jaeger.ui_url}/api/traces", params={
                    "service": "gateway", "limit": 2000, "lookback": "1h"}, timeout=60).json()
                traced = len(answer.get("data") or []) or answer.get("errors")
        rounds.append({"sample_ratio": sample, "cases_per_second": cases["accepted_per_second"],
                       "case_p99_ms": cases["p99_ms"], "trivial_per_second": ceiling["per_second"],
                       "cpu_ms_per_case": cpu["total"], "cpu_ms_per_case_by_part": cpu,
                       "cpu_ms_per_trivial_by_part": trivial_cpu,
                       "gateway_traces_in_jaeger": traced})

    def mean(key: str, sample: float | None) -> float:
        values = [r[key] for r in rounds if r["sample_ratio"] == sample]
        return round(sum(values) / len(values), 2)

    off = mean("cases_per_second", None)
    goals = {f"sample_ratio_{sample}": {
        "ratio": ratio(mean("cases_per_second", sample), off),
        "goal": ">= 0.95 (at most 5 % fewer cases/s than tracing off)",
        "cases_per_second": mean("cases_per_second", sample), "cases_per_second_off": off,
        "cpu_ms_per_case": mean("cpu_ms_per_case", sample),
        "cpu_ms_per_case_off": mean("cpu_ms_per_case", None),
        "case_p99_ms": mean("case_p99_ms", sample),
        "case_p99_ms_off": mean("case_p99_ms", None)} for sample in args.tracing_ratios}
    return {"versions": versions(), "concurrency": args.concurrency,
            "applications_per_round": args.applications, "rounds": rounds, "goals": goals}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--requests", type=int, default=3000, help="trivial queries")
    parser.add_argument("--applications", type=int, default=1000)
    parser.add_argument("--raw", type=int, default=5000, help="raw inserts and finds")
    parser.add_argument("--open", type=int, default=100_000, help="open clocks at rollover")
    parser.add_argument("--due", type=int, default=5_000, help="cards due at rollover")
    parser.add_argument("--million", action="store_true",
                        help="also the rollover with 1,000,000 open clocks (seeding: minutes)")
    parser.add_argument("--workers", nargs="*", default=[], metavar="SERVICE=N",
                        help="worker processes of a service, e.g. intake=2")
    parser.add_argument("--out", type=Path, help="also write the JSON result here")
    parser.add_argument("--tracing-overhead", action="store_true",
                        help="only goal 1 with tracing off and on, in alternating stacks")
    parser.add_argument("--tracing-rounds", type=int, default=2, metavar="N",
                        help="rounds of stacks (off, then each ratio) for --tracing-overhead")
    parser.add_argument("--tracing-ratios", type=float, nargs="+", default=[1.0, 0.1],
                        metavar="R", help="sample ratios to measure against tracing off")
    args = parser.parse_args()
    measure = tracing_overhead if args.tracing_overhead else main_async
    text = json.dumps(asyncio.run(measure(args)), indent=2, ensure_ascii=False)
    print(text)
    if args.out:
        args.out.write_text(text)


if __name__ == "__main__":
    main()
