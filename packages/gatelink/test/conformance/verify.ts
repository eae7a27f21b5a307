/** Checks one case's replies against its expectation; shared by the HTTP API and REST API suites. */
import assert from 'node:assert/strict';
import { accessLogEntry } from './harness.js';
import type { Reply } from './harness.js';
import type { ConformanceCase } from './types.js';

/** `requestIdHeader` names the response header that finds the request's access-log line. */
export async function verifyReplies(c: ConformanceCase, replies: Reply[], accessLog: string, requestIdHeader: string): Promise<void> {
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
  if (c.expect.accessLog) await verifyAccessLog(accessLog, String(last.headers[requestIdHeader]), c.expect.accessLog);
}

function matches(actual: string | string[] | undefined, want: string | RegExp | null, what: string): void {
  const value = Array.isArray(actual) ? actual.join(',') : actual;
  if (want === null) assert.equal(value, undefined, `${what} should be absent`);
  else if (want instanceof RegExp) assert.match(value ?? '', want, what);
  else assert.equal(value, want, what);
}

async function verifyAccessLog(file: string, requestId: string, fields: Readonly<Record<string, string>>): Promise<void> {
  // The line is written when the response ends, which can be just after the client has it.
  let entry = accessLogEntry(file, requestId);
  for (let i = 0; !entry && i < 100; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    entry = accessLogEntry(file, requestId);
  }
  assert.ok(entry, `an access-log line for ${requestId}`);
  for (const [name, want] of Object.entries(fields)) assert.equal(entry[name], want, `access log field ${name}`);
}
