"""Traces (OpenTelemetry): one trace follows a request from the gateway through a service, its
database commands, the outbox relay, RabbitMQ and every consumer the events reach.

Off unless `ONEWINDOW_OTLP_ENDPOINT` names an OTLP/HTTP receiver (Jaeger's, locally started by
`up`: http://127.0.0.1:4318) and `ONEWINDOW_TRACING` is not false. Sampling is decided once, at
the root (the gateway, or a service called directly): `ONEWINDOW_TRACE_SAMPLE_RATIO` of new
traces; every later hop follows its parent's decision.

How the context travels:
- HTTP: the W3C `traceparent` header (the gateway sends it; FastAPI's own OpenTelemetry support
  continues it in a server span; aiohttp's instrumentation, in intake's forecast call, sends it
  on);
- database: PyMongo's instrumentation, one span per command (command and collection, never the
  filter: no personal data in spans);
- events: the CloudEvents distributed-tracing extension. An event takes the `traceparent` of
  the span it is recorded in (the request's, the consumer's); the relay publishes it, perhaps a
  second later or from another replica's sweep, under that context: aio-pika's instrumentation
  makes the send span its child and carries it in the AMQP headers to the consumer, whose
  receive span is named for the group and the event (from the envelope when the headers lack
  it: a message from an uninstrumented producer).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from opentelemetry import context as otel_context, propagate, trace
from opentelemetry.trace import SpanKind, Status, StatusCode

from .settings import ServiceSettings

log = logging.getLogger(__name__)
TRACER = "onewindow"
_configured: dict[str, bool] = {}


def tracing_enabled(settings: ServiceSettings) -> bool:
    return bool(settings.tracing and settings.otlp_endpoint)


def configure_tracing(settings: ServiceSettings) -> bool:
    """Once per process, before the database client is made (PyMongo's listener applies to
    clients made after it): the exporter, the sampler and the library instrumentations."""
    if "done" in _configured:
        return _configured["done"]
    _configured["done"] = enabled = tracing_enabled(settings)
    if not enabled:
        return False
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.instrumentation.aio_pika import AioPikaInstrumentor
    from opentelemetry.instrumentation.aiohttp_client import AioHttpClientInstrumentor
    from opentelemetry.instrumentation.pymongo import PymongoInstrumentor
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor
    from opentelemetry.sdk.trace.sampling import ParentBased, TraceIdRatioBased

    provider = TracerProvider(
        resource=Resource.create({"service.name": settings.service_name,
                                  "service.namespace": "onewindow"}),
        sampler=ParentBased(TraceIdRatioBased(settings.trace_sample_ratio)))
    endpoint = settings.otlp_endpoint.rstrip("/") + "/v1/traces"
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=endpoint)))
    trace.set_tracer_provider(provider)
    if settings.trace_database:
        PymongoInstrumentor().instrument()
    AioPikaInstrumentor().instrument()
    AioHttpClientInstrumentor().instrument()
    log.info("tracing on", extra={"fields": {"endpoint": endpoint,
                                             "sample_ratio": settings.trace_sample_ratio}})
    return True


PROBES = frozenset({"/healthz", "/readyz", "/metrics"})


def fastapi_telemetry() -> dict[str, Any]:
    """FastAPI's own OpenTelemetry support (`FastAPI(telemetry=...)`), lean: one server span
    per request, continuing the caller's `traceparent`; not its operation spans (dependency
    resolution, endpoint, serialization: four more spans a request), metrics or log records;
    not the probes. Inactive where tracing is off (no tracer provider is set)."""
    return {"tracing": True, "metrics": False, "logs": False, "operation_spans": False,
            "exclude": lambda scope: scope.get("path") in PROBES}


def shutdown_tracing() -> None:
    """Export what is still buffered (a stopping process)."""
    provider = trace.get_tracer_provider()
    if hasattr(provider, "shutdown"):
        provider.shutdown()


def tracer() -> trace.Tracer:
    return trace.get_tracer(TRACER)


# -- the CloudEvents distributed-tracing extension ------------------------------------------
def current_trace_context() -> dict[str, str]:
    """`{"traceparent": ..., "tracestate": ...}` of the current span, or {} where there is
    none (tracing off, work outside any request): the envelope's extension attributes. A span
    not sampled is carried too (flags 00), so the consumers keep its decision."""
    if not trace.get_current_span().get_span_context().is_valid:
        return {}
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return {k: v for k, v in carrier.items() if k in ("traceparent", "tracestate")}


def context_of(carrier: dict[str, str] | None) -> otel_context.Context | None:
    """The context an envelope (or headers) carries, or None."""
    if not carrier or not carrier.get("traceparent"):
        return None
    return propagate.extract(carrier)


@contextmanager
def span_for_event(name: str, carrier: dict[str, str] | None, kind: SpanKind,
                   **attributes: Any) -> Iterator[trace.Span]:
    """The span of work on one event. Where aio-pika's consumer span is current (the context
    came in the AMQP headers) it is that span, named and described here: one span per
    delivery, not two. Otherwise a new one under the context the envelope carries."""
    if not _configured.get("done"):  # tracing off: nothing to start or name
        yield trace.INVALID_SPAN
        return
    current = trace.get_current_span()
    if current.get_span_context().is_valid:
        if current.is_recording():
            current.update_name(name)
            current.set_attributes(attributes)
        yield current
        return
    with tracer().start_as_current_span(name, context=context_of(carrier), kind=kind,
                                        attributes=attributes,
                                        record_exception=True) as span:
        yield span


@contextmanager
def recorded_context(event: dict[str, Any]) -> Iterator[None]:
    """Publish a stored event under the context it was recorded in (the request that caused
    it), not the relay's own loop: aio-pika's send span becomes that request's child."""
    parent = context_of(event)
    token = otel_context.attach(parent) if parent is not None else None
    try:
        yield
    finally:
        if token is not None:
            otel_context.detach(token)


def mark_failed(span: trace.Span, reason: str) -> None:
    span.set_status(Status(StatusCode.ERROR, reason))


def current_trace_id() -> str | None:
    """The current trace's id (32 hex digits) for the logs, or None."""
    ctx = trace.get_current_span().get_span_context()
    return format(ctx.trace_id, "032x") if ctx.is_valid else None
