// Traces: the gateway starts (or continues) each request's trace and passes it on to the
// subgraphs in the W3C `traceparent` header; the services continue it (services/kit/tracing.py).
// On where ONEWINDOW_OTLP_ENDPOINT names an OTLP/HTTP receiver (Jaeger's, started by `up`) and
// ONEWINDOW_TRACING is not false; ONEWINDOW_TRACE_SAMPLE_RATIO of new traces are kept, decided
// here at the root, which every service then follows.
import { openTelemetrySetup } from '@graphql-hive/gateway/opentelemetry/setup'
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http'
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base'
import type { Context } from '@opentelemetry/api'
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base'

const ENDPOINT = (process.env.ONEWINDOW_OTLP_ENDPOINT || '').replace(/\/+$/, '')
const OFF = ['0', 'false', 'no', 'off'].includes((process.env.ONEWINDOW_TRACING || '').toLowerCase())
export const TRACING = Boolean(ENDPOINT) && !OFF

// An operation's text may carry literal values (an ID number typed into the IDE): spans keep
// the operation's name, type and hash, never its text.
const UNSAID = ['graphql.document']

// Probes (every few seconds from an orchestrator) are not traced.
const PROBES = new Set(['/healthcheck', '/readiness'])
export function tracedRequest({ request }: { request: Request }): boolean {
  return !PROBES.has(new URL(request.url, 'http://localhost').pathname)
}

class WithoutDocuments implements SpanProcessor {
  constructor(private readonly next: SpanProcessor) {}
  onStart(span: Span, parent: Context): void { this.next.onStart(span, parent) }
  onEnd(span: ReadableSpan): void {
    const attributes = span.attributes as Record<string, unknown>
    for (const key of UNSAID) delete attributes[key]
    this.next.onEnd(span)
  }
  forceFlush(): Promise<void> { return this.next.forceFlush() }
  shutdown(): Promise<void> { return this.next.shutdown() }
}

if (TRACING) {
  const ratio = Number(process.env.ONEWINDOW_TRACE_SAMPLE_RATIO || '0.1')
  openTelemetrySetup({
    // no async-hooks context manager: the plugin parents its spans through the request's
    // own state (a third of the gateway's CPU per request went to it, sampled or not)
    contextManager: null,
    resource: { serviceName: 'gateway' },
    samplingRate: Number.isFinite(ratio) ? Math.min(1, Math.max(0, ratio)) : 0.1,
    traces: {
      processors: [new WithoutDocuments(new BatchSpanProcessor(
        new OTLPTraceExporter({ url: `${ENDPOINT}/v1/traces` })))],
    },
  })
}
