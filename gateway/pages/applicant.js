// The applicant on the public page (a phone first): registering (实名注册), signing in with
// the applicants' client, their cases (status, due date, timeline, notices as PDF), rating a
// completed case and then the follow-up, asking for 帮办代办 and rating the help; and, signed
// in or not, filing an efficiency complaint and following it by number and query code.
import { CASE_STATUS, COMPLAINT_STATUS, gql, h, replace } from './common.js'
import { clearErrors, say, showRefusal, solveChallenge, values } from './forms.js'
import { currentProfile, currentToken, signInAs, signInWithProvider, signOutOfProvider } from './signin.js'
import { startAppointments } from './appointments.js'

const NOTICE_KIND = {
  MATERIAL_RECEIPT: '材料接收凭证', CORRECTION_NOTICE: '一次性告知（补正）通知书', ACCEPTANCE_NOTICE: '受理通知书',
  REJECTION_NOTICE: '不予受理通知书', RESULT: '办理结果', DENIAL_DECISION: '不予许可决定书',
  SUSPENSION_NOTICE: '特别程序告知书', EXTENSION_NOTICE: '延期办理通知书',
  COMPLETION_DATE_CHANGE_NOTICE: '办结日期变更告知书', MATERIALS_COMPLETED_NOTICE: '补齐材料确认书',
}
export const LEVELS = [
  ['VERY_SATISFIED', '非常满意'], ['SATISFIED', '满意'], ['BASICALLY_SATISFIED', '基本满意'],
  ['DISSATISFIED', '不满意'], ['VERY_DISSATISFIED', '非常不满意'],
]
const ASSIST_KIND = [['GUIDANCE', '导办（指引办理）'], ['ASSISTED', '帮办（协助填表、准备材料）'],
  ['FULL_PROXY', '代办（委托代为办理）'], ['HOME_VISIT', '上门办（老、弱、病、残、孕）']]
const SPECIAL_GROUP = [['', '（上门办时必选）'], ['ELDERLY', '老年人'], ['SICK', '患病、体弱'],
  ['DISABLED', '残疾人'], ['PREGNANT', '孕妇']]
const ASSIST_STATUS = { REQUESTED: '待承接', ACCEPTED: '办理中', COMPLETED: '已办结', CANCELLED: '已撤销' }

let token = null
let profile = null

async function call(query, variables) {
  return gql(query, variables, token)
}

// ---- signing in and registering ----

function accountBar() {
  const bar = document.getElementById('account')
  if (profile) {
    replace(bar, h('span', { id: 'signed-in-as' }, `您好，${profile.name || ''}`),
      h('button', { type: 'button', id: 'sign-out', class: 'link', onclick: () => signOutOfProvider() }, '退出登录'))
  } else {
    replace(bar, h('button', { type: 'button', id: 'sign-in', onclick: () => signInWithProvider().catch(e => alert(e.message)) }, '登录'),
      h('a', { href: '#register-title', id: 'to-register' }, '注册'))
  }
}

async function register(event) {
  event.preventDefault()
  const form = event.target
  const out = document.getElementById('register-result')
  clearErrors(form)
  const given = values(form)
  say(out, '正在验证，请稍候…')
  try {
    const { registrationChallenge: c } = await call('{ registrationChallenge { token bits } }')
    if (!c) { say(out, '本中心尚未开通网上实名注册，请到服务大厅窗口办理', 'error'); return }
    const solution = await solveChallenge(c.token, c.bits)
    const { registerApplicant: r } = await call(`mutation($i: RegisterApplicantInput!) {
      registerApplicant(input: $i) { __typename
        ... on ApplicantRegistered { username name }
        ... on InvalidInput { code message field fields }
        ... on RegistrationUnavailable { code message } } }`, {
      i: { name: given.name || '', idNumber: given.idNumber || '', mobile: given.mobile || '',
        password: form.elements.password.value, challenge: c.token, solution },
    })
    if (r.__typename === 'ApplicantRegistered') {
      form.reset()
      replace(out, h('p', { class: 'ok', role: 'status' }, `${r.name}，注册成功。请用身份证号码和密码登录。`),
        h('button', { type: 'button', onclick: () => signInWithProvider() }, '去登录'))
    } else if (r.__typename === 'InvalidInput') {
      out.replaceChildren()
      showRefusal(form, r, { challenge: 'name' })
    } else {
      say(out, r.message, 'error')
    }
  } catch (error) {
    say(out, error.message, 'error')
  }
}

// ---- my cases ----

const CASES = `query($after: String) { myApplications(first: 10, after: $after) {
  edges { node { id caseNumber status departmentName department serviceItem { name }
    receivedOn dueOn completedOn currentStep { label }
    timeline { at on label } notices { number kind issuedOn pdfUrl }
    rating { levelName poor comment } followUpRating { levelName } } }
  pageInfo { hasNextPage endCursor } } }`

function ratingForm(caseNode, followUp) {
  const id = `${followUp ? 'follow' : 'rate'}-${caseNode.id}`
  const form = h('form', { class: 'rating', id, novalidate: true },
    h('fieldset', {},
      h('legend', {}, followUp ? '追加评价（对差评回访整改的评价）' : '评价本次办理（好差评）'),
      LEVELS.map(([value, label], i) => h('label', { class: 'choice' },
        h('input', { type: 'radio', name: 'level', value, required: i === 0 }), label))),
    h('label', { for: `${id}-comment` }, '评价内容（选填）'),
    h('textarea', { id: `${id}-comment`, name: 'comment', maxlength: 500, rows: 3 }),
    h('div', { class: 'row' }, h('button', { type: 'submit' }, followUp ? '提交追评' : '提交评价')),
    h('div', { class: 'result', 'aria-live': 'polite' }))
  form.addEventListener('submit', async event => {
    event.preventDefault()
    const given = values(form)
    const out = form.querySelector('.result')
    if (!given.level) { showRefusal(form, { message: '请选择满意程度', field: 'level' }); return }
    const mutation = followUp ? 'rateFollowUp' : 'rateCase'
    try {
      const data = await call(`mutation($c: ID!, $l: RatingLevel!, $t: String) {
        r: ${mutation}(caseId: $c, level: $l, comment: $t) { __typename
          ... on InvalidInput { code message field fields } ... on CaseStateConflict { code message } } }`,
      { c: caseNode.id, l: given.level, t: given.comment || null })
      if (data.r.__typename === 'InvalidInput') { showRefusal(form, data.r); return }
      if (data.r.__typename === 'CaseStateConflict') { say(out, data.r.message, 'error'); return }
      say(out, followUp ? '追评已提交，谢谢。' : '评价已提交，谢谢。差评将由中心效能监督部门回访核实。')
      await showMyCases()
    } catch (error) {
      say(out, error.message, 'error')
    }
  })
  return form
}

function caseCard(c) {
  const row = (label, value) => (value ? [h('dt', {}, label), h('dd', {}, value)] : [])
  const rated = c.rating
    ? h('p', { class: 'rated' }, `您的评价：${c.rating.levelName}${c.followUpRating ? `；追评：${c.followUpRating.levelName}` : ''}`)
    : null
  return h('li', { class: 'case-card', dataset: { caseNumber: c.caseNumber } }, h('details', {},
    h('summary', {}, h('span', {}, c.serviceItem.name,
      h('small', {}, `${c.caseNumber} · `, h('span', { class: 'status' }, CASE_STATUS[c.status] || c.status),
        c.dueOn && !c.completedOn ? ` · 承诺 ${c.dueOn} 前办结` : ''))),
    h('dl', {}, row('受理编号', c.caseNumber), row('承办部门', c.departmentName), row('当前环节', c.currentStep.label),
      row('收件日期', c.receivedOn), row('承诺办结', c.dueOn), row('办结日期', c.completedOn)),
    h('h3', {}, '文书'),
    c.notices.length
      ? h('ul', { class: 'notices' }, c.notices.map(n => h('li', {},
        h('a', { href: n.pdfUrl, target: '_blank', rel: 'noopener', class: 'notice-link', dataset: { kind: n.kind } },
          `${NOTICE_KIND[n.kind] || n.kind}（${n.issuedOn}，PDF）`))))
      : h('p', { class: 'empty' }, '暂无文书'),
    h('h3', {}, '办理过程'),
    h('ol', { class: 'timeline' }, c.timeline.map(t => h('li', {}, h('time', { datetime: t.at }, t.on), ' ', t.label))),
    rated,
    c.status === 'COMPLETED' && !c.rating ? ratingForm(c, false) : null,
    c.rating && !c.followUpRating ? ratingForm(c, true) : null,
    h('p', {}, h('a', { href: '#complaint-title', onclick: () => complainAbout(c) }, '对本办件的办理提出效能投诉'))))
}

async function showMyCases() {
  const out = document.getElementById('mine-result')
  try {
    const { myApplications } = await call(CASES, { after: null })
    const cases = myApplications.edges.map(e => e.node)
    const open = new Set([...out.querySelectorAll('.case-card:has(details[open])')].map(li => li.dataset.caseNumber))
    replace(out, cases.length ? h('ul', { class: 'cases' }, cases.map(caseCard))
      : h('p', { class: 'empty' }, '您还没有申请记录（以本人身份证号码申请的办件会显示在这里）'))
    for (const li of out.querySelectorAll('.case-card')) {  // what was open stays open
      if (open.has(li.dataset.caseNumber)) li.querySelector('details').open = true
    }
  } catch (error) {
    replace(out, h('p', { class: 'error', role: 'alert' }, error.message))
  }
}

// ---- 帮办代办 ----

const ASSISTANCE = `{ myAssistance(first: 10) { edges { node { id serviceItemName status requestedAt
  helper outcome rating } } } }`

async function showMyAssistance() {
  const out = document.getElementById('help-result')
  try {
    const { myAssistance } = await call(ASSISTANCE)
    const rows = myAssistance.edges.map(e => e.node)
    replace(out, rows.length ? h('ul', { class: 'cases' }, rows.map(a => h('li', { class: 'case-card' },
      h('p', {}, a.serviceItemName, ' · ', h('span', { class: 'status' }, ASSIST_STATUS[a.status] || a.status)),
      a.outcome ? h('p', {}, `办理结果：${a.outcome}`) : null,
      a.rating ? h('p', { class: 'rated' }, `您的评价：${(LEVELS.find(l => l[0] === a.rating) || [])[1] || a.rating}`) : null,
      a.status === 'COMPLETED' && !a.rating ? helpRatingForm(a) : null)))
      : h('p', { class: 'empty' }, '暂无帮办代办申请。可在下方“办事指南”中选择事项后申请。'))
  } catch (error) {
    replace(out, h('p', { class: 'error', role: 'alert' }, error.message))
  }
}

function helpRatingForm(a) {
  const form = ratingForm({ id: a.id }, false)
  form.querySelector('legend').textContent = '评价帮办代办服务'
  const fresh = form.cloneNode(true)
  fresh.addEventListener('submit', async event => {
    event.preventDefault()
    const given = values(fresh)
    if (!given.level) { showRefusal(fresh, { message: '请选择满意程度', field: 'level' }); return }
    const { rateAssistance: r } = await call(`mutation($id: ID!, $l: RatingLevel!, $t: String) {
      rateAssistance(id: $id, level: $l, comment: $t) { __typename
        ... on InvalidInput { code message field fields } ... on CaseStateConflict { message } } }`,
    { id: a.id, l: given.level, t: given.comment || null })
    if (r.__typename === 'InvalidInput') { showRefusal(fresh, r); return }
    if (r.__typename !== 'AssistanceSaved') { say(fresh.querySelector('.result'), r.message, 'error'); return }
    await showMyAssistance()
  })
  return fresh
}

// The catalogue offers 帮办代办 on each item once signed in
export function assistButton(itemId, itemName) {
  if (!profile) return null
  return h('button', { type: 'button', class: 'secondary', onclick: () => openAssistForm(itemId, itemName) }, '申请帮办代办')
}

function openAssistForm(itemId, itemName) {
  const form = document.getElementById('assist-form')
  form.hidden = false
  form.elements.serviceItemId.value = itemId
  document.getElementById('assist-item').textContent = itemName
  form.scrollIntoView()
  form.elements.kind.focus()
}

async function requestAssistance(event) {
  event.preventDefault()
  const form = event.target
  const out = document.getElementById('assist-result')
  const given = values(form)
  clearErrors(form)
  try {
    const { requestAssistance: r } = await call(`mutation($i: RequestAssistanceInput!) {
      requestAssistance(input: $i) { __typename ... on InvalidInput { code message field fields }
        ... on NotFound { message } ... on CaseStateConflict { message } } }`, { i: {
      serviceItemId: given.serviceItemId, kind: given.kind, specialGroup: given.specialGroup || null,
      applicantName: profile.name || '', applicantIdNumber: profile.id_number || '',
      applicantContact: given.contact || '', request: given.request || '' } })
    if (r.__typename === 'InvalidInput') {
      showRefusal(form, r, { 'applicant.contact': 'contact', 'applicant.name': 'contact', 'applicant.idNumber': 'contact' })
      return
    }
    if (r.__typename !== 'AssistanceSaved') { say(out, r.message, 'error'); return }
    form.reset()
    form.hidden = true
    say(out, '已提交。帮办代办员承接后会与您联系。')
    await showMyAssistance()
  } catch (error) {
    say(out, error.message, 'error')
  }
}

// ---- efficiency complaints ----

function complainAbout(c) {
  const form = document.getElementById('complaint-form')
  form.elements.subjectRef.value = c.caseNumber
  form.elements.subjectDepartment.value = c.department
}

async function complain(event) {
  event.preventDefault()
  const form = event.target
  const out = document.getElementById('complaint-result')
  const given = values(form)
  clearErrors(form)
  say(out, '正在验证并提交，请稍候…')
  try {
    const { complaintChallenge: c } = await gql('{ complaintChallenge { token bits } }')
    const solution = await solveChallenge(c.token, c.bits)
    const anonymous = form.elements.anonymous.checked
    const { registerComplaint: r } = await gql(`mutation($i: RegisterComplaintInput!) {
      registerComplaint(input: $i) { __typename
        ... on ComplaintRegistered { queryCode complaint { number } }
        ... on ComplaintJoined { number message }
        ... on InvalidInput { code message field fields } } }`, { i: {
      channel: 'WEB', subjectKind: given.subjectRef ? 'CASE' : 'DEPARTMENT',
      subjectRef: given.subjectRef || given.subjectDepartment || '',
      subjectDepartment: given.subjectDepartment || '', category: given.category,
      description: given.description || '', anonymous,
      complainantName: anonymous ? null : (given.complainantName || null),
      complainantContact: anonymous ? null : (given.complainantContact || null),
      challenge: c.token, solution } })
    if (r.__typename === 'InvalidInput') {
      out.replaceChildren()
      showRefusal(form, r, { 'subject.ref': 'subjectRef', 'subject.department': 'subjectDepartment',
        'complainant.name': 'complainantName', 'complainant.contact': 'complainantContact' })
      return
    }
    if (r.__typename === 'ComplaintJoined') { say(out, r.message); return }
    form.reset()
    replace(out, h('div', { class: 'ok', role: 'status' },
      h('p', {}, '投诉已登记。请记下投诉编号和查询码，用于查询处理进度（查询码只显示这一次）：'),
      h('dl', {}, h('dt', {}, '投诉编号'), h('dd', { class: 'complaint-number' }, r.complaint.number),
        h('dt', {}, '查询码'), h('dd', { class: 'complaint-code' }, r.queryCode))))
    const follow = document.getElementById('follow-form')
    follow.elements.number.value = r.complaint.number
    follow.elements.queryCode.value = r.queryCode
  } catch (error) {
    say(out, error.message, 'error')
  }
}

async function followComplaint(event) {
  event.preventDefault()
  const form = event.target
  const out = document.getElementById('follow-result')
  const given = values(form)
  if (!given.number || !given.queryCode) {
    showRefusal(form, { message: '请填写投诉编号和查询码', fields: [given.number ? 'queryCode' : 'number'] })
    return
  }
  clearErrors(form)
  try {
    const { complaintProgress: p } = await gql(`query($n: String!, $c: String!) {
      complaintProgress(number: $n, queryCode: $c) { number status statusName receivedOn concludedOn
        replies { on content } } }`, { n: given.number, c: given.queryCode })
    if (!p) { say(out, '未找到该投诉，请核对投诉编号和查询码', 'error'); return }
    replace(out, h('div', { class: 'case-progress' },
      h('p', {}, h('span', { class: 'status' }, p.statusName || COMPLAINT_STATUS[p.status])),
      h('dl', {}, h('dt', {}, '投诉编号'), h('dd', {}, p.number), h('dt', {}, '登记日期'), h('dd', {}, p.receivedOn),
        p.concludedOn ? [h('dt', {}, '办结日期'), h('dd', {}, p.concludedOn)] : []),
      p.replies.length ? h('ol', { class: 'timeline' }, p.replies.map(x => h('li', {}, `${x.on} ${x.content}`))) : null))
  } catch (error) {
    say(out, error.message, 'error')
  }
}

// The categories come from the service (its breach catalogue); asked again a few times if the
// first answer fails, then said beside the field rather than offering a partial list.
async function fillComplaintChoices(attempt = 0) {
  const form = document.getElementById('complaint-form')
  try {
    const { breachCatalogue } = await gql('{ breachCatalogue { type name } }')
    form.elements.category.replaceChildren(...breachCatalogue.map(b => h('option', { value: b.type }, b.name)))
    clearErrors(form)
  } catch (error) {
    if (attempt < 4) {
      setTimeout(() => fillComplaintChoices(attempt + 1), 500 * 2 ** attempt)
      return
    }
    showRefusal(form, { field: 'category', message: `投诉类别未能加载（${error.message}），请刷新页面` })
  }
}

export function fillDepartments(list) {
  document.getElementById('complaint-department').append(...list.map(d => h('option', { value: d.id }, d.name)))
}

// ---- start ----

export async function startApplicant() {
  signInAs('applicant')
  document.getElementById('register-form').addEventListener('submit', register)
  document.getElementById('complaint-form').addEventListener('submit', complain)
  document.getElementById('follow-form').addEventListener('submit', followComplaint)
  document.getElementById('assist-form').addEventListener('submit', requestAssistance)
  document.getElementById('assist-kind').append(...ASSIST_KIND.map(([v, l]) => h('option', { value: v }, l)))
  document.getElementById('assist-group').append(...SPECIAL_GROUP.map(([v, l]) => h('option', { value: v }, l)))
  fillComplaintChoices()
  try {
    token = await currentToken()
    profile = token ? await currentProfile() : null
  } catch {
    token = profile = null
  }
  accountBar()
  const signedIn = Boolean(profile)
  for (const id of ['mine', 'my-help']) document.getElementById(id).hidden = !signedIn
  document.getElementById('register').hidden = signedIn
  if (signedIn) {
    const form = document.getElementById('complaint-form')
    form.elements.complainantName.value = profile.name || ''
    await Promise.all([showMyCases(), showMyAssistance()])
  }
  await startAppointments(call, profile)
}
