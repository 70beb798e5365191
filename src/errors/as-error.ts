/** What was thrown, as an Error: a non-Error value (a string, a rejected plain value) is wrapped. */
export function asError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new Error(String(thrown))
}
