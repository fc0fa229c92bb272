"""`deploy/local/onewindow up|down|test|token`: the local platform and the test suite."""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from deploy.local import demo
from deploy.local.keycloak import Keycloak
from deploy.local.stack import (
    DATA, ROOT, FerretDB, Jaeger, RabbitMQ, Stack, StackError, installation_secret,
    kept_secret, port_open,
)

RUN_FILE = DATA / "run" / "stack.json"
LOGS = DATA / "logs"
PORTS = {
    "ferretdb": int(os.environ.get("ONEWINDOW_FERRETDB_PORT", 27017)),
    "rabbitmq": int(os.environ.get("ONEWINDOW_RABBITMQ_PORT", 5672)),
    "rabbitmq_dist": int(os.environ.get("ONEWINDOW_RABBITMQ_DIST_PORT", 25672)),
    "intake": int(os.environ.get("ONEWINDOW_INTAKE_PORT", 8101)),
    "deadlines": int(os.environ.get("ONEWINDOW_DEADLINES_PORT", 8102)),
    "oversight": int(os.environ.get("ONEWINDOW_OVERSIGHT_PORT", 8103)),
    "gateway": int(os.environ.get("ONEWINDOW_GATEWAY_PORT", 4000)),
    "keycloak": int(os.environ.get("ONEWINDOW_KEYCLOAK_PORT", 8180)),
    "jaeger": int(os.environ.get("ONEWINDOW_JAEGER_PORT", 16686)),  # its UI and query API
    "jaeger_otlp": int(os.environ.get("ONEWINDOW_JAEGER_OTLP_PORT", 4318)),
    "jaeger_grpc": int(os.environ.get("ONEWINDOW_JAEGER_GRPC_PORT", 16685)),
}
# Traces to a local Jaeger unless ONEWINDOW_TRACING says no (kit.tracing, gateway/tracing.ts)
TRACING = os.environ.get("ONEWINDOW_TRACING", "true").lower() not in ("0", "false", "no", "off")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
        return True
    except OSError:
        return False


def _running() -> dict | None:
    if not RUN_FILE.exists():
        return None
    state = json.loads(RUN_FILE.read_text())
    if state.get("supervisor") and _alive(state["supervisor"]):
        return state
    return None


def _print_welcome(stack: Stack, keycloak: Keycloak, jaeger: Jaeger | None) -> None:
    tokens = demo.tokens(stack.jwt_secret)
    site = stack.gateway_url.removesuffix("/graphql")
    print("\nonewindow is running.\n")
    print("  public page (办事指南、进度查询、效能投诉 without signing in; an applicant's own cases,")
    print(f"    ratings and 帮办代办 signed in, or registered there with a real name and ID number): {site}/")
    print("  staff workbench (窗口受理, 我的待办, 首问登记, 帮办代办, 大厅值班与预约, 考勤与请假,")
    print("    办件查询, 效能投诉, 电子监察, 差评回访, 值周检查, 效能考核, 部门监察, 对接系统, 管理;")
    print(f"    sign in with a login below): {site}/workbench")
    print(f"  monitoring dashboard (电子监察): {site}/dashboard   sign in with a token below,")
    print("    or open it signed in as the centre supervisor (the token stays in the browser):")
    print(f"    {site}/dashboard#token={tokens['centre supervisor']}")
    print(f"  GraphQL (the IDE in a browser, with an example per role): {stack.gateway_url}")
    for name in stack.service_ports:
        print(f"  {name:<10} health: {stack.service_url(name)}/healthz   "
              f"ready: {stack.service_url(name)}/readyz   metrics: {stack.service_url(name)}/metrics")
    print(f"  identity provider (Keycloak, realm onewindow): {keycloak.issuer}/account")
    if jaeger:
        print(f"  traces (Jaeger; one trace per request, gateway to every consumer): "
              f"{jaeger.ui_url}/   API: {jaeger.ui_url}/api/traces?service=gateway")
    else:
        print("  traces: off (ONEWINDOW_TRACING)")
    print(f"  logs: {LOGS}\n")
    print(f"Logins (one per role, on the sign-in page the public page and the dashboard open; "
          f"password {kept_secret('demo-password')} for each):")
    for label, subject, *_ in demo.STAFF:
        print(f"  {subject:<20} {label}")
    print()
    print("Demo tokens (the dashboard's sign-in, or the IDE's headers as "
          "{\"Authorization\": \"Bearer <token>\"}):")
    for label, token in tokens.items():
        print(f"  {label}:\n    {token}")
    print("\nStop with Ctrl-C here, or `deploy/local/onewindow down` from another terminal.")


def up(_args) -> int:
    state = _running()
    if state:
        print("onewindow is already running (started by process "
              f"{state['supervisor']}); nothing started twice.")
        print(f"  GraphQL: {state['gateway_url']}")
        print("  Demo tokens: deploy/local/onewindow token")
        return 0
    if _stop_orphans():
        print("stopped what an interrupted `up` had left running.")
        time.sleep(2)
    for name, port in PORTS.items():
        if name.startswith("jaeger") and not TRACING:
            continue
        if port_open(port):
            print(f"Port {port} (for {name}) is already in use by another program: stop it, or "
                  f"set ONEWINDOW_{name.upper()}_PORT to a free port.", file=sys.stderr)
            return 2
    ferret = FerretDB(PORTS["ferretdb"], DATA / "ferretdb", LOGS)
    rabbit = RabbitMQ(PORTS["rabbitmq"], PORTS["rabbitmq_dist"], "onewindow@localhost",
                      DATA / "rabbitmq", LOGS)
    keycloak = Keycloak(PORTS["keycloak"], DATA / "keycloak-data", LOGS,
                        admin_password=kept_secret("keycloak-admin-password"))
    jaeger = Jaeger(PORTS["jaeger_otlp"], PORTS["jaeger"], PORTS["jaeger_grpc"], LOGS) \
        if TRACING else None
    stack = Stack(ferret.url, rabbit.url, LOGS,
                  {n: PORTS[n] for n in ("intake", "deadlines", "oversight")}, PORTS["gateway"],
                  jwt_secret=installation_secret(), oidc_issuer=keycloak.issuer,
                  directory_secret=kept_secret("directory-client-secret"),
                  # every request traced: a developer finds the one they just made
                  extra_env={"ONEWINDOW_OTLP_ENDPOINT": jaeger.otlp_endpoint,
                             "ONEWINDOW_TRACE_SAMPLE_RATIO": "1.0"} if jaeger else {})
    stopping = []

    def shutdown(*_):
        if stopping:
            return
        stopping.append(True)
        print("\nstopping onewindow ...")
        stack.stop_all()
        if jaeger:
            jaeger.stop()
        keycloak.stop()
        rabbit.stop()
        ferret.stop()
        RUN_FILE.unlink(missing_ok=True)
        print("stopped.")

    signal.signal(signal.SIGTERM, lambda *_: (shutdown(), sys.exit(0)))
    try:
        print("starting Keycloak, FerretDB, RabbitMQ" + (" and Jaeger" if jaeger else "")
              + " ...", flush=True)
        starting = ThreadPoolExecutor(1).submit(keycloak.start)
        ferret.start()
        rabbit.start()
        if jaeger:
            jaeger.start()
        starting.result()
        keycloak.configure(stack.gateway_url.removesuffix("/graphql"), kept_secret(
            "directory-client-secret"))
        print("starting services and gateway ...", flush=True)
        stack.start_all()
        children = [p.pid for p in (ferret.process, rabbit.process, keycloak.process,
                                    *([jaeger.process] if jaeger else []),
                                    *stack.processes.values())]
        RUN_FILE.parent.mkdir(parents=True, exist_ok=True)
        RUN_FILE.write_text(json.dumps({"supervisor": os.getpid(), "children": children,
                                        "gateway_url": stack.gateway_url}))
        loaded = demo.load(stack.gateway_url, stack.jwt_secret)
        print(f"demo data: {loaded}")
        demo.logins(keycloak, kept_secret("demo-password"))
        _print_welcome(stack, keycloak, jaeger)
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    except StackError as exc:
        print(f"onewindow could not start: {exc}", file=sys.stderr)
        shutdown()
        return 1
    shutdown()
    return 0


def _stop_orphans() -> bool:
    """Stop what an `up` that was killed outright left running; True if there was any."""
    if not RUN_FILE.exists():
        return False
    children = [pid for pid in json.loads(RUN_FILE.read_text()).get("children", []) if _alive(pid)]
    for pid in children:
        try:
            os.killpg(pid, signal.SIGTERM)
        except OSError:
            pass
    RUN_FILE.unlink(missing_ok=True)
    return bool(children)


def down(_args) -> int:
    state = _running()
    if not state:
        if _stop_orphans():
            print("stopped what an interrupted `up` had left running.")
        else:
            print("onewindow is not running.")
        return 0
    os.kill(state["supervisor"], signal.SIGTERM)
    for _ in range(150):
        if not _alive(state["supervisor"]):
            print("onewindow stopped.")
            return 0
        time.sleep(0.2)
    print("onewindow did not stop within 30s; see .data/logs", file=sys.stderr)
    return 1


def pytest_command(args) -> tuple[list[str], dict[str, str]]:
    """The suite to run and its environment: all of it on the servers the tests start, or
    with `--mongo-url` the integration and end-to-end suites on that MongoDB (an operator's
    proof on their own replica set; the broker, services and gateway still start here)."""
    env, chosen = dict(os.environ), list(args.pytest_args)
    if args.mongo_url:
        env["ONEWINDOW_TEST_MONGO_URL"] = args.mongo_url
        if all(a.startswith("-") for a in chosen):
            chosen = ["tests/integration", "tests/e2e", *chosen]
    return [sys.executable, "-m", "pytest", *chosen], env


def _without_password(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return url.replace(f":{parts.password}@", ":***@") if parts.password else url


def test(args) -> int:
    cmd, env = pytest_command(args)
    if args.mongo_url:
        print(f"the integration and end-to-end suites on {_without_password(args.mongo_url)} "
              "(each run's databases are dropped at its end)", flush=True)
    result = subprocess.run(cmd, cwd=ROOT, env=env)
    return result.returncode


def token(args) -> int:
    for label, value in demo.tokens(installation_secret()).items():
        print(f"{label}:\n  {value}")
    return 0


def sdl(_args) -> int:
    from deploy.local.stack import GATEWAY_DIR, export_sdl
    from services.kit.contract import write_contract

    export_sdl(GATEWAY_DIR / "subgraphs")
    print("wrote gateway/subgraphs/*.graphql from the services' schemas")
    write_contract(GATEWAY_DIR / "contract" / "asyncapi.json")
    print("wrote gateway/contract/asyncapi.json from the services' events and the topology")
    from services.kit.contract_page import rendered_page
    (GATEWAY_DIR / "contract" / "events.html").write_text(rendered_page())
    print("wrote gateway/contract/events.html (served at /events) from the same")
    return 0


def parse(parser: argparse.ArgumentParser, argv: list[str] | None) -> argparse.Namespace:
    """What `test` does not know is pytest's (`test --mongo-url URL -x -k name`)."""
    args, unknown = parser.parse_known_args(argv)
    if unknown and args.command != "test":
        parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    if args.command == "test":
        args.pytest_args = [*unknown, *args.pytest_args]
    return args


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="deploy/local/onewindow")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("up", help="start the platform with demo data (Ctrl-C stops it)")
    sub.add_parser("down", help="stop a platform started by `up`")
    t = sub.add_parser("test", help="run the whole test suite (starts its own servers)")
    t.add_argument("--mongo-url", metavar="URL", help="run the integration and end-to-end "
                   "suites against this MongoDB (e.g. a replica set) instead of FerretDB")
    t.add_argument("pytest_args", nargs=argparse.REMAINDER)
    sub.add_parser("token", help="print the demo tokens")
    sub.add_parser("sdl", help="re-export the subgraphs' SDL (gateway/subgraphs/) and "
                   "the event contract (gateway/contract/asyncapi.json, events.html)")
    args = parse(parser, argv)
    commands = {"up": up, "down": down, "test": test, "token": token, "sdl": sdl}
    return commands[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
