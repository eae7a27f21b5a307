/**
 * The conformance suite: every case of ./cases (one file per area, each citing the AWS page it
 * encodes) sent to the conformance app running under gatelink. docs/conformance.md is generated from
 * the same tables (`npm run docs:conformance`), and a test below keeps it in step.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { AREAS } from './cases/index.js';
import { REST_AREAS } from './cases/rest/index.js';
import { renderConformanceDoc, CONFORMANCE_DOC } from './doc.js';
import { startHarness } from './harness.js';
import { REMOVALS } from './removals.js';
import { verifyReplies } from './verify.js';
import type { Harness, Reply } from './harness.js';
import type { ConformanceCase } from './types.js';

let harness: Harness;
before(async () => {
  harness = await startHarness();
}, { timeout: 60_000 });
after(async () => {
  await harness.stop();
});

// The NLB areas run against their own app in ./nlb-conformance.test.ts.
for (const { area, cases } of AREAS.filter((candidate) => (candidate.app ?? 'edge') === 'edge')) {
  describe(area, () => {
    for (const c of cases) test(c.name, async () => verify(c, await harness.send(c)));
  });
}

test('docs/conformance.md is generated from these cases (npm run docs:conformance)', () => {
  assert.equal(readFileSync(CONFORMANCE_DOC, 'utf8'), renderConformanceDoc());
});

test('every case docs/conformance.md names as failing without a guard still exists', () => {
  const names = new Set([...AREAS, ...REST_AREAS].flatMap((area) => area.cases.map((c) => c.name)));
  for (const removal of REMOVALS) for (const name of removal.failing) assert.ok(names.has(name), `${removal.removed}: no case named “${name}”`);
});

function verify(c: ConformanceCase, replies: Reply[]): Promise<void> {
  return verifyReplies(c, replies, harness.accessLog, 'apigw-requestid');
}
