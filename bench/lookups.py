"""Public look-ups by number and query code through the gateway: how long a right code, a
wrong code and an unknown number take (the last two must cost the same: kit.lookups), beside
a trivial request in the same run; and how the lock-out answers.

    .venv/bin/python -m bench.lookups --cases 20 --repeat 40

Starts an isolated stack. For the timings the per-number and per-address limits are raised
(so nothing locks); the lock-out run afterwards uses the defaults' counts on fresh numbers.
Not a test: docs/benchmarks.md has the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time

import httpx

from bench.isolated import isolated_stack
from bench.load import ACCEPT, SUBMIT, application, post
from bench.setup import bench_item
from services.kit.settings import ServiceSettings
from services.kit.tokens import mint

PROGRESS = """query($n: String!, $c: String!) { caseProgress(caseNumber: $n, queryCode: $c) {
  __typename ... on LookupRefused { code message } } }"""


async def timed(client, url: str, variables: dict, address: str) -> tuple[float, dict]:
    t = time.perf_counter()
    response = await client.post(url, json={"query": PROGRESS, "variables": variables},
                                 headers={"x-forwarded-for": address})
    return (time.perf_counter() - t) * 1000, response.json()


async def run(cases: int, repeat: int) -> dict:
    env = {"ONEWINDOW_LOOKUP_ATTEMPTS_PER_NUMBER": "100000",
           "ONEWINDOW_LOOKUP_ATTEMPTS_PER_CLIENT": "100000",
           "ONEWINDOW_TRUSTED_PROXIES": "127.0.0.1,::1"}
    with isolated_stack("lookups", env=env) as iso:
        stack = iso.stack
        settings = ServiceSettings(jwt_secret=stack.jwt_secret)
        admin = mint(settings, "admin", ["admin"], None)
        staff = mint(settings, "bench-staff", ["window_staff"], "bench")
        item = await bench_item(stack.gateway_url, admin)
        found = []
        async with httpx.AsyncClient(timeout=30) as client:
            for i in range(cases):
                done = await post(client, stack.gateway_url, staff, SUBMIT, application(item))
                case_id = done["submitApplication"]["case"]["id"]
                await post(client, stack.gateway_url, staff, ACCEPT, {"id": case_id})
                read = await post(client, stack.gateway_url, staff, """query($id: ID!) {
                  case(id: $id) { caseNumber queryCode } }""", {"id": case_id})
                found.append(read["case"])
            kinds = {"right_code": lambda c, i: {"n": c["caseNumber"], "c": c["queryCode"]},
                     "wrong_code": lambda c, i: {"n": c["caseNumber"], "c": f"WRONG{i:03d}"},
                     "unknown_number": lambda c, i: {"n": f"OW2099010{i:06d}", "c": "WRONG234"}}
            times: dict[str, list[float]] = {k: [] for k in kinds}
            trivial: list[float] = []
            for i in range(repeat):  # interleaved, so the machine's noise falls on all alike
                for kind, variables in kinds.items():
                    ms, _ = await timed(client, stack.gateway_url,
                                        variables(found[i % len(found)], i), f"10.9.{i}.{1}")
                    times[kind].append(ms)
                t = time.perf_counter()
                await client.post(stack.gateway_url, json={"query": "{ __typename }"})
                trivial.append((time.perf_counter() - t) * 1000)
        base = statistics.median(trivial)
        return {"trivial_ms": round(base, 2), **{
            kind: {"median_ms": round(statistics.median(v), 2),
                   "x_trivial": round(statistics.median(v) / base, 2)}
            for kind, v in times.items()}}


async def lockout() -> dict:
    """With the default limits: the answers to the 1st-6th wrong codes for one number."""
    env = {"ONEWINDOW_TRUSTED_PROXIES": "127.0.0.1,::1"}
    with isolated_stack("lockout", env=env) as iso:
        answers = []
        async with httpx.AsyncClient(timeout=30) as client:
            for i in range(7):
                _, body = await timed(client, iso.stack.gateway_url,
                                      {"n": "OW2026120500001", "c": f"WRONG{i:03d}"},
                                      f"10.8.0.{i + 1}")
                p = body["data"]["caseProgress"]
                answers.append(p.get("code") or p["__typename"])
        return {"answers_to_wrong_codes_from_7_addresses": answers}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args()
    figures = asyncio.run(run(args.cases, args.repeat))
    figures.update(asyncio.run(lockout()))
    print(json.dumps(figures, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
