// What every screen's steps share: the service's answer to a mutation (a result union) turned
// into the updated record, a success message, or its refusal at the fields it names (the
// service's field names' last part, e.g. "applicant.idNumber" → errors.idNumber), else above.
import { reactive, ref } from 'vue'

export interface Answer { __typename: string; message?: string; field?: string | null; fields?: string[] | null }

export function useActions() {
  const errors = reactive<Record<string, string>>({})
  const problem = ref('')
  const done = ref('')
  const busy = ref(false)

  // `call` returns the result member; `saved` picks the record from a success (or null)
  async function act<A extends Answer, R>(call: () => Promise<A>, saved: (a: A) => R | null | undefined,
    success: string): Promise<R | null> {
    busy.value = true
    problem.value = done.value = ''
    for (const key of Object.keys(errors)) delete errors[key]
    try {
      const answer = await call()
      const record = saved(answer)
      if (record) {
        done.value = success
        return record
      }
      const placed = (answer.fields?.length ? answer.fields : [answer.field ?? ''])
        .map(f => f.split('.').pop() || '').filter(Boolean)
      for (const f of placed) errors[f] = answer.message || ''
      if (!placed.length) problem.value = answer.message || '操作失败，请重试'
    } catch (error) {
      problem.value = (error as Error).message
    } finally {
      busy.value = false
    }
    return null
  }

  return { errors, problem, done, busy, act }
}
