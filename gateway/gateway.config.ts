// Hive Gateway: serves the composed supergraph, forwards the caller's Authorization header
// and one correlation id per client request to every subgraph it calls for that request.
import { costLimitPlugin } from '@escape.tech/graphql-armor-cost-limit'
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases'
import { defineConfig, Logger } from '@graphql-hive/gateway'
import { exampleCollections } from './graphiql'
import { useNotices } from './notices'
import { usePages } from './pages'
import { LIMITS, callerHeaders, useErrorCodes, useIde, useRequestGuard } from './security'
import { TRACING, tracedRequest } from './tracing'

// Limits every operation meets before anything is planned or sent: one definition,
// services/kit/limits.json, which the services apply to operations sent straight to them
// (services/kit/limits.py counts as graphql-armor does). A refusal comes back at parse time
// with a GraphQL error coded OPERATION_TOO_COMPLEX.
// Production (ONEWINDOW_PRODUCTION): no IDE, no introspection.
const PRODUCTION = ['1', 'true', 'yes'].includes((process.env.ONEWINDOW_PRODUCTION || '').toLowerCase())
// The IDE opens with an example operation for each role and a header template to fill in
// (Hive Laboratory reads `defaultCollections`)
const IDE = PRODUCTION ? null : { title: 'onewindow', defaultCollections: exampleCollections() } as
  Parameters<typeof useIde>[0]
// Browser origins allowed to call with credentials (comma-separated); none unless configured.
const ORIGINS = (process.env.ONEWINDOW_CORS_ORIGINS || '').split(',').map(o => o.trim()).filter(Boolean)

const correlationIds = new WeakMap<Request, string>()

function correlationId(request: Request): string {
  let id = correlationIds.get(request)
  if (!id) {
    id = request.headers.get('x-correlation-id') || crypto.randomUUID()
    correlationIds.set(request, id)
  }
  return id
}

// Logs carry the level, the message and a few plain attributes, never a request's body or its
// variables (ID numbers travel in them): what the gateway would print on a subgraph error.
const SAFE_ATTRIBUTES = new Set(['subgraph', 'subgraphName', 'operationName', 'requestId',
  'code', 'status', 'statusCode', 'port', 'host', 'path'])
const log = new Logger({
  level: (process.env.LOG_LEVEL as 'info' | 'warn' | 'error' | 'debug') || 'info',
  writers: [{
    write(level, attrs, msg) {
      const safe: Record<string, unknown> = {}
      for (const [key, value] of Object.entries(attrs || {})) {
        if (SAFE_ATTRIBUTES.has(key) && ['string', 'number', 'boolean'].includes(typeof value)) {
          safe[key] = typeof value === 'string' ? value.slice(0, 200) : value
        }
      }
      console.log(JSON.stringify({ time: new Date().toISOString(), level, msg, ...safe }))
    },
  }],
})

// One stable code for every limit a client operation breaks, as the subgraphs answer.
function tooComplex(_context: unknown, error: { extensions: Record<string, unknown> }): void {
  error.extensions.code = 'OPERATION_TOO_COMPLEX'
}

export const gatewayConfig = defineConfig({
  supergraph: process.env.SUPERGRAPH_PATH || './supergraph.graphql',
  port: Number(process.env.GATEWAY_PORT || 4000),
  host: process.env.GATEWAY_HOST || '127.0.0.1',
  // the IDE is served by useIde (with its headers); the built-in one is off
  graphiql: false,
  disableIntrospection: PRODUCTION,
  // responses compressed for clients that accept it (the IDE page is 21 MB uncompressed)
  contentEncoding: true,
  logging: log,
  maxTokens: LIMITS.tokens,
  maxDepth: LIMITS.depth,
  blockFieldSuggestions: true,
  // spans of the request, its operation and each subgraph call (./tracing sets them up)
  // (not the parse, validate and context spans: three of a request's eight, which say little
  // the operation's span does not; execute stays, the subgraph calls hang from it)
  openTelemetry: TRACING ? {
    traces: { spans: { http: tracedRequest, graphqlParse: false, graphqlValidate: false,
                       graphqlContextBuilding: false } },
    useContextManager: false,
  } : undefined,
  plugins: () => [
    useRequestGuard(),
    useIde(IDE),
    useNotices(),
    useErrorCodes(),
    usePages(),
    maxAliasesPlugin({ maxAliases: LIMITS.aliases, onReject: [tooComplex] }),
    costLimitPlugin({ maxCost: LIMITS.cost, onReject: [tooComplex] }),
  ],
  cors: ORIGINS.length ? { origin: ORIGINS, credentials: true } : false,
  propagateHeaders: {
    fromClientToSubgraphs({ request }) {
      const headers: Record<string, string> = {
        'x-correlation-id': correlationId(request), ...callerHeaders(request),
      }
      // a department system's report: whose step it was, and its retry key (issue 25)
      for (const name of ['authorization', 'onewindow-acting-staff', 'idempotency-key']) {
        const value = request.headers.get(name)
        if (value) headers[name] = value
      }
      return headers
    },
  },
})
