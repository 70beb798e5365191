import type { NodePattern, PatternPart, RelationshipPattern } from '../ast.js'

/** A pattern as EXPLAIN shows it, e.g. `p = (a:Person)-[r:KNOWS*1..2]->(b)`; property maps show as `{...}`. */
export function describePattern(part: PatternPart): string {
  const { nodes, relationships } = part.path
  let text = describeNode(nodes[0]!)
  relationships.forEach((relationship, i) => {
    text += describeRelationship(relationship) + describeNode(nodes[i + 1]!)
  })
  return part.pathVariable === undefined ? text : `${part.pathVariable} = ${text}`
}

function describeNode(node: NodePattern): string {
  const labels = node.labels.map((label) => `:${label}`).join('')
  return `(${node.variable ?? ''}${labels}${node.properties === undefined ? '' : ' {...}'})`
}

function describeRelationship(relationship: RelationshipPattern): string {
  const types = relationship.types.length === 0 ? '' : `:${relationship.types.join('|')}`
  const { length } = relationship
  const hops = length === undefined ? '' : `*${length.min ?? ''}..${length.max ?? ''}`
  const properties = relationship.properties === undefined ? '' : ' {...}'
  const body = `[${relationship.variable ?? ''}${types}${hops}${properties}]`
  if (relationship.direction === 'outgoing') return `-${body}->`
  if (relationship.direction === 'incoming') return `<-${body}-`
  return `-${body}-`
}
