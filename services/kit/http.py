"""The FastAPI shell every service shares: GraphQL at /graphql (GraphiQL in a browser),
/healthz, /readyz, /metrics, and a correlation id on every request."""

import hmac
import json
import logging
import time
import uuid
from collections.abc import Callable
from contextlib import asynccontextmanager

import strawberry
from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest
from strawberry.fastapi import GraphQLRouter

from .auth import ACTING_STAFF_HEADER, AuthError, acting_for
from .graphql import RequestContext
from .limits import LIMITS, json_depth
from .logs import CORRELATION_HEADER, configure_logging, correlation_id, log_fields
from .runtime import ServiceRuntime
from .tracing import fastapi_telemetry

log = logging.getLogger("onewindow.http")
REQUESTS = Counter("onewindow_http_requests_total", "HTTP requests", ["service", "path", "status"])
LATENCY = Histogram("onewindow_http_request_seconds", "HTTP request latency", ["service", "path"])


def create_app(
    runtime: ServiceRuntime,
    schema: strawberry.federation.Schema,
    make_context: Callable[[RequestContext], RequestContext] | None = None,
) -> FastAPI:
    """`make_context` lets a service attach its per-request DataLoaders to the context."""
    settings = runtime.settings
    configure_logging(settings.service_name, settings.log_level)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        await runtime.start()
        try:
            yield
        finally:
            await runtime.stop()

    app = FastAPI(title=f"onewindow {settings.service_name}", lifespan=lifespan,
                  telemetry=fastapi_telemetry())
    app.state.runtime = runtime

    async def context_getter(request: Request) -> RequestContext:
        principal, error = None, None
        try:
            principal = acting_for(
                runtime.verifier.principal_from_header(request.headers.get("authorization")),
                request.headers.get(ACTING_STAFF_HEADER))
        except AuthError as exc:
            error = exc
        from_gateway, client = caller(request, settings.gateway_secret)
        context = RequestContext(principal, error, client, from_gateway)
        context.introspection = not settings.production
        return make_context(context) if make_context else context

    app.include_router(GraphQLRouter(schema, context_getter=context_getter,
                                     graphql_ide=None if settings.production else "graphiql"),
                       prefix="/graphql")
    app.middleware("http")(runtime.idempotency)  # inside BodyGuard: bodies checked first
    app.add_middleware(BodyGuard, max_bytes=settings.max_body_bytes or LIMITS["bodyBytes"],
                       json_depth=LIMITS["jsonDepth"], gateway_secret=settings.gateway_secret)

    @app.middleware("http")
    async def correlate(request: Request, call_next):
        value = request.headers.get(CORRELATION_HEADER) or str(uuid.uuid4())
        token = correlation_id.set(value)
        started = time.perf_counter()
        try:
            response: Response = await call_next(request)
            path, elapsed = request.url.path, time.perf_counter() - started
            REQUESTS.labels(settings.service_name, path, response.status_code).inc()
            LATENCY.labels(settings.service_name, path).observe(elapsed)
            if path not in ("/healthz", "/readyz", "/metrics"):
                log.info("request", extra=log_fields(
                    method=request.method, path=path, status=response.status_code,
                    ms=round(elapsed * 1000, 1)))
        finally:
            correlation_id.reset(token)
        response.headers[CORRELATION_HEADER] = value
        return response

    @app.get("/healthz")
    async def healthz() -> dict:
        return {"status": "ok", "service": settings.service_name}

    @app.get("/readyz")
    async def readyz() -> JSONResponse:
        checks = await runtime.readiness()
        ready = all(checks.values())
        return JSONResponse({"ready": ready, "checks": checks}, status_code=200 if ready else 503)

    @app.get("/metrics")
    async def metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return app


GATEWAY_HEADER, CLIENT_HEADER = "x-onewindow-gateway", "x-onewindow-client"


def caller(request: Request, gateway_secret: str | None) -> tuple[bool, str]:
    """(forwarded by the gateway, the client's address): the gateway proves itself with the
    shared secret and says which address it saw; anyone else is their socket's address (a
    header they set proves nothing)."""
    sent = request.headers.get(GATEWAY_HEADER) or ""
    if gateway_secret and sent and hmac.compare_digest(sent.encode(), gateway_secret.encode()):
        return True, (request.headers.get(CLIENT_HEADER) or "")[:64]
    return False, request.client.host if request.client else ""


def _refusal(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"errors": [{"message": message, "extensions": {"code": code}}]},
                        status_code=status)


class BodyGuard:
    """Refuses early, with a code, what no operation needs: a body above the limit (413,
    before it is read whole), and at /graphql a body that is not UTF-8 JSON (400) or nests
    deeper than any operation's variables need (400). Plain ASGI: runs before anything
    parses the body."""

    def __init__(self, app, max_bytes: int, json_depth: int,
                 gateway_secret: str | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.json_depth = json_depth
        self.gateway_secret = (gateway_secret or "").encode()

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or ())
        declared = headers.get(b"content-length", b"").decode("latin-1").strip()
        too_big = _refusal(413, "REQUEST_TOO_LARGE",
                           f"请求体超过 {self.max_bytes} 字节（request body too large）")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await too_big(scope, receive, send)
            return
        body, more = b"", True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > self.max_bytes:
                await too_big(scope, receive, send)
                return
        # a body the gateway forwards it parsed and checked already (security.ts): not again
        sent = headers.get(GATEWAY_HEADER.encode(), b"")
        from_gateway = bool(self.gateway_secret) and hmac.compare_digest(sent,
                                                                         self.gateway_secret)
        if not from_gateway and scope.get("path", "").rstrip("/") == "/graphql" and \
                b"json" in headers.get(b"content-type", b""):
            refused = self._check_json(body)
            if refused is not None:
                await refused(scope, receive, send)
                return
        replayed = False

        async def replay():
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    def _check_json(self, body: bytes) -> JSONResponse | None:
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return _refusal(400, "INVALID_ENCODING", "请求体须为 UTF-8 编码的 JSON")
        try:
            value = json.loads(text)
        except RecursionError:
            return _refusal(400, "NESTED_TOO_DEEP", f"JSON 嵌套超过 {self.json_depth} 层")
        except ValueError:
            return _refusal(400, "INVALID_JSON", "请求体不是有效的 JSON")
        if json_depth(value, self.json_depth):
            return _refusal(400, "NESTED_TOO_DEEP", f"JSON 嵌套超过 {self.json_depth} 层")
        return None
