/**
 * The conformance suite: every case of ./cases (one file per area, each citing the AWS page it
 * encodes) sent to the conformance app running under gatelink. docs/conformance.md is generated from
 * the same tables (`npm run docs:conformance`), and a test below keeps it in step.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { AREAS } from './cases/index.js';
import { renderConformanceDoc, CONFORMANCE_DOC } from './doc.js';
import { startHarness } from './harness.js';
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

for (const { area, cases } of AREAS) {
  describe(area, () => {
    for (const c of cases) test(c.name, async () => verify(c, await harness.send(c)));
  });
}

test('docs/conformance.md is generated from these cases (npm run docs:conformance)', () => {
  assert.equal(readFileSync(CONFORMANCE_DOC, 'utf8'), renderConformanceDoc());
});

function verify(c: ConformanceCase, replies: Reply[]): Promise<void> {
  return verifyReplies(c, replies, harness.accessLog, 'apigw-requestid');
}
