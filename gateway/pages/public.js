// The public page: the service catalogue as applicants read it (办事指南: the standard
// elements of each item) and a case's progress by its number and query code, without signing
// in; the applicant's own part (applicant.js) once signed in.
import { assistButton, fillDepartments, startApplicant } from './applicant.js'
import { appointmentButton } from './appointments.js'
import { gql, h, replace } from './common.js'

const ITEM_TYPE = { ADMINISTRATIVE_LICENCE: '行政许可', OTHER_POWER: '其他行政权力', PUBLIC_SERVICE: '公共服务' }
const FORM = { ORIGINAL: '原件', COPY: '复印件', ORIGINAL_AND_COPY: '原件及复印件' }
const OBJECTS = { NATURAL_PERSON: '自然人', LEGAL_PERSON: '法人', OTHER_ORGANISATION: '其他组织' }
const UNIT = { WORKING_DAYS: '个工作日', NATURAL_DAYS: '个自然日' }
let departments = {}
let after = null

// ---- progress ----

async function lookUp(event) {
  event.preventDefault()
  const out = document.getElementById('progress-result')
  const caseNumber = document.getElementById('case-number').value.trim()
  const queryCode = document.getElementById('query-code').value.trim()
  if (!caseNumber || !queryCode) {
    replace(out, h('p', { class: 'error', role: 'alert' }, '请填写受理编号和查询码（均印在《受理通知书》上）'))
    return
  }
  replace(out, h('p', { class: 'empty' }, '查询中…'))
  try {
    const { caseProgress: p } = await gql(`query($n: String!, $c: String!) {
      caseProgress(caseNumber: $n, queryCode: $c) {
        __typename
        ... on CaseProgress { caseNumber serviceItemName departmentName statusName
          currentStep { label } receivedOn acceptedOn dueOn decidedOn completedOn withdrawnOn }
        ... on ProgressNotFound { message } ... on LookupRefused { message } } }`,
      { n: caseNumber, c: queryCode })
    if (p.__typename !== 'CaseProgress') {
      replace(out, h('p', { class: 'error not-found', role: 'alert' }, p.message || '未找到该办件，请核对受理编号和查询码'))
      return
    }
    const row = (label, value) => (value ? [h('dt', {}, label), h('dd', {}, value)] : [])
    replace(out, h('div', { class: 'case-progress' },
      h('p', {}, h('span', { class: 'status' }, p.statusName)),
      h('dl', {},
        row('受理编号', p.caseNumber), row('办理事项', p.serviceItemName), row('承办部门', p.departmentName),
        row('当前环节', p.currentStep.label), row('收件日期', p.receivedOn), row('受理日期', p.acceptedOn),
        row('承诺办结', p.dueOn), row('作出决定', p.decidedOn), row('办结日期', p.completedOn),
        row('撤回日期', p.withdrawnOn))))
  } catch (error) {
    replace(out, h('p', { class: 'error', role: 'alert' }, error.message))
  }
}

// ---- catalogue ----

function limit(n, unit) {
  return `${n} ${UNIT[unit] || ''}`
}

function item(node) {
  const d = node.published
  const el = (label, ...value) => [h('dt', {}, label), h('dd', {}, ...value)]
  return h('li', {}, h('details', {},
    h('summary', {}, h('span', {}, d.name, h('small', {}, `${departments[node.department] || node.department} · 承诺 ${limit(d.committedLimit, d.limitUnit)}`))),
    h('dl', { class: 'elements' },
      el('事项名称', d.name), el('事项类型', ITEM_TYPE[d.type] || d.type), el('事项编码', node.code),
      el('服务对象', d.serviceObjects.length ? d.serviceObjects.map(o => OBJECTS[o] || o).join('、') : '—'),
      el('设定依据', d.legalBasis), el('受理条件', d.conditions),
      el('申请材料', h('ol', {}, d.materials.map(m => h('li', {},
        `${m.name}（${FORM[m.form] || m.form}${m.copies > 1 ? ` ${m.copies} 份` : ''}${m.essential ? '' : '，非必需'}）`)))),
      el('办理时限', `法定 ${limit(d.statutoryLimit, d.limitUnit)}，承诺 ${limit(d.committedLimit, d.limitUnit)}`),
      el('中介服务', d.intermediaryServices.length ? d.intermediaryServices.join('；') : '无'),
      el('收费标准', d.fee.free ? '不收费' : `${d.fee.amount || ''}${d.fee.basis ? `（依据：${d.fee.basis}）` : ''}`),
      el('办理流程', h('ol', {}, d.processSteps.map(s => h('li', {}, s)))),
      el('办理地点', `${d.place}（${d.responsiblePost}）`),
      el('办理结果', d.resultName || '—'),
      el('监督电话', d.supervisionPhone ? h('a', { href: `tel:${d.supervisionPhone}` }, d.supervisionPhone) : '—')),
    assistButton(node.id, d.name), appointmentButton(node.id, d.name)))
}

// The newest search wins: an answer to an earlier one (all departments, say, slower than the
// department chosen since) arriving late is dropped.
let searches = 0

async function search(event, more = false) {
  event?.preventDefault()
  const mine = more ? searches : ++searches
  const out = document.getElementById('catalogue-result')
  if (!more) { after = null; replace(out, h('p', { class: 'empty' }, '查询中…')) }
  const keyword = document.getElementById('keyword').value.trim() || null
  const department = document.getElementById('department').value || null
  try {
    const { serviceItems } = await gql(`query($k: String, $d: String, $after: String) {
      serviceItems(keyword: $k, department: $d, first: 10, after: $after) {
        edges { node { id code department published { name type legalBasis conditions
          materials { name form copies essential } statutoryLimit committedLimit limitUnit
          fee { free amount basis } responsiblePost place processSteps supervisionPhone resultName
          serviceObjects intermediaryServices } } }
        pageInfo { hasNextPage endCursor } } }`, { k: keyword, d: department, after })
    if (mine !== searches) return
    const items = serviceItems.edges.map(e => e.node).filter(n => n.published)
    let list = out.querySelector('ul.items')
    if (!more || !list) {
      list = h('ul', { class: 'items' })
      replace(out, items.length ? list : h('p', { class: 'empty' }, '没有找到相关事项，请换个关键词'))
    }
    list.append(...items.map(item))
    out.querySelector('nav.more')?.remove()
    after = serviceItems.pageInfo.endCursor
    if (serviceItems.pageInfo.hasNextPage) {
      out.append(h('nav', { class: 'more' }, h('button', { type: 'button', onclick: () => search(null, true) }, '更多事项')))
    }
  } catch (error) {
    if (mine === searches) replace(out, h('p', { class: 'error', role: 'alert' }, error.message))
  }
}

async function start() {
  document.getElementById('progress-form').addEventListener('submit', lookUp)
  document.getElementById('catalogue-form').addEventListener('submit', search)
  document.getElementById('department').addEventListener('change', () => search())
  const params = new URLSearchParams(location.search)
  if (params.get('caseNumber')) document.getElementById('case-number').value = params.get('caseNumber')
  try {
    const data = await gql('{ departments { id name } }')
    departments = Object.fromEntries(data.departments.map(d => [d.id, d.name]))
    document.getElementById('department').append(...data.departments.map(d => h('option', { value: d.id }, d.name)))
    fillDepartments(data.departments)
  } catch {
    // names stay codes; the search still works
  }
  await startApplicant()  // before the catalogue: its items offer 帮办代办 when signed in
  search()
}

start()
