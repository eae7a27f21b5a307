import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isGatelinkError } from '../../src/errors.js';
import { compileFixedResponse } from '../../src/elb/actions/fixed-response.js';
import { compileRedirect } from '../../src/elb/actions/redirect.js';
import type { RedirectConfig } from '../../src/elb/actions/redirect.js';
import { ELB_ERROR_PAGES, elbErrorResponse, redirectResponse } from '../../src/elb/responses.js';
import { RequestView } from '../../src/elb/rules/request-view.js';
import { proxyRequest, readBody } from './helpers.js';

const FIXED = 'https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_FixedResponseActionConfig.html';
const REDIRECT = 'https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_RedirectActionConfig.html';
const TROUBLE = 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-troubleshooting.html';

test(`fixed-response sends status, content type and body exactly (${FIXED})`, async () => {
  const response = compileFixedResponse({ statusCode: 200, contentType: 'application/json', messageBody: '{"ok":true}' }, 'Stack/R', 'why')();
  assert.equal(response.statusCode, 200);
  assert.equal(response.origin, 'elb');
  assert.equal(response.explanation, 'why');
  assert.equal(response.headers['content-type'], 'application/json');
  assert.equal(response.headers['content-length'], '11');
  assert.equal(await readBody(response.body), '{"ok":true}');
});

test(`fixed-response without a body or content type sends neither (${FIXED})`, () => {
  const response = compileFixedResponse({ statusCode: 204 }, 'Stack/R', 'why')();
  assert.equal(response.body, null);
  assert.equal(response.headers['content-length'], '0');
  assert.equal(response.headers['content-type'], undefined);
});

test(`fixed-response validates what AWS validates (${FIXED})`, () => {
  const invalid = [{ statusCode: 301 }, { statusCode: 200, contentType: 'text/xml' }, { statusCode: 200, messageBody: 'x'.repeat(1025) }];
  for (const action of invalid) assert.throws(() => compileFixedResponse(action, 'Stack/R', 'why'), (error) => isGatelinkError(error, 'GL_ERR_ELB_INVALID_CONFIG'), JSON.stringify(action).slice(0, 60));
});

const redirectCases: { name: string; config: RedirectConfig; url: string; location: string }[] = [
  { name: 'HTTP to HTTPS keeps host, path and query, and writes the port', config: { statusCode: 301, protocol: 'HTTPS', port: '443' }, url: '/a/b?x=1', location: 'https://example.com:443/a/b?x=1' },
  { name: '#{path} has no leading slash', config: { statusCode: 302, path: '/new/#{path}' }, url: '/a/b?x=1', location: 'http://example.com:80/new/a/b?x=1' },
  { name: 'host and query reuse #{host} and #{query}', config: { statusCode: 302, host: 'example.#{host}', query: '#{query}&value=xyz' }, url: '/a?x=1', location: 'http://example.example.com:80/a?x=1&value=xyz' },
  { name: 'no query, no question mark', config: { statusCode: 301, protocol: 'HTTPS', port: '443' }, url: '/', location: 'https://example.com:443/' },
  { name: 'a path may use #{host} and #{port}', config: { statusCode: 301, path: '/#{host}/#{port}' }, url: '/', location: 'http://example.com:80/example.com/80' },
];

for (const c of redirectCases) {
  test(`redirect: ${c.name} (${REDIRECT})`, () => {
    const location = compileRedirect(c.config, { protocol: 'HTTP', port: 80 }, 'Stack/R');
    assert.equal(location(new RequestView(proxyRequest({ url: c.url, headers: { host: 'example.com' } }))), c.location);
  });
}

test(`a redirect cannot go from HTTPS to HTTP (${REDIRECT})`, () => {
  assert.throws(() => compileRedirect({ statusCode: 301, protocol: 'HTTP' }, { protocol: 'HTTPS', port: 443 }, 'Stack/R'), (error) => isGatelinkError(error, 'GL_ERR_ELB_INVALID_CONFIG'));
});

// Observed bytes: https://github.com/internetstandards/Internet.nl/issues/1291 (301, 134 bytes) and
// https://github.com/stratospheric-dev/cdk-constructs/pull/19 (302 "Moved Temporarily", page "302 Found", 110 bytes).
test('redirect responses carry Location and the observed ALB page (301: 134 bytes, 302: "Moved Temporarily", 110 bytes)', async () => {
  const permanent = redirectResponse(301, 'https://example.com:443/', 'why');
  assert.equal(permanent.statusCode, 301);
  assert.equal(permanent.headers.location, 'https://example.com:443/');
  assert.equal(permanent.headers['content-type'], 'text/html');
  assert.equal(permanent.headers['content-length'], '134');
  assert.match(await readBody(permanent.body), /^<html>\r\n<head><title>301 Moved Permanently<\/title><\/head>/);
  const temporary = redirectResponse(302, 'http://x:80/', 'why');
  assert.equal(temporary.statusMessage, 'Moved Temporarily');
  assert.equal(temporary.headers['content-length'], '110');
  assert.match(await readBody(temporary.body), /<center><h1>302 Found<\/h1><\/center>/);
});

test(`ALB error pages are data: status, reason, small HTML page from awselb/2.0 (${TROUBLE})`, async () => {
  const response = elbErrorResponse(502, 'target group X: reset');
  assert.equal(response.statusCode, 502);
  assert.equal(response.origin, 'elb');
  assert.equal(response.explanation, 'target group X: reset');
  assert.equal(response.headers.server, 'awselb/2.0');
  assert.equal(response.headers['content-type'], 'text/html');
  const body = await readBody(response.body);
  assert.equal(body, '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n');
  assert.equal(response.headers['content-length'], String(Buffer.byteLength(body)));
  assert.match(ELB_ERROR_PAGES[503].body?.toString() ?? '', /503 Service Temporarily Unavailable/);
  assert.equal(ELB_ERROR_PAGES[460].body, null, '460: the client is gone, nothing is sent');
  assert.equal(ELB_ERROR_PAGES[504].reason, 'Gateway Timeout');
});
