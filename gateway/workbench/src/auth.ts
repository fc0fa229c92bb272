// Signing in: authorization code with PKCE against the realm the gateway names in
// /pages/config.json (client `onewindow-pages`), with oidc-client-ts; tokens in this tab's
// session storage, renewed silently; signing out ends the realm's session.
import { type User, UserManager, WebStorageStateStore } from 'oidc-client-ts'

let manager: UserManager | null = null

async function userManager(): Promise<UserManager> {
  if (manager) return manager
  const config = await (await fetch('/pages/config.json')).json()
  if (!config.issuer) throw new Error('未配置统一身份认证')
  manager = new UserManager({
    authority: config.issuer,
    client_id: config.clientId,
    redirect_uri: `${location.origin}/workbench/signed-in`,
    post_logout_redirect_uri: `${location.origin}/workbench/`,
    response_type: 'code',
    scope: 'openid',
    userStore: new WebStorageStateStore({ store: sessionStorage }),
    stateStore: new WebStorageStateStore({ store: sessionStorage }),
    automaticSilentRenew: true,
    loadUserInfo: false,
  })
  return manager
}

export async function currentUser(): Promise<User | null> {
  const user = await (await userManager()).getUser()
  return user && !user.expired ? user : null
}

export async function signedIn(): Promise<boolean> {
  return (await currentUser()) !== null
}

export async function accessToken(): Promise<string | null> {
  return (await currentUser())?.access_token ?? null
}

export async function signIn(returnTo: string): Promise<void> {
  await (await userManager()).signinRedirect({ state: { returnTo } })
}

export async function signOut(): Promise<void> {
  const m = await userManager()
  const user = await m.getUser()
  await m.signoutRedirect({ id_token_hint: user?.id_token })
}

// On /signed-in: the code exchanged, then back where the sign-in started
export async function finishSignIn(): Promise<string> {
  const user = await (await userManager()).signinRedirectCallback()
  const state = user.state as { returnTo?: string } | undefined
  return state?.returnTo || '/'
}

// The roles and department the realm gives (the staff directory's), for the menu
export interface Staff { name: string; username: string; roles: string[]; department: string | null }

// The monitoring office (电子监察 and the efficiency office) and the centre-wide roles
export const OFFICE = ['supervisor', 'efficiency_officer']
export const CENTRE_WIDE = [...OFFICE, 'admin']

export function hasAny(who: Staff | null | undefined, roles: string[]): boolean {
  return Boolean(who?.roles.some(r => roles.includes(r)))
}

export async function staff(): Promise<Staff | null> {
  const user = await currentUser()
  if (!user) return null
  const claims = JSON.parse(atob(user.access_token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')))
  return {
    name: String(user.profile.name || claims.name || ''),
    username: String(claims.preferred_username || ''),
    roles: Array.isArray(claims.roles) ? claims.roles : [],
    department: claims.department ?? null,
  }
}
