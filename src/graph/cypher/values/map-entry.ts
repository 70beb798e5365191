/**
 * Sets an own, enumerable entry, even for the key `__proto__`, which plain assignment would
 * take as the object's prototype: Cypher map keys and property names are user text.
 */
export function setEntry<T>(target: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
  else target[key] = value
}
