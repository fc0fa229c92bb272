"""The FastAPI shell every service shares: GraphQL at /graphql (GraphiQL in a browser),
/healthz, /readyz, /metrics, and a correlation id on every request."""

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

from .auth import AuthError
from .graphql import RequestContext
from .logs import CORRELATION_HEADER, configure_logging, correlation_id, log_fields
from .runtime import ServiceRuntime

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

    app = FastAPI(title=f"onewindow {settings.service_name}", lifespan=lifespan)
    app.state.runtime = runtime

    async def context_getter(request: Request) -> RequestContext:
        principal, error = None, None
        try:
            principal = runtime.verifier.principal_from_header(request.headers.get("authorization"))
        except AuthError as exc:
            error = exc
        context = RequestContext(principal, error)
        return make_context(context) if make_context else context

    app.include_router(GraphQLRouter(schema, context_getter=context_getter), prefix="/graphql")

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
