import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { NodeValue, RelationshipValue } from '../../../src/graph/values.js'
import {
  NO_SIDE_EFFECTS, expectedSideEffects, graphState, sideEffects, sideEffectsMismatch,
} from '../../tck/side-effects.js'

const node = (id: number, labels: string[], properties = {}): NodeValue => new NodeValue(id, `n${id}`, labels, properties)

// The counting rules: shared/tck/README.adoc, "Observability of side effects".
describe('TCK side effects', () => {
  test('labels count distinct names in the graph: CREATE (:A), (:A) is +labels 1 (Create1 [4])', () => {
    const effects = sideEffects(graphState([], []), graphState([node(1, ['A']), node(2, ['A'])], []))
    assert.deepEqual(effects, { ...NO_SIDE_EFFECTS, '+nodes': 2, '+labels': 1 })
  })

  test('a label already on another node is no new label; removing its last use is -labels 1', () => {
    const before = graphState([node(1, ['A']), node(2, ['B'])], [])
    assert.equal(sideEffects(before, graphState([node(1, ['A']), node(2, ['A', 'B'])], []))['+labels'], 0)
    assert.equal(sideEffects(before, graphState([node(1, ['A']), node(2, [])], []))['-labels'], 1)
  })

  test('a changed property value is one removal and one addition (Set1 [1])', () => {
    const before = graphState([node(1, ['A'], { name: 'Andres' })], [])
    const after = graphState([node(1, ['A'], { name: 'Michael' })], [])
    assert.deepEqual(sideEffects(before, after), { ...NO_SIDE_EFFECTS, '+properties': 1, '-properties': 1 })
  })

  test('setting a property to the value it has is no side effect; int and float values differ', () => {
    const before = graphState([node(1, [], { num: 1n })], [])
    assert.deepEqual(sideEffects(before, graphState([node(1, [], { num: 1n })], [])), NO_SIDE_EFFECTS)
    assert.equal(sideEffects(before, graphState([node(1, [], { num: 1 })], []))['+properties'], 1)
  })

  test('deleting elements removes them with their properties (Delete6 [3])', () => {
    const nodes = [1, 2, 3, 4, 5].map((id) => node(id, ['N'], { num: BigInt(id) }))
    const relationship = new RelationshipValue(9, 'r9', 'T', 1, 2, { w: 1n }, 'n1', 'n2')
    const effects = sideEffects(graphState(nodes, [relationship]), graphState([], []))
    assert.deepEqual(effects, { ...NO_SIDE_EFFECTS, '-nodes': 5, '-relationships': 1, '-labels': 1, '-properties': 6 })
  })

  test('nodes and relationships with equal ids are still different entities', () => {
    const before = graphState([node(1, [], { k: 1n })], [])
    const after = graphState([node(1, [], { k: 1n })], [new RelationshipValue(1, 'r1', 'T', 1, 1, { k: 1n }, 'n1', 'n1')])
    assert.deepEqual(sideEffects(before, after), { ...NO_SIDE_EFFECTS, '+relationships': 1, '+properties': 1 })
  })

  test('the expected table leaves unnamed quantities at zero and refuses unknown ones', () => {
    assert.deepEqual(expectedSideEffects([['+nodes', '2'], ['-properties', '1']]), {
      ...NO_SIDE_EFFECTS, '+nodes': 2, '-properties': 1,
    })
    assert.throws(() => expectedSideEffects([['+edges', '1']]), /unknown side effect/)
    assert.throws(() => expectedSideEffects([['+nodes', 'two']]), /bad count/)
  })

  test('a mismatch names every differing quantity', () => {
    const mismatch = sideEffectsMismatch({ ...NO_SIDE_EFFECTS, '+nodes': 1 }, { ...NO_SIDE_EFFECTS, '+labels': 1 })
    assert.equal(mismatch, 'side effects differ: +nodes expected 1, got 0; +labels expected 0, got 1')
    assert.equal(sideEffectsMismatch(NO_SIDE_EFFECTS, NO_SIDE_EFFECTS), undefined)
  })
})
