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
import { accessLogEntry, startHarness } from './harness.js';
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

async function verify(c: ConformanceCase, replies: Reply[]): Promise<void> {
  const statuses = replies.map((reply) => reply.status);
  const last = replies.at(-1) as Reply;
  assert.deepEqual(Array.isArray(c.expect.status) ? statuses : last.status, c.expect.status, `status; body: ${last.body.slice(0, 300)}`);
  if (c.expect.json !== undefined) assert.deepEqual(JSON.parse(last.body), c.expect.json);
  for (const [name, want] of Object.entries(c.expect.headers ?? {})) matches(last.headers[name], want, `response header ${name}`);
  if (c.expect.upstream) {
    const seen = JSON.parse(last.body) as { url: string; headers: Record<string, string> };
    if (c.expect.upstream.url !== undefined) assert.equal(seen.url, c.expect.upstream.url, 'path the integration received');
    for (const [name, want] of Object.entries(c.expect.upstream.headers ?? {})) matches(seen.headers[name], want, `header ${name} at the integration`);
  }
  if (c.expect.check) assert.equal(c.expect.check(JSON.parse(last.body)), undefined);
  if (c.expect.accessLog) await verifyAccessLog(String(last.headers['apigw-requestid']), c.expect.accessLog);
}

function matches(actual: string | string[] | undefined, want: string | RegExp | null, what: string): void {
  const value = Array.isArray(actual) ? actual.join(',') : actual;
  if (want === null) assert.equal(value, undefined, `${what} should be absent`);
  else if (want instanceof RegExp) assert.match(value ?? '', want, what);
  else assert.equal(value, want, what);
}

async function verifyAccessLog(requestId: string, fields: Readonly<Record<string, string>>): Promise<void> {
  // The line is written when the response ends, which can be just after the client has it.
  let entry = accessLogEntry(harness.accessLog, requestId);
  for (let i = 0; !entry && i < 100; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    entry = accessLogEntry(harness.accessLog, requestId);
  }
  assert.ok(entry, `an access-log line for ${requestId}`);
  for (const [name, want] of Object.entries(fields)) assert.equal(entry[name], want, `access log field ${name}`);
}
