/**
 * The environment of the operator commands (not of a node): which nodes to talk to and with which
 * credentials. Flags override these.
 */
export interface CliEnvironment {
  /** NORNIC_NODES: comma-separated node URLs. */
  readonly nodes: readonly string[]
  readonly user: string | undefined
  readonly password: string | undefined
}

export function cliEnvironment(env: Readonly<Record<string, string | undefined>> = process.env): CliEnvironment {
  const nodes = (env.NORNIC_NODES ?? '').split(',').map((node) => node.trim()).filter((node) => node !== '')
  return { nodes, user: env.NORNIC_USER || undefined, password: env.NORNIC_PASSWORD || undefined }
}
