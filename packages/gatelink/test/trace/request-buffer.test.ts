/** The ring of recent requests: bounded, newest first, searchable by id, path, route and status. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RequestRecord } from '../../src/trace/record.js';
import { RequestBuffer } from '../../src/trace/request-buffer.js';

const record = (id: string, path: string, status: number): RequestRecord => ({ id, method: 'GET', path, status, startedAt: 0, durationMs: 1, api: 'a', stage: '$default', routeKey: 'ANY /{proxy+}', hops: [] });

test('holds at most its capacity: the oldest go, and can no longer be opened by id', () => {
  const buffer = new RequestBuffer(3);
  for (let i = 1; i <= 5; i++) buffer.add(record(`r${i}`, `/p${i}`, 200));
  assert.equal(buffer.size, 3);
  assert.deepEqual(buffer.query().map((r) => r.id), ['r5', 'r4', 'r3']);
  assert.equal(buffer.get('r2'), undefined);
  assert.equal(buffer.get('r4')?.path, '/p4');
});

test('search: request id or path substring, exact status or a status class, and a limit', () => {
  const buffer = new RequestBuffer(10);
  buffer.add(record('AbCd=', '/api/books', 200));
  buffer.add(record('XyZ1=', '/api/books/7', 404));
  buffer.add(record('Qq99=', '/api/authors', 503));
  assert.deepEqual(buffer.query({ text: 'abcd' }).map((r) => r.id), ['AbCd=']);
  assert.deepEqual(buffer.query({ text: 'books' }).map((r) => r.id), ['XyZ1=', 'AbCd=']);
  assert.deepEqual(buffer.query({ status: '5xx' }).map((r) => r.id), ['Qq99=']);
  assert.deepEqual(buffer.query({ status: '404' }).map((r) => r.id), ['XyZ1=']);
  assert.deepEqual(buffer.query({ limit: 1 }).map((r) => r.id), ['Qq99=']);
});
