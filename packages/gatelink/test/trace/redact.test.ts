/** Secrets never reach the console or the trace exporter. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redactHeaders } from '../../src/trace/redact.js';

test('authorization keeps its scheme; cookies, API keys and token-like headers are replaced; the rest is kept', () => {
  const redacted = redactHeaders({
    authorization: 'Bearer eyJhbGciOi.secret.sig',
    cookie: 'session=abc',
    'set-cookie': ['a=1', 'b=2'],
    'x-api-key': 'k-123',
    'x-auth-token': 't',
    'x-amz-security-token': 's',
    accept: 'application/json',
    'x-amzn-trace-id': 'Root=1-abc',
    missing: undefined,
  });
  assert.deepEqual(redacted, {
    authorization: 'Bearer [redacted]',
    cookie: '[redacted]',
    'set-cookie': ['[redacted]', '[redacted]'],
    'x-api-key': '[redacted]',
    'x-auth-token': '[redacted]',
    'x-amz-security-token': '[redacted]',
    accept: 'application/json',
    'x-amzn-trace-id': 'Root=1-abc',
  });
  assert.equal(redactHeaders({ authorization: 'opaque' }).authorization, '[redacted]');
});
