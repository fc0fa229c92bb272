// The GraphQL IDE's opening state (Hive Laboratory, the gateway's default; GraphiQL with
// --render-legacy-graphiql): one example operation per role from graphiql-examples.json (a
// test runs each as its role), with the header a caller fills in with their token.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

type Example = { role: string; as?: string; query: string; variables?: Record<string, unknown> }

export const HEADER_TEMPLATE = JSON.stringify(
  { Authorization: 'Bearer <在此粘贴令牌 (本地演示: deploy/local/onewindow token)>' }, null, 2)

function examples(): Example[] {
  const dir = process.env.ONEWINDOW_GATEWAY_DIR || process.cwd()
  return JSON.parse(readFileSync(join(dir, 'graphiql-examples.json'), 'utf8'))
}

const headersOf = (e: Example) => (e.as ? HEADER_TEMPLATE : '{}')
const variablesOf = (e: Example) => JSON.stringify(e.variables || {}, null, 2)

// Laboratory: a collection "按角色的示例" with one operation per role
export function exampleCollections() {
  const createdAt = new Date(0).toISOString()
  return [{
    id: 'onewindow-examples', name: '按角色的示例（onewindow）', createdAt,
    description: '每个角色一个示例；在 Headers 中填入该角色的令牌',
    operations: examples().map((e, i) => ({
      id: `onewindow-example-${i + 1}`, name: e.role, description: e.role, createdAt,
      query: e.query.trim() + '\n', variables: variablesOf(e), headers: headersOf(e), extensions: '{}',
    })),
  }]
}

// GraphiQL: one tab per role
export function graphiqlTabs() {
  return examples().map(e => ({
    query: `# ${e.role}\n${e.query.trim()}\n`, variables: variablesOf(e), headers: headersOf(e),
  }))
}
