// Oversized request lines and headers: RFC 9110 §5.4 (a server that receives a larger header
// section than it wishes to process MUST answer with an appropriate 4xx), RFC 6585 §5 (431 Request
// Header Fields Too Large), RFC 9112 §3 (request-line length limits), and AWS's HTTP API quota of
// 10,240 bytes for the request line and header values combined (aws-semantics §1.6). Two limits
// apply in turn: the gateway's own 431 JSON above AWS's quota, and node's maxHeaderSize (64 KiB)
// beyond which node's parser answers a bare 431 before the gateway sees the request. In every case
// nothing reaches the integration, and the gateway keeps serving. Node.js CVE-2018-12121 (denial of
// service with large HTTP headers) is why node has a header size limit at all.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertNothingLeftBehind, assertStillServes, bodyOf, gatewayWith, rawExchange, upstreamDouble } from './helpers.js';

const GATEWAY_431 = '{"message":"Request Header Fields Too Large"}';
const NODE_431 = 'HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n\r\n';

function get(target: string, headers: string[] = []): string {
  return `GET ${target} HTTP/1.1\r\nHost: x\r\n${headers.map((header) => `${header}\r\n`).join('')}\r\n`;
}

const OVER_AWS_QUOTA: Record<string, string> = {
  'one header value of 11,000 bytes': get('/a', [`X-Big: ${'a'.repeat(11_000)}`]),
  'a request line of 11,000 bytes': get(`/${'a'.repeat(11_000)}`),
  'forty headers of 300 bytes': get('/a', Array.from({ length: 40 }, (_, i) => `X-H${i}: ${'b'.repeat(300)}`)),
  // Between node's default maxHeaderSize (16 KiB) and the gateway's 64 KiB: still the gateway's own JSON answer.
  'one header value of 30,000 bytes': get('/a', [`X-Big: ${'a'.repeat(30_000)}`]),
};

for (const [shape, bytes] of Object.entries(OVER_AWS_QUOTA)) {
  test(`over AWS's 10,240-byte quota (${shape}): the gateway's 431 JSON, nothing forwarded`, { timeout: 10_000 }, async (t) => {
    const upstream = upstreamDouble();
    const gateway = await gatewayWith(t, upstream);
    const exchange = await rawExchange(gateway.port, bytes);
    assert.equal(exchange.status, 431, exchange.text.slice(0, 200));
    assert.equal(bodyOf(exchange.text), GATEWAY_431);
    assert.match(exchange.text, /\r\napigw-requestid: [A-Za-z0-9+/]{15}=\r\n/i);
    assert.match(exchange.text, /\r\nconnection: close\r\n/i);
    assert.equal(exchange.closedByServer, true);
    assert.equal(upstream.seen.length, 0, 'nothing reached the integration');
    await assertStillServes(gateway, upstream);
    await assertNothingLeftBehind(gateway);
  });
}

const OVER_NODE_LIMIT: Record<string, string> = {
  'one header value of 70,000 bytes': get('/a', [`X-Big: ${'a'.repeat(70_000)}`]),
  'a request line of 70,000 bytes': get(`/${'a'.repeat(70_000)}`),
  'two hundred headers of 400 bytes': get('/a', Array.from({ length: 200 }, (_, i) => `X-H${i}: ${'b'.repeat(400)}`)),
};

for (const [shape, bytes] of Object.entries(OVER_NODE_LIMIT)) {
  test(`over node's 64 KiB maxHeaderSize (${shape}): node's bare 431, connection closed, nothing forwarded`, { timeout: 10_000 }, async (t) => {
    const upstream = upstreamDouble();
    const gateway = await gatewayWith(t, upstream);
    const exchange = await rawExchange(gateway.port, bytes);
    assert.equal(exchange.text, NODE_431);
    assert.equal(exchange.closedByServer, true);
    assert.equal(upstream.seen.length, 0, 'nothing reached the integration');
    await assertStillServes(gateway, upstream);
    await assertNothingLeftBehind(gateway);
  });
}

test('just under the quota (a 9,000-byte header): forwarded whole', { timeout: 10_000 }, async (t) => {
  const upstream = upstreamDouble();
  const gateway = await gatewayWith(t, upstream);
  const exchange = await rawExchange(gateway.port, get('/a', [`X-Big: ${'a'.repeat(9_000)}`, 'Connection: close']));
  assert.equal(exchange.status, 200, exchange.text.slice(0, 200));
  assert.equal(upstream.seen[0]?.headers['x-big']?.length, 9_000);
  await assertNothingLeftBehind(gateway);
});
