"""Load benchmark: N applications (submit + accept) at concurrency C, through the gateway and
straight to the intake subgraph, then N applications through their whole life (submit, accept,
hand over, handler's, reviewer's and approver's opinions, delivery at the window), on an
isolated local stack started for the run.

    .venv/bin/python -m bench.load --applications 1000 --concurrency 16

Reports cases per second, p50/p95/p99 latency of one application (submit + accept; the whole
life), the latency from acceptance until the clock is readable through the gateway (sampled),
and the gateway's overhead as a ratio to the direct figures. Not a test: nothing here asserts.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import statistics
import subprocess
import time
from importlib import metadata
from pathlib import Path

import httpx

from bench.isolated import isolated_stack
from deploy.local.stack import FERRETDB_BIN, GATEWAY_DIR
from services.kit.settings import ServiceSettings
from services.kit.tokens import mint

SUBMIT = """mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) {
  __typename ... on ApplicationSubmitted { case { id } } } }"""
ACCEPT = """mutation($id: ID!) { acceptApplication(caseId: $id) { __typename } }"""
CLOCK = """query($id: ID!) { case(id: $id) { clock { dueDate } } }"""
CREATE = """mutation($input: CreateServiceItemInput!) { createServiceItem(input: $input) {
  __typename ... on ServiceItemSaved { serviceItem { id } } } }"""
HAND_OVER = """mutation($id: ID!, $to: String!) { handOverCase(caseId: $id, toStaff: $to, limit: 3) {
  __typename ... on CaseStateConflict { code } } }"""
OPINION = """mutation($id: ID!) { recordOpinion(input: {caseId: $id, verdict: APPROVE}) {
  __typename ... on CaseStateConflict { code } } }"""
DELIVER = """mutation($id: ID!) { deliverResult(input: {caseId: $id, method: WINDOW,
  notifiedVia: SMS}) { __typename ... on CaseUpdated { case { status } } } }"""


def expect(data: dict, typename: str) -> None:
    outcome = next(iter(data.values()))
    if outcome["__typename"] != typename:
        raise RuntimeError(outcome)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


async def post(client: httpx.AsyncClient, url: str, token: str, query: str, variables: dict):
    response = await client.post(url, json={"query": query, "variables": variables},
                                 headers={"authorization": f"Bearer {token}"})
    body = response.json()
    if "errors" in body:
        raise RuntimeError(body["errors"])
    return body["data"]


def application(item_id: str) -> dict:
    """The variables of one `submitApplication`: one listed material handed in."""
    return {"input": {"serviceItemId": item_id, "materials": [{"name": "身份证"}],
                      "applicant": {"name": "压测", "idType": "RESIDENT_ID_CARD",
                                    "idNumber": "11010519491231002X",
                                    "contact": "13800000000"}}}


async def submit_and_accept(client: httpx.AsyncClient, url: str, token: str,
                            item_id: str) -> str:
    data = await post(client, url, token, SUBMIT, application(item_id))
    case_id = data["submitApplication"]["case"]["id"]
    await post(client, url, token, ACCEPT, {"id": case_id})
    return case_id


async def run_load(url: str, gateway_url: str, token: str, item_id: str, n: int, c: int,
                   sample_every: int, life: dict[str, str] | None = None) -> dict:
    """`life`: tokens of the handler, reviewer and approver; each case then goes through its
    whole life after acceptance."""
    latencies: list[float] = []
    clock_latencies: list[float] = []
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(n):
        queue.put_nowait(i)
    limits = httpx.Limits(max_connections=c * 2, max_keepalive_connections=c * 2)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:

        async def watch_clock(case_id: str, accepted: float) -> None:
            while True:
                data = await post(client, gateway_url, token, CLOCK, {"id": case_id})
                if data["case"]["clock"]:
                    clock_latencies.append(time.perf_counter() - accepted)
                    return
                await asyncio.sleep(0.025)  # poll interval: the resolution of this figure

        watchers: list[asyncio.Task] = []

        async def worker() -> None:
            while True:
                try:
                    i = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                started = time.perf_counter()
                case_id = await submit_and_accept(client, url, token, item_id)
                accepted = time.perf_counter()
                if life:
                    ids = {"id": case_id}
                    expect(await post(client, url, token, HAND_OVER,
                                      {**ids, "to": "bench-handler"}), "CaseUpdated")
                    for who in ("handler", "head", "deputy"):
                        expect(await post(client, url, life[who], OPINION, ids), "CaseUpdated")
                    delivered = await post(client, url, token, DELIVER, ids)
                    if delivered["deliverResult"]["case"]["status"] != "COMPLETED":
                        raise RuntimeError(delivered)
                done = time.perf_counter()
                latencies.append(done - started)
                if sample_every and i % sample_every == 0:
                    watchers.append(asyncio.create_task(watch_clock(case_id, accepted)))

        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(c)))
        elapsed = time.perf_counter() - began
        await asyncio.gather(*watchers)
    ms = [x * 1000 for x in latencies]
    result = {
        "applications": n, "concurrency": c, "seconds": round(elapsed, 2),
        "accepted_per_second": round(n / elapsed, 1),
        "p50_ms": round(percentile(ms, 50), 1), "p95_ms": round(percentile(ms, 95), 1),
        "p99_ms": round(percentile(ms, 99), 1), "mean_ms": round(statistics.fmean(ms), 1),
    }
    if clock_latencies:
        cms = [x * 1000 for x in clock_latencies]
        result.update({"clock_samples": len(cms), "clock_p50_ms": round(percentile(cms, 50), 1),
                       "clock_p95_ms": round(percentile(cms, 95), 1),
                       "clock_p99_ms": round(percentile(cms, 99), 1)})
    return result


def versions() -> dict:
    def cmd(argv):
        try:
            return subprocess.run(argv, capture_output=True, text=True, timeout=30).stdout.strip()
        except Exception:
            return "unknown"

    gateway_pkg = json.loads((GATEWAY_DIR / "node_modules/@graphql-hive/gateway/package.json")
                             .read_text())["version"]
    compose_pkg = json.loads((GATEWAY_DIR / "node_modules/@graphql-mesh/compose-cli/package.json")
                             .read_text())["version"]
    return {
        "machine": f"{platform.machine()}, {cmd(['nproc'])} cores, "
                   f"{round(int(open('/proc/meminfo').readline().split()[1]) / 1048576)} GiB",
        "python": platform.python_version(),
        **{p: metadata.version(p) for p in ("fastapi", "uvicorn", "strawberry-graphql",
                                            "pymongo", "aio-pika")},
        "ferretdb": cmd([str(FERRETDB_BIN), "--version"]).splitlines()[0].split()[-1],
        "rabbitmq": cmd(["dpkg-query", "-W", "-f=${Version}", "rabbitmq-server"]),
        "erlang": cmd(["dpkg-query", "-W", "-f=${Version}", "erlang-base"]),
        "node": cmd(["node", "--version"]),
        "hive_gateway": gateway_pkg,
        "mesh_compose_cli": compose_pkg,
    }


async def main_async(args) -> dict:
    from bench.setup import bench_item  # it builds on this module's queries

    with isolated_stack("bench") as run:
        stack = run.stack
        settings = ServiceSettings(jwt_secret=stack.jwt_secret)
        admin = mint(settings, "bench-admin", ["admin"])
        department = "bench"
        staff = mint(settings, "bench-staff", ["window_staff"], department)
        life = {"handler": mint(settings, "bench-handler", ["window_staff"], department),
                "head": mint(settings, "bench-head", ["department_head"], department),
                "deputy": mint(settings, "bench-deputy", ["department_head"], department)}
        item_id = await bench_item(stack.gateway_url, admin)
        direct_url = f"{stack.service_url('intake')}/graphql"
        # Warm-up, so that first-request costs stay out of both figures.
        await run_load(stack.gateway_url, stack.gateway_url, staff, item_id, 50, 4, 0)
        via_gateway = await run_load(stack.gateway_url, stack.gateway_url, staff, item_id,
                                     args.applications, args.concurrency, args.sample_every)
        direct = await run_load(direct_url, stack.gateway_url, staff, item_id,
                                args.applications, args.concurrency, 0)
        whole_life = await run_load(stack.gateway_url, stack.gateway_url, staff, item_id,
                                    args.applications, args.concurrency, 0, life)
        return {
            "versions": versions(),
            "gateway": via_gateway,
            "direct_to_intake": direct,
            "whole_life_via_gateway": whole_life,
            "whole_life_vs_submit_accept": {
                "cases_per_second_ratio": round(whole_life["accepted_per_second"]
                                                / via_gateway["accepted_per_second"], 2),
                "p99_ratio": round(whole_life["p99_ms"] / via_gateway["p99_ms"], 2),
            },
            "gateway_overhead": {
                "p50_ratio": round(via_gateway["p50_ms"] / direct["p50_ms"], 2),
                "p95_ratio": round(via_gateway["p95_ms"] / direct["p95_ms"], 2),
                "throughput_ratio": round(direct["accepted_per_second"]
                                          / via_gateway["accepted_per_second"], 2),
            },
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--sample-every", type=int, default=10,
                        help="watch the clock of every k-th case (0: none)")
    parser.add_argument("--out", type=Path, help="also write the JSON result here")
    args = parser.parse_args()
    result = asyncio.run(main_async(args))
    text = json.dumps(result, indent=2, ensure_ascii=False)
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text)


if __name__ == "__main__":
    main()
