"""Traces (OpenTelemetry): one trace follows a request from the gateway through a service, its
database commands, the outbox relay, RabbitMQ and every consumer the events reach.

Off unless `ONEWINDOW_OTLP_ENDPOINT` names an OTLP/HTTP receiver (Jaeger's, locally started by
`up`: http://127.0.0.1:4318) and `ONEWINDOW_TRACING` is not false. Sampling is decided once, at
the root (the gateway, or a service called directly): `ONEWINDOW_TRACE_SAMPLE_RATIO` of new
traces; every later hop follows its parent's decision.

How the context travels:
- HTTP: the W3C `traceparent` header (the gateway sends it; FastAPI's instrumentation takes it;
  aiohttp's, in intake's forecast call, sends it on);
- database: PyMongo's instrumentation, one span per command (command and collection, never the
  filter: no personal data in spans);
- events: the CloudEvents distributed-tracing extension. An event takes the `traceparent` of
  the span it is recorded in (the request's, the consumer's); the relay publishes it, perhaps a
  second later or from another replica's sweep, in a span under that context, and aio-pika's
  instrumentation carries it in the AMQP headers to the consumer, whose handling span continues
  it (from the envelope when the headers lack it: a message from an uninstrumented producer).
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
    PymongoInstrumentor().instrument()
    AioPikaInstrumentor().instrument()
    AioHttpClientInstrumentor().instrument()
    log.info("tracing on", extra={"fields": {"endpoint": endpoint,
                                             "sample_ratio": settings.trace_sample_ratio}})
    return True


def instrument_app(app: Any, settings: ServiceSettings) -> None:
    """The server span of every request but the probes (one span each: not the ASGI
    receive/send spans, which double the cost and say nothing more here)."""
    if not configure_tracing(settings):
        return
    from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

    FastAPIInstrumentor.instrument_app(app, excluded_urls="healthz,readyz,metrics",
                                       exclude_spans=["receive", "send"])


def shutdown_tracing() -> None:
    """Export what is still buffered (a stopping process)."""
    provider = trace.get_tracer_provider()
    if hasattr(provider, "shutdown"):
        provider.shutdown()


def tracer() -> trace.Tracer:
    return trace.get_tracer(TRACER)


# -- the CloudEvents distributed-tracing extension ------------------------------------------
def current_trace_context() -> dict[str, str]:
    """`{"traceparent": ..., "tracestate": ...}` of the current span, or {} where none is
    recorded (tracing off, not sampled): the envelope's extension attributes."""
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
    """A span for work on one event: a child of the current span where there is one (aio-pika's
    consumer span), else of the context the envelope carries."""
    parent = None if trace.get_current_span().get_span_context().is_valid else context_of(
        carrier)
    with tracer().start_as_current_span(name, context=parent, kind=kind,
                                        attributes=attributes,
                                        record_exception=True) as span:
        yield span


def publishing_span(event: dict[str, Any]):
    """The relay's span for publishing one stored event, under the context it was recorded in
    (the request that caused it), not the relay's own loop."""
    return tracer().start_as_current_span(
        f"{event.get('type')} publish", context=context_of(event), kind=SpanKind.PRODUCER,
        attributes={"messaging.system": "rabbitmq", "cloudevents.event_id": event.get("id"),
                    "cloudevents.event_type": event.get("type")})


def mark_failed(span: trace.Span, reason: str) -> None:
    span.set_status(Status(StatusCode.ERROR, reason))


def current_trace_id() -> str | None:
    """The current trace's id (32 hex digits) for the logs, or None."""
    ctx = trace.get_current_span().get_span_context()
    return format(ctx.trace_id, "032x") if ctx.is_valid else None
