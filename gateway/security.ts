// What the gateway refuses or adds before anything is planned, and what it tells the
// subgraphs of the caller:
// - a request body above the limit is refused early (413), a POST without a declared length
//   too (411): the limit is kit/limits.json's, the services apply the same;
// - the client's address (the socket's, or from X-Forwarded-For when the socket is a trusted
//   proxy) goes to the subgraphs with the shared gateway secret, which proves the gateway sent
//   it (services/kit/http.py `caller`): look-ups count attempts per address;
// - the IDE page gets a Content-Security-Policy naming its one inline script by hash.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { renderLaboratory } from '@graphql-hive/render-laboratory'
import { GATEWAY_DIR } from './pages'

type Limits = {
  tokens: number; depth: number; aliases: number; cost: number; bodyBytes: number; jsonDepth: number
}
export const LIMITS: Limits = JSON.parse(readFileSync(
  process.env.ONEWINDOW_LIMITS_FILE || join(GATEWAY_DIR, '..', 'services', 'kit', 'limits.json'),
  'utf8'))

const SECRET = process.env.ONEWINDOW_GATEWAY_SECRET || ''
const TRUSTED = new Set((process.env.ONEWINDOW_TRUSTED_PROXIES || '').split(',')
  .map(a => a.trim()).filter(Boolean))
const clients = new WeakMap<Request, string>()

function plain(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address
}

function clientOf(request: Request, serverContext: { req?: { socket?: { remoteAddress?: string } } }): string {
  let address = plain(serverContext?.req?.socket?.remoteAddress || '')
  if (TRUSTED.has(address)) {
    const forwarded = (request.headers.get('x-forwarded-for') || '').split(',')
      .map(a => plain(a.trim())).filter(Boolean)
    while (forwarded.length && TRUSTED.has(address)) address = forwarded.pop() as string
  }
  return address.slice(0, 64)
}

function refusal(fetchAPI: { Response: typeof Response }, status: number, code: string,
  message: string): Response {
  return new fetchAPI.Response(JSON.stringify({ errors: [{ message, extensions: { code } }] }), {
    status, headers: { 'content-type': 'application/json; charset=utf-8' },
  })
}

function nestsDeeper(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 1]]
  while (stack.length) {
    const [item, depth] = stack.pop() as [unknown, number]
    if (depth > limit) return true
    if (item && typeof item === 'object') {
      for (const child of Object.values(item as Record<string, unknown>)) stack.push([child, depth + 1])
    }
  }
  return false
}

// A JSON body the services would refuse (kit/http.py BodyGuard) is refused here alike: not
// UTF-8, not JSON, or nested deeper than any operation's variables need.
// The body is read from a copy: the request itself stays the one every plugin keyed its state
// by (replacing it lost the OpenTelemetry plugin's operation and subgraph spans).
async function checkedBody(request: Request, fetchAPI: { Response: typeof Response; Request: typeof Request },
  endResponse: (r: Response) => void): Promise<void> {
  const bytes = new Uint8Array(await request.clone().arrayBuffer())
  let value: unknown
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
  } catch (error) {
    const encoding = error instanceof TypeError
    endResponse(refusal(fetchAPI, 400, encoding ? 'INVALID_ENCODING' : 'INVALID_JSON',
      encoding ? '请求体须为 UTF-8 编码的 JSON' : '请求体不是有效的 JSON'))
    return
  }
  if (nestsDeeper(value, LIMITS.jsonDepth)) {
    endResponse(refusal(fetchAPI, 400, 'NESTED_TOO_DEEP', `JSON 嵌套超过 ${LIMITS.jsonDepth} 层`))
  }
}

export function useRequestGuard() {
  return {
    onRequest({ request, serverContext, endResponse, fetchAPI }: {
      request: Request; serverContext: { req?: { socket?: { remoteAddress?: string } } }
      endResponse(response: Response): void
      fetchAPI: { Response: typeof Response; Request: typeof Request }
    }): void | Promise<void> {
      clients.set(request, clientOf(request, serverContext))
      if (request.method !== 'POST') return
      const encoding = (request.headers.get('content-encoding') || 'identity').toLowerCase()
      if (encoding !== 'identity') {  // a small compressed body may unpack to any size
        endResponse(refusal(fetchAPI, 415, 'ENCODED_BODY_REFUSED',
          '请求体不得压缩（Content-Encoding is not accepted on requests）'))
        return
      }
      const declared = request.headers.get('content-length')
      if (declared === null) {
        endResponse(refusal(fetchAPI, 411, 'LENGTH_REQUIRED',
          '请求须声明 Content-Length（a request body needs its length declared）'))
      } else if (Number(declared) > LIMITS.bodyBytes) {
        endResponse(refusal(fetchAPI, 413, 'REQUEST_TOO_LARGE',
          `请求体超过 ${LIMITS.bodyBytes} 字节（request body too large）`))
      } else if ((request.headers.get('content-type') || '').includes('json')) {
        return checkedBody(request, fetchAPI, endResponse)
      }
    },
  }
}

// The IDE page, served here rather than by the gateway's GraphiQL plugin so that it carries
// its headers (that plugin's response takes none); the gateway compresses it like any other.
export function useIde(options: Parameters<typeof renderLaboratory>[0] | null) {
  return {
    onRequest({ request, url, endResponse, fetchAPI }: {
      request: Request; url: URL; endResponse(response: Response): void
      fetchAPI: { Response: typeof Response }
    }) {
      if (!options || request.method !== 'GET' || url.pathname.replace(/\/+$/, '') !== '/graphql'
        || url.searchParams.has('query') || !(request.headers.get('accept') || '').includes('text/html')) return
      endResponse(new fetchAPI.Response(renderIde(options), {
        status: 200, headers: { 'content-type': 'text/html; charset=utf-8', ...IDE_HEADERS },
      }))
    },
  }
}

// What the subgraphs are told of the caller (with the proof that the gateway tells it)
export function callerHeaders(request: Request): Record<string, string> {
  if (!SECRET) return {}
  return { 'x-onewindow-gateway': SECRET, 'x-onewindow-client': clients.get(request) || '' }
}

// The IDE: Hive Laboratory as the gateway renders it, with a policy that allows its one
// inline script (by hash), its workers (blob:) and calls to this origin only.
const IDE_HEADERS = {
  'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'x-frame-options': 'DENY',
}
const rendered = new Map<string, string>()

export function renderIde(options: Parameters<typeof renderLaboratory>[0]): string {
  const key = JSON.stringify(options)
  let html = rendered.get(key)
  if (html === undefined) {
    html = renderLaboratory(options)
    const hashes = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)]
      .map(m => `'sha256-${createHash('sha256').update(m[1]).digest('base64')}'`)
    const policy = `default-src 'self'; script-src ${hashes.join(' ')}; worker-src blob:; ` +
      "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
      "connect-src 'self'; base-uri 'none'; form-action 'none'"
    html = html.replace('<head>', `<head>\n<meta http-equiv="Content-Security-Policy" content="${policy}">`)
    rendered.clear()
    rendered.set(key, html)
  }
  return html
}

// Every error the gateway itself answers carries a code, as the services' do: variables of
// the wrong type or missing, a document that does not parse or validate.
function codeOf(message: string): string {
  if (message.startsWith('Variable "')) return 'BAD_USER_INPUT'
  if (message.startsWith('Syntax Error')) return 'GRAPHQL_PARSE_FAILED'
  return 'GRAPHQL_VALIDATION_FAILED'
}

export function useErrorCodes() {
  return {
    onResultProcess({ result }: { result: unknown }) {
      for (const one of Array.isArray(result) ? result : [result]) {
        const errors = (one as { errors?: { message: string; extensions?: Record<string, unknown> }[] })?.errors
        for (const error of errors || []) {
          if (error.extensions?.code) continue
          try {
            Object.assign(error, { extensions: { ...(error.extensions || {}), code: codeOf(error.message) } })
          } catch { /* a frozen error keeps what it has */ }
        }
      }
    },
  }
}
