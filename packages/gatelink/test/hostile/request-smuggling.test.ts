// Request smuggling at the edge: RFC 9112 §6.1 (a sender MUST NOT send Content-Length with
// Transfer-Encoding; such a message "ought to be handled as an error"), §6.3 (3: Transfer-Encoding
// overrides Content-Length and the connection MUST be closed after; 4: a request whose
// Transfer-Encoding does not end in chunked MUST get 400 and a close; 5: differing Content-Length
// values are unrecoverable), §5.1 (whitespace before the colon MUST be rejected with 400) and §5.2
// (obs-fold outside message/http MUST be rejected with 400 or replaced by SP), §2.2 (bare LF).
// Advisories: Node.js CVE-2022-32213 and CVE-2022-32215 (llhttp accepted malformed and multi-line
// Transfer-Encoding), CVE-2022-32214 (line endings other than CRLF), CVE-2024-27982 (Content-Length
// obfuscated by a leading space), and the ALB's desync mitigation (aws-semantics §3.4).
// Expected: 400, the connection closed, nothing, not even the smuggled request, reaching the
// integration, and the gateway serving the next request on a new connection.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertNothingLeftBehind, assertStillServes, gatewayWith, rawExchange, upstreamDouble, waitFor } from './helpers.js';

/** A second request hidden in the body: if any hop reads the body differently, it would run. */
const SMUGGLED = 'GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n';

const SHAPES: Record<string, string> = {
  'Content-Length then Transfer-Encoding (CL.TE)': `POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n${SMUGGLED}`,
  'Transfer-Encoding then Content-Length (TE.CL)': `POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 40\r\n\r\n0\r\n\r\n${SMUGGLED}`,
  'two different Content-Length values': `POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 41\r\n\r\nabc${SMUGGLED}`,
  // RFC 9110 §8.6 lets a recipient accept a repeated identical value; node (and so the gateway) refuses it too.
  'the same Content-Length twice': `POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc`,
  'a Content-Length list': `POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 3, 3\r\n\r\nabc`,
  'obs-fold (a continuation line starting with SP)': `GET /a HTTP/1.1\r\nHost: x\r\nX-Folded: one\r\n two\r\n\r\n`,
  'obs-fold (a continuation line starting with HTAB)': `GET /a HTTP/1.1\r\nHost: x\r\nX-Folded: one\r\n\ttwo\r\n\r\n`,
  'Transfer-Encoding folded onto a continuation line': `POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding:\r\n chunked\r\nContent-Length: 40\r\n\r\n0\r\n\r\n${SMUGGLED}`,
  'Content-Length folded onto a continuation line': `POST /a HTTP/1.1\r\nHost: x\r\nContent-Length:\r\n 40\r\n\r\n0\r\n\r\n${SMUGGLED}`,
  'Transfer-Encoding: chunked, identity': `POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n${SMUGGLED}`,
  'Transfer-Encoding: xchunked': `POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n${SMUGGLED}`,
  'Transfer-Encoding: identity': `POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: identity\r\n\r\n0\r\n\r\n${SMUGGLED}`,
  'two Transfer-Encoding headers, chunked not last': `POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n0\r\n\r\n${SMUGGLED}`,
  'whitespace before the colon (Transfer-Encoding : chunked)': `POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding : chunked\r\nContent-Length: 40\r\n\r\n0\r\n\r\n${SMUGGLED}`,
  'whitespace before the header name ( Content-Length)': `POST /a HTTP/1.1\r\nHost: x\r\n Content-Length: 40\r\n\r\n0\r\n\r\n${SMUGGLED}`,
  'a bare LF ending a header line': `POST /a HTTP/1.1\r\nHost: x\nContent-Length: 40\r\n\r\n0\r\n\r\n${SMUGGLED}`,
};

for (const [shape, bytes] of Object.entries(SHAPES)) {
  test(`smuggling shape "${shape}": 400, connection closed, nothing forwarded`, { timeout: 10_000 }, async (t) => {
    const upstream = upstreamDouble();
    const gateway = await gatewayWith(t, upstream);
    const exchange = await rawExchange(gateway.port, bytes);
    assert.equal(exchange.status, 400, exchange.text);
    assert.equal(exchange.closedByServer, true, 'the gateway closes the connection');
    assert.equal(exchange.text.match(/HTTP\/1\.1 /g)?.length, 1, `exactly one response, none for the smuggled request: ${exchange.text}`);
    assert.deepEqual(upstream.seen.map((request) => request.url), [], 'nothing reached the integration');
    await assertStillServes(gateway, upstream);
    await assertNothingLeftBehind(gateway);
  });
}

test('a Transfer-Encoding without chunked whose body has not arrived yet is refused before any integration call', { timeout: 10_000 }, async (t) => {
  // llhttp only fails this request when body bytes arrive; the head alone reaches the request handler.
  const upstream = upstreamDouble();
  const gateway = await gatewayWith(t, upstream);
  const exchange = await rawExchange(gateway.port, 'POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n');
  assert.equal(exchange.status, 400, exchange.text);
  assert.equal(exchange.closedByServer, true);
  assert.equal(upstream.seen.length, 0, 'nothing reached the integration');
  await assertNothingLeftBehind(gateway);
});

test('a chunked body that turns malformed mid-stream: 400, closed, the integration request already under way is aborted', { timeout: 10_000 }, async (t) => {
  // The head is valid, so the request is forwarded as it streams; the bad chunk size surfaces later.
  const upstream = upstreamDouble();
  const gateway = await gatewayWith(t, upstream);
  const exchange = await rawExchange(gateway.port, `POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n${SMUGGLED}`);
  assert.equal(exchange.status, 400, exchange.text);
  assert.equal(exchange.closedByServer, true);
  assert.deepEqual(upstream.seen.map((request) => request.url), ['/a'], 'the smuggled request never reached the integration');
  await waitFor(() => upstream.seen[0]?.signal.aborted === true, 3_000, 'the integration request to be aborted');
  await assertStillServes(gateway, upstream);
  await assertNothingLeftBehind(gateway);
});

test('control: a well-formed chunked request with a pipelined second request is served as two requests', { timeout: 10_000 }, async (t) => {
  const upstream = upstreamDouble();
  const gateway = await gatewayWith(t, upstream);
  const exchange = await rawExchange(gateway.port, `POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
  assert.equal(exchange.text.match(/HTTP\/1\.1 200 /g)?.length, 2, exchange.text);
  assert.deepEqual(upstream.seen.map((request) => request.url), ['/a', '/b']);
  assert.equal(upstream.received[0], 3);
});
