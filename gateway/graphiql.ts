// The GraphQL IDE's opening state (Hive Laboratory, the gateway's default): a collection of
// one example operation per role from graphiql-examples.json (a test runs each as its role),
// each with the header a caller fills in with their token.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { GATEWAY_DIR } from './pages'

type Example = { role: string; as?: string; query: string; variables?: Record<string, unknown> }

const HEADER_TEMPLATE = JSON.stringify(
  { Authorization: 'Bearer <在此粘贴令牌 (本地演示: deploy/local/onewindow token)>' }, null, 2)

export function exampleCollections() {
  const examples: Example[] = JSON.parse(
    readFileSync(join(GATEWAY_DIR, 'graphiql-examples.json'), 'utf8'))
  const createdAt = new Date(0).toISOString()
  return [{
    id: 'onewindow-examples', name: '按角色的示例（onewindow）', createdAt,
    description: '每个角色一个示例；在 Headers 中填入该角色的令牌',
    operations: examples.map((e, i) => ({
      id: `onewindow-example-${i + 1}`, name: e.role, description: e.role, createdAt,
      query: e.query.trim() + '\n', variables: JSON.stringify(e.variables || {}, null, 2),
      headers: e.as ? HEADER_TEMPLATE : '{}', extensions: '{}',
    })),
  }]
}
