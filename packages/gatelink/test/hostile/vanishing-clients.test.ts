// Clients that vanish: the connection torn down with the request body half sent, or while the
// response is still streaming. RFC 9112 §8 (a message cut short by a closed connection is
// incomplete) and §9.6 (tear-down); the ALB's 460 ("client
// closed the connection before the idle timeout ended", aws-semantics §3.6) is the same event one hop
// further. CWE-404 (improper resource shutdown) is the failure this guards against: upstream work or
// sockets kept for a client that is gone. Expected: the integration request is aborted (the double
// sees its signal fire and its response body torn down; a real target sees its socket close), no
// unhandled error, no connection left open, and the gateway keeps serving.
import assert from 'node:assert/strict';
import type http from 'node:http';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { startTarget } from '../elb/helpers.js';
import type { ProxyRequest } from '../../src/proxy/types.js';
import { assertNothingLeftBehind, assertStillServes, emptyOk, gatewayWith, gatewayWithAlb, rawClient, upstreamDouble, waitFor } from './helpers.js';

/** A response body that yields 16 KiB every 5 ms and never ends on its own. */
function endlessBody(): Readable & { sent: () => number } {
  let sent = 0;
  let timer: NodeJS.Timeout | undefined;
  const body = new Readable({
    read() {
      timer = setTimeout(() => {
        sent += 16_384;
        this.push(Buffer.alloc(16_384, 120));
      }, 5);
    },
    destroy(error, callback) {
      clearTimeout(timer);
      callback(error);
    },
  });
  return Object.assign(body, { sent: () => sent });
}

test('a client gone with the request body half sent: the integration request is aborted', { timeout: 10_000 }, async (t) => {
  const upstream = upstreamDouble();
  const gateway = await gatewayWith(t, upstream);
  const client = await rawClient(gateway.port);
  client.socket.write(`POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n${'a'.repeat(1_000)}`);
  await waitFor(() => upstream.received[0] === 1_000, 3_000, 'the first body bytes to reach the integration');
  client.socket.destroy();
  await waitFor(() => upstream.seen[0]?.signal.aborted === true, 3_000, 'the integration request to be aborted');
  await waitFor(() => upstream.seen[0]?.body?.destroyed === true, 3_000, 'the forwarded body stream to be torn down');
  await assertStillServes(gateway, upstream);
  await assertNothingLeftBehind(gateway);
});

test('a client gone with the request body half sent, through the real ALB: the target sees the upload cut off', { timeout: 10_000 }, async (t) => {
  let received = 0;
  let cutOff = false;
  const target = await startTarget((req, res) => {
    req.on('data', (chunk: Buffer) => (received += chunk.length));
    req.once('close', () => (cutOff = !req.complete));
    req.once('end', () => res.end('ok'));
    req.on('error', () => undefined);
  });
  t.after(() => target.close());
  const gateway = await gatewayWithAlb(t, target.port);
  const client = await rawClient(gateway.port);
  client.socket.write(`POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n${'a'.repeat(1_000)}`);
  await waitFor(() => received === 1_000, 3_000, 'the first body bytes to reach the target');
  client.socket.destroy();
  await waitFor(() => cutOff, 3_000, "the target's request to be cut off");
  await assertStillServes(gateway);
  await assertNothingLeftBehind(gateway);
});

test('a client gone mid-body after the integration answered without reading the body: no unhandled error', { timeout: 10_000 }, async (t) => {
  const upstream = upstreamDouble(async (request) => {
    if (request.url === '/still/ok') return emptyOk();
    // An ALB fixed-response or redirect does this: drain the body, answer at once.
    request.body?.resume();
    return { statusCode: 200, headers: { 'content-type': 'text/plain' }, body: endlessBody(), origin: 'target' };
  });
  const gateway = await gatewayWith(t, upstream);
  const client = await rawClient(gateway.port);
  client.socket.write(`POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n${'a'.repeat(1_000)}`);
  await waitFor(() => client.text().startsWith('HTTP/1.1 200 '), 3_000, 'the response to start');
  client.socket.destroy();
  await waitFor(() => upstream.seen[0]?.body?.destroyed === true, 3_000, 'the forwarded body stream to be torn down');
  await assertStillServes(gateway, upstream);
  await assertNothingLeftBehind(gateway);
});

test('a client gone right after its head (no body byte sent): the integration request is aborted', { timeout: 10_000 }, async (t) => {
  const upstream = upstreamDouble();
  const gateway = await gatewayWith(t, upstream);
  const client = await rawClient(gateway.port);
  client.socket.write('POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n');
  await waitFor(() => upstream.seen.length === 1, 3_000, 'the request to reach the integration');
  client.socket.destroy();
  await waitFor(() => upstream.seen[0]?.signal.aborted === true, 3_000, 'the integration request to be aborted');
  await assertNothingLeftBehind(gateway);
});

test('a client gone while the integration has not answered yet: aborted', { timeout: 10_000 }, async (t) => {
  let requests: ProxyRequest[] = [];
  const upstream = upstreamDouble(async (request) => {
    requests = [...requests, request];
    await new Promise<void>((resolve) => request.signal.addEventListener('abort', () => resolve(), { once: true }));
    return { statusCode: 200, headers: {}, body: null, origin: 'target' };
  });
  const gateway = await gatewayWith(t, upstream);
  const client = await rawClient(gateway.port);
  client.socket.write('GET /slow HTTP/1.1\r\nHost: x\r\n\r\n');
  await waitFor(() => requests.length === 1, 3_000, 'the request to reach the integration');
  client.socket.destroy();
  await waitFor(() => requests[0]?.signal.aborted === true, 3_000, 'the integration request to be aborted');
  await assertNothingLeftBehind(gateway);
});

test('a client gone mid-response (the integration streams a large body slowly): the body and the request are torn down', { timeout: 10_000 }, async (t) => {
  const bodies: ReturnType<typeof endlessBody>[] = [];
  const upstream = upstreamDouble(async (request) => {
    if (request.url === '/still/ok') return emptyOk();
    const body = endlessBody();
    bodies.push(body);
    return { statusCode: 200, headers: { 'content-type': 'application/octet-stream' }, body, origin: 'target' };
  });
  const gateway = await gatewayWith(t, upstream);
  const client = await rawClient(gateway.port);
  client.socket.write('GET /download HTTP/1.1\r\nHost: x\r\n\r\n');
  await waitFor(() => client.text().length > 100_000, 3_000, 'part of the body to arrive');
  client.socket.destroy();
  await waitFor(() => bodies[0]?.destroyed === true, 3_000, 'the integration response body to be destroyed');
  await waitFor(() => upstream.seen[0]?.signal.aborted === true, 3_000, 'the integration request to be aborted');
  const sent = bodies[0]?.sent() ?? 0;
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(bodies[0]?.sent(), sent, 'the integration stopped producing');
  await assertStillServes(gateway, upstream);
  await assertNothingLeftBehind(gateway);
});

test('a client gone mid-response through the real ALB: the target sees its connection close', { timeout: 10_000 }, async (t) => {
  let targetResponse: http.ServerResponse | undefined;
  let targetClosed = false;
  const target = await startTarget((req, res) => {
    if (req.url === '/still/ok') {
      res.end('ok');
      return;
    }
    targetResponse = res;
    res.once('close', () => (targetClosed = true));
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    const timer = setInterval(() => res.write(Buffer.alloc(16_384, 120)), 5);
    res.once('close', () => clearInterval(timer));
  });
  t.after(() => target.close());
  const gateway = await gatewayWithAlb(t, target.port);
  const client = await rawClient(gateway.port);
  client.socket.write('GET /download HTTP/1.1\r\nHost: x\r\n\r\n');
  await waitFor(() => client.text().length > 100_000, 3_000, 'part of the body to arrive');
  client.socket.destroy();
  await waitFor(() => targetClosed, 3_000, "the target's response to be cut off");
  assert.equal(targetResponse?.writableFinished, false, 'the target never finished: the ALB hop was aborted');
  await assertStillServes(gateway);
  await assertNothingLeftBehind(gateway);
});
