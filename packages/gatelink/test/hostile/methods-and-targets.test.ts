// Invalid methods and request targets: RFC 9110 §9.1 (a method is a token; tchar excludes
// separators and controls), RFC 9112 §3 (request-line = method SP request-target SP HTTP-version;
// an invalid request-line SHOULD get 400), §3.2 (request-target forms: origin-form must start with
// "/", asterisk-form "*" is only for OPTIONS, a server MUST accept absolute-form and then use its
// authority instead of Host, §3.2.2), RFC 3986 §2.1 and §5.2.4 (percent-encoding, dot segments).
// Expected: node's bare 400 and a closed connection for what is not HTTP; a JSON answer from the
// gateway (never a crash, never a 500) for well-formed but odd targets; and a request line that
// reaches the integration always in origin-form.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTarget } from '../elb/helpers.js';
import { assertNothingLeftBehind, assertStillServes, bodyOf, gatewayWith, gatewayWithAlb, rawExchange, upstreamDouble } from './helpers.js';

function line(requestLine: string): string {
  return `${requestLine}\r\nHost: x\r\nConnection: close\r\n\r\n`;
}

const NOT_HTTP: Record<string, string> = {
  'a method with "@"': 'G@T /a HTTP/1.1',
  'a method with "("': 'GE(T /a HTTP/1.1',
  'a method with a NUL byte': 'GE\0T /a HTTP/1.1',
  'a method with a control character': 'GE\x01T /a HTTP/1.1',
  'an empty method': ' /a HTTP/1.1',
  // Valid tokens, but not methods node's parser (or an HTTP API route) knows.
  'an unknown method token': 'FROB /a HTTP/1.1',
  'a lower-case method': 'get /a HTTP/1.1',
  'a relative path (GET foo)': 'GET foo HTTP/1.1',
  'a space inside the target': 'GET /a b HTTP/1.1',
  'a control character inside the target': 'GET /a\x01b HTTP/1.1',
  'an unknown protocol': 'GET /a FTP/1.1',
};

for (const [shape, requestLine] of Object.entries(NOT_HTTP)) {
  test(`${shape}: 400, connection closed, nothing forwarded`, { timeout: 10_000 }, async (t) => {
    const upstream = upstreamDouble();
    const gateway = await gatewayWith(t, upstream);
    const exchange = await rawExchange(gateway.port, line(requestLine));
    assert.equal(exchange.status, 400, JSON.stringify(exchange.text));
    assert.equal(exchange.closedByServer, true);
    assert.equal(upstream.seen.length, 0, 'nothing reached the integration');
    await assertStillServes(gateway, upstream);
    await assertNothingLeftBehind(gateway);
  });
}

for (const method of ['GET', 'OPTIONS']) {
  test(`asterisk-form (${method} *): 404 {"message":"Not Found"}, nothing forwarded`, { timeout: 10_000 }, async (t) => {
    const upstream = upstreamDouble();
    const gateway = await gatewayWith(t, upstream);
    const exchange = await rawExchange(gateway.port, line(`${method} * HTTP/1.1`));
    assert.equal(exchange.status, 404, exchange.text);
    assert.equal(bodyOf(exchange.text), '{"message":"Not Found"}');
    assert.equal(upstream.seen.length, 0);
    await assertStillServes(gateway, upstream);
    await assertNothingLeftBehind(gateway);
  });
}

const ABSOLUTE_FORM: Record<string, { target: string; forwarded: string }> = {
  'with a path and query': { target: 'http://abc123.execute-api.us-west-2.amazonaws.com/items/7?q=1', forwarded: '/items/7?q=1' },
  'with a named stage': { target: 'http://x/prod/items/7', forwarded: '/prod/items/7' },
  'with an upper-case scheme and a port': { target: 'HTTP://x:8080/a/b', forwarded: '/a/b' },
  'with an empty path': { target: 'http://x', forwarded: '/' },
  'with an empty path and a query': { target: 'http://x?q=1', forwarded: '/?q=1' },
};

for (const [shape, { target, forwarded }] of Object.entries(ABSOLUTE_FORM)) {
  test(`absolute-form ${shape}: routed by its path, forwarded in origin-form`, { timeout: 10_000 }, async (t) => {
    const upstream = upstreamDouble();
    const gateway = await gatewayWith(t, upstream);
    const exchange = await rawExchange(gateway.port, line(`GET ${target} HTTP/1.1`));
    if (forwarded === '/' || forwarded.startsWith('/?')) {
      // `/` matches no route of this API (ANY /{proxy+} needs a segment): AWS's 404, as for origin-form `/`.
      assert.equal(exchange.status, 404, exchange.text);
      assert.equal(upstream.seen.length, 0);
    } else {
      assert.equal(exchange.status, 200, exchange.text);
      assert.equal(upstream.seen[0]?.url, forwarded);
    }
    await assertNothingLeftBehind(gateway);
  });
}

const ODD_PATHS: Record<string, string> = {
  'a lone "%"': '/%',
  'an invalid escape "%zz"': '/%zz',
  'a truncated escape "%4"': '/a%4',
  'an encoded NUL "%00"': '/a%00b',
  'invalid UTF-8 "%ff%fe"': '/a/%ff%fe',
  'dot segments "/a/../b"': '/a/../b',
  'encoded dot segments "/%2e%2e/b"': '/%2e%2e/b',
  'an empty segment "//a"': '//a',
  'a path parameter with an invalid escape': '/items/%zz',
  'a named stage then an invalid escape': '/prod/%',
  'an invalid escape in the query': '/a?q=%zz&%=1',
};

for (const [shape, path] of Object.entries(ODD_PATHS)) {
  test(`a path with ${shape}: answered, passed to the integration exactly as sent`, { timeout: 10_000 }, async (t) => {
    const upstream = upstreamDouble();
    const gateway = await gatewayWith(t, upstream);
    const exchange = await rawExchange(gateway.port, line(`GET ${path} HTTP/1.1`));
    assert.equal(exchange.status, 200, exchange.text);
    assert.equal(upstream.seen[0]?.url, path);
    await assertNothingLeftBehind(gateway);
  });
}

test('every odd path and query through the real ALB (rule evaluation, URI normalisation, undici) to a real target', { timeout: 10_000 }, async (t) => {
  const seen: string[] = [];
  const target = await startTarget((req, res) => {
    seen.push(req.url ?? '');
    res.end('ok');
  });
  t.after(() => target.close());
  const gateway = await gatewayWithAlb(t, target.port);
  for (const path of Object.values(ODD_PATHS)) {
    const exchange = await rawExchange(gateway.port, line(`GET ${path} HTTP/1.1`));
    assert.equal(exchange.status, 200, `${path}: ${exchange.text}`);
  }
  assert.deepEqual(seen, Object.values(ODD_PATHS));
  await assertNothingLeftBehind(gateway);
});
