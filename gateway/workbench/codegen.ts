// Types for every operation the workbench sends, from the federated API the gateway serves
// (the supergraph composed from gateway/subgraphs/*.graphql): a schema change that breaks an
// operation breaks the build, not the clerk's screen.
import type { CodegenConfig } from '@graphql-codegen/cli'

const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['src/operations/*.graphql'],
  ignoreNoDocuments: false,
  generates: {
    'src/generated/graphql.ts': {
      plugins: ['typescript-operations', 'typed-document-node'],
      config: {
        enumsAsTypes: true,
        scalars: { Date: 'string', DateTime: 'string', JSON: 'unknown' },
        useTypeImports: true,
      },
    },
  },
}
export default config
