// What the hall's screens share (大厅、考勤、值周): a step's busy flag, its error and its
// confirmation, and a refusal placed beside the fields it names.
import { reactive, ref } from 'vue'

export type Outcome = { __typename: string; message?: string; field?: string | null; fields?: string[] | null }

export function useSteps() {
  const problem = ref('')
  const done = ref('')
  const busy = ref(false)
  const errors = reactive<Record<string, string>>({})

  // True (and the message shown) unless `result` is the success member `ok`
  function refused(result: Outcome, ok: string): boolean {
    for (const key of Object.keys(errors)) delete errors[key]
    if (result.__typename === ok) return false
    const placed = (result.fields?.length ? result.fields : [result.field ?? '']).map(f => f.split('.').pop() || '').filter(Boolean)
    for (const f of placed) errors[f] = result.message || ''
    problem.value = result.message || '操作未成功'
    return true
  }

  // `work` with the busy flag on; `message` confirmed when nothing was refused
  async function run(work: () => Promise<void>, message = '') {
    busy.value = true
    problem.value = done.value = ''
    try {
      await work()
      if (message && !problem.value) done.value = message
    } catch (error) {
      problem.value = (error as Error).message
    } finally {
      busy.value = false
    }
  }

  return { problem, done, busy, errors, refused, run }
}
