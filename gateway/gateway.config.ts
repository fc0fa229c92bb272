// Hive Gateway: serves the composed supergraph, forwards the caller's Authorization header
// and one correlation id per client request to every subgraph it calls for that request.
import { defineConfig } from '@graphql-hive/gateway'

const correlationIds = new WeakMap<Request, string>()

function correlationId(request: Request): string {
  let id = correlationIds.get(request)
  if (!id) {
    id = request.headers.get('x-correlation-id') || crypto.randomUUID()
    correlationIds.set(request, id)
  }
  return id
}

export const gatewayConfig = defineConfig({
  supergraph: process.env.SUPERGRAPH_PATH || './supergraph.graphql',
  port: Number(process.env.GATEWAY_PORT || 4000),
  host: process.env.GATEWAY_HOST || '127.0.0.1',
  graphiql: { title: 'onewindow' },
  propagateHeaders: {
    fromClientToSubgraphs({ request }) {
      const headers: Record<string, string> = { 'x-correlation-id': correlationId(request) }
      const authorization = request.headers.get('authorization')
      if (authorization) headers.authorization = authorization
      return headers
    },
  },
})
