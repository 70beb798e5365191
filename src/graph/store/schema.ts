import type { ConstraintDefinition, IndexDefinition } from './graph-store.js'
import { constraintDefinitionsRange, indexDefinitionsRange } from './keys.js'
import type { KeyValueView } from './kv-view.js'
import { decodeConstraintDefinition, decodeIndexDefinition } from './record-codec.js'

/** The index and constraint definitions in force, in name order. Immutable: a change makes a new one. */
export class Schema {
  static readonly empty = new Schema([], [])

  private constructor(
    readonly indexes: readonly IndexDefinition[],
    readonly constraints: readonly ConstraintDefinition[],
  ) {}

  /** Reads the definitions stored in `view` (so a read's schema matches its snapshot). */
  static async load(view: KeyValueView): Promise<Schema> {
    const indexes: IndexDefinition[] = []
    const constraints: ConstraintDefinition[] = []
    for await (const [, value] of view.entries(indexDefinitionsRange())) indexes.push(decodeIndexDefinition(value))
    for await (const [, value] of view.entries(constraintDefinitionsRange())) constraints.push(decodeConstraintDefinition(value))
    return new Schema(indexes, constraints)
  }

  indexNamed(name: string): IndexDefinition | undefined {
    return this.indexes.find((index) => index.name === name)
  }

  constraintNamed(name: string): ConstraintDefinition | undefined {
    return this.constraints.find((constraint) => constraint.name === name)
  }

  indexOn(label: string, property: string): IndexDefinition | undefined {
    return this.indexes.find((index) => index.label === label && index.property === property)
  }

  /** The indexes a node with these labels belongs to. */
  indexesForLabels(labels: readonly string[]): IndexDefinition[] {
    return this.indexes.filter((index) => labels.includes(index.label))
  }

  withIndex(index: IndexDefinition): Schema {
    return new Schema(byName([...this.indexes, index]), this.constraints)
  }

  withoutIndex(name: string): Schema {
    return new Schema(
      this.indexes.filter((index) => index.name !== name),
      this.constraints,
    )
  }

  withConstraint(constraint: ConstraintDefinition): Schema {
    return new Schema(this.indexes, byName([...this.constraints, constraint]))
  }

  withoutConstraint(name: string): Schema {
    return new Schema(
      this.indexes,
      this.constraints.filter((constraint) => constraint.name !== name),
    )
  }
}

function byName<T extends { readonly name: string }>(definitions: T[]): T[] {
  return definitions.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}
