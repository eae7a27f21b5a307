import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyForwardedFor, applyForwardedProtoPort, applyHostRule, forwardedForCount } from '../../src/proxy/headers/forwarded.js';
import type { HeaderMap } from '../../src/proxy/types.js';

const XFF = 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/x-forwarded-headers.html';
const ATTRS = 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html';

test(`X-Forwarded-For append: created when absent (${XFF}#x-forwarded-for)`, () => {
  const headers: HeaderMap = {};
  applyForwardedFor(headers, 'append', '10.0.1.5');
  assert.equal(headers['x-forwarded-for'], '10.0.1.5');
});

test(`X-Forwarded-For append: the client address goes last, the original client stays first (${XFF}#x-forwarded-for)`, () => {
  const headers: HeaderMap = { 'x-forwarded-for': '203.0.113.7' };
  applyForwardedFor(headers, 'append', '::ffff:10.0.1.5');
  assert.equal(headers['x-forwarded-for'], '203.0.113.7, 10.0.1.5');
  const repeated: HeaderMap = { 'x-forwarded-for': ['203.0.113.7', '198.51.100.1'] };
  applyForwardedFor(repeated, 'append', '10.0.1.5');
  assert.equal(repeated['x-forwarded-for'], '203.0.113.7, 198.51.100.1, 10.0.1.5');
});

test(`X-Forwarded-For with the client port: ip:port, IPv6 in brackets (${XFF}#x-forwarded-for)`, () => {
  const v4: HeaderMap = {};
  applyForwardedFor(v4, 'append', '10.0.1.5', 50_000);
  assert.equal(v4['x-forwarded-for'], '10.0.1.5:50000');
  const v6: HeaderMap = {};
  applyForwardedFor(v6, 'append', '2001:db8::1', 443);
  assert.equal(v6['x-forwarded-for'], '[2001:db8::1]:443');
});

test(`X-Forwarded-For preserve and remove modes (${XFF}#x-forwarded-for)`, () => {
  const preserved: HeaderMap = { 'x-forwarded-for': '203.0.113.7' };
  applyForwardedFor(preserved, 'preserve', '10.0.1.5');
  assert.equal(preserved['x-forwarded-for'], '203.0.113.7');
  const removed: HeaderMap = { 'x-forwarded-for': '203.0.113.7' };
  applyForwardedFor(removed, 'remove', '10.0.1.5');
  assert.equal(removed['x-forwarded-for'], undefined);
});

test('X-Forwarded-For addresses are counted', () => {
  assert.equal(forwardedForCount(undefined), 0);
  assert.equal(forwardedForCount('a, b,c'), 3);
  assert.equal(forwardedForCount(['a', 'b, c']), 3);
});

test(`X-Forwarded-Proto and -Port say how the client reached the listener, replacing what it sent (${XFF})`, () => {
  const headers: HeaderMap = { 'x-forwarded-proto': 'https', 'x-forwarded-port': '1' };
  applyForwardedProtoPort(headers, 'http', '80');
  assert.deepEqual(headers, { 'x-forwarded-proto': 'http', 'x-forwarded-port': '80' });
});

const hostCases: [string, number, boolean, string][] = [
  ['example.com:8080', 80, false, 'example.com'],
  ['example.com:8443', 443, false, 'example.com'],
  ['example.com', 8080, false, 'example.com:8080'],
  ['example.com:9000', 8080, false, 'example.com:9000'],
  ['[2001:db8::1]:81', 80, false, '[2001:db8::1]'],
  ['example.com:8080', 80, true, 'example.com:8080'],
];
for (const [host, port, preserve, expected] of hostCases) {
  test(`Host ${host} on listener port ${port}, preserve_host_header=${preserve} → ${expected} (${ATTRS})`, () => {
    const headers: HeaderMap = { host };
    applyHostRule(headers, port, preserve);
    assert.equal(headers.host, expected);
  });
}
