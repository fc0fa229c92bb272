// Shared by the pages the gateway serves: calling the GraphQL gateway, building DOM safely
// (text only, never HTML from data) and the Chinese names of codes. No build step: an ES module.

const ENDPOINT = '/graphql'

export class GraphQLError extends Error {
  constructor(message, code) {
    super(message)
    this.code = code
  }
}

// Codes that mean the caller must sign in again (services/kit/auth.py).
export const SIGN_IN_AGAIN = new Set(['UNAUTHENTICATED', 'TOKEN_INVALID', 'TOKEN_EXPIRED'])

const MESSAGES = {
  UNAUTHENTICATED: '请先登录',
  TOKEN_INVALID: '令牌无效，请重新登录',
  TOKEN_EXPIRED: '登录已过期，请重新登录',
  FORBIDDEN: '当前账号无权查看此项',
  OPERATION_TOO_COMPLEX: '查询过于复杂，已被拒绝',
  IDENTITY_PROVIDER_UNAVAILABLE: '统一身份认证暂时无法连接，请稍后再试',
}

// One GraphQL operation; resolves to `data`, or throws GraphQLError with a Chinese message.
export async function gql(query, variables = {}, token = null) {
  const headers = { 'content-type': 'application/json', accept: 'application/json' }
  if (token) headers.authorization = `Bearer ${token}`
  let response
  try {
    response = await fetch(ENDPOINT, { method: 'POST', headers, body: JSON.stringify({ query, variables }) })
  } catch {
    throw new GraphQLError('无法连接服务，请检查网络后重试', 'NETWORK')
  }
  let body
  try {
    body = await response.json()
  } catch {
    throw new GraphQLError(`服务暂时不可用（HTTP ${response.status}）`, 'UNAVAILABLE')
  }
  if (body.errors && body.errors.length) {
    const code = body.errors[0].extensions?.code || 'ERROR'
    throw new GraphQLError(MESSAGES[code] || body.errors[0].message || '查询失败', code)
  }
  return body.data
}

// h('td', { class: 'x' }, 'text', child): an element with text children only.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag)
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue
    if (key === 'class') el.className = value
    else if (key === 'dataset') Object.assign(el.dataset, value)
    else if (key.startsWith('on')) el.addEventListener(key.slice(2), value)
    else el.setAttribute(key, value === true ? '' : String(value))
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue
    el.append(child instanceof Node ? child : document.createTextNode(String(child)))
  }
  return el
}

export function replace(el, ...children) {
  el.replaceChildren(...children.flat().filter(c => c !== null && c !== undefined && c !== false))
}

export function percent(rate) {
  return rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`
}

// The centre's calendar is Beijing time, wherever the screen is.
const CENTRE_TIME_ZONE = 'Asia/Shanghai'

// "YYYY-MM" of the centre's current month, `back` months ago.
export function monthOf(date, back = 0) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', {
    timeZone: CENTRE_TIME_ZONE, year: 'numeric', month: '2-digit',
  }).formatToParts(date).map(p => [p.type, p.value]))
  const index = Number(parts.year) * 12 + Number(parts.month) - 1 - back
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`
}

export function clockTime(date) {
  return date.toLocaleTimeString('zh-CN', { hour12: false, timeZone: CENTRE_TIME_ZONE })
}

export const CASE_STATUS = {
  RECEIVED: '已收件', CORRECTION_REQUESTED: '待补正', REJECTION_PENDING: '不予受理报备中',
  ACCEPTED: '已受理', SUSPENDED: '中止', REJECTED: '不予受理', DECIDED: '已决定',
  DELIVERING: '送达中', COMPLETED: '已办结', WITHDRAWN: '已撤回',
}

export const COMPLAINT_STATUS = {
  RECEIVED: '已登记', DECLINED: '不予受理', ACCEPTED: '已受理', INVESTIGATING: '调查中',
  REPORTED: '已报告', ANSWERED: '已答复', REINVESTIGATING: '重新调查', SATISFIED: '投诉人满意',
  CONCLUDED: '已办结',
}

export const SUPERVISION_TRIGGER = {
  RED_CARD: '红牌', DEEMED_ACCEPTANCE: '视为受理', REPEATED_CORRECTION: '多次补正',
  LATE_EXTENSION_REQUEST: '延期申请逾期', POOR_RATING: '差评', REJECTION_WITHOUT_CONSENT: '否定未报备',
  REPEATED_COMPLAINT: '重复投诉', ESCALATED_COMPLAINT: '投诉升级', RETALIATION: '打击报复',
  LUNCH_DUTY_GAP: '午休无人值班',
}

export const CLOCK_KIND = {
  case_limit: '办件', acceptance_decision: '受理决定', inquiry_reply: '咨询答复',
  joint_opinion: '联办意见', handover_step: '移交', complaint_handling: '投诉办理',
  petition_handling: '信访办理', appeal_filing: '申诉受理', appeal_answer: '申诉答复',
  appointment_contact: '预约联系',
}

export const RATING_FOLLOW_UP = {
  OPEN: '待回访', CONTACTED: '已回访', RECTIFIED: '已整改', CLOSED: '已办结',
}
