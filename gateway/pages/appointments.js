// Appointments on the applicant's phone (003 预约办理制): from an item of the catalogue, the
// open days and times (weekends where the centre opens them) with their free seats; booking
// one for oneself; the applicant's own appointments, each cancellable before it starts.
import { h, replace } from './common.js'
import { clearErrors, say, showRefusal, values } from './forms.js'

const STATUS = { BOOKED: '已预约，待中心联系', CONTACTED: '中心已联系', ARRIVED: '已到场受理', CANCELLED: '已取消', NO_SHOW: '未到场' }
const WEEKDAY = ['日', '一', '二', '三', '四', '五', '六']
const DAYS = 14

let call = null
let profile = null
let slots = []

function dayLabel(iso) {
  const [y, m, d] = iso.split('-').map(Number)
  return `${m}月${d}日（周${WEEKDAY[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]}）`
}

export function appointmentButton(itemId, itemName) {
  if (!profile) return null
  return h('button', { type: 'button', class: 'secondary book', onclick: () => openBooking(itemId, itemName) }, '预约办理')
}

function fillTimes(form) {
  const on = form.elements.on.value
  const open = slots.filter(s => s.on === on && s.free > 0)
  form.elements.startsAt.replaceChildren(...open.map(s => h('option', { value: s.startsAt }, `${s.startsAt}（余 ${s.free} 个）`)))
}

async function openBooking(itemId, itemName) {
  const form = document.getElementById('appointment-form')
  const out = document.getElementById('appointment-result')
  form.hidden = false
  clearErrors(form)
  form.elements.serviceItemId.value = itemId
  document.getElementById('appointment-item').textContent = itemName
  form.scrollIntoView()
  say(out, '正在查询可预约时段…')
  try {
    // the next two weeks from the centre's today (its clock, not this phone's)
    const { appointmentSlots } = await call(`query($i: ID!) {
      appointmentSlots(serviceItemId: $i) { on startsAt free } }`, { i: itemId })
    slots = appointmentSlots
    const days = [...new Set(slots.filter(s => s.free > 0).map(s => s.on))]
    form.elements.on.replaceChildren(...days.map(d => h('option', { value: d }, dayLabel(d))))
    fillTimes(form)
    out.replaceChildren()
    if (!days.length) say(out, `未来 ${DAYS} 天该事项暂无可预约时段，请致电服务大厅`, 'error')
    form.elements.on.focus()
  } catch (error) {
    say(out, error.message, 'error')
  }
}

function idType(number) {
  return /^\d{17}[\dX]$/.test(number) ? 'RESIDENT_ID_CARD' : 'PASSPORT'
}

async function book(event) {
  event.preventDefault()
  const form = event.target
  const out = document.getElementById('appointment-result')
  const given = values(form)
  clearErrors(form)
  try {
    const { bookAppointment: r } = await call(`mutation($i: BookAppointmentInput!) {
      bookAppointment(input: $i) { __typename ... on InvalidInput { code message field fields }
        ... on AppointmentRefused { code message } ... on NotFound { message }
        ... on AppointmentSaved { appointment { on startsAt window } } } }`, { i: {
      serviceItemId: given.serviceItemId, on: given.on || '', startsAt: given.startsAt || '',
      channel: 'WEB', note: given.note || null,
      applicant: { name: profile.name || '', idType: idType(profile.id_number || ''),
        idNumber: profile.id_number || '', contact: given.contact || '' } } })
    if (r.__typename === 'InvalidInput') {
      showRefusal(form, r, { 'applicant.contact': 'contact', 'applicant.name': 'contact', 'applicant.idNumber': 'contact' })
      return
    }
    if (r.__typename !== 'AppointmentSaved') { say(out, r.message, 'error'); return }
    const a = r.appointment
    form.reset()
    form.hidden = true
    say(out, `已预约 ${dayLabel(a.on)} ${a.startsAt}。工作人员将尽快与您联系，告知需准备的材料。`)
    await showMyAppointments()
  } catch (error) {
    say(out, error.message, 'error')
  }
}

async function cancel(id) {
  const out = document.getElementById('appointment-result')
  try {
    const { cancelAppointment: r } = await call(`mutation($id: ID!) { cancelAppointment(id: $id) {
      __typename ... on AppointmentRefused { message } ... on InvalidInput { message } ... on NotFound { message } } }`, { id })
    if (r.__typename !== 'AppointmentSaved') { say(out, r.message, 'error'); return }
    say(out, '预约已取消')
    await showMyAppointments()
  } catch (error) {
    say(out, error.message, 'error')
  }
}

export async function showMyAppointments() {
  const list = document.getElementById('my-appointments-list')
  const { myAppointments } = await call(`{ myAppointments(first: 20) { id serviceItemName on startsAt
    window status told } }`)
  if (!myAppointments.length) { replace(list, h('p', {}, '暂无预约。可在下方“办事指南”中选择事项预约办理。')); return }
  replace(list, h('ul', { class: 'appointments' }, myAppointments.map(a => h('li', { class: 'appointment-card', 'data-id': a.id },
    h('strong', {}, a.serviceItemName), ' ', h('span', { class: 'status' }, STATUS[a.status] || a.status),
    h('p', {}, `${dayLabel(a.on)} ${a.startsAt} · ${a.window} 号窗口`),
    a.told ? h('p', { class: 'told' }, `中心告知：${a.told}`) : null,
    ['BOOKED', 'CONTACTED'].includes(a.status)
      ? h('button', { type: 'button', class: 'link cancel', onclick: () => cancel(a.id) }, '取消预约') : null))))
}

export async function startAppointments(caller, who) {
  call = caller
  profile = who
  const form = document.getElementById('appointment-form')
  form.addEventListener('submit', book)
  form.elements.on.addEventListener('change', () => fillTimes(form))
  document.getElementById('my-appointments').hidden = !profile
  if (profile) await showMyAppointments()
}
