// What the public page's forms share: a refusal shown in Chinese beside the field it names
// (and every other field it names marked), and the proof of work anonymous submissions carry
// (services/kit/challenges.py: sha256("<token>:<solution>") starting with `bits` zero bits),
// found here with js-sha256 from npm in slices, so the page stays responsive.
import { sha256 } from '/vendor/sha256.min.mjs'
import { h } from './common.js'

// Clear what an earlier refusal marked on `form`
export function clearErrors(form) {
  for (const el of form.querySelectorAll('[aria-invalid]')) {
    el.removeAttribute('aria-invalid')
    el.removeAttribute('aria-describedby')
  }
  for (const el of form.querySelectorAll('.field-error')) el.remove()
}

// A refusal ({code, message, field, fields}) beside its fields; `names` maps the service's
// field names to the form's inputs (their `name`), when they differ.
export function showRefusal(form, refusal, names = {}) {
  clearErrors(form)
  const inputs = (refusal.fields || [refusal.field]).map(f => form.elements[names[f] || f] || form.elements[f?.split('.').pop()])
    .filter(Boolean)
    .map(el => (el instanceof RadioNodeList ? el[0].closest('fieldset') || el[0] : el))  // a choice: its group
  const id = `${form.id}-error`
  const text = h('p', { class: 'field-error error', id, role: 'alert' }, refusal.message)
  for (const input of inputs) {
    input.setAttribute('aria-invalid', 'true')
    input.setAttribute('aria-describedby', id)
  }
  if (inputs.length) {
    inputs[0].after(text)
    inputs[0].focus()
  } else {
    form.append(text)
  }
}

// A message for the whole form (success, or a refusal that names no field)
export function say(out, text, kind = 'ok') {
  out.replaceChildren(h('p', { class: kind === 'ok' ? 'ok' : 'error', role: kind === 'ok' ? 'status' : 'alert' }, text))
}

function leadingZeroBits(bytes) {
  let bits = 0
  for (const byte of bytes) {
    if (byte === 0) { bits += 8; continue }
    return bits + Math.clz32(byte) - 24
  }
  return bits
}

// The solution of a challenge (about 260,000 hashes for 18 bits: well under a second here)
export async function solveChallenge(token, bits) {
  for (let n = 0; ; n += 1) {
    if (leadingZeroBits(sha256.array(`${token}:${n}`)) >= bits) return String(n)
    if (n % 20000 === 19999) await new Promise(resolve => setTimeout(resolve, 0))
  }
}

// Form fields as an object of trimmed strings (empty ones left out)
export function values(form) {
  const out = {}
  for (const [key, value] of new FormData(form)) {
    const text = String(value).trim()
    if (text) out[key] = text
  }
  return out
}
