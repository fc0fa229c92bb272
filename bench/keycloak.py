"""The identity provider's costs: Keycloak's start (first, with a new database, and again),
its memory once configured, and what verifying its RS256 token costs a service per request
(keys from the JWKS, cached) beside the platform's own HS256 token, in the same run; and the
rate of a trivial signed-in query through the gateway with each (and with none), interleaved.

    .venv/bin/python -m bench.keycloak

Not a test: docs/benchmarks.md has the figures.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import subprocess
import tempfile
import time
import timeit
from pathlib import Path

import httpx

from bench.isolated import isolated_stack
from deploy.local.keycloak import Keycloak, password_token, realm_user
from deploy.local.stack import free_port
from services.kit.auth import TokenVerifier
from services.kit.settings import ServiceSettings
from services.kit.tokens import mint


def per_call_us(call) -> float:
    return statistics.median(timeit.repeat(call, number=200, repeat=5)) / 200 * 1e6


TRIVIAL = "{ departments { id } }"  # any signed-in caller may ask; one small read


async def rates(url: str, tokens: dict[str, str | None], rounds: int = 10, per_round: int = 40,
                parallel: int = 4) -> dict:
    """Requests per second of the trivial query with each token; rounds interleave them so the
    machine's noise falls on all alike."""
    spent = {k: 0.0 for k in tokens}
    async with httpx.AsyncClient(timeout=30) as client:
        async def one(bearer: str | None) -> None:
            headers = {"authorization": f"Bearer {bearer}"} if bearer else {}
            answer = await client.post(url, json={"query": TRIVIAL}, headers=headers)
            assert answer.status_code == 200 and "errors" not in answer.json(), answer.text

        for kind, bearer in tokens.items():  # warm: keys fetched, connections open
            await asyncio.gather(*(one(bearer) for _ in range(parallel)))
        for _ in range(rounds):
            for kind, bearer in tokens.items():
                started = time.perf_counter()
                for _ in range(per_round // parallel):
                    await asyncio.gather(*(one(bearer) for _ in range(parallel)))
                spent[kind] += time.perf_counter() - started
    return {kind: round(rounds * per_round / seconds) for kind, seconds in spent.items()}


def gateway_rates(keycloak: Keycloak) -> dict:
    with isolated_stack("keycloak", oidc_issuer=keycloak.issuer) as iso:
        keycloak.configure(iso.stack.gateway_url.removesuffix("/graphql"), "bench-secret")
        settings = ServiceSettings(jwt_secret=iso.stack.jwt_secret)
        found = asyncio.run(rates(iso.stack.gateway_url, {
            "none": None, "hs256": mint(settings, "bench", ["supervisor"], None),
            "rs256": password_token(keycloak, "bench-1", "Bench-pass-1")}))
    return {"trivial_per_s": found,
            "rs256_x_hs256_rate": round(found["rs256"] / found["hs256"], 2)}


def main() -> None:
    root = Path(tempfile.mkdtemp(prefix="onewindow-keycloak-"))
    keycloak = Keycloak(free_port(), root / "keycloak", root / "logs")
    started = time.monotonic()
    keycloak.start()
    first = time.monotonic() - started
    try:
        keycloak.configure("http://127.0.0.1:4000", "bench-secret")
        java = subprocess.run(["ps", "-o", "rss=", "--ppid", str(keycloak.process.pid)],
                              capture_output=True, text=True).stdout.split()
        realm_user(keycloak, "bench-1", "Bench-pass-1", "测试", ["supervisor"], None)
        token = password_token(keycloak, "bench-1", "Bench-pass-1")
        settings = ServiceSettings(oidc_issuer=keycloak.issuer, jwt_secret="x" * 40,
                                   dev_tokens=True)
        verifier = TokenVerifier(settings)
        verifier.verify(token)  # the keys fetched once, then cached
        own = mint(settings, "bench", ["supervisor"], None)
        rs256, hs256 = per_call_us(lambda: verifier.verify(token)), \
            per_call_us(lambda: verifier.verify(own))
        through_gateway = gateway_rates(keycloak)
    finally:
        keycloak.stop()
    started = time.monotonic()
    keycloak.start()
    again = time.monotonic() - started
    keycloak.stop()
    print(json.dumps({"first_start_s": round(first, 1), "restart_s": round(again, 1),
                      "rss_mb": int(java[0]) // 1024 if java else None,
                      "verify_rs256_us": round(rs256), "verify_hs256_us": round(hs256),
                      "rs256_x_hs256": round(rs256 / hs256, 2), **through_gateway}, indent=2))


if __name__ == "__main__":
    main()
