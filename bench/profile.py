"""Where a case's CPU goes, by function: py-spy records every service (all its worker
processes) while the case load (submit + accept through the gateway) runs on an isolated
stack, and the folded stacks are summed by the platform's own functions.

    .data/tools/bin/pip install py-spy   # once (the project's tool environment)
    .venv/bin/python -m bench.profile --applications 600 --out /tmp/profile

Writes `<service>.raw` (folded stacks, for a flame graph) into `--out` and prints, per
service, the share of its samples under each of the platform's functions (inclusive) and
under pymongo, strawberry, graphql-core, aio-pika and the rest. Not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import shutil
import signal
import subprocess
from pathlib import Path

from bench.isolated import isolated_stack
from bench.load import run_load
from bench.setup import bench_item
from services.kit.settings import ServiceSettings
from services.kit.tokens import mint

LIBRARIES = ("pymongo", "bson", "strawberry", "graphql", "aio_pika", "aiormq", "pamqp",
             "pydantic", "starlette", "fastapi", "uvicorn", "httpx", "jwt", "json")


def py_spy() -> str:
    found = shutil.which("py-spy") or str(Path(".data/tools/bin/py-spy").resolve())
    if not Path(found).exists():
        raise SystemExit("py-spy is missing: .data/tools/bin/pip install py-spy")
    return found


def summarize(raw: Path, top: int) -> dict:
    """Inclusive shares: platform functions (services/...) and libraries, each counted once
    per sample however deep it recurses."""
    ours: collections.Counter = collections.Counter()
    libraries: collections.Counter = collections.Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack:
            continue
        n = int(count)
        total += n
        frames = stack.split(";")
        seen: set[str] = set()
        for frame in frames:
            name, _, where = frame.partition(" (")
            path = where.split(":")[0]
            if path.startswith("services/") and (key := f"{path}:{name}") not in seen:
                seen.add(key)
                ours[key] += n
        for library in LIBRARIES:
            if any(f"({library}/" in f or f"/{library}/" in f for f in frames):
                libraries[library] += n
    share = (lambda n: round(100 * n / total, 1)) if total else (lambda n: 0.0)
    return {"samples": total,
            "libraries_percent": {k: share(v) for k, v in libraries.most_common()},
            "platform_percent": {k: share(v) for k, v in ours.most_common(top)}}


async def main_async(args) -> dict:
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    with isolated_stack("profile") as run:
        stack = run.stack
        settings = ServiceSettings(jwt_secret=stack.jwt_secret)
        admin = mint(settings, "bench-admin", ["admin"])
        staff = mint(settings, "bench-staff", ["window_staff"], "bench")
        item_id = await bench_item(stack.gateway_url, admin)
        await run_load(stack.gateway_url, stack.gateway_url, staff, item_id, 50, 4, 0)
        recorders = {
            name: subprocess.Popen(
                [py_spy(), "record", "--format", "raw", "--subprocesses", "--rate", "100",
                 "--pid", str(process.popen.pid), "--output", str(out / f"{name}.raw")],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for name, process in stack.processes.items()
            if name in ("intake", "deadlines", "oversight") and process.popen}
        await asyncio.sleep(2)
        load = await run_load(stack.gateway_url, stack.gateway_url, staff, item_id,
                              args.applications, args.concurrency, 0)
        await asyncio.sleep(3)  # what the cases set off settles
        for recorder in recorders.values():
            recorder.send_signal(signal.SIGINT)
        for recorder in recorders.values():
            recorder.wait(60)
    return {"load": {k: load[k] for k in ("accepted_per_second", "p50_ms", "p99_ms")},
            **{name: summarize(out / f"{name}.raw", args.top) for name in recorders}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=600)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--out", type=Path, default=Path("/tmp/onewindow-profile"))
    print(json.dumps(asyncio.run(main_async(parser.parse_args())), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
