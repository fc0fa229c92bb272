// One GraphQL operation through the gateway, typed by the generated document (codegen from
// the supergraph); a GraphQL error becomes an ApiError with the service's Chinese message and
// stable code.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core'
import { print } from 'graphql/language/printer'

import { accessToken } from './auth'

export class ApiError extends Error {
  constructor(message: string, readonly code: string) {
    super(message)
  }
}

const MESSAGES: Record<string, string> = {
  UNAUTHENTICATED: '请先登录', TOKEN_INVALID: '登录无效，请重新登录', TOKEN_EXPIRED: '登录已过期，请重新登录',
  FORBIDDEN: '当前账号无权进行此操作', IDENTITY_PROVIDER_UNAVAILABLE: '统一身份认证暂时无法连接，请稍后再试',
}
const printed = new WeakMap<object, string>()

export async function request<R, V extends Record<string, unknown>>(
  document: TypedDocumentNode<R, V>, variables: V,
): Promise<R> {
  let query = printed.get(document)
  if (!query) printed.set(document, (query = print(document)))
  const token = await accessToken()
  let response: Response
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    })
  } catch {
    throw new ApiError('无法连接服务，请检查网络后重试', 'NETWORK')
  }
  const body = await response.json().catch(() => null)
  if (!body) throw new ApiError(`服务暂时不可用（HTTP ${response.status}）`, 'UNAVAILABLE')
  if (body.errors?.length) {
    const code = body.errors[0].extensions?.code || 'ERROR'
    throw new ApiError(MESSAGES[code] || body.errors[0].message || '操作失败', code)
  }
  return body.data as R
}

// A refusal member of a result union (InvalidInput and the like), shown at its field
export interface Refusal { code: string; message: string; field?: string | null; fields?: string[] | null }

export function refusalOf(result: { __typename?: string } & Partial<Refusal>): Refusal | null {
  return result.code && result.message ? (result as Refusal) : null
}
