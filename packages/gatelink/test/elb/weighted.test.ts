import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isGatelinkError } from '../../src/errors.js';
import { compileWeightedChoice } from '../../src/elb/actions/weighted.js';
import { seededRandom } from './helpers.js';

const DOC = 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html';

function draw(weights: Record<string, number>, draws: number, seed = 42): Record<string, number> {
  const choose = compileWeightedChoice(Object.entries(weights).map(([item, weight]) => ({ item, weight })), seededRandom(seed), 'Stack/R');
  const counts: Record<string, number> = Object.fromEntries(Object.keys(weights).map((key) => [key, 0]));
  for (let i = 0; i < draws; i += 1) {
    const item = choose();
    assert.ok(item !== undefined);
    counts[item] = (counts[item] ?? 0) + 1;
  }
  return counts;
}

test(`traffic splits in proportion to weight (${DOC}#forward-actions)`, () => {
  const draws = 20_000;
  const counts = draw({ blue: 80, green: 20 }, draws);
  // Binomial sd at p=0.2, n=20000 is ~57; 5 sd is a bound a correct sampler essentially never crosses.
  assert.ok(Math.abs((counts.green ?? 0) - 4000) < 300, `green got ${counts.green}`);
  assert.ok(Math.abs((counts.blue ?? 0) - 16000) < 300, `blue got ${counts.blue}`);
});

test(`three groups by weight 1:2:7 (${DOC}#forward-actions)`, () => {
  const counts = draw({ a: 1, b: 2, c: 7 }, 30_000, 7);
  assert.ok(Math.abs((counts.a ?? 0) - 3000) < 300, `a got ${counts.a}`);
  assert.ok(Math.abs((counts.b ?? 0) - 6000) < 400, `b got ${counts.b}`);
  assert.ok(Math.abs((counts.c ?? 0) - 21000) < 500, `c got ${counts.c}`);
});

test(`a weight of 0 is never chosen (${DOC}#forward-actions)`, () => {
  const counts = draw({ live: 1, off: 0 }, 5_000);
  assert.equal(counts.off, 0);
  assert.equal(counts.live, 5_000);
});

test('every weight 0 means no group', () => {
  const choose = compileWeightedChoice([{ item: 'a', weight: 0 }], Math.random, 'Stack/R');
  assert.equal(choose(), undefined);
});

test('a single group needs no random draw', () => {
  const choose = compileWeightedChoice([{ item: 'only', weight: 5 }], () => assert.fail('random must not be called'), 'Stack/R');
  assert.equal(choose(), 'only');
});

test(`weights are 0..999 (${DOC}#forward-actions)`, () => {
  for (const weight of [-1, 1000, 1.5]) {
    assert.throws(() => compileWeightedChoice([{ item: 'a', weight }], Math.random, 'Stack/R'), (error) => isGatelinkError(error, 'GL_ERR_ELB_INVALID_CONFIG'));
  }
});
