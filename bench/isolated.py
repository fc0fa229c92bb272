"""An isolated local stack for a benchmark run: its own FerretDB, RabbitMQ, services and
gateway on free ports, with throw-away data, stopped whatever happens."""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from deploy.local.stack import FerretDB, Jaeger, RabbitMQ, Stack, free_port


@dataclass
class Isolated:
    stack: Stack
    ferret: FerretDB
    rabbit: RabbitMQ
    logs: Path
    jaeger: Jaeger | None = None


@contextmanager
def isolated_stack(prefix: str, database_suffix: str = "", env: dict[str, str] | None = None,
                   ferretdb_metrics: bool = False,
                   workers: dict[str, int] | None = None,
                   oidc_issuer: str | None = None,
                   tracing: bool = False) -> Iterator[Isolated]:
    """`tracing`: traces (kit.tracing) to a Jaeger of the run's own, at the sample ratio
    `env` names (ONEWINDOW_TRACE_SAMPLE_RATIO; the settings' default otherwise)."""
    root = Path(tempfile.mkdtemp(prefix=f"onewindow-{prefix}-"))
    logs = root / "logs"
    ferret = FerretDB(free_port(), root / "ferretdb", logs,
                      debug_port=free_port() if ferretdb_metrics else None)
    rabbit = RabbitMQ(free_port(), free_port(), f"ow-{prefix}-{uuid.uuid4().hex[:6]}@localhost",
                      root / "rabbitmq", logs)
    ferret.start()
    rabbit.start()
    jaeger = Jaeger(free_port(), free_port(), free_port(), logs) if tracing else None
    if jaeger:
        jaeger.start()
        env = {**(env or {}), "ONEWINDOW_OTLP_ENDPOINT": jaeger.otlp_endpoint}
    stack = Stack(ferret.url, rabbit.url, logs,
                  {n: free_port() for n in ("intake", "deadlines", "oversight")}, free_port(),
                  database_suffix=database_suffix,
                  extra_env={"ONEWINDOW_LOG_LEVEL": "WARNING", **(env or {})},
                  workers=workers or {}, oidc_issuer=oidc_issuer)
    try:
        stack.start_all()
        yield Isolated(stack, ferret, rabbit, logs, jaeger)
    finally:
        stack.stop_all()
        if jaeger:
            jaeger.stop()
        rabbit.stop()
        ferret.stop()
