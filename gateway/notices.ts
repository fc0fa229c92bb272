// Printable notices through the gateway: GET /notices/<number>.pdf is intake's, answered there
// under its case's access rule (a bearer token, or a signed link from GraphQL's Notice.pdfUrl);
// the gateway passes the caller's token and address on as for GraphQL, and streams the answer.
import { callerHeaders } from './security'

const INTAKE = (process.env.ONEWINDOW_INTAKE_HTTP || 'http://127.0.0.1:8101').replace(/\/+$/, '')
const NOTICE = /^\/notices\/[A-Z0-9-]{6,40}\.pdf$/

export function useNotices() {
  return {
    async onRequest({ request, url, endResponse, fetchAPI }: {
      request: Request; url: URL; endResponse(response: Response): void
      fetchAPI: { Response: typeof Response }
    }) {
      if (request.method !== 'GET' || !url.pathname.startsWith('/notices/')) return
      if (!NOTICE.test(url.pathname)) {
        endResponse(new fetchAPI.Response(JSON.stringify({
          errors: [{ message: '没有该文书', extensions: { code: 'NOT_FOUND' } }] }), {
          status: 404, headers: { 'content-type': 'application/json; charset=utf-8' } }))
        return
      }
      const headers: Record<string, string> = { ...callerHeaders(request) }
      const authorization = request.headers.get('authorization')
      if (authorization) headers.authorization = authorization
      const answer = await fetch(`${INTAKE}${url.pathname}${url.search}`, { headers })
      const passed = new Headers()
      for (const name of ['content-type', 'content-disposition', 'cache-control', 'content-length']) {
        const value = answer.headers.get(name)
        if (value) passed.set(name, value)
      }
      passed.set('x-content-type-options', 'nosniff')
      passed.set('referrer-policy', 'no-referrer')
      endResponse(new fetchAPI.Response(answer.body, { status: answer.status, headers: passed }))
    },
  }
}
