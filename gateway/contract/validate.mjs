// Validates the event contract with the AsyncAPI project's own parser (issue 25): prints the
// diagnostics as JSON and exits non-zero on an error. Run by tests/unit/test_contract.py.
import { readFileSync } from 'node:fs'
import { Parser } from '@asyncapi/parser'

const parser = new Parser()
const { document, diagnostics } = await parser.parse(readFileSync(process.argv[2] ?? new URL('./asyncapi.json', import.meta.url), 'utf8'))
const errors = diagnostics.filter(d => d.severity === 0)
console.log(JSON.stringify({
  valid: Boolean(document) && errors.length === 0,
  channels: document ? document.channels().length : 0,
  messages: document ? document.allMessages().length : 0,
  errors: errors.map(d => `${d.path.join('.')}: ${d.message}`),
  warnings: diagnostics.filter(d => d.severity === 1).length,
}))
process.exit(document && errors.length === 0 ? 0 : 1)
