import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createBalancer, LeastOutstandingBalancer, RoundRobinBalancer } from '../../src/elb/balancing/balancer.js';
import type { BalancingAlgorithm, Balancer } from '../../src/elb/balancing/balancer.js';
import { seededRandom } from './helpers.js';

const DOC = 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/edit-target-group-attributes.html';

interface Slot {
  readonly name: string;
  inFlight: number;
}
const slots = (...names: string[]): Slot[] => names.map((name) => ({ name, inFlight: 0 }));

// The contract every algorithm keeps, whatever it optimises.
const algorithms: BalancingAlgorithm[] = ['round_robin', 'least_outstanding_requests', 'weighted_random'];
for (const algorithm of algorithms) {
  describe(`balancer contract: ${algorithm} (${DOC})`, () => {
    const make = (): Balancer => createBalancer(algorithm, seededRandom(1));

    test('no candidates, no pick', () => {
      assert.equal(make().pick([]), undefined);
    });

    test('picks only among the candidates, and never changes them', () => {
      const balancer = make();
      const candidates = Object.freeze(slots('a', 'b', 'c'));
      for (let i = 0; i < 100; i += 1) assert.ok(candidates.includes(balancer.pick(candidates) as Slot));
    });

    test('a single candidate is always the pick', () => {
      const balancer = make();
      const only = slots('a');
      for (let i = 0; i < 10; i += 1) assert.equal(balancer.pick(only), only[0]);
    });

    test('equally loaded candidates all get traffic', () => {
      const balancer = make();
      const candidates = slots('a', 'b', 'c');
      const seen = new Map<string, number>();
      for (let i = 0; i < 300; i += 1) {
        const pick = balancer.pick(candidates) as Slot;
        seen.set(pick.name, (seen.get(pick.name) ?? 0) + 1);
      }
      assert.equal(seen.size, 3);
      for (const count of seen.values()) assert.ok(count >= 60, `uneven spread: ${[...seen.entries()].join(' ')}`);
    });

    test('candidate lists may shrink between picks', () => {
      const balancer = make();
      balancer.pick(slots('a', 'b', 'c'));
      balancer.pick(slots('a', 'b', 'c'));
      const after = slots('z');
      assert.equal(balancer.pick(after), after[0]);
    });
  });
}

test(`round_robin takes turns in order, ignoring load (${DOC})`, () => {
  const balancer = new RoundRobinBalancer();
  const candidates = slots('a', 'b', 'c');
  (candidates[0] as Slot).inFlight = 50;
  const order = Array.from({ length: 6 }, () => (balancer.pick(candidates) as Slot).name);
  assert.deepEqual(order, ['a', 'b', 'c', 'a', 'b', 'c']);
});

test(`least_outstanding_requests picks the target with the fewest requests in flight (${DOC})`, () => {
  const balancer = new LeastOutstandingBalancer();
  const candidates = slots('a', 'b', 'c');
  (candidates[0] as Slot).inFlight = 3;
  (candidates[1] as Slot).inFlight = 1;
  (candidates[2] as Slot).inFlight = 2;
  for (let i = 0; i < 5; i += 1) assert.equal((balancer.pick(candidates) as Slot).name, 'b');
  // As picks add load, the least loaded target changes.
  const live = slots('x', 'y');
  for (let i = 0; i < 10; i += 1) (balancer.pick(live) as Slot).inFlight += 1;
  assert.deepEqual(live.map((slot) => slot.inFlight), [5, 5]);
});
