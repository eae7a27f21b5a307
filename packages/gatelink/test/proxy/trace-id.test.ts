import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newTraceId, nextTraceHeader, stampTraceId } from '../../src/proxy/headers/trace-id.js';

const DOC = 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-request-tracing.html';
const ID = '1-67891234-12456789abcdef0123456789';
const ROOT = 'Root=1-67891233-abcdef012345678912345678';

test(`a trace id is version-time-id: 1-<8 hex epoch seconds>-<24 hex> (${DOC}#request-tracing-syntax)`, () => {
  const id = newTraceId(Date.UTC(2022, 9, 10, 13, 28, 10));
  assert.match(id, /^1-[0-9a-f]{8}-[0-9a-f]{24}$/);
  assert.equal(id.slice(2, 10), Math.floor(Date.UTC(2022, 9, 10, 13, 28, 10) / 1000).toString(16));
  const ids = new Set(Array.from({ length: 1000 }, () => newTraceId()));
  assert.equal(ids.size, 1000, 'ids do not repeat');
});

const cases: { name: string; incoming?: string; expect: string }[] = [
  { name: 'absent: the ALB adds a Root', expect: `Root=${ID}` },
  { name: 'with a Root: a Self field is inserted first', incoming: ROOT, expect: `Self=${ID};${ROOT}` },
  { name: 'custom fields are kept', incoming: `${ROOT};CalledFrom=app`, expect: `Self=${ID};${ROOT};CalledFrom=app` },
  { name: 'an existing Self is updated in place', incoming: `Self=1-00000000-000000000000000000000000;${ROOT};CalledFrom=app`, expect: `Self=${ID};${ROOT};CalledFrom=app` },
  { name: 'no Root (undocumented): a Root is added, fields kept', incoming: 'CalledFrom=app', expect: `Root=${ID};CalledFrom=app` },
];

for (const c of cases) {
  test(`X-Amzn-Trace-Id: ${c.name} (${DOC}#request-tracing-syntax)`, () => {
    assert.equal(nextTraceHeader(c.incoming, ID), c.expect);
  });
}

test(`request headers over 7 KB: rewritten with just a Root (${DOC}#request-tracing-limits)`, () => {
  const headers: Record<string, string> = { 'x-amzn-trace-id': `${ROOT};CalledFrom=app`, cookie: 'x'.repeat(8 * 1024) };
  stampTraceId(headers);
  assert.match(headers['x-amzn-trace-id'] ?? '', /^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
  const small: Record<string, string> = { 'x-amzn-trace-id': ROOT };
  stampTraceId(small);
  assert.match(small['x-amzn-trace-id'] ?? '', new RegExp(`^Self=1-[0-9a-f]{8}-[0-9a-f]{24};${ROOT}$`));
});
