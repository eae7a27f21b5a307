/**
 * The REST API conformance suite: every case of ./cases/rest (one file per area, each citing the AWS
 * page it encodes) sent to the REST conformance app (../fixtures/rest-app.ts) running under gatelink.
 * docs/conformance.md lists them with the HTTP API cases (./doc.ts).
 */
import { after, before, describe, test } from 'node:test';
import { REST_AREAS } from './cases/rest/index.js';
import type { Harness } from './harness.js';
import { startRestHarness } from './rest-harness.js';
import { verifyReplies } from './verify.js';

let harness: Harness;
before(async () => {
  harness = await startRestHarness();
}, { timeout: 60_000 });
after(async () => {
  await harness.stop();
});

for (const { area, cases } of REST_AREAS) {
  describe(area, () => {
    for (const c of cases) test(c.name, async () => verifyReplies(c, await harness.send(c), harness.accessLog, 'x-amzn-requestid'));
  });
}
