/**
 * What the checker knows of a value's type without running the query. `Any` means "unknown or
 * mixed", and no check ever fails on it: only a type known for certain raises an error.
 */
export type ElementType = 'Node' | 'Relationship' | 'Path' | 'Map' | 'String' | 'Integer' | 'Float' | 'Boolean' | 'Any'
export type SemanticType = ElementType | `List<${ElementType}>`

export function listOf(element: ElementType): SemanticType {
  return `List<${element}>`
}

/** The element type of a list type; `Any` for anything not known to be a list. */
export function elementOf(type: SemanticType): ElementType {
  return type.startsWith('List<') ? (type.slice(5, -1) as ElementType) : 'Any'
}

export function isList(type: SemanticType): boolean {
  return type.startsWith('List<')
}

/** The variables visible at one point of a query, with their types. Immutable: binding returns a new scope. */
export class Scope {
  static readonly empty = new Scope(new Map())

  private constructor(private readonly variables: ReadonlyMap<string, SemanticType>) {}

  static of(entries: Iterable<readonly [string, SemanticType]>): Scope {
    return new Scope(new Map(entries))
  }

  has(name: string): boolean {
    return this.variables.has(name)
  }

  typeOf(name: string): SemanticType | undefined {
    return this.variables.get(name)
  }

  bind(name: string, type: SemanticType): Scope {
    const next = new Map(this.variables)
    next.set(name, type)
    return new Scope(next)
  }

  /** Names in scope, sorted, as `RETURN *` lists them. */
  names(): string[] {
    return [...this.variables.keys()].sort()
  }

  get size(): number {
    return this.variables.size
  }

  /** This scope with every variable of `other` added (the other's type wins on a clash). */
  merge(other: Scope): Scope {
    return new Scope(new Map([...this.variables, ...other.variables]))
  }
}
