// Bodies over AWS's 10 MB payload quota for HTTP APIs (aws-semantics §1.6), declared up front or
// only discovered while streaming: RFC 9110 §15.5.14 (413 Content Too Large; the server MAY close
// the connection) and RFC 9112 §9.6 (a server that does not read the rest of a body must not leave
// the connection in limbo). CWE-400 (uncontrolled resource consumption) is the failure guarded here:
// a body the gateway stopped forwarding must neither crash it nor pin its socket. Expected: the
// gateway's 413 {"message":"Request Entity Too Large"} when the integration had not answered yet,
// the integration's own answer when it had, no unhandled error, no connection left open.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTarget } from '../elb/helpers.js';
import { assertNothingLeftBehind, assertStillServes, emptyOk, bodyOf, gatewayWith, gatewayWithAlb, rawClient, rawExchange, statusOf, upstreamDouble, waitFor } from './helpers.js';
import type { RawClient } from './helpers.js';

const GATEWAY_413 = '{"message":"Request Entity Too Large"}';
const MB = 1024 * 1024;

/** Sends a chunked body of `megabytes` MB, then its last chunk; resolves once it is all written. */
async function sendChunked(client: RawClient, path: string, megabytes: number): Promise<void> {
  client.socket.write(`POST ${path} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n`);
  const chunk = `${MB.toString(16)}\r\n${'a'.repeat(MB)}\r\n`;
  for (let i = 0; i < megabytes && !client.isClosed(); i += 1) {
    if (!client.socket.write(chunk)) await new Promise((resolve) => client.socket.once('drain', resolve));
  }
  client.socket.write('0\r\n\r\n');
}

test('Content-Length over 10 MB: 413 JSON before anything is forwarded, connection closed', { timeout: 10_000 }, async (t) => {
  const upstream = upstreamDouble();
  const gateway = await gatewayWith(t, upstream);
  const exchange = await rawExchange(gateway.port, `POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: ${10 * MB + 1}\r\n\r\n${'a'.repeat(1_000)}`);
  assert.equal(exchange.status, 413, exchange.text);
  assert.equal(bodyOf(exchange.text), GATEWAY_413);
  assert.equal(exchange.closedByServer, true);
  assert.equal(upstream.seen.length, 0);
  await assertStillServes(gateway, upstream);
  await assertNothingLeftBehind(gateway);
});

test('a chunked body that passes 10 MB while streaming: 413 JSON, the integration request aborted, no socket pinned', { timeout: 15_000 }, async (t) => {
  const upstream = upstreamDouble();
  const gateway = await gatewayWith(t, upstream);
  const client = await rawClient(gateway.port);
  await sendChunked(client, '/upload', 11);
  await waitFor(() => client.text().includes(GATEWAY_413), 5_000, 'the 413');
  assert.equal(statusOf(client.text()), 413);
  assert.equal(upstream.seen[0]?.signal.aborted, true);
  client.socket.end();
  await assertStillServes(gateway, upstream);
  await assertNothingLeftBehind(gateway);
});

test('past 10 MB after the integration answered without reading the body: no crash, no socket pinned', { timeout: 15_000 }, async (t) => {
  // An ALB fixed-response, redirect or "no targets" 503 drains the body and answers at once.
  const upstream = upstreamDouble(async (request) => {
    request.body?.resume();
    if (request.url === '/still/ok') return emptyOk();
    return { statusCode: 202, headers: { 'content-length': '0' }, body: null, origin: 'target' };
  });
  const gateway = await gatewayWith(t, upstream);
  const client = await rawClient(gateway.port);
  await sendChunked(client, '/upload', 11);
  await waitFor(() => statusOf(client.text()) === 202, 5_000, 'the integration’s answer');
  client.socket.end();
  await assertStillServes(gateway);
  await assertNothingLeftBehind(gateway);
});

test('past 10 MB to an ALB fixed-response rule, through the real ALB: its answer, no crash, no socket pinned', { timeout: 15_000 }, async (t) => {
  const target = await startTarget();
  t.after(() => target.close());
  const gateway = await gatewayWithAlb(t, target.port);
  const client = await rawClient(gateway.port);
  await sendChunked(client, '/never/matched-by-default', 11);
  await waitFor(() => statusOf(client.text()) === 418, 5_000, 'the fixed response');
  client.socket.end();
  await assertStillServes(gateway);
  await assertNothingLeftBehind(gateway);
});

test('a chunked body past 10 MB through the real ALB to a real target: 413 JSON and the target sees the upload cut off', { timeout: 15_000 }, async (t) => {
  let received = 0;
  let cutOff = false;
  const target = await startTarget((req, res) => {
    req.on('data', (chunk: Buffer) => (received += chunk.length));
    req.on('error', () => undefined);
    req.once('close', () => (cutOff = !req.complete));
    req.once('end', () => res.end('ok'));
  });
  t.after(() => target.close());
  const gateway = await gatewayWithAlb(t, target.port);
  const client = await rawClient(gateway.port);
  await sendChunked(client, '/upload', 11);
  await waitFor(() => client.text().includes(GATEWAY_413), 5_000, 'the 413');
  await waitFor(() => cutOff, 3_000, "the target's request to be cut off");
  assert.ok(received <= 10 * MB, `the target got at most 10 MB (${received})`);
  client.socket.end();
  await assertStillServes(gateway);
  await assertNothingLeftBehind(gateway);
});
