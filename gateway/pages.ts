// The pages the gateway serves beside /graphql, from files (no build step): the public page at
// /, the monitoring dashboard at /dashboard, their scripts and the chart library as npm
// installed it. Same origin as /graphql, so the pages need no CORS. Read once at start.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

// The gateway runs from its own directory (deploy/local/stack.py, deploy/gateway.Dockerfile)
export const GATEWAY_DIR = process.cwd()
const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8', mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
}
// path → file under the gateway's directory
const ROUTES: Record<string, string> = {
  '/': 'pages/public.html',
  '/dashboard': 'pages/dashboard.html',
  '/pages/common.js': 'pages/common.js',
  '/pages/public.js': 'pages/public.js',
  '/pages/applicant.js': 'pages/applicant.js',
  '/pages/forms.js': 'pages/forms.js',
  '/pages/dashboard.js': 'pages/dashboard.js',
  '/pages/signin.js': 'pages/signin.js',
  '/signed-in': 'pages/signed-in.html',
  '/pages/signed-in.js': 'pages/signed-in.js',
  '/pages/style.css': 'pages/style.css',
  '/vendor/echarts.min.js': 'node_modules/echarts/dist/echarts.min.js',
  '/vendor/sha256.min.mjs': 'node_modules/js-sha256/build/sha256.min.mjs',
  '/vendor/oidc-client-ts.min.js': 'node_modules/oidc-client-ts/dist/browser/oidc-client-ts.min.js',
}
// Where the pages sign in (the identity provider's realm and the pages' clients: staff on the
// dashboard, applicants on the public page), for them to read at /pages/config.json; its origin
// is the one other place they may call.
const ISSUER = process.env.ONEWINDOW_OIDC_ISSUER || ''
const CONFIG = JSON.stringify({
  issuer: ISSUER || null, clientId: 'onewindow-pages', applicantClientId: 'onewindow-applicants',
})
const PROVIDER = ISSUER ? ` ${new URL(ISSUER).origin}` : ''
// Scripts only from this origin, no inline script; the chart library sets inline styles.
const SECURITY = {
  'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
    `img-src 'self' data:; connect-src 'self'${PROVIDER}; frame-ancestors 'none'; base-uri 'none'; form-action 'self'`,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
}

type File = { body: Uint8Array; type: string }

function load(): Map<string, File> {
  const files = new Map<string, File>()
  for (const [path, file] of Object.entries(ROUTES)) {
    const extension = file.slice(file.lastIndexOf('.') + 1)
    files.set(path, { body: readFileSync(join(GATEWAY_DIR, file)), type: TYPES[extension] })
  }
  return files
}

export function usePages() {
  const files = load()
  return {
    onRequest({ request, url, endResponse, fetchAPI }: {
      request: Request; url: URL; endResponse(response: Response): void
      fetchAPI: { Response: typeof Response }
    }) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return
      if (url.pathname === '/pages/config.json') {
        endResponse(new fetchAPI.Response(CONFIG, { status: 200, headers: {
          'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-cache', ...SECURITY } }))
        return
      }
      const file = files.get(url.pathname.replace(/\/+$/, '') || '/')
      if (!file) return
      endResponse(new fetchAPI.Response(request.method === 'HEAD' ? null : file.body, {
        status: 200,
        headers: { 'content-type': file.type, 'cache-control': 'no-cache', ...SECURITY },
      }))
    },
  }
}
