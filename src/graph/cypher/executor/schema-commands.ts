import { NornicError } from '../../../errors/index.js'
import type { QueryStats } from '../../command.js'
import type { GraphReader, GraphWriter } from '../../store/graph-store.js'
import type { Value } from '../../values.js'
import type { SchemaCommand } from '../ast.js'

export interface SchemaResult {
  readonly columns: readonly string[]
  readonly rows: readonly (readonly Value[])[]
}

/** Names are derived from the definition, never random, so every replica names alike. */
function defaultName(kind: 'index' | 'constraint', label: string, property: string): string {
  return `${kind}_${label}_${property}`
}

export async function runSchemaCommand(command: SchemaCommand, reader: GraphReader, writer: GraphWriter | undefined, stats: QueryStats): Promise<SchemaResult> {
  switch (command.kind) {
    case 'ShowIndexes':
      return {
        columns: ['name', 'type', 'entityType', 'labelsOrTypes', 'properties', 'owningConstraint'],
        rows: reader.indexes().map((index) => [index.name, 'RANGE', 'NODE', [index.label], [index.property], index.owningConstraint ?? null]),
      }
    case 'ShowConstraints':
      return {
        columns: ['name', 'type', 'entityType', 'labelsOrTypes', 'properties', 'ownedIndex'],
        rows: reader.constraints().map((constraint) => [constraint.name, 'UNIQUENESS', 'NODE', [constraint.label], [constraint.property], constraint.name]),
      }
  }
  if (writer === undefined) throw new NornicError('Neo.ClientError.Statement.SemanticError', 'schema changes must run as a write', {})
  switch (command.kind) {
    case 'CreateIndex': {
      const property = command.properties[0]
      if (property === undefined || command.properties.length > 1) {
        throw new NornicError('Neo.ClientError.Statement.FeatureNotSupported', 'indexes cover exactly one property; composite indexes are not supported', {
          properties: command.properties,
        })
      }
      const name = command.name ?? defaultName('index', command.label, property)
      if (await writer.createIndex({ name, label: command.label, property }, command.ifNotExists)) stats.indexesAdded++
      break
    }
    case 'DropIndex':
      if (await writer.dropIndex(command.name, command.ifExists)) stats.indexesRemoved++
      break
    case 'CreateConstraint': {
      const name = command.name ?? defaultName('constraint', command.label, command.property)
      const definition = { name, label: command.label, property: command.property, kind: 'unique' as const }
      if (await writer.createConstraint(definition, command.ifNotExists)) stats.constraintsAdded++
      break
    }
    case 'DropConstraint':
      if (await writer.dropConstraint(command.name, command.ifExists)) stats.constraintsRemoved++
      break
  }
  return { columns: [], rows: [] }
}
