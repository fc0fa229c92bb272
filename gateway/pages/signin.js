// Signing in on the pages: authorization code with PKCE against the identity provider
// (Keycloak's realm `onewindow`; client `onewindow-pages` for staff on the dashboard,
// `onewindow-applicants` for applicants on the public page), with oidc-client-ts from npm (its
// browser build, loaded as /vendor/oidc-client-ts.min.js; no hand-written OAuth). Tokens stay
// in this tab's session storage, are renewed silently with the refresh token, and signing out
// ends the provider's session too.

let manager = null
let audience = 'staff'

// Which client this page signs in with: 'staff' (the default) or 'applicant'
export function signInAs(who) {
  audience = who
  manager = null
}

async function config() {
  const response = await fetch('/pages/config.json')
  return response.ok ? response.json() : {}
}

export async function signInManager() {
  if (manager) return manager
  const { issuer, clientId, applicantClientId } = await config()
  if (!issuer || !globalThis.oidc) return null
  const { UserManager, WebStorageStateStore } = globalThis.oidc
  manager = new UserManager({
    authority: issuer,
    client_id: audience === 'applicant' ? applicantClientId : clientId,
    redirect_uri: `${location.origin}/signed-in`,
    post_logout_redirect_uri: `${location.origin}${location.pathname}`,
    response_type: 'code',
    scope: 'openid',
    userStore: new WebStorageStateStore({ store: sessionStorage }),
    stateStore: new WebStorageStateStore({ store: sessionStorage }),
    automaticSilentRenew: true,
    loadUserInfo: false,
  })
  return manager
}

// The signed-in person's access token, or null
export async function currentToken() {
  const m = await signInManager()
  const user = m && await m.getUser()
  return user && !user.expired ? user.access_token : null
}

export async function signInWithProvider() {
  const m = await signInManager()
  if (!m) throw new Error('未配置统一身份认证')
  sessionStorage.setItem('onewindow.signin.who', audience)  // /signed-in finishes with the same client
  await m.signinRedirect({ state: { returnTo: location.pathname + location.search, who: audience } })
}

// The signed-in person's profile (name, user name) from the ID token, or null
export async function currentProfile() {
  const m = await signInManager()
  const user = m && await m.getUser()
  return user && !user.expired ? user.profile : null
}

export async function signOutOfProvider() {
  const m = await signInManager()
  const user = m && await m.getUser()
  if (user) await m.signoutRedirect({ id_token_hint: user.id_token })
}

// On /signed-in: finish the sign-in and go back where it started
export async function finishSignIn() {
  signInAs(sessionStorage.getItem('onewindow.signin.who') || 'staff')
  const m = await signInManager()
  const user = await m.signinRedirectCallback()
  location.replace((user.state && user.state.returnTo) || '/dashboard')
}
