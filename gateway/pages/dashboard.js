// The monitoring office's dashboard (电子监察): every figure comes from the gateway with the
// signed-in user's token, so a department head sees what the API lets them see (their own
// department). Each panel loads on its own: one refused or failing query leaves the others.
import {
  CASE_STATUS, CLOCK_KIND, COMPLAINT_STATUS, RATING_FOLLOW_UP,
  SIGN_IN_AGAIN, SUPERVISION_TRIGGER, clockTime, gql, h, monthOf, percent, replace,
} from './common.js'
import { currentToken, signInWithProvider, signOutOfProvider } from './signin.js'

const TOKEN_KEY = 'onewindow.token'
const params = new URLSearchParams(location.search)
const REFRESH_SECONDS = Math.max(Number(params.get('refresh')) || 30, 5)
const RESPONSIBILITY = { DIRECT: '直接责任', SUPERVISORY: '直接主管（领导）责任', SUPERVISION: '监管责任', OVERSIGHT: '失察责任' }
const SANCTION = {
  TALK: '谈话教育', ORAL_ADMONITION: '口头告诫', WRITTEN_ADMONITION: '书面告诫', PUBLIC_CRITICISM: '通报批评',
  LOSS_OF_AWARD_ELIGIBILITY: '取消年度评优评先资格', OFF_POST_TRAINING: '离岗培训', TRANSFER: '调离岗位',
  REMOVAL: '免职', DISMISSAL: '辞退', DISCIPLINE_REFERRAL: '移送纪检监察机关',
}
const ROLE_NAMES = {
  admin: '系统管理员', supervisor: '效能监察', efficiency_officer: '效能办',
  department_head: '部门负责人', window_staff: '窗口工作人员', chief_approver: '首席审批员',
  applicant: '申请人',
}

let token = null
let departments = {}
let breaches = {}
let timer = null
let chart = null

// ---- signing in: a token from the link's fragment (never sent to a server) or pasted ----

function claims(jwt) {
  try {
    const part = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')
    const json = decodeURIComponent(Array.from(atob(part), c => '%' + c.charCodeAt(0).toString(16).padStart(2, '0')).join(''))
    return JSON.parse(json)
  } catch {
    return null
  }
}

function signIn(value) {
  const c = claims(value)
  if (!c) return '令牌格式不正确'
  if (c.exp && c.exp * 1000 < Date.now()) return '令牌已过期，请重新获取'
  token = value
  sessionStorage.setItem(TOKEN_KEY, value)
  const roles = (c.roles || []).map(r => ROLE_NAMES[r] || r).join('、')
  replace(document.getElementById('who'), h('span', { class: 'name' }, c.name || c.sub),
    h('span', { class: 'role' }, roles), c.department ? h('span', { class: 'dept', id: 'who-dept' }, c.department) : null)
  document.getElementById('sign-in').hidden = true
  document.getElementById('board').hidden = false
  document.getElementById('sign-out').hidden = false
  loadNames().then(refresh)
  return null
}

function signOut(message) {
  if (viaProvider) {
    viaProvider = false
    signOutOfProvider()
  }
  token = null
  sessionStorage.removeItem(TOKEN_KEY)
  clearTimeout(timer)
  document.getElementById('board').hidden = true
  document.getElementById('sign-out').hidden = true
  replace(document.getElementById('who'))
  document.getElementById('sign-in').hidden = false
  document.getElementById('sign-in-error').textContent = message || ''
}

// ---- panels ----

const deptName = code => departments[code] || code

function table(headers, rows, empty) {
  if (!rows.length) return h('p', { class: 'empty' }, empty)
  return h('table', {}, h('thead', {}, h('tr', {}, headers.map(t => h('th', {}, t)))),
    h('tbody', {}, rows.map(cells => h('tr', {}, cells.map(c => h('td', {}, c))))))
}

function caseLink(id, number) {
  return h('a', { href: `#case=${encodeURIComponent(id)}`, class: 'case-link' }, number || id)
}

function complaintLink(id, number) {
  return h('a', { href: `#complaint=${encodeURIComponent(id)}`, class: 'complaint-link' }, number)
}

// What a clock or a supervision case is about: a case or a complaint opens its details.
const SUBJECT_NAMES = { inquiry: '咨询', petition: '信访', sanction_decision: '处分决定', appeal: '申诉' }
function subjectLink(type, id, caseNumber) {
  if (type === 'case') return caseLink(id, caseNumber)
  if (type === 'complaint') return complaintLink(id, '投诉详情')
  return caseNumber || SUBJECT_NAMES[type] || type
}

async function loadCards(el) {
  const data = await gql(`{ cardsByDepartment { department yellow red }
    openCasesByDepartment { department openCases } }`, {}, token)
  const open = Object.fromEntries(data.openCasesByDepartment.map(d => [d.department, d.openCases]))
  const rows = [...data.cardsByDepartment]
  for (const d of data.openCasesByDepartment) {
    if (!rows.some(r => r.department === d.department)) rows.push({ department: d.department, yellow: 0, red: 0 })
  }
  rows.sort((a, b) => b.red - a.red || b.yellow - a.yellow || a.department.localeCompare(b.department))
  replace(el, rows.length ? rows.map(r => h('article', {
    class: `tile${r.red ? ' has-red' : r.yellow ? ' has-yellow' : ''}`, dataset: { department: r.department },
  }, h('h3', {}, deptName(r.department)),
  h('div', { class: 'counts' },
    h('span', { class: 'card red', title: '红牌：已超过承诺时限' }, h('b', { class: 'red-count' }, r.red), '红牌'),
    h('span', { class: 'card yellow', title: '黄牌：临近承诺时限' }, h('b', { class: 'yellow-count' }, r.yellow), '黄牌')),
  h('p', { class: 'open' }, `在办 ${open[r.department] ?? 0} 件`))) : h('p', { class: 'empty' }, '暂无在办件'))
}

async function loadOnTime(el) {
  const now = new Date()
  const months = Array.from({ length: 12 }, (_, i) => monthOf(now, 11 - i))
  const data = await gql(`query($from: String!, $to: String!) {
    onTimeRates(fromMonth: $from, toMonth: $to) { department months { month casesTimed casesOnTime onTimeRate } } }`,
  { from: months[0], to: months[11] }, token)
  const box = el.querySelector('.chart')
  if (!data.onTimeRates.length) {
    replace(box, h('p', { class: 'empty' }, '近十二个月暂无办结件'))
    chart?.dispose(); chart = null
    return
  }
  if (!window.echarts) throw new Error('图表库未加载')
  if (!chart || chart.getDom() !== box || !box.querySelector('canvas')) {
    chart?.dispose()
    replace(box)
    chart = window.echarts.init(box, 'dark', { renderer: 'canvas' })
  }
  chart.setOption({
    backgroundColor: 'transparent',
    animation: false, // a wall screen redraws every refresh: no motion
    tooltip: { trigger: 'axis', valueFormatter: v => (v === null || v === undefined ? '无办结件' : `${v}%`) },
    legend: { top: 0, textStyle: { fontSize: 14 } },
    grid: { left: 48, right: 24, top: 40, bottom: 32 },
    xAxis: { type: 'category', data: months },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: data.onTimeRates.map(d => ({
      name: deptName(d.department), type: 'line', connectNulls: false, symbolSize: 8,
      data: d.months.map(m => (m.onTimeRate === null ? null : +(m.onTimeRate * 100).toFixed(1))),
    })),
  }, true)
  box.dataset.series = String(data.onTimeRates.length)
}

async function loadOverdue(el) {
  const data = await gql(`{ mostOverdue(first: 10) { kind subjectType subjectId caseNumber department
    dueDate daysOverdue } }`, {}, token)
  replace(el, table(['事项', '部门', '类别', '应办结', '超期'], data.mostOverdue.map(o => [
    subjectLink(o.subjectType, o.subjectId, o.caseNumber),
    deptName(o.department), CLOCK_KIND[o.kind] || o.kind, o.dueDate,
    h('span', { class: 'overdue-days' }, `${o.daysOverdue} 天`),
  ]), '没有超期事项'))
}

async function loadComplaints(el) {
  const month = monthOf(new Date())
  const data = await gql(`query($month: String!) {
    oversightFigures(month: $month) { complaintsOpen complaintsReceived complaintsConcluded
      complaintsDeclined complaintsSubstantiated complaintsPartly }
    complaintsByCategory(month: $month) { category received }
    complaints(first: 8) { edges { node { id number status category department receivedOn } } } }`,
  { month }, token)
  const f = data.oversightFigures
  replace(el,
    h('dl', { class: 'figures' },
      figure('在办', f.complaintsOpen), figure('本月受理', f.complaintsReceived),
      figure('本月办结', f.complaintsConcluded), figure('不予受理', f.complaintsDeclined),
      figure('属实', f.complaintsSubstantiated + f.complaintsPartly)),
    data.complaintsByCategory.length ? h('ul', { class: 'bars' }, data.complaintsByCategory.map(c =>
      h('li', {}, h('span', {}, breaches[c.category] || c.category), h('b', {}, c.received)))) : null,
    table(['编号', '状态', '类别', '部门', '收到'], data.complaints.edges.map(({ node: c }) => [
      complaintLink(c.id, c.number), COMPLAINT_STATUS[c.status] || c.status,
      breaches[c.category] || c.category, deptName(c.department), c.receivedOn,
    ]), '暂无投诉'))
}

function figure(label, value) {
  return h('div', {}, h('dt', {}, label), h('dd', {}, value))
}

async function loadSupervision(el) {
  const data = await gql(`{ supervisionCases(status: OPEN, first: 8) { edges { node { id trigger breach
      department subjectType subjectId caseNumber openedOn status } } }
    findings(first: 5) { edges { node { id breach department caseId caseNumber openedOn
      sanctions { level } } } } }`, {}, token)
  replace(el,
    h('h3', {}, '待核查督办件'),
    table(['事项', '触发', '部门', '立案'], data.supervisionCases.edges.map(({ node: s }) => [
      subjectLink(s.subjectType, s.subjectId, s.caseNumber),
      SUPERVISION_TRIGGER[s.trigger] || s.trigger, deptName(s.department), s.openedOn,
    ]), '没有待核查的督办件'),
    h('h3', {}, '最近问责认定'),
    table(['认定', '事项', '情形', '部门'], data.findings.edges.map(({ node: f }) => [
      h('a', { href: `#finding=${encodeURIComponent(f.id)}`, class: 'finding-link' }, f.openedOn),
      f.caseId ? caseLink(f.caseId, f.caseNumber) : '—', breaches[f.breach] || f.breach,
      deptName(f.department),
    ]), '暂无问责认定'))
}

async function loadRatings(el) {
  const month = monthOf(new Date())
  const data = await gql(`query($month: String!) {
    oversightFigures(month: $month) { casesCompleted rated goodRate poorRate activeRate unratedRate }
    ratingFollowUps(status: OPEN, first: 8) { caseId caseNumber department level contactDueOn status } }`,
  { month }, token)
  const f = data.oversightFigures
  replace(el,
    h('dl', { class: 'figures' }, figure('办结', f.casesCompleted), figure('评价', f.rated),
      figure('好评率', percent(f.goodRate)), figure('差评率', percent(f.poorRate)),
      figure('主动评价率', percent(f.activeRate)), figure('未评率', percent(f.unratedRate))),
    h('h3', {}, '差评待回访'),
    table(['办件', '部门', '回访期限', '状态'], data.ratingFollowUps.map(r => [
      caseLink(r.caseId, r.caseNumber), deptName(r.department), r.contactDueOn,
      RATING_FOLLOW_UP[r.status] || r.status,
    ]), '没有待回访的差评'))
}

const PANELS = [
  ['cards', loadCards, '.tiles'], ['on-time', loadOnTime, '.body'], ['overdue', loadOverdue, '.body'],
  ['complaints', loadComplaints, '.body'], ['supervision', loadSupervision, '.body'],
  ['ratings', loadRatings, '.body'],
]

// Names of departments and breaches, once per sign-in (codes are shown if this fails).
async function loadNames() {
  try {
    const names = await gql('{ departments { id name } breachCatalogue { type name } }', {}, token)
    departments = Object.fromEntries(names.departments.map(d => [d.id, d.name]))
    breaches = Object.fromEntries(names.breachCatalogue.map(b => [b.type, b.name]))
    const dept = document.getElementById('who-dept')
    if (dept) dept.textContent = deptName(dept.textContent)
  } catch (error) {
    if (SIGN_IN_AGAIN.has(error.code)) signOut(error.message)
  }
}

let viaProvider = false  // signed in through the identity provider (renewed silently)

async function refresh() {
  clearTimeout(timer)
  if (viaProvider) token = await currentToken() || token
  if (!token) return
  let failures = 0
  await Promise.all(PANELS.map(async ([id, load, body]) => {
    const section = document.getElementById(id)
    const el = section.querySelector(body)
    try {
      await load(section.id === 'on-time' ? section : el)
      section.classList.remove('failed')
    } catch (error) {
      failures += 1
      if (SIGN_IN_AGAIN.has(error.code)) return signOut(error.message)
      section.classList.add('failed')
      const note = h('p', { class: 'error' }, error.message || '加载失败')
      if (section.id === 'on-time') replace(el.querySelector('.chart'), note)
      else replace(el, note)
    }
  }))
  if (!token) return
  const banner = document.getElementById('banner')
  banner.hidden = failures === 0
  banner.textContent = failures ? `${failures} 个板块未能更新，${REFRESH_SECONDS} 秒后重试` : ''
  document.getElementById('updated').textContent = `更新于 ${clockTime(new Date())} · 每 ${REFRESH_SECONDS} 秒刷新`
  timer = setTimeout(refresh, REFRESH_SECONDS * 1000)
}

// ---- details: a case or a complaint, from a list's link ----

// A failure that may pass (the network, a service restarting) is tried twice more, a second
// apart, as the panels are on their next refresh; a refusal is shown at once.
const PASSING = new Set(['NETWORK', 'UNAVAILABLE', 'INTERNAL_SERVER_ERROR'])

async function patiently(load) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await load()
    } catch (error) {
      if (attempt === 3 || !PASSING.has(error.code)) throw error
      await new Promise(resolve => setTimeout(resolve, 1000))
    }
  }
}

async function showDetail() {
  const dialog = document.getElementById('detail')
  const match = location.hash.match(/^#(case|complaint|finding)=(.+)$/)
  if (!match || !token) { if (dialog.open) dialog.close(); return }
  const [, kind, id] = match
  const asked = location.hash
  const body = dialog.querySelector('.body')
  const title = document.getElementById('detail-title')
  title.textContent = '加载中…'
  replace(body)
  if (!dialog.open) dialog.showModal()
  try {
    if (kind === 'case') {
      const { case: c } = await patiently(() => gql(`query($id: ID!) { case(id: $id) { caseNumber status departmentName
        serviceItem { name } receivedOn acceptedOn dueOn decidedOn completedOn currentStep { label }
        clock { dueDate card workingDaysLeft } timeline { on label } review { addressedTo } } }`, { id: decodeURIComponent(id) }, token))
      if (location.hash !== asked) return  // another link was followed meanwhile
      if (!c) throw new Error('未找到该办件，或无权查看')
      title.textContent = `办件 ${c.caseNumber}`
      replace(body, h('dl', { class: 'facts' },
        fact('事项', c.serviceItem.name), fact('部门', c.departmentName),
        fact('状态', CASE_STATUS[c.status] || c.status), fact('当前环节', c.currentStep.label),
        fact('收件', c.receivedOn), fact('受理', c.acceptedOn), fact('承诺办结', c.dueOn),
        fact('时限', c.clock ? `${{ RED: '红牌', YELLOW: '黄牌', NONE: '正常' }[c.clock.card] || c.clock.card}${c.clock.workingDaysLeft !== null ? `，剩余 ${c.clock.workingDaysLeft} 个工作日` : ''}` : '—'),
        fact('决定', c.decidedOn), fact('办结', c.completedOn)),
      h('h3', {}, '办理过程'), h('ol', { class: 'timeline' }, c.timeline.map(t => h('li', {}, h('time', {}, t.on), t.label))),
      actions([c.review?.addressedTo.includes(viewer().sub) ? ['签署意见（待您办理）', 'primary'] : ['在工作台办理此件']],
        `/workbench/cases/${id}`))
    } else if (kind === 'finding') {
      const { finding: f } = await patiently(() => gql(`query($id: ID!) { finding(id: $id) { breach department caseNumber
        source people openedOn allocation { shares { staffId responsibility } }
        sanctions { staffId level decidedOn } } }`, { id: decodeURIComponent(id) }, token))
      if (location.hash !== asked) return
      if (!f) throw new Error('未找到该问责认定，或无权查看')
      const mine = f.sanctions.some(s => s.staffId === viewer().sub)
      title.textContent = `问责认定 · ${breaches[f.breach] || f.breach}`
      replace(body, h('dl', { class: 'facts' },
        fact('部门', deptName(f.department)), fact('认定日期', f.openedOn), fact('办件', f.caseNumber),
        fact('来源', f.source), fact('涉及人员', f.people.join('、')),
        fact('责任划分', f.allocation ? f.allocation.shares.map(s => `${s.staffId}（${RESPONSIBILITY[s.responsibility] || s.responsibility}）`).join('、') : '待划分'),
        fact('处理', f.sanctions.length ? f.sanctions.map(s => `${s.staffId}：${SANCTION[s.level] || s.level}（${s.decidedOn}）`).join('；') : '待决定')),
      actions([office() ? ['划分责任、听取陈述申辩、作出处理', 'primary'] : mine ? ['对处理决定申请复核', 'primary'] : ['在工作台查看']],
        `/workbench/findings/${id}`))
    } else {
      const { complaint: c } = await patiently(() => gql(`query($id: ID!) { complaint(id: $id) { number status category
        department receivedOn description conclusionSummary } }`, { id: decodeURIComponent(id) }, token))
      if (location.hash !== asked) return
      if (!c) throw new Error('未找到该投诉，或无权查看')
      title.textContent = `投诉 ${c.number}`
      replace(body, h('dl', { class: 'facts' },
        fact('状态', COMPLAINT_STATUS[c.status] || c.status), fact('类别', breaches[c.category] || c.category),
        fact('部门', deptName(c.department)), fact('收到', c.receivedOn),
        fact('结论', c.conclusionSummary)), h('h3', {}, '投诉内容'), h('p', { class: 'text' }, c.description),
      actions([office() ? ['在工作台处理此投诉', 'primary'] : ['在工作台查看']], `/workbench/complaints/${id}`))
    }
  } catch (error) {
    if (location.hash !== asked) return
    title.textContent = '无法显示'
    replace(body, h('p', { class: 'error' }, error.message || '加载失败'))
  }
}

// What the viewer may do about the record: the workbench's page for it (its own sign-in on
// the same realm, so a viewer signed in here is signed in there without a password).
function actions(labels, path) {
  return h('p', { class: 'actions' }, labels.map(([label, kind]) =>
    h('a', { href: path, class: `action${kind ? ` ${kind}` : ''}`, target: '_blank', rel: 'noopener' }, label)))
}

function viewer() {
  const c = (token && claims(token)) || {}
  // the platform names staff by their user name (a realm token's sub is the realm's own id)
  return { ...c, sub: c.preferred_username || c.sub }
}

function office() {
  return (viewer().roles || []).some(r => r === 'supervisor' || r === 'efficiency_officer')
}

function fact(label, value) {
  return h('div', {}, h('dt', {}, label), h('dd', {}, value ?? '—'))
}

// ---- start ----

document.getElementById('sign-in-form').addEventListener('submit', event => {
  event.preventDefault()
  const error = signIn(document.getElementById('token').value.trim())
  document.getElementById('sign-in-error').textContent = error || ''
})
document.getElementById('sign-out').addEventListener('click', () => signOut())
document.getElementById('sign-in-provider').addEventListener('click', () => {
  signInWithProvider().catch(error => {
    document.getElementById('sign-in-error').textContent = error.message
  })
})
document.getElementById('detail').addEventListener('close', () => {
  if (/^#(case|complaint|finding)=/.test(location.hash)) history.replaceState(null, '', location.pathname + location.search)
})
window.addEventListener('hashchange', showDetail)
window.addEventListener('resize', () => chart?.resize())

// A link carrying another person's token, opened in a tab already signed in, asks first: it
// never switches whose figures are on the screen silently.
function who(c) {
  return `${c.name || c.sub}（${(c.roles || []).map(r => ROLE_NAMES[r] || r).join('、')}）`
}

// A token in the link's fragment, taken out of the address bar at once
function linkToken() {
  const fromLink = location.hash.match(/^#token=(.+)$/)
  if (!fromLink) return null
  history.replaceState(null, '', location.pathname + location.search)
  return decodeURIComponent(fromLink[1])
}

function offerLinkToken(offered = linkToken()) {
  if (!offered) return false
  const current = token && claims(token)
  const next = claims(offered)
  if (!current || !next || offered === token) {
    const error = signIn(offered)
    if (error) signOut(error)
    return true
  }
  const dialog = document.getElementById('switch')
  document.getElementById('switch-text').textContent =
    `本窗口已以 ${who(current)} 登录。链接中的令牌属于 ${who(next)}。是否切换？`
  const decide = accept => () => {
    dialog.close()
    if (accept) {
      const error = signIn(offered)
      if (error) signOut(error)
    }
  }
  document.getElementById('switch-keep').onclick = decide(false)
  document.getElementById('switch-accept').onclick = decide(true)
  dialog.showModal()
  return true
}

window.addEventListener('hashchange', () => offerLinkToken())
const linked = linkToken()  // before anything is awaited
const provided = await currentToken().catch(() => null)
const stored = provided || sessionStorage.getItem(TOKEN_KEY)
viaProvider = Boolean(provided)
if (stored && signIn(stored)) signOut('令牌无效或已过期，请重新登录')
if (!offerLinkToken(linked) && !stored) signOut('')
