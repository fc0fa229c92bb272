"""Local onewindow stack without Docker: FerretDB (SQLite), RabbitMQ, three services, gateway.

Used by `deploy/local/onewindow up|down|test` and by the test suite, which starts its own
isolated stack on free ports with throw-away data (see tests/conftest.py).
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / ".data"
FERRETDB_BIN = DATA / "bin" / "ferretdb"
JAEGER_BIN = DATA / "bin" / "jaeger"
TRACE_VIEWER = ROOT / "deploy" / "local" / "traces"
RABBITMQ_SERVER = Path("/usr/lib/rabbitmq/bin/rabbitmq-server")
RABBITMQCTL = Path("/usr/lib/rabbitmq/bin/rabbitmqctl")
GATEWAY_DIR = ROOT / "gateway"
SERVICES = ("intake", "deadlines", "oversight")
SECRET_FILE = DATA / "jwt-secret"


def installation_secret() -> str:
    """The secret tokens are signed with: ONEWINDOW_JWT_SECRET when set, else one generated at
    random for this installation and kept in .data/jwt-secret (mode 0600)."""
    if os.environ.get("ONEWINDOW_JWT_SECRET"):
        return os.environ["ONEWINDOW_JWT_SECRET"]
    if not SECRET_FILE.exists():
        SECRET_FILE.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(SECRET_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as out:
            out.write(secrets.token_urlsafe(48))
    return SECRET_FILE.read_text().strip()


def kept_secret(name: str) -> str:
    """A random secret of this installation, kept in .data/<name> (mode 0600)."""
    path = DATA / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as out:
            out.write(secrets.token_urlsafe(24))
    return path.read_text().strip()


def random_secret() -> str:
    """For throw-away stacks (tests, benchmarks)."""
    return secrets.token_urlsafe(48)


class StackError(RuntimeError):
    """A component failed to start; the message says which and where its log is."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as s:
        s.settimeout(0.3)
        return s.connect_ex((host, port)) == 0


def http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except Exception:
        return False


def wait_until(check, timeout: float, what: str, log: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    hint = f"; see {log}" if log else ""
    raise StackError(f"{what} did not become ready within {timeout:.0f}s{hint}")


@dataclass
class Process:
    """A child process in its own session, so stopping it stops its children too."""

    name: str
    argv: list[str]
    env: dict[str, str]
    log: Path
    cwd: Path = ROOT
    popen: subprocess.Popen | None = None

    def start(self) -> None:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        out = open(self.log, "ab")
        self.popen = subprocess.Popen(
            self.argv, env={**os.environ, **self.env}, cwd=self.cwd, stdout=out,
            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
        )

    @property
    def pid(self) -> int | None:
        return self.popen.pid if self.popen else None

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def stop(self, timeout: float = 15) -> None:
        if not self.alive():
            return
        try:
            os.killpg(self.popen.pid, signal.SIGTERM)
            self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(5)
        except ProcessLookupError:
            pass


@dataclass
class FerretDB:
    port: int
    data_dir: Path
    log_dir: Path
    process: Process | None = None
    # Benchmarks only: FerretDB's debug handler (Prometheus metrics at /debug/metrics, which
    # count the commands it served), on this loopback port.
    debug_port: int | None = None

    @property
    def url(self) -> str:
        return f"mongodb://127.0.0.1:{self.port}/"

    def start(self) -> None:
        if not FERRETDB_BIN.exists():
            raise StackError(f"FerretDB is not built ({FERRETDB_BIN}); run deploy/local/onewindow up")
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.process = Process("ferretdb", [
            # WAL with synchronous=NORMAL: durable across process crashes (not power loss),
            # with far fewer fsyncs per commit; production runs MongoDB.
            str(FERRETDB_BIN), "--handler=sqlite",
            f"--sqlite-url=file:{self.data_dir}/?_pragma=synchronous(normal)",
            f"--listen-addr=127.0.0.1:{self.port}",
            f"--debug-addr=127.0.0.1:{self.debug_port}" if self.debug_port else "--debug-addr=-",
            "--telemetry=disable",
            f"--state-dir={self.data_dir}", "--log-level=warn",
        ], {}, self.log_dir / "ferretdb.log")
        self.process.start()
        wait_until(lambda: port_open(self.port) or not self.process.alive(), 30, "FerretDB",
                   self.process.log)
        if not self.process.alive():
            raise StackError(f"FerretDB exited; see {self.process.log}")

    def stop(self) -> None:
        if self.process:
            self.process.stop()


@dataclass
class RabbitMQ:
    """A RabbitMQ node of our own: loopback only, its own node name, ports and data."""

    port: int
    dist_port: int
    node: str
    base_dir: Path
    log_dir: Path
    process: Process | None = None

    @property
    def url(self) -> str:
        return f"amqp://guest:guest@127.0.0.1:{self.port}/"

    def env(self) -> dict[str, str]:
        self.base_dir.mkdir(parents=True, exist_ok=True)
        plugins = self.base_dir / "enabled_plugins"
        if not plugins.exists():
            plugins.write_text("[].\n")
        return {
            "RABBITMQ_NODENAME": self.node,
            "RABBITMQ_NODE_IP_ADDRESS": "127.0.0.1",
            "RABBITMQ_NODE_PORT": str(self.port),
            "RABBITMQ_DIST_PORT": str(self.dist_port),
            "RABBITMQ_MNESIA_BASE": str(self.base_dir / "mnesia"),
            "RABBITMQ_LOG_BASE": str(self.log_dir),
            "RABBITMQ_LOGS": "-",
            "RABBITMQ_ENABLED_PLUGINS_FILE": str(plugins),
            "ERL_EPMD_ADDRESS": "127.0.0.1",
            "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS": "-kernel inet_dist_use_interface {127,0,0,1}",
        }

    def start(self) -> None:
        if not RABBITMQ_SERVER.exists():
            raise StackError("rabbitmq-server is not installed; run deploy/local/onewindow up")
        self.process = Process("rabbitmq", [str(RABBITMQ_SERVER)], self.env(),
                               self.log_dir / "rabbitmq.log")
        self.process.start()
        wait_until(lambda: port_open(self.port) or not self.process.alive(), 90, "RabbitMQ",
                   self.process.log)
        if not self.process.alive():
            raise StackError(f"RabbitMQ exited; see {self.process.log}")

    def stop(self) -> None:
        if self.process and self.process.alive():
            subprocess.run([str(RABBITMQCTL), "-n", self.node, "stop"], env={
                **os.environ, **self.env()}, capture_output=True, timeout=60)
            self.process.stop()

    def restart(self) -> None:
        self.stop()
        self.start()


@dataclass
class Jaeger:
    """Jaeger (v2, built from github.com/jaegertracing/jaeger v1.75.0 by the install script):
    receives the traces over OTLP/HTTP and keeps the latest in memory; its query API and the
    trace viewer (deploy/local/traces: the Jaeger UI's own assets are published on no package
    registry, so its query service serves ours) on `ui_port`."""

    otlp_port: int
    ui_port: int
    grpc_port: int
    log_dir: Path
    max_traces: int = 20_000
    process: Process | None = None

    @property
    def otlp_endpoint(self) -> str:
        return f"http://127.0.0.1:{self.otlp_port}"

    @property
    def ui_url(self) -> str:
        return f"http://127.0.0.1:{self.ui_port}"

    def config(self) -> str:
        return f"""service:
  extensions: [jaeger_storage, jaeger_query]
  pipelines:
    traces: {{receivers: [otlp], processors: [batch], exporters: [jaeger_storage_exporter]}}
  telemetry:
    metrics: {{level: none}}
    logs: {{level: warn}}
extensions:
  jaeger_storage:
    backends:
      memstore: {{memory: {{max_traces: {self.max_traces}}}}}
  jaeger_query:
    storage: {{traces: memstore}}
    enable_tracing: false
    ui: {{assets_path: {TRACE_VIEWER}}}
    http: {{endpoint: "127.0.0.1:{self.ui_port}"}}
    grpc: {{endpoint: "127.0.0.1:{self.grpc_port}"}}
receivers:
  otlp:
    protocols:
      http: {{endpoint: "127.0.0.1:{self.otlp_port}"}}
processors:
  batch: {{timeout: 200ms}}
exporters:
  jaeger_storage_exporter: {{trace_storage: memstore}}
"""

    def start(self) -> None:
        if not JAEGER_BIN.exists():
            raise StackError(f"Jaeger is not built ({JAEGER_BIN}); run deploy/local/onewindow up")
        self.log_dir.mkdir(parents=True, exist_ok=True)
        config = self.log_dir / f"jaeger-{self.ui_port}.yaml"
        config.write_text(self.config())
        self.process = Process("jaeger", [str(JAEGER_BIN), "--config", str(config)], {},
                               self.log_dir / "jaeger.log")
        self.process.start()
        wait_until(lambda: (port_open(self.otlp_port) and http_ok(f"{self.ui_url}/api/services"))
                   or not self.process.alive(), 60, "Jaeger", self.process.log)
        if not self.process.alive():
            raise StackError(f"Jaeger exited; see {self.process.log}")

    def stop(self) -> None:
        if self.process:
            self.process.stop()


@dataclass
class Stack:
    """Ports, URLs and processes of one running onewindow."""

    mongo_url: str
    amqp_url: str
    log_dir: Path
    service_ports: dict[str, int]
    gateway_port: int
    jwt_secret: str = field(default_factory=random_secret)
    # the gateway proves with it that it forwarded a request (kit.http `caller`); per run
    gateway_secret: str = field(default_factory=random_secret)
    # the identity provider (Keycloak's realm) whose tokens the services accept, beside the
    # platform's own HS256 tokens for scripts and tests (ONEWINDOW_DEV_TOKENS)
    oidc_issuer: str | None = None
    directory_secret: str | None = None  # the realm's directory service account
    database_suffix: str = ""
    extra_env: dict[str, str] = field(default_factory=dict)
    processes: dict[str, Process] = field(default_factory=dict)
    # Worker processes per service (uvicorn --workers): each is a full replica (its own relay,
    # consumers and scheduler), as several replicas are in production.
    workers: dict[str, int] = field(default_factory=dict)

    def service_url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.service_ports[name]}"

    @property
    def gateway_url(self) -> str:
        return f"http://127.0.0.1:{self.gateway_port}/graphql"

    def service_env(self, name: str) -> dict[str, str]:
        return {
            "ONEWINDOW_MONGO_URL": self.mongo_url,
            "ONEWINDOW_MONGO_DATABASE": f"onewindow_{name}{self.database_suffix}",
            "ONEWINDOW_AMQP_URL": self.amqp_url,
            "ONEWINDOW_JWT_SECRET": self.jwt_secret,
            "ONEWINDOW_GATEWAY_SECRET": self.gateway_secret,
            **({"ONEWINDOW_OIDC_ISSUER": self.oidc_issuer, "ONEWINDOW_DEV_TOKENS": "true"}
               if self.oidc_issuer else {}),
            **({"ONEWINDOW_DIRECTORY_CLIENT_SECRET": self.directory_secret}
               if self.directory_secret and name == "intake" else {}),
            # Intake asks the deadlines service for forecasts (acceptance notices, replies).
            "ONEWINDOW_DEADLINES_URL": f"{self.service_url('deadlines')}/graphql",
            **self.extra_env,
        }

    def start_service(self, name: str) -> None:
        self._launch(name, name, self.service_ports[name])

    def start_replica(self, name: str, replica: int) -> str:
        """Another process of service `name` on the same database and broker (as a second
        replica in production); stop it with `stop_service` of the returned process name."""
        process_name = f"{name}-{replica}"
        self._launch(name, process_name, free_port())
        return process_name

    def _launch(self, name: str, process_name: str, port: int) -> None:
        if port_open(port):
            raise StackError(f"port {port} for {process_name} is taken by another program")
        process = Process(process_name, [
            sys.executable, "-m", "uvicorn", "--factory", f"services.{name}.app:build",
            "--host", "127.0.0.1", "--port", str(port), "--no-access-log",
            *(["--workers", str(self.workers[name])] if self.workers.get(name, 1) > 1 else []),
        ], self.service_env(name), self.log_dir / f"{process_name}.log")
        process.start()
        self.processes[process_name] = process
        url = f"http://127.0.0.1:{port}/readyz"
        wait_until(lambda: http_ok(url) or not process.alive(), 60, process_name, process.log)
        if not process.alive():
            raise StackError(f"{process_name} exited; see {process.log}")

    def stop_service(self, name: str) -> None:
        if name in self.processes:
            self.processes.pop(name).stop()

    def compose(self) -> Path:
        """Compose from the code's SDL as it is now (the committed copies are checked by a test)."""
        sdl_dir = self.log_dir / "subgraphs"
        export_sdl(sdl_dir)
        out = self.log_dir / "supergraph.graphql"
        env = {f"{n.upper()}_URL": f"{self.service_url(n)}/graphql" for n in SERVICES}
        compose_supergraph(out, env, sdl_dir)
        return out

    def start_gateway(self) -> None:
        supergraph = self.compose()
        if port_open(self.gateway_port):
            raise StackError(f"port {self.gateway_port} for the gateway is taken")
        process = Process("gateway", [
            str(GATEWAY_DIR / "node_modules" / ".bin" / "hive-gateway"), "supergraph",
            str(supergraph), "--port", str(self.gateway_port), "--host", "127.0.0.1",
        ], {"SUPERGRAPH_PATH": str(supergraph), "GATEWAY_PORT": str(self.gateway_port),
            "LOG_LEVEL": self.extra_env.get("ONEWINDOW_GATEWAY_LOG_LEVEL", "info"),
            "ONEWINDOW_GATEWAY_SECRET": self.gateway_secret,
            "ONEWINDOW_INTAKE_HTTP": self.service_url("intake"),
            **({"ONEWINDOW_OIDC_ISSUER": self.oidc_issuer} if self.oidc_issuer else {}),
            **{k: v for k, v in self.extra_env.items()
               if k in ("ONEWINDOW_TRUSTED_PROXIES", "ONEWINDOW_PRODUCTION",
                        "ONEWINDOW_CORS_ORIGINS", "ONEWINDOW_OTLP_ENDPOINT",
                        "ONEWINDOW_TRACING", "ONEWINDOW_TRACE_SAMPLE_RATIO")}},
            self.log_dir / "gateway.log", cwd=GATEWAY_DIR)
        process.start()
        self.processes["gateway"] = process
        health = f"http://127.0.0.1:{self.gateway_port}/healthcheck"
        wait_until(lambda: http_ok(health) or not process.alive(), 60, "gateway", process.log)
        if not process.alive():
            raise StackError(f"gateway exited; see {process.log}")

    def start_all(self) -> None:
        for name in SERVICES:
            self.start_service(name)
        self.start_gateway()

    def stop_all(self) -> None:
        for name in ["gateway", *reversed(SERVICES)]:
            self.stop_service(name)


def export_sdl(target: Path = GATEWAY_DIR / "subgraphs") -> dict[str, str]:
    """Write each subgraph's SDL where composition reads it; returns name -> SDL."""
    import importlib

    target.mkdir(parents=True, exist_ok=True)
    sdl = {}
    for name in SERVICES:
        schema = importlib.import_module(f"services.{name}.schema").schema
        sdl[name] = schema.as_str().rstrip() + "\n"
        (target / f"{name}.graphql").write_text(sdl[name])
    return sdl


def compose_supergraph(
    out: Path, env: dict[str, str] | None = None, subgraphs_dir: Path | None = None
) -> str:
    """Compose with mesh-compose; raises StackError with the composer's message on failure."""
    compose = GATEWAY_DIR / "node_modules" / ".bin" / "mesh-compose"
    env = {**os.environ, **(env or {})}
    if subgraphs_dir:
        env["SUBGRAPHS_DIR"] = str(subgraphs_dir)
    out.unlink(missing_ok=True)
    result = subprocess.run(
        [str(compose), "-o", str(out)], cwd=GATEWAY_DIR, capture_output=True, text=True,
        env=env, timeout=120,
    )
    if result.returncode != 0 or not out.exists():
        raise StackError(f"supergraph composition failed:\n{result.stdout}\n{result.stderr}")
    return out.read_text()


def which(cmd: str) -> bool:
    return shutil.which(cmd) is not None
