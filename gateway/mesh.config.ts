// Composes the onewindow supergraph from the subgraphs' exported SDL (gateway/subgraphs/*.graphql).
// Runtime endpoints come from the environment, so the same composition serves local runs,
// tests on free ports, and Docker Compose.
import { defineConfig, loadGraphQLHTTPSubgraph } from '@graphql-mesh/compose-cli'

const subgraph = (name: string, envVar: string, fallback: string) => ({
  sourceHandler: loadGraphQLHTTPSubgraph(name, {
    endpoint: process.env[envVar] || fallback,
    source: `${process.env.SUBGRAPHS_DIR || './subgraphs'}/${name}.graphql`,
  }),
})

export const composeConfig = defineConfig({
  output: process.env.SUPERGRAPH_OUT || 'supergraph.graphql',
  subgraphs: [
    subgraph('intake', 'INTAKE_URL', 'http://127.0.0.1:8101/graphql'),
    subgraph('deadlines', 'DEADLINES_URL', 'http://127.0.0.1:8102/graphql'),
    subgraph('oversight', 'OVERSIGHT_URL', 'http://127.0.0.1:8103/graphql'),
  ],
})
