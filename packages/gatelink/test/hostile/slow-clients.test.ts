// Slow clients: slowloris (a request head sent a byte at a time, never finished) and a body that
// stops mid-way. Node.js CVE-2018-12122 (slowloris denial of service, the reason for
// server.headersTimeout) and RFC 9110 §15.5.9 (408 Request Timeout: "the server did not receive a
// complete request message within the time that it was prepared to wait"); RFC 9112 §9.5 (a server
// that times out SHOULD close gracefully). Expected: node's 408 and a closed connection once the
// gateway's client timeouts pass, the integration request (if one started) aborted, and the gateway
// serving others meanwhile and after. The integration timeout is left at 30 s, so only the client
// timeouts can end these requests; per-test timeouts make a missing guard a failure, not a hang.
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { test } from 'node:test';
import { assertNothingLeftBehind, assertStillServes, gatewayWith, rawClient, statusOf, upstreamDouble, waitFor } from './helpers.js';

const CLIENT_TIMEOUTS = { headersMs: 300, bodyMs: 300 };
const NODE_408 = 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n';

/** Writes `chunks` one at a time, `everyMs` apart, until the socket closes. */
function trickle(socket: Socket, chunks: Iterable<string>, everyMs: number): void {
  const iterator = chunks[Symbol.iterator]();
  const timer = setInterval(() => {
    const next = iterator.next();
    if (next.done || socket.destroyed) clearInterval(timer);
    else socket.write(next.value);
  }, everyMs);
  socket.once('close', () => clearInterval(timer));
}

function* endlessHeaders(): Generator<string> {
  for (let i = 0; ; i += 1) yield `X-Slow-${i}: ${i}\r\n`;
}

test('slowloris: a head that never ends gets 408 and a closed connection within the header timeout', { timeout: 5_000 }, async (t) => {
  const upstream = upstreamDouble();
  const gateway = await gatewayWith(t, upstream, { clientTimeouts: CLIENT_TIMEOUTS });
  const client = await rawClient(gateway.port);
  const started = Date.now();
  client.socket.write('GET /a HTTP/1.1\r\nHost: x\r\n');
  trickle(client.socket, endlessHeaders(), 20);
  // Other clients are served while this one dawdles.
  await assertStillServes(gateway, upstream);
  await client.closed;
  assert.equal(client.text(), NODE_408);
  assert.ok(Date.now() - started >= CLIENT_TIMEOUTS.headersMs, 'not before the header timeout');
  assert.deepEqual(upstream.seen.map((request) => request.url), ['/still/ok'], 'the slow request never reached the integration');
  await assertNothingLeftBehind(gateway);
});

test('slowloris, one byte at a time: 408 and closed', { timeout: 5_000 }, async (t) => {
  const upstream = upstreamDouble();
  const gateway = await gatewayWith(t, upstream, { clientTimeouts: CLIENT_TIMEOUTS });
  const client = await rawClient(gateway.port);
  trickle(client.socket, 'GET /a HTTP/1.1\r\nHost: x\r\nX-Padding: '.concat('p'.repeat(10_000)), 10);
  await client.closed;
  assert.equal(client.text(), NODE_408);
  assert.equal(upstream.seen.length, 0);
  await assertNothingLeftBehind(gateway);
});

test('a connection that sends nothing at all is closed within the header timeout', { timeout: 5_000 }, async (t) => {
  const gateway = await gatewayWith(t, upstreamDouble(), { clientTimeouts: CLIENT_TIMEOUTS });
  const client = await rawClient(gateway.port);
  await client.closed;
  assert.equal(client.text(), NODE_408);
  await assertNothingLeftBehind(gateway);
});

test('a body that stops mid-way: 408, connection closed, and the integration request already under way aborted', { timeout: 5_000 }, async (t) => {
  const upstream = upstreamDouble();
  const gateway = await gatewayWith(t, upstream, { clientTimeouts: CLIENT_TIMEOUTS });
  const client = await rawClient(gateway.port);
  client.socket.write(`POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n${'a'.repeat(100)}`);
  await waitFor(() => upstream.received[0] === 100, 2_000, 'the first 100 body bytes to reach the integration');
  await client.closed;
  assert.equal(statusOf(client.text()), 408, client.text());
  await waitFor(() => upstream.seen[0]?.signal.aborted === true, 2_000, 'the integration request to be aborted');
  await assertStillServes(gateway, upstream);
  await assertNothingLeftBehind(gateway);
});

test('a chunked body that stops mid-way: 408, closed, integration request aborted', { timeout: 5_000 }, async (t) => {
  const upstream = upstreamDouble();
  const gateway = await gatewayWith(t, upstream, { clientTimeouts: CLIENT_TIMEOUTS });
  const client = await rawClient(gateway.port);
  client.socket.write('POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n');
  await waitFor(() => upstream.received[0] === 5, 2_000, 'the first chunk to reach the integration');
  await client.closed;
  assert.equal(statusOf(client.text()), 408, client.text());
  await waitFor(() => upstream.seen[0]?.signal.aborted === true, 2_000, 'the integration request to be aborted');
  await assertNothingLeftBehind(gateway);
});

test('control: a body sent slowly but within the deadline is forwarded whole', { timeout: 5_000 }, async (t) => {
  const upstream = upstreamDouble();
  const gateway = await gatewayWith(t, upstream, { clientTimeouts: { headersMs: 300, bodyMs: 2_000 } });
  const client = await rawClient(gateway.port);
  client.socket.write('POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\nConnection: close\r\n\r\n');
  trickle(client.socket, Array.from({ length: 5 }, () => 'b'.repeat(10)), 50);
  await client.closed;
  assert.equal(statusOf(client.text()), 200, client.text());
  assert.equal(upstream.received[0], 50);
  await assertNothingLeftBehind(gateway);
});
