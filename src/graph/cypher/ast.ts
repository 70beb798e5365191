/**
 * The syntax tree of nornic's Cypher subset. Every node is a plain readonly object told apart by
 * `kind`, and carries the `position` of its first character so errors can point at the source.
 * The parser builds it; the semantic pass checks it and expands `RETURN *` / `WITH *`; the planner
 * reads it. Nodes are never mutated after parsing.
 */

/** Where a node starts in the query text. `offset` is 0-based; `line` and `column` are 1-based. */
export interface Position {
  readonly offset: number
  readonly line: number
  readonly column: number
}

interface Node {
  readonly position: Position
}

// ---------------------------------------------------------------------------------------------
// Top level

/** The whole statement. `prefix` records an `EXPLAIN` or `PROFILE` in front of the body. */
export interface Query extends Node {
  readonly kind: 'Query'
  readonly prefix: 'EXPLAIN' | 'PROFILE' | undefined
  readonly body: QueryBody
}

export type QueryBody = SingleQuery | UnionQuery | SchemaCommand

/** A sequence of clauses, e.g. `MATCH ... WITH ... RETURN ...`. */
export interface SingleQuery extends Node {
  readonly kind: 'SingleQuery'
  readonly clauses: readonly Clause[]
}

/**
 * `q1 UNION q2 UNION ...`. `all` is true for `UNION ALL` (keep duplicates); mixing `UNION` and
 * `UNION ALL` in one statement is rejected, so one flag covers every part.
 */
export interface UnionQuery extends Node {
  readonly kind: 'UnionQuery'
  readonly all: boolean
  readonly parts: readonly SingleQuery[]
}

// ---------------------------------------------------------------------------------------------
// Clauses

export type Clause =
  | MatchClause
  | UnwindClause
  | WithClause
  | ReturnClause
  | CreateClause
  | MergeClause
  | SetClause
  | RemoveClause
  | DeleteClause

export interface MatchClause extends Node {
  readonly kind: 'Match'
  readonly optional: boolean
  readonly pattern: Pattern
  readonly where: Expression | undefined
}

/** `UNWIND expression AS variable`. */
export interface UnwindClause extends Node {
  readonly kind: 'Unwind'
  readonly expression: Expression
  readonly variable: string
}

/** `WITH projection [WHERE ...]`; the WHERE filters the projected rows. */
export interface WithClause extends Node {
  readonly kind: 'With'
  readonly projection: Projection
  readonly where: Expression | undefined
}

export interface ReturnClause extends Node {
  readonly kind: 'Return'
  readonly projection: Projection
}

/**
 * The shared body of WITH and RETURN. After the semantic pass, a `*` projection has its `items`
 * expanded: one `Variable` item per named variable in scope, sorted by name, followed by the
 * explicit items written after `*`. `star` still records that `*` was written.
 */
export interface Projection extends Node {
  readonly kind: 'Projection'
  readonly distinct: boolean
  readonly star: boolean
  readonly items: readonly ProjectionItem[]
  readonly orderBy: readonly SortItem[] | undefined
  readonly skip: Expression | undefined
  readonly limit: Expression | undefined
}

/**
 * One projected column. `name` is the alias after AS, or else the expression's source text as
 * written (what Neo4j shows as the column name); `aliased` tells the two apart.
 */
export interface ProjectionItem extends Node {
  readonly kind: 'ProjectionItem'
  readonly expression: Expression
  readonly name: string
  readonly aliased: boolean
}

export interface SortItem extends Node {
  readonly kind: 'SortItem'
  readonly expression: Expression
  readonly descending: boolean
}

export interface CreateClause extends Node {
  readonly kind: 'Create'
  readonly pattern: Pattern
}

/** `MERGE part [ON CREATE SET ...] [ON MATCH SET ...]`; repeated ON clauses are concatenated in order. */
export interface MergeClause extends Node {
  readonly kind: 'Merge'
  readonly pattern: PatternPart
  readonly onCreate: readonly SetItem[]
  readonly onMatch: readonly SetItem[]
}

export interface SetClause extends Node {
  readonly kind: 'Set'
  readonly items: readonly SetItem[]
}

export type SetItem = SetPropertyItem | SetVariableItem | SetLabelsItem

/** `target.key = value`; `target` is the expression before the last dot (usually a variable). */
export interface SetPropertyItem extends Node {
  readonly kind: 'SetProperty'
  readonly target: Expression
  readonly key: string
  readonly value: Expression
}

/** `n = map` replaces all properties; `n += map` (`merge: true`) adds and overwrites. */
export interface SetVariableItem extends Node {
  readonly kind: 'SetVariable'
  readonly variable: string
  readonly value: Expression
  readonly merge: boolean
}

/** `n:A:B` adds labels. */
export interface SetLabelsItem extends Node {
  readonly kind: 'SetLabels'
  readonly variable: string
  readonly labels: readonly string[]
}

export interface RemoveClause extends Node {
  readonly kind: 'Remove'
  readonly items: readonly RemoveItem[]
}

export type RemoveItem = RemovePropertyItem | RemoveLabelsItem

export interface RemovePropertyItem extends Node {
  readonly kind: 'RemoveProperty'
  readonly target: Expression
  readonly key: string
}

export interface RemoveLabelsItem extends Node {
  readonly kind: 'RemoveLabels'
  readonly variable: string
  readonly labels: readonly string[]
}

/** `[DETACH] DELETE e1, e2`; the expressions evaluate to nodes, relationships, paths or null. */
export interface DeleteClause extends Node {
  readonly kind: 'Delete'
  readonly detach: boolean
  readonly expressions: readonly Expression[]
}

// ---------------------------------------------------------------------------------------------
// Schema commands (each is a whole statement on its own)

export type SchemaCommand =
  | CreateIndexCommand
  | DropIndexCommand
  | ShowIndexesCommand
  | CreateConstraintCommand
  | DropConstraintCommand
  | ShowConstraintsCommand

/** `CREATE INDEX [name] [IF NOT EXISTS] FOR (variable:label) ON (variable.p1, ...)`. */
export interface CreateIndexCommand extends Node {
  readonly kind: 'CreateIndex'
  readonly name: string | undefined
  readonly ifNotExists: boolean
  readonly label: string
  readonly properties: readonly string[]
}

export interface DropIndexCommand extends Node {
  readonly kind: 'DropIndex'
  readonly name: string
  readonly ifExists: boolean
}

export interface ShowIndexesCommand extends Node {
  readonly kind: 'ShowIndexes'
}

/** `CREATE CONSTRAINT [name] [IF NOT EXISTS] FOR (n:label) REQUIRE n.property IS UNIQUE`. */
export interface CreateConstraintCommand extends Node {
  readonly kind: 'CreateConstraint'
  readonly name: string | undefined
  readonly ifNotExists: boolean
  readonly label: string
  readonly property: string
}

export interface DropConstraintCommand extends Node {
  readonly kind: 'DropConstraint'
  readonly name: string
  readonly ifExists: boolean
}

export interface ShowConstraintsCommand extends Node {
  readonly kind: 'ShowConstraints'
}

// ---------------------------------------------------------------------------------------------
// Patterns

/** Comma-separated pattern parts, as in `MATCH (a)-->(b), (c)`. */
export interface Pattern extends Node {
  readonly kind: 'Pattern'
  readonly parts: readonly PatternPart[]
}

/** One connected chain, optionally named: `p = (a)-[r]->(b)`. */
export interface PatternPart extends Node {
  readonly kind: 'PatternPart'
  readonly pathVariable: string | undefined
  readonly path: PathPattern
}

/**
 * A chain of nodes joined by relationships: `nodes.length === relationships.length + 1`, and
 * `relationships[i]` joins `nodes[i]` to `nodes[i + 1]`.
 */
export interface PathPattern extends Node {
  readonly kind: 'PathPattern'
  readonly nodes: readonly NodePattern[]
  readonly relationships: readonly RelationshipPattern[]
}

/** `(variable:A:B {k: v})`; every part is optional. `properties` is a map literal or a parameter. */
export interface NodePattern extends Node {
  readonly kind: 'NodePattern'
  readonly variable: string | undefined
  readonly labels: readonly string[]
  readonly properties: MapLiteral | Parameter | undefined
}

/**
 * `-[variable:T|U *min..max {k: v}]->`. `direction` is read left to right in the chain:
 * `outgoing` is `-->`, `incoming` is `<--`, `either` is `--`. `length` is undefined for a single
 * hop; for a variable-length relationship its bounds are undefined when not written
 * (`*` is {min: undefined, max: undefined}; `*2` is {min: 2, max: 2}).
 */
export interface RelationshipPattern extends Node {
  readonly kind: 'RelationshipPattern'
  readonly variable: string | undefined
  readonly types: readonly string[]
  readonly direction: 'outgoing' | 'incoming' | 'either'
  readonly properties: MapLiteral | Parameter | undefined
  readonly length: { readonly min: number | undefined; readonly max: number | undefined } | undefined
}

// ---------------------------------------------------------------------------------------------
// Expressions

export type Expression =
  | IntegerLiteral
  | FloatLiteral
  | StringLiteral
  | BooleanLiteral
  | NullLiteral
  | ListLiteral
  | MapLiteral
  | Parameter
  | Variable
  | PropertyAccess
  | IndexAccess
  | SliceAccess
  | BinaryExpression
  | UnaryExpression
  | IsNullExpression
  | LabelPredicate
  | CaseExpression
  | ListComprehension
  | PatternComprehension
  | PatternExpression
  | MapProjection
  | FunctionCall
  | CountStar
  | QuantifierExpression
  | ReduceExpression

/**
 * An integer literal, exact. A leading minus sign directly in front of a literal is folded in, so
 * `-9223372036854775808` is one literal; the semantic pass rejects values outside 64 bits.
 */
export interface IntegerLiteral extends Node {
  readonly kind: 'IntegerLiteral'
  readonly value: bigint
}

export interface FloatLiteral extends Node {
  readonly kind: 'FloatLiteral'
  readonly value: number
}

/** A string literal with its escapes already decoded. */
export interface StringLiteral extends Node {
  readonly kind: 'StringLiteral'
  readonly value: string
}

export interface BooleanLiteral extends Node {
  readonly kind: 'BooleanLiteral'
  readonly value: boolean
}

export interface NullLiteral extends Node {
  readonly kind: 'NullLiteral'
}

export interface ListLiteral extends Node {
  readonly kind: 'ListLiteral'
  readonly elements: readonly Expression[]
}

export interface MapLiteral extends Node {
  readonly kind: 'MapLiteral'
  readonly entries: readonly MapEntry[]
}

export interface MapEntry extends Node {
  readonly kind: 'MapEntry'
  readonly key: string
  readonly value: Expression
}

/** `$name` or `$0`; `name` is without the dollar sign. */
export interface Parameter extends Node {
  readonly kind: 'Parameter'
  readonly name: string
}

export interface Variable extends Node {
  readonly kind: 'Variable'
  readonly name: string
}

/** `object.key`. */
export interface PropertyAccess extends Node {
  readonly kind: 'PropertyAccess'
  readonly object: Expression
  readonly key: string
}

/** `object[index]`: list element by integer, or property/map entry by string (dynamic access). */
export interface IndexAccess extends Node {
  readonly kind: 'IndexAccess'
  readonly object: Expression
  readonly index: Expression
}

/** `list[from..to]`; either bound may be left out. */
export interface SliceAccess extends Node {
  readonly kind: 'SliceAccess'
  readonly object: Expression
  readonly from: Expression | undefined
  readonly to: Expression | undefined
}

export type ComparisonOperator = '=' | '<>' | '<' | '>' | '<=' | '>='
export type ArithmeticOperator = '+' | '-' | '*' | '/' | '%' | '^'
export type BooleanOperator = 'AND' | 'OR' | 'XOR'
export type StringOperator = 'STARTS WITH' | 'ENDS WITH' | 'CONTAINS' | '=~'
export type BinaryOperator = ComparisonOperator | ArithmeticOperator | BooleanOperator | StringOperator | 'IN'

/**
 * Every two-operand operator. A chained comparison `a < b <= c` is parsed into
 * `(a < b) AND (b <= c)`, as openCypher defines it; the middle operand appears in both.
 */
export interface BinaryExpression extends Node {
  readonly kind: 'Binary'
  readonly operator: BinaryOperator
  readonly left: Expression
  readonly right: Expression
}

export interface UnaryExpression extends Node {
  readonly kind: 'Unary'
  readonly operator: '-' | '+' | 'NOT'
  readonly operand: Expression
}

/** `operand IS NULL`, or `IS NOT NULL` when `negated`. */
export interface IsNullExpression extends Node {
  readonly kind: 'IsNull'
  readonly operand: Expression
  readonly negated: boolean
}

/** `operand:A:B`: true when the node has every label (or the relationship has the type). */
export interface LabelPredicate extends Node {
  readonly kind: 'LabelPredicate'
  readonly operand: Expression
  readonly labels: readonly string[]
}

/**
 * `CASE [subject] WHEN w THEN t ... [ELSE e] END`. With a `subject` (simple form) each `when` is
 * compared to it for equality; without (generic form) each `when` is a predicate.
 */
export interface CaseExpression extends Node {
  readonly kind: 'Case'
  readonly subject: Expression | undefined
  readonly alternatives: readonly CaseAlternative[]
  readonly otherwise: Expression | undefined
}

export interface CaseAlternative extends Node {
  readonly kind: 'CaseAlternative'
  readonly when: Expression
  readonly then: Expression
}

/** `[variable IN list WHERE predicate | projection]`; both tail parts are optional. */
export interface ListComprehension extends Node {
  readonly kind: 'ListComprehension'
  readonly variable: string
  readonly list: Expression
  readonly where: Expression | undefined
  readonly projection: Expression | undefined
}

/** `[p = (a)-->(b) WHERE predicate | projection]`: one element per match of the pattern. */
export interface PatternComprehension extends Node {
  readonly kind: 'PatternComprehension'
  readonly pathVariable: string | undefined
  readonly path: PathPattern
  readonly where: Expression | undefined
  readonly projection: Expression
}

/**
 * A bare pattern used as a predicate, e.g. `WHERE (n)-->()`, `WHERE NOT (n)-->()` or
 * `exists((n)-[:T]->())`: true when at least one match exists. The semantic pass allows it only
 * where a boolean is expected (a WHERE condition, its AND/OR/XOR/NOT operands, exists()); it
 * introduces no variables: every named variable in it must already be bound.
 */
export interface PatternExpression extends Node {
  readonly kind: 'PatternExpression'
  readonly path: PathPattern
}

/** `variable{.a, .*, k: e, v}`. */
export interface MapProjection extends Node {
  readonly kind: 'MapProjection'
  readonly variable: string
  readonly items: readonly MapProjectionItem[]
}

export type MapProjectionItem =
  | { readonly kind: 'PropertySelector'; readonly position: Position; readonly key: string }
  | { readonly kind: 'AllPropertiesSelector'; readonly position: Position }
  | { readonly kind: 'LiteralEntry'; readonly position: Position; readonly key: string; readonly value: Expression }
  | { readonly kind: 'VariableSelector'; readonly position: Position; readonly name: string }

/**
 * `name(args)` or `namespace.name(args)`, with `DISTINCT` for aggregations. `name` is the full
 * dotted name as written (e.g. `toUpper`, `date.truncate`); function names are matched without
 * regard to case. `exists(...)` is a call like any other; its argument may be a pattern expression.
 */
export interface FunctionCall extends Node {
  readonly kind: 'FunctionCall'
  readonly name: string
  readonly distinct: boolean
  readonly args: readonly Expression[]
}

/** `count(*)`. */
export interface CountStar extends Node {
  readonly kind: 'CountStar'
}

/** `any|all|none|single(variable IN list WHERE predicate)`. */
export interface QuantifierExpression extends Node {
  readonly kind: 'Quantifier'
  readonly quantifier: 'any' | 'all' | 'none' | 'single'
  readonly variable: string
  readonly list: Expression
  readonly predicate: Expression
}

/** `reduce(accumulator = init, variable IN list | expression)`. */
export interface ReduceExpression extends Node {
  readonly kind: 'Reduce'
  readonly accumulator: string
  readonly init: Expression
  readonly variable: string
  readonly list: Expression
  readonly expression: Expression
}
