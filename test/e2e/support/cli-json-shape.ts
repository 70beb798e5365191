import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { Ajv2020 } from 'ajv/dist/2020.js'

const schema = JSON.parse(readFileSync(new URL('../../../docs/cli-json.schema.json', import.meta.url), 'utf8')) as { $id: string; properties: Record<string, { $ref: string }> }
const ajv = new Ajv2020({ strict: false, allErrors: true })
ajv.addSchema(schema)

/**
 * Checks a command's --json stdout against docs/cli-json.schema.json: the envelope, then the result
 * shape documented for that command (or the error envelope).
 */
export function assertDocumentedJson(command: string, stdout: string): any {
  const envelope = JSON.parse(stdout)
  const ref = schema.properties[command]?.$ref
  assert.ok(ref, `docs/cli-json.schema.json documents ${command}`)
  const validate = ajv.getSchema(`${schema.$id}${envelope.status === 'error' ? '#/$defs/error' : ref}`)
  assert.ok(validate, 'the schema compiles')
  if (envelope.status !== 'error') {
    const okEnvelope = ajv.getSchema(`${schema.$id}#/$defs/ok`)
    assert.ok(okEnvelope?.(envelope), `${command}: the envelope: ${ajv.errorsText(okEnvelope?.errors)}`)
  }
  const target = envelope.status === 'error' ? envelope : envelope.result
  assert.ok(validate(target), `${command} --json does not match docs/cli-json.schema.json: ${ajv.errorsText(validate.errors)}`)
  return envelope
}
