// The pages the gateway serves beside /graphql, from files (no build step): the public page at
// /, the monitoring dashboard at /dashboard, their scripts and the chart library as npm
// installed it. Same origin as /graphql, so the pages need no CORS. Read once at start.
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

// The gateway runs from its own directory (deploy/local/stack.py, deploy/gateway.Dockerfile)
export const GATEWAY_DIR = process.cwd()
const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8', mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8', json: 'application/json; charset=utf-8',
}
// path → file under the gateway's directory
const ROUTES: Record<string, string> = {
  '/': 'pages/public.html',
  '/dashboard': 'pages/dashboard.html',
  '/pages/common.js': 'pages/common.js',
  '/pages/public.js': 'pages/public.js',
  '/pages/applicant.js': 'pages/applicant.js',
  '/pages/appointments.js': 'pages/appointments.js',
  '/pages/forms.js': 'pages/forms.js',
  '/pages/dashboard.js': 'pages/dashboard.js',
  '/pages/signin.js': 'pages/signin.js',
  '/signed-in': 'pages/signed-in.html',
  '/pages/signed-in.js': 'pages/signed-in.js',
  '/pages/style.css': 'pages/style.css',
  // the event contract for other departments' systems (services/kit/contract.py writes it)
  '/asyncapi.json': 'contract/asyncapi.json',
  '/events': 'contract/events.html',  // the same, as a page people read
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

type File = { body: Uint8Array; type: string; immutable?: boolean }

function load(): Map<string, File> {
  const files = new Map<string, File>()
  for (const [path, file] of Object.entries(ROUTES)) {
    const extension = file.slice(file.lastIndexOf('.') + 1)
    files.set(path, { body: readFileSync(join(GATEWAY_DIR, file)), type: TYPES[extension] })
  }
  return files
}

// The staff workbench (gateway/workbench, built by Vite at install into dist/): its assets by
// their hashed names, kept a year; every other path under /workbench is the app's page (its
// router reads the path). Not built: a page that says how.
const WORKBENCH_DIST = join(GATEWAY_DIR, 'workbench', 'dist')
const NOT_BUILT = '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>工作台未构建</title>' +
  '<p>工作台尚未构建：运行 <code>deploy/local/install.sh</code>（或 <code>npm run build --prefix gateway/workbench</code>）。</p></html>'

function loadWorkbench(): { page: File; assets: Map<string, File> } {
  const assets = new Map<string, File>()
  if (!existsSync(join(WORKBENCH_DIST, 'index.html'))) {
    return { page: { body: new TextEncoder().encode(NOT_BUILT), type: TYPES.html }, assets }
  }
  const dir = join(WORKBENCH_DIST, 'assets')
  for (const name of existsSync(dir) ? readdirSync(dir) : []) {
    const extension = name.slice(name.lastIndexOf('.') + 1)
    if (TYPES[extension]) {
      assets.set(`/workbench/assets/${name}`, { body: readFileSync(join(dir, name)), type: TYPES[extension], immutable: true })
    }
  }
  return { page: { body: readFileSync(join(WORKBENCH_DIST, 'index.html')), type: TYPES.html }, assets }
}

export function usePages() {
  const files = load()
  const workbench = loadWorkbench()
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
      const path = url.pathname.replace(/\/+$/, '') || '/'
      let file = files.get(path) ?? workbench.assets.get(path)
      if (!file && (path === '/workbench' || (path.startsWith('/workbench/') && !path.startsWith('/workbench/assets/')))) {
        file = workbench.page
      }
      if (!file) return
      endResponse(new fetchAPI.Response(request.method === 'HEAD' ? null : file.body, {
        status: 200,
        headers: { 'content-type': file.type,
          'cache-control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache', ...SECURITY },
      }))
    },
  }
}
