import assert from 'node:assert/strict';
import { test } from 'node:test';
import { endToEndHeaders } from '../../src/proxy/forward.js';
import { connectionOptions, copyEndToEndHeaders } from '../../src/proxy/headers/hop-by-hop.js';

const RFC = 'https://www.rfc-editor.org/rfc/rfc9110#section-7.6.1';

test(`hop-by-hop request headers are not forwarded (${RFC})`, () => {
  const incoming = {
    host: 'example.com',
    connection: 'keep-alive, X-Secret-Hop',
    'keep-alive': 'timeout=5',
    te: 'trailers',
    trailer: 'x-checksum',
    'transfer-encoding': 'chunked',
    upgrade: 'websocket',
    'proxy-authorization': 'Basic abc',
    'proxy-connection': 'keep-alive',
    'x-secret-hop': 'only for this connection',
    expect: '100-continue',
    accept: 'application/json',
    'set-cookie-like': ['a', 'b'],
  };
  const out = copyEndToEndHeaders(incoming);
  assert.deepEqual(out, { host: 'example.com', accept: 'application/json', 'set-cookie-like': ['a', 'b'] });
  assert.equal(incoming.connection, 'keep-alive, X-Secret-Hop', 'the input is not modified');
});

test(`Connection may list several headers, over several lines, in any case (${RFC})`, () => {
  assert.deepEqual([...(connectionOptions(['close, X-A', ' x-b ,,']) ?? [])], ['close', 'x-a', 'x-b']);
  assert.equal(connectionOptions(undefined), undefined);
});

test(`hop-by-hop response headers are left out as the response head is read (${RFC})`, () => {
  const raw = ['Connection', 'keep-alive, x-trace-hop', 'Keep-Alive', 'timeout=5', 'Transfer-Encoding', 'chunked', 'X-Trace-Hop', '1', 'Content-Type', 'text/plain', 'Set-Cookie', 'a=1', 'Set-Cookie', 'b=2'];
  const headers = endToEndHeaders(raw.map((part) => Buffer.from(part, 'latin1')));
  assert.deepEqual(headers, { 'content-type': 'text/plain', 'set-cookie': ['a=1', 'b=2'] });
});

test(`a header Connection lists is left out wherever it stands, and Connection may come twice (${RFC})`, () => {
  const raw = ['X-Before', '1', 'Connection', 'x-before', 'Content-Length', '2', 'connection', 'X-After', 'X-After', '3', 'ETag', '"7"'];
  const headers = endToEndHeaders(raw.map((part) => Buffer.from(part, 'latin1')));
  assert.deepEqual(headers, { 'content-length': '2', etag: '"7"' });
});

test('well-known and unknown response header names both come out lower-case, values as sent', () => {
  const raw = ['CONTENT-TYPE', 'Text/Plain', 'X-Custom-Thing', 'A b', 'Content-Type', 'second'];
  const headers = endToEndHeaders(raw.map((part) => Buffer.from(part, 'latin1')));
  assert.deepEqual(headers, { 'content-type': ['Text/Plain', 'second'], 'x-custom-thing': 'A b' });
});
