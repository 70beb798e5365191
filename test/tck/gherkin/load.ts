import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { AstBuilder, GherkinClassicTokenMatcher, Parser, compile } from '@cucumber/gherkin'
import { IdGenerator } from '@cucumber/messages'

/** One step of a scenario, with its doc string or table (cells already unescaped by Gherkin). */
export interface TckStep {
  readonly text: string
  readonly docString?: string
  readonly table?: readonly (readonly string[])[]
}

/**
 * One runnable scenario: a plain Scenario, or one Examples row of a Scenario Outline with
 * its placeholders filled in. Plain data, so it can cross to a worker thread.
 */
export interface TckScenario {
  /** `clauses/match/Match1.feature:45`: the file and the line of the scenario or Examples row. */
  readonly id: string
  /** The folder below features/: `clauses/match`, `expressions/list`, ... */
  readonly area: string
  readonly feature: string
  readonly name: string
  readonly steps: readonly TckStep[]
}

/** Reads every `.feature` file under `featuresDir` (sorted, so runs are repeatable). */
export function loadScenarios(featuresDir: string): TckScenario[] {
  return featureFiles(featuresDir).flatMap((file) => {
    const path = relative(featuresDir, file).split(sep).join('/')
    return parseFeature(readFileSync(file, 'utf8'), path)
  })
}

/** `path` is relative to features/, with forward slashes; its folder is the scenario's area. */
export function parseFeature(source: string, path: string): TckScenario[] {
  const newId = IdGenerator.incrementing()
  const document = new Parser(new AstBuilder(newId), new GherkinClassicTokenMatcher()).parse(source)
  const feature = document.feature?.name ?? path
  const area = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : ''
  return compile(document, path, newId).map((pickle) => ({
    id: `${path}:${pickle.location?.line ?? 0}`,
    area,
    feature,
    name: pickle.name,
    steps: pickle.steps.map((step) => {
      const docString = step.argument?.docString?.content
      const table = step.argument?.dataTable?.rows.map((row) => row.cells.map((cell) => cell.value))
      return { text: step.text, ...(docString !== undefined && { docString }), ...(table !== undefined && { table }) }
    }),
  }))
}

function featureFiles(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return featureFiles(path)
    return name.endsWith('.feature') ? [path] : []
  })
}
